//! The users grid: virtualized (only the visible rows are in the DOM), paged as Graph pages
//! (`$top` and next links, loaded as the user scrolls), keyboard-driven, with the round
//! selection check boxes of the admin center.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::model::User;
use tenant::query::{OrderBy, Prop, UserQuery};
use tenant::GraphError;
use uuid::Uuid;

use crate::api::{Api, Page};
use crate::components::error_box::ErrorBox;
use crate::components::height_observer::use_height;
use crate::i18n::{date_time, number, t, text, tf, tr, Key, Locale};
use crate::state::{use_api, use_session, use_simulation, Selection};

/// How many users the grid asks for per Graph page (`$top`).
pub const PAGE_SIZE: u32 = 50;

/// Height of one row in pixels (matches `style/grid.css`).
pub const ROW_HEIGHT: f64 = 44.0;

/// The height of `rows` rows in CSS pixels. Whole numbers: formatting a float would bring
/// the float printing code into the app (about 5 KB) for nothing.
fn px(rows: usize) -> String {
    format!("{}px", rows * ROW_HEIGHT as usize)
}
const OVERSCAN: usize = 8;

/// Where the rows come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `GET /users` with a query.
    Users(UserQuery),
    /// The deleted users.
    Deleted(UserQuery),
    /// Members with licence errors, across licensed groups.
    WithErrors,
}

/// A column of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Display name.
    DisplayName,
    /// Username (user principal name).
    Username,
    /// Licenses.
    Licenses,
    /// User type.
    UserType,
    /// Usage location.
    UsageLocation,
    /// Sign-in status.
    SignInStatus,
    /// Invitation state of a guest.
    InvitationState,
    /// Company of a guest.
    Company,
    /// When the user was deleted.
    Deleted,
    /// How the user holds this product (a product's page): directly, through a group, or
    /// both.
    Assignment(Uuid),
}

impl Column {
    fn label(self) -> Key {
        match self {
            Column::DisplayName => Key::DisplayName,
            Column::Username => Key::Username,
            Column::Licenses => Key::Licenses,
            Column::UserType => Key::UserType,
            Column::UsageLocation => Key::UsageLocation,
            Column::SignInStatus => Key::SignInStatus,
            Column::InvitationState => Key::InvitationState,
            Column::Company => Key::Company,
            Column::Deleted => Key::DateDeleted,
            Column::Assignment(_) => Key::Assigned,
        }
    }

    /// The cell's class, from the English name in every language (the CSS sizes columns by it).
    fn class(self) -> String {
        format!(
            "cell col-{}",
            text(Locale::En, self.label()).to_lowercase().replace(' ', "-")
        )
    }

    fn sort_prop(self) -> Option<Prop> {
        match self {
            Column::DisplayName => Some(Prop::DisplayName),
            Column::Username => Some(Prop::UserPrincipalName),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Data {
    rows: Vec<User>,
    total: Option<usize>,
    next: Option<String>,
    loading: bool,
    ready: bool,
    error: Option<GraphError>,
}

async fn first_page(api: Api, source: Source) -> Result<Page<User>, GraphError> {
    match source {
        Source::Users(q) => api.list_users(&q).await,
        Source::Deleted(q) => api.deleted_users(&q).await,
        Source::WithErrors => {
            let items = api.users_with_license_errors().await?;
            Ok(Page {
                count: Some(items.len()),
                items,
                next: None,
            })
        }
    }
}

/// Text of a user's licences for the Licenses column.
pub fn licence_names(user: &User, name: impl Fn(Uuid) -> String) -> String {
    if user.assigned_licenses.is_empty() {
        return tr(Key::Unlicensed).into();
    }
    user.assigned_licenses
        .iter()
        .map(|l| name(l.sku_id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Graph's user type as the admin center names it (Member, Guest; Lid, Gast); another value
/// as Graph wrote it.
pub fn user_type_name(value: &str) -> &str {
    match value {
        "Member" => tr(Key::Member),
        "Guest" => tr(Key::Guest),
        other => other,
    }
}

fn invitation_state(u: &User) -> &'static str {
    match u.external_user_state.as_deref() {
        Some("PendingAcceptance") => tr(Key::PendingAcceptance),
        Some("Accepted") => tr(Key::Accepted),
        _ => "",
    }
}

/// The text of one cell. Product names come from subscribedSkus, which may arrive after
/// the rows, so `product_name` is read inside the cell's reactive text.
fn cell_text(c: Column, u: &User, product_name: impl Fn(Uuid) -> String) -> String {
    match c {
        Column::DisplayName => u.name().to_owned(),
        Column::Username => u.user_principal_name.clone(),
        Column::Licenses => licence_names(u, product_name),
        Column::UserType => user_type_name(u.user_type.as_deref().unwrap_or_default()).to_owned(),
        Column::UsageLocation => u.usage_location.as_deref().unwrap_or_default().to_owned(),
        Column::SignInStatus => match u.account_enabled {
            Some(false) => tr(Key::SignInBlocked).into(),
            _ => tr(Key::SignInAllowed).into(),
        },
        Column::InvitationState => invitation_state(u).into(),
        Column::Company => u.company_name.as_deref().unwrap_or_default().to_owned(),
        Column::Deleted => u.deleted_date_time.as_deref().map(date_time).unwrap_or_default(),
        Column::Assignment(sku) => {
            let held = u.license_assignment_states.iter().filter(|s| s.sku_id == sku);
            let (direct, group) = held.fold((false, false), |(d, g), s| {
                (d || s.assigned_by_group.is_none(), g || s.assigned_by_group.is_some())
            });
            match (direct, group) {
                (true, true) => tr(Key::DirectlyAndGroup),
                (true, false) => tr(Key::Directly),
                (false, true) => tr(Key::ThroughGroup),
                (false, false) => "",
            }
            .into()
        }
    }
}

/// Moves focus to the grid with this id (after a panel closes, focus returns to the list).
pub fn focus_grid(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The users grid.
#[component]
pub fn UserGrid(
    /// DOM id of the grid (for focus and tests).
    id: &'static str,
    /// Accessible name of the grid.
    label: Key,
    /// Where rows come from; a change reloads.
    #[prop(into)]
    source: Signal<Source>,
    /// Columns after the selection check box.
    columns: Vec<Column>,
    /// The selected users, with their rows.
    selected: RwSignal<Selection>,
    /// Opens a user's panel.
    #[prop(into)]
    on_open: Callback<User>,
    /// The current sort.
    #[prop(into)]
    sort: Signal<Option<OrderBy>>,
    /// Changes the sort.
    #[prop(into)]
    on_sort: Callback<OrderBy>,
    /// Clears filters and search (offered when nothing matches).
    #[prop(into, optional)]
    on_clear: Option<Callback<()>>,
    /// What an empty list says.
    #[prop(default = Key::NoUsersMatch)]
    empty_text: Key,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let sim = use_simulation();
    let data = RwSignal::new(Data::default());
    let generation = StoredValue::new(0u64);
    let scroll_top = RwSignal::new(0.0f64);
    let body: NodeRef<html::Div> = NodeRef::new();
    // The grid's height as the browser lays it out (and follows window resizes); until it
    // reports, a common height.
    let height = use_height(body, 600.0);
    let viewport = move || height.get().max(ROW_HEIGHT);
    let active = RwSignal::new(0usize);

    Effect::new(move |_| {
        let src = source.get();
        api.revision();
        generation.update_value(|g| *g += 1);
        let gen = generation.get_value();
        data.update(|d| {
            d.loading = true;
            d.error = None;
        });
        spawn_local(async move {
            let result = first_page(api, src).await;
            // The grid may be gone by now (the admin left the page): then nothing is read.
            if generation.try_get_value() != Some(gen) {
                return;
            }
            // Once the rows are on screen, let the simulated tenant build its list index, so
            // the first filter change is as fast as the others.
            if let Some(sim) = sim {
                set_timeout(move || sim.warm_up(), std::time::Duration::from_millis(30));
            }
            // Back to the top before the new rows go in: setting scrollTop makes the
            // browser lay the page out at once, which is cheap on the old rows and not
            // needed at all when the list is already at the top.
            if scroll_top.get_untracked() != 0.0 {
                if let Some(el) = body.get_untracked() {
                    el.set_scroll_top(0);
                }
                scroll_top.set(0.0);
            }
            if let Ok(p) = &result {
                selected.update(|s| s.refresh(&p.items));
            }
            data.set(match result {
                Ok(p) => Data {
                    total: p.count.or(Some(p.items.len()).filter(|_| p.next.is_none())),
                    rows: p.items,
                    next: p.next,
                    loading: false,
                    ready: true,
                    error: None,
                },
                Err(e) => Data {
                    ready: true,
                    error: Some(e),
                    ..Data::default()
                },
            });
            active.set(0);
        });
    });

    let total = move || data.with(|d| d.total.unwrap_or(d.rows.len()));
    let range = Memo::new(move |_| {
        let n = total();
        let start = ((scroll_top.get() / ROW_HEIGHT) as usize)
            .saturating_sub(OVERSCAN)
            .min(n);
        let end = (start + (viewport() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN).min(n);
        start..end
    });

    // Load the next page when the visible rows come near the end of what is loaded.
    Effect::new(move |_| {
        let r = range.get();
        let (loaded, next, loading) = data.with(|d| (d.rows.len(), d.next.clone(), d.loading));
        let Some(next) = next else { return };
        if loading || r.end + OVERSCAN < loaded {
            return;
        }
        let gen = generation.get_value();
        data.update(|d| d.loading = true);
        spawn_local(async move {
            let result = api.next_users(&next).await;
            if generation.try_get_value() != Some(gen) {
                return;
            }
            data.update(|d| {
                d.loading = false;
                match result {
                    Ok(p) => {
                        d.rows.extend(p.items);
                        d.next = p.next;
                        if d.next.is_none() {
                            d.total = Some(d.rows.len());
                        }
                    }
                    Err(e) => d.error = Some(e),
                }
            });
        });
    });

    let on_scroll = move |_| {
        if let Some(el) = body.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
        }
    };

    let toggle = move |u: &User| selected.update(|s| s.toggle(u));
    let row_at = move |i: usize| data.with(|d| d.rows.get(i).cloned());
    let scroll_into_view = move |i: usize| {
        let Some(el) = body.get_untracked() else { return };
        let top = i as f64 * ROW_HEIGHT;
        let view_top = f64::from(el.scroll_top());
        let h = f64::from(el.client_height()) - ROW_HEIGHT;
        if top < view_top {
            el.set_scroll_top(top as i32);
        } else if top + ROW_HEIGHT > view_top + h {
            el.set_scroll_top((top - h + ROW_HEIGHT) as i32);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = total();
        if n == 0 {
            return;
        }
        let page = ((height.get_untracked().max(ROW_HEIGHT) / ROW_HEIGHT) as usize).max(1);
        let cur = active.get_untracked().min(n - 1);
        let next = match ev.key().as_str() {
            "ArrowDown" => (cur + 1).min(n - 1),
            "ArrowUp" => cur.saturating_sub(1),
            "PageDown" => (cur + page).min(n - 1),
            "PageUp" => cur.saturating_sub(page),
            "Home" => 0,
            "End" => n - 1,
            " " | "Spacebar" => {
                ev.prevent_default();
                if let Some(u) = row_at(cur) {
                    toggle(&u);
                }
                return;
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(u) = row_at(cur) {
                    on_open.run(u);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        active.set(next);
        scroll_into_view(next);
    };

    let all_loaded_selected =
        move || data.with(|d| !d.rows.is_empty() && selected.with(|s| d.rows.iter().all(|u| s.contains(&u.id))));
    let toggle_all = move |_| {
        let all = all_loaded_selected();
        data.with(|d| {
            selected.update(|s| {
                if all {
                    s.remove_all(d.rows.iter().map(|u| &u.id));
                } else {
                    s.add_all(d.rows.iter().cloned());
                }
            })
        });
    };

    let cols = StoredValue::new(columns);
    let header = move || {
        cols.get_value()
            .into_iter()
            .map(|c| match c.sort_prop() {
                Some(prop) => {
                    let state = move || sort.get().filter(|s| s.prop == prop).map(|s| if s.desc { "descending" } else { "ascending" }).unwrap_or("none");
                    let click = move |_| {
                        let desc = sort.get_untracked().is_some_and(|s| s.prop == prop && !s.desc);
                        on_sort.run(OrderBy { prop, desc });
                    };
                    view! {
                        <div role="columnheader" class=c.class() aria-sort=state>
                            <button class="sort" on:click=click tabindex="-1">
                                {t(c.label())}
                                <span aria-hidden="true">{move || match state() { "ascending" => " ↑", "descending" => " ↓", _ => "" }}</span>
                            </button>
                        </div>
                    }
                    .into_any()
                }
                None => view! { <div role="columnheader" class=c.class()>{t(c.label())}</div> }.into_any(),
            })
            .collect_view()
    };

    // Rows are keyed by their position, not by user: a new view or sort keeps the rows on
    // screen and only changes their texts, which is far cheaper for the browser than
    // building and laying out new rows.
    let row_view = move |i: usize| {
        let user = Memo::new(move |_| data.with(|d| d.rows.get(i).cloned()));
        let uid = move || user.with(|u| u.as_ref().map(|u| u.id));
        let is_selected = move || uid().is_some_and(|id| selected.with(|s| s.contains(&id)));
        let cells = cols
            .get_value()
            .into_iter()
            .map(|c| {
                let class = c.class();
                let text = move || {
                    user.with(|u| match u {
                        Some(u) => cell_text(c, u, |sku| session.product_name(sku)),
                        None if c == Column::DisplayName => tr(Key::Loading).to_owned(),
                        None => String::new(),
                    })
                };
                if c == Column::DisplayName {
                    view! { <div role="gridcell" class=class><span class="name">{text}</span></div> }.into_any()
                } else {
                    view! { <div role="gridcell" class=class>{text}</div> }.into_any()
                }
            })
            .collect_view();
        view! {
            <div
                role="row"
                id=format!("{id}-row-{i}")
                class="row"
                class:placeholder=move || user.with(Option::is_none)
                class:active=move || active.get() == i
                class:selected=is_selected
                aria-rowindex=i + 2
                aria-selected=move || is_selected().to_string()
                on:click=move |_| {
                    active.set(i);
                    if let Some(u) = user.get_untracked() {
                        on_open.run(u);
                    }
                }
            >
                <div role="gridcell" class="cell check">
                    <input
                        type="checkbox"
                        class="round"
                        tabindex="-1"
                        aria-label=move || user.with(|u| u.as_ref().map(|u| tf(Key::SelectName, &[u.name()])).unwrap_or_default())
                        prop:checked=is_selected
                        on:click=move |ev| {
                            ev.stop_propagation();
                            active.set(i);
                            user.with_untracked(|u| {
                                if let Some(u) = u {
                                    toggle(u);
                                }
                            });
                        }
                    />
                </div>
                {cells}
            </div>
        }
    };

    let found = move || {
        data.with(|d| match (d.ready, d.total) {
            (false, _) => tr(Key::LoadingUsers).to_owned(),
            // Not "0+ users found": nothing is known of how many there are.
            (true, None) if d.error.is_some() && d.rows.is_empty() => tr(Key::UsersNotLoaded).to_owned(),
            (true, Some(1)) => tr(Key::OneUserFound).to_owned(),
            (true, Some(n)) => tf(Key::NUsersFound, &[&number(n as f64)]),
            (true, None) => tf(Key::NPlusUsersFound, &[&number(d.rows.len() as f64)]),
        })
    };
    let empty = move || data.with(|d| d.ready && d.error.is_none() && d.rows.is_empty());
    let ncols = cols.get_value().len() + 1;

    view! {
        <p class="found" role="status" aria-live="polite" data-testid="found">{found}</p>
        {move || data.with(|d| d.error.clone()).map(|e| view! { <ErrorBox error=e /> })}
        <div
            id=id
            class="grid"
            role="grid"
            aria-label=t(label)
            aria-rowcount=move || total() + 1
            aria-colcount=ncols
            aria-multiselectable="true"
            tabindex="0"
            aria-activedescendant=move || (total() > 0).then(|| format!("{id}-row-{}", active.get()))
            on:keydown=on_key
            on:scroll=on_scroll
            node_ref=body
        >
            <div role="row" class="row header" aria-rowindex="1">
                <div role="columnheader" class="cell check">
                    <input type="checkbox" class="round" tabindex="-1" aria-label=t(Key::SelectAllLoaded) prop:checked=all_loaded_selected on:click=toggle_all />
                </div>
                {header}
            </div>
            <div class="rows" style:height=move || px(total())>
                <div class="window" style:transform=move || format!("translateY({})", px(range.get().start))>
                    <For each=move || range.get() key=|i| *i children=row_view />
                </div>
            </div>
        </div>
        <Show when=empty>
            <div class="empty" role="status">
                <p>{t(empty_text)}</p>
                {on_clear.map(|clear| view! { <button class="button" on:click=move |_| clear.run(())>{t(Key::ClearFilters)}</button> })}
            </div>
        </Show>
    }
}
