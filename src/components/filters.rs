//! The Entra admin center's **Add filters** flow: **Pick a field**, **Apply**, then the value
//! in the next menu; filters show as chips that can be changed or removed.

use leptos::prelude::*;
use tenant::catalog;
use tenant::countries::COUNTRIES;

use crate::i18n::{t, tf, tr, Key};
use crate::state::{use_session, Chip, Field};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Menu {
    Closed,
    PickField,
    /// Choosing the value of a field; `Some(i)` edits chip `i`.
    Value(Field, Option<usize>),
}

/// The filter bar: **Add filters** and the chips.
#[component]
pub fn FilterBar(
    /// The current chips.
    #[prop(into)]
    chips: Signal<Vec<Chip>>,
    /// Sets the chips.
    #[prop(into)]
    on_change: Callback<Vec<Chip>>,
) -> impl IntoView {
    let menu = RwSignal::new(Menu::Closed);
    let picked = RwSignal::new(None::<Field>);
    let set_value = move |field: Field, value: String, edit: Option<usize>| {
        let mut list = chips.get_untracked();
        let chip = Chip { field, value };
        match edit {
            Some(i) if i < list.len() => list[i] = chip,
            _ => list.push(chip),
        }
        menu.set(Menu::Closed);
        on_change.run(list);
    };
    let remove = move |i: usize| {
        let mut list = chips.get_untracked();
        if i < list.len() {
            list.remove(i);
        }
        on_change.run(list);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            menu.set(Menu::Closed);
        }
    };
    let session = use_session();
    let chip_label = move |c: &Chip| {
        let value = match c.field {
            Field::AssignedProduct => uuid::Uuid::parse_str(&c.value)
                .map(|id| session.product_name(id))
                .unwrap_or_else(|_| c.value.clone()),
            f => f
                .choices()
                .and_then(|ch| ch.iter().find(|(v, _)| *v == c.value))
                .map(|(_, l)| tr(*l).to_owned())
                .unwrap_or_else(|| c.value.clone()),
        };
        format!("{} == {value}", c.field.label())
    };
    view! {
        <div class="filter-bar" on:keydown=on_key>
            <button class="button" aria-haspopup="dialog" aria-expanded=move || (menu.get() != Menu::Closed).to_string()
                on:click=move |_| { picked.set(None); menu.set(Menu::PickField) }>
                {t(Key::AddFiltersPlus)}
            </button>
            <ul class="chips" aria-label=t(Key::Filters)>
                {move || chips.get().into_iter().enumerate().map(|(i, c)| {
                    let label = chip_label(&c);
                    let field = c.field;
                    view! {
                        <li class="chip">
                            <button class="chip-edit" aria-label=tf(Key::ChangeFilter, &[&label]) on:click=move |_| menu.set(Menu::Value(field, Some(i)))>{label.clone()}</button>
                            <button class="chip-remove" aria-label=tf(Key::RemoveFilter, &[&label]) on:click=move |_| remove(i)>"✕"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || match menu.get() {
                Menu::Closed => None,
                Menu::PickField => Some(view! {
                    <div class="menu" role="dialog" aria-label=t(Key::PickAField)>
                        <h3>{t(Key::PickAField)}</h3>
                        <div role="radiogroup" aria-label=t(Key::PickAField)>
                            {Field::ALL.into_iter().map(|f| view! {
                                <label class="option">
                                    <input type="radio" name="pick-field" prop:checked=move || picked.get() == Some(f) on:change=move |_| picked.set(Some(f)) />
                                    {move || f.label()}
                                </label>
                            }).collect_view()}
                        </div>
                        <div class="menu-actions">
                            <button class="button primary" disabled=move || picked.get().is_none()
                                on:click=move |_| if let Some(f) = picked.get_untracked() { menu.set(Menu::Value(f, None)) }>{t(Key::Apply)}</button>
                            <button class="button" on:click=move |_| menu.set(Menu::Closed)>{t(Key::Cancel)}</button>
                        </div>
                    </div>
                }.into_any()),
                Menu::Value(field, edit) => Some(view! { <ValueMenu field on_pick=Callback::new(move |v: String| set_value(field, v, edit)) on_cancel=Callback::new(move |_| menu.set(Menu::Closed)) /> }.into_any()),
            }}
        </div>
    }
}

#[component]
fn ValueMenu(field: Field, on_pick: Callback<String>, on_cancel: Callback<()>) -> impl IntoView {
    let session = use_session();
    let text = RwSignal::new(String::new());
    let body = match field {
        Field::AssignedProduct => view! {
            <ul class="choices">
                {move || session.skus.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().filter(|s| s.applies_to == "User").map(|s| {
                    let id = s.sku_id.to_string();
                    view! { <li><button class="choice" on:click=move |_| on_pick.run(id.clone())>{catalog::product_name(&s.sku_part_number).to_owned()}</button></li> }
                }).collect_view()}
            </ul>
        }.into_any(),
        Field::UsageLocation => view! {
            <label class="field">{t(Key::UsageLocation)}
                <select on:change:target=move |ev| text.set(ev.target().value())>
                    <option value="">{t(Key::ChooseCountry)}</option>
                    <option value="none">{t(Key::NotSet)}</option>
                    {COUNTRIES.iter().map(|(c, n)| view! { <option value=*c>{format!("{n} ({c})")}</option> }).collect_view()}
                </select>
            </label>
            <button class="button primary" disabled=move || text.get().is_empty() on:click=move |_| on_pick.run(text.get_untracked())>{t(Key::Apply)}</button>
        }.into_any(),
        f => match f.choices() {
            Some(choices) => view! {
                <ul class="choices">
                    {choices.iter().map(|(v, l)| {
                        let v = (*v).to_owned();
                        view! { <li><button class="choice" on:click=move |_| on_pick.run(v.clone())>{t(*l)}</button></li> }
                    }).collect_view()}
                </ul>
            }.into_any(),
            None => view! {
                <label class="field">{move || f.label()}
                    <input type="text" prop:value=move || text.get() on:input:target=move |ev| text.set(ev.target().value())
                        placeholder=if f == Field::Domain { "fabrikam.com" } else { "" }
                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" && !text.get_untracked().trim().is_empty() { on_pick.run(text.get_untracked()) } />
                </label>
                <button class="button primary" disabled=move || text.get().trim().is_empty() on:click=move |_| on_pick.run(text.get_untracked())>{t(Key::Apply)}</button>
            }.into_any(),
        },
    };
    view! {
        <div class="menu" role="dialog" aria-label=move || field.label()>
            <h3>{move || field.label()}</h3>
            {body}
            <div class="menu-actions"><button class="button" on:click=move |_| on_cancel.run(())>{t(Key::Cancel)}</button></div>
        </div>
    }
}
