use crate::components::link::Link;
use leptos::prelude::*;
use tenant::model::Group;

use crate::components::error_box::ErrorBox;
use crate::components::page::Page;
use crate::i18n::{t, tf, tr, Key};
use crate::state::use_session;

/// The admin center's words for a group's licence processing; `None` when the group has
/// never held licences. Shared by the groups list and a group's page.
pub(super) fn status(g: &Group) -> Option<&'static str> {
    match g.license_processing_state.as_ref().map(|s| s.state.as_str()) {
        None => None,
        Some("QueuedForProcessing" | "ProcessingInProgress") => Some("In progress"),
        Some(_) => Some("All licenses assigned"),
    }
}

/// [`status`] in the current language (empty when the group never held licences).
fn status_text(g: &Group) -> &'static str {
    match status(g) {
        None => "",
        Some("In progress") => tr(Key::InProgress),
        Some(_) => tr(Key::AllLicencesAssigned),
    }
}

#[component]
fn GroupTable() -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let groups = LocalResource::new(move || {
        api.revision();
        async move {
            let groups = api.groups().await?;
            let mut out = Vec::new();
            for g in groups {
                let errors = if g.assigned_licenses.is_empty() {
                    0
                } else {
                    api.members_with_license_errors(g.id).await?.len()
                };
                out.push((g, errors));
            }
            Ok::<_, tenant::GraphError>(out)
        }
    });
    view! {
        <Suspense fallback=|| view! { <p role="status">{t(Key::RsLoadingGroups)}</p> }>
            {move || groups.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok(list) => view! {
                    <table class="table">
                        <caption class="visually-hidden">{t(Key::Groups)}</caption>
                        <thead><tr><th scope="col">{t(Key::Name)}</th><th scope="col">{t(Key::RsGroupType)}</th><th scope="col">{t(Key::Licenses)}</th><th scope="col">{t(Key::RsLicenseStatus)}</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|(g, errors)| {
                                let kind = if g.group_types.iter().any(|t| t == "Unified") { "Microsoft 365" } else if g.security_enabled { tr(Key::RsSecurity) } else { tr(Key::RsDistribution) };
                                let licences = g.assigned_licenses.iter().map(|l| session.product_name(l.sku_id)).collect::<Vec<_>>().join(", ");
                                let state = if errors > 0 { tf(Key::RsErrorsAndIssuesN, &[&errors.to_string()]) } else { status_text(&g).to_owned() };
                                view! { <tr><th scope="row"><Link href=format!("/entra/groups/{}", g.id)>{g.display_name.clone()}</Link></th><td>{kind}</td><td>{licences}</td><td>{state}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// **Teams & groups** (Microsoft 365 admin center).
#[component]
pub fn TeamsGroups() -> impl IntoView {
    view! { <Page title=Key::TeamsGroups crumbs=vec![(Key::Home, "/")]><GroupTable /></Page> }
}

/// **Groups** (Entra admin center).
#[component]
pub fn EntraGroups() -> impl IntoView {
    view! { <Page title=Key::Groups crumbs=vec![(Key::Home, "/")] center=Key::EntraAdminCenter><GroupTable /></Page> }
}
