use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tenant::model::User;
use tenant::plan::Mode;
use tenant::query::{Filter, OrderBy, UserQuery};
use tenant::{catalog, ProductCounts};
use uuid::Uuid;

use crate::api::USER_ROW;
use crate::components::entra_assign::EntraAssign;
use crate::components::error_box::ErrorBox;
use crate::components::link::Link;
use crate::components::manage_licenses::ManageLicenses;
use crate::components::modal::Modal;
use crate::components::page::Page;
use crate::components::people_picker::PeoplePicker;
use crate::components::user_grid::{focus_grid, Column, Source, UserGrid, PAGE_SIZE};
use crate::components::user_panel::UserPanel;
use crate::i18n::{number, t, tf, tr, Key};
use crate::state::{use_session, Selection};

/// DOM id of the licensed users grid.
const GRID: &str = "product-users";

/// A product's page (**Billing > Licenses** > product): its counts, the users and groups
/// holding it, and **Assign licenses** (pick up to 20 users, choose the apps and services,
/// preview, save). Selecting a user opens the pane with their apps and services; selecting
/// users by their circles offers **Unassign licenses**.
#[component]
pub fn Product() -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let params = use_params_map();
    let sku = Memo::new(move |_| params.with(|p| p.get("sku").and_then(|s| Uuid::parse_str(&s).ok())));
    let product = Memo::new(move |_| {
        let id = sku.get()?;
        session.skus.get()?.ok()?.into_iter().find(|s| s.sku_id == id)
    });
    // The licensed users are a grid like Active users (virtualized, paged as Graph pages):
    // a product of a large tenant has tens of thousands of them.
    let sort = RwSignal::new(None::<OrderBy>);
    let source = Signal::derive(move || {
        Source::Users(UserQuery {
            filter: Some(Filter::HasLicense(sku.get().unwrap_or_default())),
            select: USER_ROW.split(',').map(str::to_owned).collect(),
            order_by: sort.get(),
            top: Some(PAGE_SIZE),
            count: true,
            ..UserQuery::default()
        })
    });
    let selected = RwSignal::new(Selection::default());
    Effect::new(move |_| {
        sku.track();
        selected.set(Selection::default());
    });
    let groups = LocalResource::new(move || {
        let id = sku.get();
        api.revision();
        async move {
            let groups = api.groups().await?;
            Ok::<_, tenant::GraphError>(
                groups
                    .into_iter()
                    .filter(|g| g.assigned_licenses.iter().any(|l| Some(l.sku_id) == id))
                    .collect::<Vec<_>>(),
            )
        }
    });
    let unassigning = RwSignal::new(None::<Vec<User>>);
    let unassign = move |_| unassigning.set(Some(selected.with_untracked(Selection::users)));
    let picking = RwSignal::new(false);
    let picked = RwSignal::new(Vec::<User>::new());
    let assigning = RwSignal::new(None::<Vec<User>>);
    let open = RwSignal::new(None::<String>);
    // The Entra admin center's product page has **Assign** (users and groups, assignment
    // options); the Microsoft 365 admin center's has **Assign licenses**.
    let entra =
        crate::site::app_path(&leptos_router::hooks::use_location().pathname.get_untracked()).starts_with("/entra");
    let entra_assign = RwSignal::new(false);
    view! {
        <Page title=Key::ProductLicenses crumbs=vec![(Key::Home, "/"), (Key::Licenses, if entra { "/entra/licenses" } else { "/billing/licenses" })]
            center=if entra { Key::EntraAdminCenter } else { Key::M365AdminCenter }>
            {move || match product.get() {
                None => view! { <p role="status">{t(Key::LoadingProduct)}</p> }.into_any(),
                Some(p) => {
                    let c = ProductCounts::of(&p);
                    view! {
                        <h2>{catalog::product_name(&p.sku_part_number).to_owned()}</h2>
                        <p>{move || tf(Key::NOfMAssignedKAvailable, &[&number(c.assigned), &number(c.total), &number(c.available)])}</p>
                    }.into_any()
                }
            }}
            <div class="toolbar">
                {if entra {
                    view! { <button class="button primary" on:click=move |_| entra_assign.set(true)>{t(Key::Assign)}</button> }.into_any()
                } else {
                    view! { <button class="button primary" on:click=move |_| { picked.set(Vec::new()); picking.set(true) }>{t(Key::AssignLicenses)}</button> }.into_any()
                }}
            </div>
            {move || (entra_assign.get()).then(|| sku.get_untracked().map(|id| view! {
                <EntraAssign sku=id on_close=Callback::new(move |_| entra_assign.set(false)) />
            }))}
            {move || groups.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok(groups) => view! {
                    <h3>{t(Key::LicensedGroups)}</h3>
                    {if groups.is_empty() {
                        view! { <p class="muted">"No groups hold this product."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table" aria-label="Licensed groups">
                                <thead><tr><th scope="col">{t(Key::Group)}</th></tr></thead>
                                <tbody>
                                    {groups.into_iter().map(|g| view! {
                                        <tr><th scope="row"><Link href=format!("/entra/groups/{}", g.id)>{g.display_name.clone()}</Link></th></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                }.into_any(),
            })}
            <h3>{t(Key::LicensedUsers)}</h3>
            <Show when=move || selected.with(|s| !s.is_empty())>
                <div class="toolbar">
                    <button class="button" on:click=unassign>{move || tf(Key::UnassignLicencesN, &[&number(selected.with(|s| s.len()) as f64)])}</button>
                </div>
            </Show>
            // Another product's page (same route, new parameter) starts a new grid.
            {move || sku.get().map(|id| view! {
                <UserGrid id=GRID label=Key::LicensedUsers source
                    columns=vec![Column::DisplayName, Column::Username, Column::Assignment(id), Column::UsageLocation]
                    selected on_open=move |u: User| open.set(Some(u.id.to_string())) sort on_sort=move |o| sort.set(Some(o))
                    empty_text=Key::NoUsersHaveProduct />
            })}
            {move || unassigning.get().map(|users| view! {
                <ManageLicenses users single=false preset=sku.get_untracked() start=Mode::Unassign on_close=Callback::new(move |_| {
                    unassigning.set(None);
                    selected.set(Selection::default());
                    focus_grid(GRID);
                }) />
            })}
            <Show when=move || picking.get()>
                <Modal title=Signal::derive(|| tr(Key::AssignLicenses).to_owned()) on_close=Callback::new(move |_| picking.set(false)) wide=true>
                    <PeoplePicker picked />
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || picked.with(|p| p.is_empty())
                            on:click=move |_| { picking.set(false); assigning.set(Some(picked.get_untracked())) }>{t(Key::Next)}</button>
                        <button class="button" on:click=move |_| picking.set(false)>{t(Key::Cancel)}</button>
                    </div>
                </Modal>
            </Show>
            {move || assigning.get().map(|users| view! {
                <ManageLicenses users single=false preset=sku.get_untracked() on_close=Callback::new(move |_| assigning.set(None)) />
            })}
            {move || open.get().map(|id| view! { <UserPanel id=id on_close=Callback::new(move |_| { open.set(None); focus_grid(GRID); }) /> })}
        </Page>
    }
}
