//! The people picker of **Assign licenses**: type a name, pick from the suggestions, up to
//! 20 users at a time (the admin center's limit).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use_signal_debounce_throttle::signal_debounced;
use tenant::model::User;
use tenant::query::{Filter, Prop, UserQuery};

use crate::api::USER_DETAIL;
use crate::i18n::{t, tf, Key};
use crate::state::use_api;

/// The most users one assignment takes, as in the Microsoft 365 admin center.
pub const MAX_PICKED: usize = 20;

/// Type-ahead over display names; the picked users show as removable chips.
#[component]
pub fn PeoplePicker(
    /// The users picked so far.
    picked: RwSignal<Vec<User>>,
) -> impl IntoView {
    let api = use_api();
    let text = RwSignal::new(String::new());
    let typed: Signal<String> = signal_debounced(text, 150.0);
    let suggestions = RwSignal::new(Vec::<User>::new());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let t = typed.get().trim().replace('\'', "''");
        if t.is_empty() {
            suggestions.set(Vec::new());
            return;
        }
        let q = UserQuery {
            filter: Some(Filter::StartsWith(Prop::DisplayName, t)),
            select: USER_DETAIL.split(',').map(str::to_owned).collect(),
            top: Some(8),
            ..UserQuery::default()
        };
        spawn_local(async move {
            match api.list_users(&q).await {
                // `set` on a picker that is gone does nothing.
                Ok(page) => suggestions.set(page.items),
                Err(e) => problem.set(Some(e.message)),
            }
        });
    });
    let pick = move |u: User| {
        if picked.with_untracked(|p| p.iter().any(|x| x.id == u.id)) {
            return;
        }
        if picked.with_untracked(|p| p.len()) >= MAX_PICKED {
            problem.set(Some(tf(Key::UpToNUsers, &[&MAX_PICKED.to_string()])));
            return;
        }
        problem.set(None);
        picked.update(|p| p.push(u));
        text.set(String::new());
        suggestions.set(Vec::new());
    };
    view! {
        <label class="field">{t(Key::SearchUserByName)}
            <input type="search" aria-label=t(Key::TypeAName) placeholder=t(Key::TypeAName)
                prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value()) />
        </label>
        <ul class="suggestions" role="listbox" aria-label=t(Key::Suggestions)>
            <For each=move || suggestions.get() key=|u| u.id let(u)>
                {
                    let label = format!("{} ({})", u.name(), u.user_principal_name);
                    let chosen = u.clone();
                    view! {
                        <li role="option" aria-selected="false" tabindex="0" on:click=move |_| pick(chosen.clone())
                            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { pick(u.clone()) }>{label}</li>
                    }
                }
            </For>
        </ul>
        {move || problem.get().map(|p| view! { <div class="message-bar error" role="alert">{p}</div> })}
        <ul class="chips" aria-label=t(Key::SelectedUsers)>
            <For each=move || picked.get() key=|u| u.id let(u)>
                {
                    let id = u.id;
                    view! {
                        <li class="chip">{u.name().to_owned()}
                            <button class="chip-remove" aria-label=tf(Key::RemoveName, &[u.name()])
                                on:click=move |_| picked.update(|p| p.retain(|x| x.id != id))>"✕"</button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
