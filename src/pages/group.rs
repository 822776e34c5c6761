use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use tenant::model::{AssignedLicense, Group, User};
use tenant::plan::Plan;
use tenant::{GraphError, LicenseError};
use uuid::Uuid;

use crate::api::changes::group_work;
use crate::api::runner::{Cancel, Progress};
use crate::components::change_run::RunProgress;
use crate::components::error_box::ErrorBox;
use crate::components::link::Link;
use crate::components::modal::Modal;
use crate::components::page::Page;
use crate::components::product_picker::{PlanPreview, ProductPicker, SHOWN_ROWS};
use crate::flows::outcome::{from_runner, Outcomes, Result as OutcomeResult, Row};
use crate::i18n::{number, t, tf, tr, Key};
use crate::state::{use_embed, use_session};

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
        spawn_local(async move {
            let _ = failure.try_set(api.reprocess_group(&id).await.err());
        });
    };
    view! {
        <Page title=Key::GroupLicenses crumbs=vec![(Key::Home, "/"), (Key::Groups, "/entra/groups")] center=Key::EntraAdminCenter>
            {move || failure.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok((group, members, errors)) => {
                    let state = match super::groups::status(&group) {
                        Some("In progress") => tr(Key::InProgress),
                        Some(_) if !errors.is_empty() => tr(Key::CompleteWithErrors),
                        Some(_) => tr(Key::AllLicencesAssigned),
                        None => tr(Key::NoLicences),
                    };
                    let gid = group.id.to_string();
                    let licences = group.assigned_licenses.iter().map(|l| {
                        let name = session.product_name(l.sku_id);
                        let sku = l.sku_id;
                        let (g, m) = (group.clone(), members.clone());
                        view! {
                            <tr>
                                <th scope="row">{name.clone()}</th>
                                <td>{tf(Key::NServicesOff, &[&number(l.disabled_plans.len() as f64)])}</td>
                                <td><button class="button" aria-label=tf(Key::RemoveLicenceNamed, &[&name])
                                    on:click=move |_| dialog.set(Some((g.clone(), m.clone(), vec![sku])))>{t(Key::RemoveLicence)}</button></td>
                            </tr>
                        }
                    }).collect_view();
                    // A group of thousands can have thousands in error (too few seats): the
                    // first ones are shown, Active users > Users with errors has them all.
                    let error_count = errors.len();
                    let error_rows = errors.iter().take(SHOWN_ROWS).flat_map(|u| {
                        u.license_assignment_states.iter()
                            .filter(|s| s.assigned_by_group.as_deref() == Some(gid.as_str()) && s.has_error())
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
                        <p role="status">{tf(Key::LicenceProcessing, &[state, &number(members.len() as f64)])}</p>
                        <div class="toolbar">
                            <button class="button primary" on:click=move |_| dialog.set(Some((g.clone(), m.clone(), Vec::new())))>{t(Key::Assignments)}</button>
                            <button class="button" on:click=reprocess>{t(Key::Reprocess)}</button>
                        </div>
                        <table class="table" aria-label="Licenses">
                            <thead><tr><th scope="col">{t(Key::Product)}</th><th scope="col">{t(Key::AppsAndServices)}</th><th scope="col"></th></tr></thead>
                            <tbody>{licences}</tbody>
                        </table>
                        <h3>{t(Key::MembersWithErrors)}</h3>
                        {if errors.is_empty() {
                            view! { <p>{t(Key::NoMemberInError)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="table" aria-label="Members with license errors">
                                    <thead><tr><th scope="col">{t(Key::RoleUser)}</th><th scope="col">{t(Key::Product)}</th><th scope="col">{t(Key::Reason)}</th><th scope="col">{t(Key::HowToFix)}</th></tr></thead>
                                    <tbody>{error_rows}</tbody>
                                </table>
                                {(error_count > SHOWN_ROWS).then(|| view! {
                                    <p class="muted">
                                        {tf(Key::ShowingMembersInError, &[&number(SHOWN_ROWS as f64), &number(error_count as f64)])}
                                        <Link href="/users/active?view=errors">{t(Key::SeeAllUsersWithErrors)}</Link>
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
/// then saves the group's `assignLicense` through the change runner.
#[component]
fn GroupLicenceDialog(
    group: Group,
    members: Vec<User>,
    remove: Vec<Uuid>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let embed = use_embed();
    let removing = !remove.is_empty();
    let chosen = RwSignal::new(Vec::<AssignedLicense>::new());
    let planned = RwSignal::new(None::<Plan>);
    let problem = RwSignal::new(None::<GraphError>);
    let progress = RwSignal::new(Progress::default());
    let saving = RwSignal::new(None::<Cancel>);
    let group = StoredValue::new(group);
    let members = StoredValue::new(members);
    let remove = StoredValue::new(remove);
    let review = move || {
        let Some(planner) = session.planner() else { return };
        let add = chosen.get_untracked();
        let p = group.with_value(|g| members.with_value(|m| remove.with_value(|r| planner.group(g, m, &add, r))));
        planned.set(Some(p));
    };
    // A removal has nothing to choose: its preview shows as soon as the products are known.
    Effect::new(move |_| {
        if removing && planned.with_untracked(Option::is_none) && session.can_plan() {
            review();
        }
    });
    let save = move |_| {
        let cancel = Cancel::default();
        saving.set(Some(cancel.clone()));
        let id = group.with_value(|g| g.id);
        let work = vec![group_work(id, &chosen.get_untracked(), &remove.get_value())];
        let change = if removing {
            "Remove license"
        } else {
            "Assign licenses to a group"
        };
        spawn_local(async move {
            let report = api.run(work, progress, &cancel).await;
            let result = report.outcome(id).map(from_runner);
            if let Some(e) = embed {
                let row = Row {
                    id,
                    name: String::new(),
                    result: result.clone().unwrap_or(OutcomeResult::NotSent),
                };
                e.changed(Outcomes(vec![row]).summary(change, |_| None));
            }
            match result {
                Some(OutcomeResult::Succeeded) => {
                    let _ = on_close.try_run(());
                }
                other => {
                    let e = other
                        .as_ref()
                        .and_then(|r| r.error().cloned())
                        .unwrap_or_else(|| GraphError::bad_request(tr(Key::CancelledBeforeSent)));
                    let _ = problem.try_set(Some(e));
                    let _ = saving.try_set(None);
                }
            }
        });
    };
    let name = group.with_value(|g| g.display_name.clone());
    let title = Signal::derive(move || {
        tf(
            if removing {
                Key::RemoveLicenceFrom
            } else {
                Key::AssignLicencesTo
            },
            &[&name],
        )
    });
    let closable = Signal::derive(move || saving.with(Option::is_none));
    view! {
        <Modal title on_close closable wide=true>
            {move || match (planned.get(), saving.get()) {
                (_, Some(cancel)) => view! { <RunProgress progress cancel /> }.into_any(),
                (None, None) => view! {
                    <p class="muted">{t(Key::GroupAssignHint)}</p>
                    <ProductPicker chosen />
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || !session.can_plan() on:click=move |_| review()>{t(Key::ReviewChanges)}</button>
                        <button class="button" on:click=move |_| on_close.run(())>{t(Key::Cancel)}</button>
                    </div>
                }.into_any(),
                (Some(p), None) => {
                    let failing = p.failures();
                    view! {
                        <h3>{t(Key::Preview)}</h3>
                        <p role="status">{tf(Key::NMembersFailing, &[&number(p.users.len() as f64), &number(failing as f64)])}</p>
                        <PlanPreview plan=p.clone() />
                        {move || problem.get().map(|e| view! { <ErrorBox error=e /> })}
                        <div class="dialog-actions">
                            <button class="button primary" prop:disabled=p.refused.is_some() on:click=save>{move || tr(if removing { Key::RemoveLicence } else { Key::Assign })}</button>
                            {(!removing).then(|| view! { <button class="button" on:click=move |_| planned.set(None)>{t(Key::Back)}</button> })}
                            <button class="button" on:click=move |_| on_close.run(())>{t(Key::Cancel)}</button>
                        </div>
                    }.into_any()
                }
            }}
        </Modal>
    }
}
