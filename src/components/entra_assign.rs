//! The Entra admin center's **Assign** on a product (seed 004): **Users and groups** (search
//! and select users or groups), **Assignment options** (the product's services, then **OK**),
//! then **Assign**, which first shows the preview of what each user and group member gets.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::model::{AssignedLicense, Group, User};
use tenant::plan::{plan, plan_group, requests_for, Mode, Plan};
use tenant::GraphError;
use uuid::Uuid;

use crate::api::now;
use crate::components::error_box::ErrorBox;
use crate::components::people_picker::PeoplePicker;
use crate::components::product_picker::{Choice, PlanPreview, ProductPicker};
use crate::state::use_session;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pane {
    UsersAndGroups,
    AssignmentOptions,
    Preview,
}

/// The **Assign license** dialog for one product.
#[component]
pub fn EntraAssign(
    /// The product.
    sku: Uuid,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let pane = RwSignal::new(Pane::UsersAndGroups);
    let users = RwSignal::new(Vec::<User>::new());
    let groups = RwSignal::new(Vec::<Group>::new());
    let chosen = RwSignal::new(vec![Choice { sku, off: Vec::new() }]);
    let plans = RwSignal::new(Vec::<(String, Plan)>::new());
    let problem = RwSignal::new(None::<GraphError>);
    let busy = RwSignal::new(false);
    let all_groups = LocalResource::new(move || async move { api.groups().await.unwrap_or_default() });
    let group_text = RwSignal::new(String::new());
    let licence = move || -> Vec<AssignedLicense> {
        chosen.with_untracked(|c| {
            c.iter()
                .filter(|c| c.sku == sku)
                .map(|c| AssignedLicense {
                    sku_id: c.sku,
                    disabled_plans: c.off.clone(),
                })
                .collect()
        })
    };

    let preview = move |_| {
        let add = licence();
        if add.is_empty() {
            problem.set(Some(GraphError::bad_request(
                "Turn the product on under Assignment options.",
            )));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let (org, mut skus, roles) = session.planning_inputs();
            // Each part is planned on what the parts before it leave (seats taken, licences
            // held), as saving them in this order does.
            let mut out: Vec<(String, Plan)> = Vec::new();
            let us = users.get_untracked();
            if !us.is_empty() {
                let reqs = requests_for(Mode::AssignMore, &us, &add);
                let p = plan(&org, &skus, &us, &roles, &reqs, now());
                p.take_seats(&mut skus);
                out.push(("Users".to_owned(), p));
            }
            for g in groups.get_untracked() {
                match api.group_members(&g.id.to_string()).await {
                    Ok(mut members) => {
                        out.iter().for_each(|(_, p)| p.give_to(&mut members));
                        let p = plan_group(&org, &skus, &g, &members, &roles, &add, &[], now());
                        p.take_seats(&mut skus);
                        out.push((format!("Group {}", g.display_name), p));
                    }
                    Err(e) => problem.set(Some(e)),
                }
            }
            plans.set(out);
            busy.set(false);
            pane.set(Pane::Preview);
        });
    };

    let assign = move |_| {
        busy.set(true);
        let add = licence();
        spawn_local(async move {
            let plan_users = plans.with_untracked(|p| p.iter().find(|(k, _)| k == "Users").map(|(_, p)| p.clone()));
            if let Some(p) = plan_users {
                let to_send: Vec<_> = p.to_send().into_iter().cloned().collect();
                api.begin_change();
                let _ = api.assign_licenses(&to_send, |_| ()).await;
                api.end_change();
            }
            for g in groups.get_untracked() {
                if let Err(e) = api.assign_group_license(&g.id.to_string(), &add, &[]).await {
                    problem.set(Some(e));
                    busy.set(false);
                    return;
                }
            }
            busy.set(false);
            on_close.run(());
        });
    };

    let group_rows = move || {
        let text = group_text.get().to_lowercase();
        all_groups
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|g| g.security_enabled && (text.is_empty() || g.display_name.to_lowercase().contains(&text)))
            .map(|g| {
                let id = g.id;
                let label = format!("Select group {}", g.display_name);
                let name = g.display_name.clone();
                let ticked = move || groups.with(|s| s.iter().any(|x| x.id == id));
                view! {
                    <li>
                        <label>
                            <input type="checkbox" aria-label=label prop:checked=ticked
                                on:change=move |_| groups.update(|s| {
                                    if let Some(i) = s.iter().position(|x| x.id == id) { s.remove(i); } else { s.push(g.clone()); }
                                }) />
                            {name}
                        </label>
                    </li>
                }
            })
            .collect_view()
    };
    let summary = move || {
        format!(
            "{} users and {} groups selected",
            users.with(|u| u.len()),
            groups.with(|g| g.len())
        )
    };

    view! {
        <div class="dialog-backdrop"></div>
        <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="entra-assign-title"
            on:keydown=move |ev: web_sys::KeyboardEvent| { crate::components::dialog::trap_tab(&ev); if ev.key() == "Escape" { ev.stop_propagation(); on_close.run(()) } }>
            <h2 id="entra-assign-title">"Assign license"</h2>
            <div class="toolbar" role="tablist" aria-label="Assign license">
                <button role="tab" class="button" aria-selected=move || (pane.get() == Pane::UsersAndGroups).to_string()
                    on:click=move |_| pane.set(Pane::UsersAndGroups)>"Users and groups"</button>
                <button role="tab" class="button" aria-selected=move || (pane.get() == Pane::AssignmentOptions).to_string()
                    on:click=move |_| pane.set(Pane::AssignmentOptions)>"Assignment options"</button>
            </div>
            <p class="muted" role="status">{summary}</p>
            {move || problem.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || match pane.get() {
                Pane::UsersAndGroups => view! {
                    <PeoplePicker picked=users />
                    <label class="field">"Search groups"
                        <input type="search" aria-label="Search groups" prop:value=move || group_text.get()
                            on:input:target=move |ev| group_text.set(ev.target().value()) />
                    </label>
                    <ul class="plans">{group_rows}</ul>
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || busy.get() || (users.with(|u| u.is_empty()) && groups.with(|g| g.is_empty()))
                            on:click=preview>"Assign"</button>
                        <button class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    </div>
                }.into_any(),
                Pane::AssignmentOptions => view! {
                    <ProductPicker chosen only=Some(sku) />
                    <div class="dialog-actions">
                        <button class="button primary" on:click=move |_| pane.set(Pane::UsersAndGroups)>"OK"</button>
                    </div>
                }.into_any(),
                Pane::Preview => view! {
                    <h3>"Preview"</h3>
                    {plans.get().into_iter().map(|(who, p)| {
                        let label = who.clone();
                        view! { <section aria-label=label><h4>{who}</h4><PlanPreview plan=p /></section> }
                    }).collect_view()}
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || busy.get() on:click=assign>"Assign"</button>
                        <button class="button" on:click=move |_| pane.set(Pane::UsersAndGroups)>"Back"</button>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
