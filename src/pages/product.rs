use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use tenant::model::User;
use tenant::query::{Filter, UserQuery};
use tenant::{catalog, ProductCounts};
use uuid::Uuid;

use crate::api::USER_ROW;
use crate::components::entra_assign::EntraAssign;
use crate::components::error_box::ErrorBox;
use crate::components::manage_licenses::ManageLicenses;
use crate::components::page::Page;
use crate::components::people_picker::PeoplePicker;
use crate::components::user_panel::UserPanel;
use crate::state::use_session;

/// A product's page (**Billing > Licenses** > product): its counts, the users and groups
/// holding it, and **Assign licenses** (pick up to 20 users, choose the apps and services,
/// preview, save). Selecting a user opens the pane with their apps and services.
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
    let holders = LocalResource::new(move || {
        let id = sku.get();
        api.revision();
        async move {
            let Some(id) = id else {
                return Ok((Vec::new(), Vec::new()));
            };
            let q = UserQuery {
                filter: Some(Filter::HasLicense(id)),
                select: USER_ROW.split(',').map(str::to_owned).collect(),
                top: Some(999),
                ..UserQuery::default()
            };
            let mut users = api.list_users(&q).await?;
            let mut all = std::mem::take(&mut users.items);
            while let Some(next) = users.next.take() {
                users = api.next_users(&next).await?;
                all.append(&mut users.items);
            }
            let groups = api
                .groups()
                .await?
                .into_iter()
                .filter(|g| g.assigned_licenses.iter().any(|l| l.sku_id == id))
                .collect::<Vec<_>>();
            Ok::<_, tenant::GraphError>((all, groups))
        }
    });
    let picking = RwSignal::new(false);
    let picked = RwSignal::new(Vec::<User>::new());
    let assigning = RwSignal::new(None::<Vec<User>>);
    let open = RwSignal::new(None::<String>);
    // The Entra admin center's product page has **Assign** (users and groups, assignment
    // options); the Microsoft 365 admin center's has **Assign licenses**.
    let entra = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .starts_with("/entra");
    let entra_assign = RwSignal::new(false);
    view! {
        <Page title="Product licenses" crumbs=vec![("Home", "/"), ("Licenses", if entra { "/entra/licenses" } else { "/billing/licenses" })]
            center=if entra { "Microsoft Entra admin center" } else { "Microsoft 365 admin center" }>
            {move || match product.get() {
                None => view! { <p role="status">"Loading the product…"</p> }.into_any(),
                Some(p) => {
                    let c = ProductCounts::of(&p);
                    view! {
                        <h2>{catalog::product_name(&p.sku_part_number).to_owned()}</h2>
                        <p>{format!("{} of {} licenses assigned, {} available", c.assigned, c.total, c.available)}</p>
                    }.into_any()
                }
            }}
            <div class="toolbar">
                {if entra {
                    view! { <button class="button primary" on:click=move |_| entra_assign.set(true)>"Assign"</button> }.into_any()
                } else {
                    view! { <button class="button primary" on:click=move |_| { picked.set(Vec::new()); picking.set(true) }>"Assign licenses"</button> }.into_any()
                }}
            </div>
            {move || (entra_assign.get()).then(|| sku.get_untracked().map(|id| view! {
                <EntraAssign sku=id on_close=Callback::new(move |_| entra_assign.set(false)) />
            }))}
            {move || holders.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok((users, groups)) => view! {
                    <h3>"Licensed users"</h3>
                    <table class="table" aria-label="Licensed users">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Username"</th><th scope="col">"Assigned"</th></tr></thead>
                        <tbody>
                            {users.into_iter().map(|u| {
                                let id = u.id.to_string();
                                let how = if u.license_assignment_states.iter().any(|s| Some(s.sku_id) == sku.get_untracked() && s.assigned_by_group.is_none()) { "Directly" } else { "Through a group" };
                                view! {
                                    <tr class="clickable" tabindex="0" on:click={ let id = id.clone(); move |_| open.set(Some(id.clone())) }
                                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { open.set(Some(id.clone())) }>
                                        <th scope="row">{u.name().to_owned()}</th><td>{u.user_principal_name.clone()}</td><td>{how}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h3>"Licensed groups"</h3>
                    <table class="table" aria-label="Licensed groups">
                        <thead><tr><th scope="col">"Group"</th></tr></thead>
                        <tbody>
                            {groups.into_iter().map(|g| view! {
                                <tr><th scope="row"><leptos_router::components::A href=format!("/entra/groups/{}", g.id)>{g.display_name.clone()}</leptos_router::components::A></th></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
            <Show when=move || picking.get()>
                <div class="dialog-backdrop"></div>
                <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="assign-title"
                    on:keydown=move |ev: web_sys::KeyboardEvent| { crate::components::dialog::trap_tab(&ev); if ev.key() == "Escape" { picking.set(false) } }>
                    <h2 id="assign-title">"Assign licenses"</h2>
                    <PeoplePicker picked />
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || picked.with(|p| p.is_empty())
                            on:click=move |_| { picking.set(false); assigning.set(Some(picked.get_untracked())) }>"Next"</button>
                        <button class="button" on:click=move |_| picking.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            {move || assigning.get().map(|users| view! {
                <ManageLicenses users single=false preset=sku.get_untracked() on_close=Callback::new(move |_| assigning.set(None)) />
            })}
            {move || open.get().map(|id| view! { <UserPanel id=id on_close=Callback::new(move |_| open.set(None)) /> })}
        </Page>
    }
}
