use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use tenant::model::{AssignedLicense, Group, User};
use tenant::plan::{plan_group, Plan};
use tenant::{GraphError, LicenseError};
use uuid::Uuid;

use crate::api::now;
use crate::components::error_box::ErrorBox;
use crate::components::page::Page;
use crate::components::product_picker::{Choice, PlanPreview, ProductPicker, SHOWN_ROWS};
use crate::state::use_session;

/// A group's **Licenses** (Entra admin center): the products it gives its members, the
/// processing state, the members in error with the reason, **Assignments**, **Remove
/// license** and **Reprocess**.
#[component]
pub fn GroupLicenses() -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = LocalResource::new(move || {
        let id = id.get();
        api.revision();
        async move {
            let group = api.group(&id).await?;
            let members = api.group_members(&id).await?;
            let errors = api.members_with_license_errors(group.id).await?;
            Ok::<_, GraphError>((group, members, errors))
        }
    });
    let dialog = RwSignal::new(None::<(Group, Vec<User>, Vec<Uuid>)>);
    let failure = RwSignal::new(None::<GraphError>);
    let reprocess = move |_| {
        let id = id.get_untracked();
        spawn_local(async move { failure.set(api.reprocess_group(&id).await.err()) });
    };
    view! {
        <Page title="Group licenses" crumbs=vec![("Home", "/"), ("Groups", "/entra/groups")] center="Microsoft Entra admin center">
            {move || failure.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok((group, members, errors)) => {
                    let state = match super::groups::status(&group) {
                        Some("In progress") => "In progress",
                        Some(_) if !errors.is_empty() => "Complete, with errors",
                        Some(done) => done,
                        None => "No licenses",
                    };
                    let gid = group.id.to_string();
                    let licences = group.assigned_licenses.iter().map(|l| {
                        let name = session.product_name(l.sku_id);
                        let sku = l.sku_id;
                        let (g, m) = (group.clone(), members.clone());
                        view! {
                            <tr>
                                <th scope="row">{name.clone()}</th>
                                <td>{format!("{} services off", l.disabled_plans.len())}</td>
                                <td><button class="button" aria-label=format!("Remove license {name}")
                                    on:click=move |_| dialog.set(Some((g.clone(), m.clone(), vec![sku])))>"Remove license"</button></td>
                            </tr>
                        }
                    }).collect_view();
                    // A group of thousands can have thousands in error (too few seats): the
                    // first ones are shown, Active users > Users with errors has them all.
                    let error_count = errors.len();
                    let error_rows = errors.iter().take(SHOWN_ROWS).flat_map(|u| {
                        u.license_assignment_states.iter()
                            .filter(|s| s.assigned_by_group.as_deref() == Some(gid.as_str()) && s.error != "None")
                            .map(|s| {
                                let reason = LicenseError::parse(&s.error).unwrap_or(LicenseError::Other);
                                view! {
                                    <tr>
                                        <th scope="row">{u.name().to_owned()}</th>
                                        <td>{session.product_name(s.sku_id)}</td>
                                        <td>{reason.title()}</td>
                                        <td>{reason.fix()}</td>
                                    </tr>
                                }
                            })
                            .collect::<Vec<_>>()
                    }).collect_view();
                    let (g, m) = (group.clone(), members.clone());
                    view! {
                        <h2>{group.display_name.clone()}</h2>
                        <p role="status">{format!("License processing: {state}. {} members.", members.len())}</p>
                        <div class="toolbar">
                            <button class="button primary" on:click=move |_| dialog.set(Some((g.clone(), m.clone(), Vec::new())))>"Assignments"</button>
                            <button class="button" on:click=reprocess>"Reprocess"</button>
                        </div>
                        <table class="table" aria-label="Licenses">
                            <thead><tr><th scope="col">"Product"</th><th scope="col">"Apps and services"</th><th scope="col"></th></tr></thead>
                            <tbody>{licences}</tbody>
                        </table>
                        <h3>"Members with license errors"</h3>
                        {if errors.is_empty() {
                            view! { <p>"No member is in an error state."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table" aria-label="Members with license errors">
                                    <thead><tr><th scope="col">"User"</th><th scope="col">"Product"</th><th scope="col">"Reason"</th><th scope="col">"How to fix it"</th></tr></thead>
                                    <tbody>{error_rows}</tbody>
                                </table>
                                {(error_count > SHOWN_ROWS).then(|| view! {
                                    <p class="muted">
                                        {format!("Showing {SHOWN_ROWS} of {error_count} members in error. ")}
                                        <leptos_router::components::A href="/users/active?view=errors">"See them all in Users with errors"</leptos_router::components::A>
                                    </p>
                                })}
                            }.into_any()
                        }}
                    }.into_any()
                }
            })}
            {move || dialog.get().map(|(group, members, remove)| view! {
                <GroupLicenceDialog group members remove on_close=Callback::new(move |_| dialog.set(None)) />
            })}
        </Page>
    }
}

/// Chooses products for a group (or confirms a removal), previews each member's outcome,
/// then saves with `POST /groups/{id}/assignLicense`.
#[component]
fn GroupLicenceDialog(
    group: Group,
    members: Vec<User>,
    remove: Vec<Uuid>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let removing = !remove.is_empty();
    let chosen = RwSignal::new(Vec::<Choice>::new());
    let planned = RwSignal::new(None::<Plan>);
    let problem = RwSignal::new(None::<GraphError>);
    let saving = RwSignal::new(false);
    let group = StoredValue::new(group);
    let members = StoredValue::new(members);
    let remove = StoredValue::new(remove);
    let add = move || -> Vec<AssignedLicense> {
        chosen.with_untracked(|c| {
            c.iter()
                .map(|c| AssignedLicense {
                    sku_id: c.sku,
                    disabled_plans: c.off.clone(),
                })
                .collect()
        })
    };
    let review = move || {
        let (org, skus, roles) = session.planning_inputs();
        let p = group.with_value(|g| {
            members.with_value(|m| remove.with_value(|r| plan_group(&org, &skus, g, m, &roles, &add(), r, now())))
        });
        planned.set(Some(p));
    };
    if removing {
        review();
    }
    let save = move |_| {
        saving.set(true);
        let id = group.with_value(|g| g.id.to_string());
        let (a, r) = (add(), remove.get_value());
        spawn_local(async move {
            match api.assign_group_license(&id, &a, &r).await {
                Ok(()) => on_close.run(()),
                Err(e) => problem.set(Some(e)),
            }
            saving.set(false);
        });
    };
    let title = group.with_value(|g| {
        if removing {
            format!("Remove license from {}", g.display_name)
        } else {
            format!("Assign licenses to {}", g.display_name)
        }
    });
    view! {
        <div class="dialog-backdrop"></div>
        <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="group-licences-title"
            on:keydown=move |ev: web_sys::KeyboardEvent| { crate::components::dialog::trap_tab(&ev); if ev.key() == "Escape" { on_close.run(()) } }>
            <h2 id="group-licences-title">{title}</h2>
            {move || match planned.get() {
                None => view! {
                    <p class="muted">"Every member gets the products you select; members without a usage location use the organization's."</p>
                    <ProductPicker chosen />
                    <div class="dialog-actions">
                        <button class="button primary" on:click=move |_| review()>"Review changes"</button>
                        <button class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    </div>
                }.into_any(),
                Some(p) => {
                    let failing = p.failures();
                    view! {
                        <h3>"Preview"</h3>
                        <p role="status">{format!("{} members; {failing} would end in an error state.", p.users.len())}</p>
                        <PlanPreview plan=p.clone() />
                        {move || problem.get().map(|e| view! { <ErrorBox error=e /> })}
                        <div class="dialog-actions">
                            <button class="button primary" prop:disabled=move || saving.get() on:click=save>{if removing { "Remove license" } else { "Assign" }}</button>
                            {(!removing).then(|| view! { <button class="button" on:click=move |_| planned.set(None)>"Back"</button> })}
                            <button class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}
