//! The users lists: Active users, Guest users and Deleted users (Microsoft 365 admin
//! center) and All users (Entra admin center), sharing one list with URL state.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use leptos_use_signal_debounce_throttle::signal_debounced;
use tenant::model::User;
use tenant::query::OrderBy;

use crate::api::runner::Cancel;
use crate::api::USER_ROW;
use crate::components::deferred::Deferred;
use crate::components::error_box::ErrorBox;
use crate::components::export::ExportUsers;
use crate::components::filters::FilterBar;
use crate::components::invite_dialog::load_invite_dialog;
use crate::components::manage_licenses::load_manage_licenses;
use crate::components::page::Page;
use crate::components::user_grid::{focus_grid, Column, Source, UserGrid, PAGE_SIZE};
use crate::components::user_panel::load_user_panel;
use crate::i18n::{number, t, tf, tr, Key};
use crate::state::{ListUrl, Selection, View};

/// Users per page asked of Graph: a few screens of rows. Each page is serialized and read
/// back even in the simulated tenant, so a smaller page makes every filter change cheaper;
/// the grid asks for the next page as the user scrolls.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Active users: standard views.
    Views,
    /// All users: Add filters and chips.
    Filters,
    /// Guest users.
    Guests,
    /// Deleted users.
    Deleted,
}

/// **Users > Active users** (Microsoft 365 admin center).
#[component]
pub fn ActiveUsers() -> impl IntoView {
    view! {
        <Page title=Key::ActiveUsers crumbs=vec![(Key::Home, "/")]>
            <UserList mode=Mode::Views grid_id="active-users" columns=vec![Column::DisplayName, Column::Username, Column::Licenses, Column::UserType, Column::UsageLocation, Column::SignInStatus] />
        </Page>
    }
}

/// **Users > Guest users** (Microsoft 365 admin center).
#[component]
pub fn GuestUsers() -> impl IntoView {
    view! {
        <Page title=Key::GuestUsers crumbs=vec![(Key::Home, "/")]>
            <UserList mode=Mode::Guests grid_id="guest-users" columns=vec![Column::DisplayName, Column::Username, Column::Company, Column::InvitationState, Column::UsageLocation, Column::Licenses] />
        </Page>
    }
}

/// **Users > Deleted users** (Microsoft 365 admin center).
#[component]
pub fn DeletedUsers() -> impl IntoView {
    view! {
        <Page title=Key::DeletedUsers crumbs=vec![(Key::Home, "/")]>
            <p class="hint">{t(Key::DeletedUsersHint)}</p>
            <UserList mode=Mode::Deleted grid_id="deleted-users" columns=vec![Column::DisplayName, Column::Username, Column::Deleted, Column::Licenses] />
        </Page>
    }
}

/// **Users | All users** (Entra admin center).
#[component]
pub fn AllUsers() -> impl IntoView {
    view! {
        <Page title=Key::AllUsers crumbs=vec![(Key::Home, "/"), (Key::Users, "/entra/users")] center=Key::EntraAdminCenter>
            <UserList mode=Mode::Filters grid_id="all-users" columns=vec![Column::DisplayName, Column::Username, Column::UserType, Column::InvitationState, Column::UsageLocation, Column::Licenses] />
        </Page>
    }
}

#[component]
fn UserList(mode: Mode, grid_id: &'static str, columns: Vec<Column>) -> impl IntoView {
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let api = crate::state::use_api();
    let state = Memo::new(move |_| {
        let mut s = ListUrl::from_params(&query.get());
        if mode == Mode::Guests {
            s.view = View::Guests;
        }
        if mode != Mode::Views && mode != Mode::Guests {
            s.view = View::All;
        }
        if mode != Mode::Filters {
            s.chips.clear();
        }
        s
    });
    let go = StoredValue::new(move |next: ListUrl, replace: bool| {
        let mut next = next;
        if mode == Mode::Guests {
            next.view = View::All;
        }
        navigate(
            &format!(
                "{}{}",
                crate::site::app_path(&location.pathname.get_untracked()),
                next.to_query()
            ),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let go = move |next: ListUrl, replace: bool| go.with_value(|g| g(next, replace));

    let search = RwSignal::new(state.get_untracked().search);
    let debounced = signal_debounced(search, 250.0);
    Effect::new(move |_| {
        let typed = debounced.get();
        let current = state.get_untracked();
        if typed != current.search {
            go(
                ListUrl {
                    search: typed,
                    user: None,
                    ..current
                },
                true,
            );
        }
    });
    Effect::new(move |_| {
        let from_url = state.get().search;
        if from_url != search.get_untracked() {
            search.set(from_url);
        }
    });

    let user_query = Memo::new(move |_| state.get().user_query(USER_ROW, PAGE_SIZE));
    let source = Memo::new(move |_| {
        let q = user_query.get();
        match mode {
            Mode::Views if state.get().view == View::WithErrors => Source::WithErrors,
            Mode::Deleted => Source::Deleted(q),
            _ => Source::Users(q),
        }
    });
    let selected = RwSignal::new(Selection::default());
    // Only a change of the open user rebuilds the panel; other URL changes must not steal
    // the focus from inside it.
    let open_user = Memo::new(move |_| state.get().user);
    let open = move |u: User| go(state.get_untracked().with_user(Some(u.id.to_string())), false);
    let close = move |_| {
        go(state.get_untracked().with_user(None), false);
        focus_grid(grid_id);
    };
    let sort = Signal::derive(move || state.get().sort);
    let on_sort = move |o: OrderBy| {
        go(
            ListUrl {
                sort: Some(o),
                ..state.get_untracked()
            },
            false,
        )
    };
    let clear = move |_| {
        go(
            ListUrl {
                view: state.get_untracked().view,
                ..ListUrl::default()
            },
            false,
        )
    };
    let managing = RwSignal::new(None::<Vec<User>>);
    let selecting = RwSignal::new(None::<usize>);
    let select_error = RwSignal::new(None::<tenant::GraphError>);
    let select_all = move |_| {
        let q = user_query.get_untracked();
        selecting.set(Some(0));
        select_error.set(None);
        spawn_local(async move {
            let (all, error) = api
                .all_users(
                    &q,
                    move |n, _| {
                        let _ = selecting.try_set(Some(n));
                    },
                    &Cancel::default(),
                )
                .await;
            // What was read stays selected; the error says why the rest is not.
            let _ = select_error.try_set(error);
            let _ = selected.try_update(|s| s.add_all(all));
            let _ = selecting.try_set(None);
        });
    };
    let manage = move |_| managing.set(Some(selected.with_untracked(Selection::users)));
    let inviting = RwSignal::new(false);
    let invited = RwSignal::new(None::<String>);

    view! {
        <div class="toolbar">
            {(mode == Mode::Views).then(|| view! {
                <label class="view-picker">{t(Key::View)}
                    <select aria-label=t(Key::FilterUsersByView) prop:value=move || state.get().view.key()
                        on:change:target=move |ev| go(ListUrl { view: View::from_key(&ev.target().value()), user: None, ..state.get_untracked() }, false)>
                        {View::ALL.into_iter().map(|v| view! { <option value=v.key()>{move || v.label()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            {(mode == Mode::Guests).then(|| view! {
                <button class="button primary" on:click=move |_| inviting.set(true)>{t(Key::InviteGuestUser)}</button>
            })}
            {(mode != Mode::Deleted).then(|| view! { <ExportUsers query=user_query /> })}
            {(mode != Mode::Deleted).then(|| view! {
                <button class="button" prop:disabled=move || selecting.get().is_some() on:click=select_all>
                    {move || match selecting.get() {
                        Some(n) => tf(Key::SelectingN, &[&number(n as f64)]),
                        None => tr(Key::SelectAllInView).to_owned(),
                    }}
                </button>
                <Show when=move || selected.with(|s| !s.is_empty())>
                    <button class="button" on:click=manage>
                        {move || tf(Key::ManageProductLicensesN, &[&number(selected.with(|s| s.len()) as f64)])}
                    </button>
                </Show>
            })}
            <span class="spacer"></span>
            <input type="search" class="search" aria-label=t(Key::SearchUsers) placeholder=t(Key::SearchUsers)
                prop:value=move || search.get() on:input:target=move |ev| search.set(ev.target().value()) />
        </div>
        {move || select_error.get().map(|e| view! { <ErrorBox error=e /> })}
        {(mode == Mode::Filters).then(|| view! {
            <FilterBar chips=Signal::derive(move || state.get().chips) on_change=Callback::new(move |chips| go(ListUrl { chips, user: None, ..state.get_untracked() }, false)) />
        })}
        {move || invited.get().map(|name| view! { <div class="message-bar success" role="status">{move || tf(Key::InvitationSent, &[&name])}</div> })}
        <UserGrid id=grid_id label=Key::Users source=source columns selected on_open=open sort on_sort on_clear=Callback::new(clear) />
        {move || open_user.get().map(|id| view! { <Deferred load=load_user_panel(Signal::stored(id), Callback::new(close), mode == Mode::Deleted) /> })}
        {move || managing.get().map(|users| view! {
            <Deferred load=load_manage_licenses(users, false, Callback::new(move |_| {
                managing.set(None);
                selected.set(Selection::default());
                focus_grid(grid_id);
            })) />
        })}
        <Show when=move || inviting.get()>
            <Deferred load=load_invite_dialog(Callback::new(move |name: Option<String>| {
                inviting.set(false);
                if name.is_some() {
                    invited.set(name);
                }
            })) />
        </Show>
    }
}
