//! The user side panel, as the admin center's: **Account** and **Licenses and apps**.

use leptos::html;
use leptos::prelude::*;
use tenant::catalog;
use tenant::countries::country_name;
use tenant::model::{DirectoryRole, Group, SubscribedSku, User};
use tenant::LicenseError;

use crate::components::deferred::{Deferred, NotLoaded};
use crate::components::error_box::ErrorBox;
use crate::components::error_box::{licence_fix, licence_title};
use crate::components::manage_licenses::load_manage_licenses;
use crate::components::user_grid::user_type_name;
use crate::i18n::{date_time, t, tf, tr, Key};
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
            .unwrap_or_else(|| tr(Key::RoleUser).into())
    };
    let tab_button = move |t: Tab, label: Key| {
        view! {
            <button role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string() on:click=move |_| tab.set(t)>
                {crate::i18n::t(label)}
            </button>
        }
    };
    view! {
        <div class="panel-backdrop" on:click=move |_| on_close.run(())></div>
        <aside class="panel" role="dialog" aria-modal="true" aria-labelledby="panel-title" on:keydown=on_key>
            <header class="panel-header">
                <h2 id="panel-title">{title}</h2>
                <button class="button subtle" aria-label=t(Key::Close) node_ref=close_button on:click=move |_| on_close.run(())>"✕"</button>
            </header>
            <div role="tablist" aria-label=t(Key::UserDetails)>
                {tab_button(Tab::Account, Key::Account)}
                {tab_button(Tab::Licenses, Key::LicensesAndApps)}
            </div>
            <div role="tabpanel" class="panel-body">
                <Suspense fallback=|| view! { <p role="status">{t(Key::Loading)}</p> }>
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
                                            <button class="button primary" on:click=move |_| editing.set(Some(for_dialog.clone()))>{t(Key::Assignments)}</button>
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
                <Deferred load=load_manage_licenses(vec![u], true, Callback::new(move |_| {
                    editing.set(None);
                    // Focus returns to the panel, so Escape still closes it.
                    if let Some(b) = close_button.get_untracked() {
                        let _ = b.focus();
                    }
                })) />
            })}
        </aside>
    }
}

#[component]
fn Account(user: User, groups: Vec<Group>, roles: Vec<DirectoryRole>) -> impl IntoView {
    // Re-read on a language switch.
    let rows = move || account_rows(&user, &groups, &roles);
    view! {
        <dl class="facts">
            {move || rows().into_iter().map(|(k, v)| view! { <dt>{tr(k)}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

/// The Account tab's facts: (label, value), in the current language.
fn account_rows(user: &User, groups: &[Group], roles: &[DirectoryRole]) -> Vec<(Key, String)> {
    let location = user
        .usage_location
        .as_deref()
        .map(|c| format!("{} ({c})", country_name(c).unwrap_or(c)))
        .unwrap_or_else(|| tr(Key::NotSet).into());
    let invitation = match user.external_user_state.as_deref() {
        Some("PendingAcceptance") => tr(Key::PendingAcceptance),
        Some("Accepted") => tr(Key::Accepted),
        _ => tr(Key::NotInvited),
    };
    let roles = names_or_none(roles.iter().map(|r| r.display_name.as_str()));
    let groups = names_or_none(groups.iter().map(|g| g.display_name.as_str()));
    vec![
        (Key::DisplayName, user.name().to_owned()),
        (Key::Username, user.user_principal_name.clone()),
        (Key::Email, user.mail.clone().unwrap_or_default()),
        (
            Key::UserType,
            user_type_name(user.user_type.as_deref().unwrap_or_default()).to_owned(),
        ),
        (Key::InvitationState, invitation.into()),
        (Key::UsageLocation, location),
        (
            Key::SignInStatus,
            tr(if user.account_enabled == Some(false) {
                Key::SignInBlocked
            } else {
                Key::SignInAllowed
            })
            .into(),
        ),
        (Key::Roles, roles),
        (Key::Groups, groups),
        (
            Key::Department,
            user.department.as_deref().unwrap_or_default().to_owned(),
        ),
        (Key::JobTitle, user.job_title.as_deref().unwrap_or_default().to_owned()),
        (
            Key::Company,
            user.company_name.as_deref().unwrap_or_default().to_owned(),
        ),
        (
            Key::Source,
            tr(if user.on_premises_sync_enabled == Some(true) {
                Key::SyncedFromOnPremises
            } else {
                Key::Cloud
            })
            .into(),
        ),
        (
            Key::Created,
            user.created_date_time.as_deref().map(date_time).unwrap_or_default(),
        ),
    ]
}

/// Names joined with commas, or "None".
fn names_or_none<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let list: Vec<&str> = names.collect();
    if list.is_empty() {
        tr(Key::None).into()
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
            .unwrap_or_else(|| tr(Key::AGroup).into())
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
                .map(|e| format!("{} — {}", licence_title(e), licence_fix(e)))
                .unwrap_or_else(|| s.error.to_string());
            let from = s
                .assigned_by_group
                .as_deref()
                .map(|g| tf(Key::FromGroup, &[&group_name(g)]))
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
                    None => tr(Key::AssignedDirectly).to_owned(),
                    Some(g) => tf(Key::InheritedFrom, &[&group_name(g)]),
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
                    let label = tf(Key::RemoveFromGroup, &[&gname]);
                    view! {
                        <p class="muted">{tf(Key::LicenceFromGroup, &[&gname])}</p>
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
                    <p class="paths">{paths.join(" · ")}{suspended.then(|| format!(" · {}", tr(Key::Suspended)))}</p>
                    {remove_buttons}
                    <details>
                        <summary>{t(Key::AppsAndServices)}</summary>
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
                <strong>{t(Key::SomeLicencesNotAssigned)}</strong>
                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        })}
        {move || failure.get().map(|e| view! { <ErrorBox error=e /> })}
        {none.then(|| view! { <p>{t(Key::UserHasNoLicences)}</p> })}
        {licences}
    }
}

/// [`UserPanel`] as a split point, fetched the first time a user is opened.
#[leptos::wasm_split::wasm_split(user_panel, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_user_panel(id: Signal<String>, on_close: Callback<()>, deleted: bool) -> Result<AnyView, NotLoaded> {
    Ok(view! { <UserPanel id on_close deleted /> }.into_any())
}
