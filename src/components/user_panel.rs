//! The user side panel, as the admin center's: **Account** and **Licenses and apps**.

use leptos::html;
use leptos::prelude::*;
use tenant::catalog;
use tenant::countries::country_name;
use tenant::model::{DirectoryRole, Group, SubscribedSku, User};
use tenant::LicenseError;

use crate::components::error_box::ErrorBox;
use crate::components::manage_licenses::ManageLicenses;
use crate::state::use_session;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Account,
    Licenses,
}

/// The panel for user `id`; Escape or **Close** closes it.
#[component]
pub fn UserPanel(
    /// The user's id.
    #[prop(into)]
    id: Signal<String>,
    /// Closes the panel.
    #[prop(into)]
    on_close: Callback<()>,
    /// The user is in the recycle bin (Deleted users): read from there, read-only.
    #[prop(optional)]
    deleted: bool,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let detail = LocalResource::new(move || {
        let id = id.get();
        api.revision();
        async move {
            if deleted {
                let user = api.deleted_user(&id).await?;
                return Ok::<_, tenant::GraphError>((user, Vec::new(), Vec::new()));
            }
            let user = api.user(&id).await?;
            let (groups, roles) = api.member_of(&id).await?;
            Ok::<_, tenant::GraphError>((user, groups, roles))
        }
    });
    let tab = RwSignal::new(Tab::Account);
    let editing = RwSignal::new(None::<User>);
    let close_button: NodeRef<html::Button> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(b) = close_button.get() {
            let _ = b.focus();
        }
    });
    let on_key = move |ev: web_sys::KeyboardEvent| {
        crate::components::dialog::trap_tab(&ev);
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
        }
    };
    let title = move || {
        detail
            .get()
            .and_then(|r| r.ok())
            .map(|(u, _, _)| u.name().to_owned())
            .unwrap_or_else(|| "User".into())
    };
    let tab_button = move |t: Tab, label: &'static str| {
        view! {
            <button role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string() on:click=move |_| tab.set(t)>
                {label}
            </button>
        }
    };
    view! {
        <div class="panel-backdrop" on:click=move |_| on_close.run(())></div>
        <aside class="panel" role="dialog" aria-modal="true" aria-labelledby="panel-title" on:keydown=on_key>
            <header class="panel-header">
                <h2 id="panel-title">{title}</h2>
                <button class="button subtle" aria-label="Close" node_ref=close_button on:click=move |_| on_close.run(())>"✕"</button>
            </header>
            <div role="tablist" aria-label="User details">
                {tab_button(Tab::Account, "Account")}
                {tab_button(Tab::Licenses, "Licenses and apps")}
            </div>
            <div role="tabpanel" class="panel-body">
                <Suspense fallback=|| view! { <p role="status">"Loading…"</p> }>
                    {move || detail.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok((user, groups, roles)) => match tab.get() {
                            Tab::Account => view! { <Account user groups roles /> }.into_any(),
                            Tab::Licenses => {
                                let skus = session.skus.get().and_then(|r| r.ok()).unwrap_or_default();
                                let for_dialog = user.clone();
                                view! {
                                    {(!deleted).then(|| view! {
                                        <div class="toolbar">
                                            <button class="button primary" on:click=move |_| editing.set(Some(for_dialog.clone()))>"Assignments"</button>
                                        </div>
                                    })}
                                    <LicensesAndApps user groups skus />
                                }.into_any()
                            }
                        },
                    })}
                </Suspense>
            </div>
            {move || editing.get().map(|u| view! {
                <ManageLicenses users=vec![u] single=true on_close=Callback::new(move |_| {
                    editing.set(None);
                    // Focus returns to the panel, so Escape still closes it.
                    if let Some(b) = close_button.get_untracked() {
                        let _ = b.focus();
                    }
                }) />
            })}
        </aside>
    }
}

#[component]
fn Account(user: User, groups: Vec<Group>, roles: Vec<DirectoryRole>) -> impl IntoView {
    let location = user
        .usage_location
        .as_deref()
        .map(|c| format!("{} ({c})", country_name(c).unwrap_or(c)))
        .unwrap_or_else(|| "Not set".into());
    let invitation = match user.external_user_state.as_deref() {
        Some("PendingAcceptance") => "Pending acceptance",
        Some("Accepted") => "Accepted",
        _ => "Not invited",
    };
    let roles = names_or_none(roles.iter().map(|r| r.display_name.as_str()));
    let groups = names_or_none(groups.iter().map(|g| g.display_name.as_str()));
    let rows: Vec<(&str, String)> = vec![
        ("Display name", user.name().to_owned()),
        ("Username", user.user_principal_name.clone()),
        ("Email", user.mail.clone().unwrap_or_default()),
        ("User type", user.user_type.as_deref().unwrap_or_default().to_owned()),
        ("Invitation state", invitation.into()),
        ("Usage location", location),
        (
            "Sign-in status",
            if user.account_enabled == Some(false) {
                "Sign-in blocked"
            } else {
                "Sign-in allowed"
            }
            .into(),
        ),
        ("Roles", roles),
        ("Groups", groups),
        ("Department", user.department.as_deref().unwrap_or_default().to_owned()),
        ("Job title", user.job_title.as_deref().unwrap_or_default().to_owned()),
        ("Company", user.company_name.as_deref().unwrap_or_default().to_owned()),
        (
            "Source",
            if user.on_premises_sync_enabled == Some(true) {
                "Synced from on-premises"
            } else {
                "Cloud"
            }
            .into(),
        ),
        (
            "Created",
            user.created_date_time.as_deref().unwrap_or_default().to_owned(),
        ),
    ];
    view! {
        <dl class="facts">
            {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// Names joined with commas, or "None".
fn names_or_none<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = names.collect();
    if list.is_empty() {
        "None".into()
    } else {
        list.join(", ")
    }
}

#[component]
fn LicensesAndApps(user: User, groups: Vec<Group>, skus: Vec<SubscribedSku>) -> impl IntoView {
    let api = crate::state::use_api();
    let failure = RwSignal::new(None::<tenant::GraphError>);
    let group_name = move |id: &str| {
        groups
            .iter()
            .find(|g| g.id.to_string() == id)
            .map(|g| g.display_name.clone())
            .unwrap_or_else(|| "a group".into())
    };
    let errors: Vec<String> = user
        .license_assignment_states
        .iter()
        .filter(|s| s.has_error())
        .map(|s| {
            let product = skus
                .iter()
                .find(|k| k.sku_id == s.sku_id)
                .map(|k| catalog::product_name(&k.sku_part_number).to_owned())
                .unwrap_or_default();
            let reason = LicenseError::parse(&s.error)
                .map(|e| format!("{} — {}", e.title(), e.fix()))
                .unwrap_or_else(|| s.error.to_string());
            let from = s
                .assigned_by_group
                .as_deref()
                .map(|g| format!(" (from {})", group_name(g)))
                .unwrap_or_default();
            format!("{product}{from}: {reason}")
        })
        .collect();
    let licences = user
        .assigned_licenses
        .iter()
        .map(|l| {
            let sku = skus.iter().find(|k| k.sku_id == l.sku_id).cloned().unwrap_or_default();
            let name = catalog::product_name(&sku.sku_part_number).to_owned();
            let paths: Vec<String> = user
                .license_assignment_states
                .iter()
                .filter(|s| s.sku_id == l.sku_id && s.is_active())
                .map(|s| match &s.assigned_by_group {
                    None => "Assigned directly".to_owned(),
                    Some(g) => format!("Inherited from {}", group_name(g)),
                })
                .collect();
            let suspended = user.deleted_date_time.is_some();
            let uid = user.id;
            let inherited: Vec<(String, String)> = user
                .license_assignment_states
                .iter()
                .filter(|s| s.sku_id == l.sku_id)
                .filter_map(|s| s.assigned_by_group.clone())
                .map(|g| (g.clone(), group_name(&g)))
                .collect();
            let remove_buttons = inherited
                .into_iter()
                .map(|(gid, gname)| {
                    let label = format!("Remove from {gname}");
                    view! {
                        <p class="muted">{format!("This license comes from the group {gname}: it can't be removed from the user here. Remove the user from the group, or the license from the group.")}</p>
                        <button class="button" on:click=move |_| {
                            let gid = gid.clone();
                            leptos::task::spawn_local(async move {
                                let url = format!("/groups/{gid}/members/{uid}/$ref");
                                match api.write(tenant::rest::Method::Delete, url, None).await {
                                    Ok(_) => failure.set(None),
                                    Err(e) => failure.set(Some(e)),
                                }
                            });
                        }>{label}</button>
                    }
                })
                .collect_view();
            let plans = sku
                .service_plans
                .iter()
                .map(|p| {
                    let on = !l.disabled_plans.contains(&p.service_plan_id);
                    let label = catalog::plan_name(&p.service_plan_name).to_owned();
                    view! {
                        <li class="plan">
                            <input type="checkbox" disabled=true prop:checked=on aria-label=label.clone() />
                            <span>{label}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="licence">
                    <h3>{name}</h3>
                    <p class="paths">{paths.join(" · ")}{suspended.then_some(" · Suspended")}</p>
                    {remove_buttons}
                    <details>
                        <summary>"Apps and services"</summary>
                        <ul class="plans">{plans}</ul>
                    </details>
                </section>
            }
        })
        .collect_view();
    let none = user.assigned_licenses.is_empty();
    view! {
        {(!errors.is_empty()).then(|| view! {
            <div class="message-bar error" role="alert">
                <strong>"Some licenses couldn't be assigned"</strong>
                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        })}
        {move || failure.get().map(|e| view! { <ErrorBox error=e /> })}
        {none.then(|| view! { <p>"This user has no product licenses."</p> })}
        {licences}
    }
}
