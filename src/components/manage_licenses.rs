//! **Manage product licenses**: choose licences and their apps and services for one user or
//! many, see the preview (what each user gains and loses, the seats, who would fail and
//! why), save with a progress bar, and end with each user's outcome; failures can be retried
//! on their own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::countries::COUNTRIES;
use tenant::model::{AssignedLicense, User};
use tenant::plan::{plan, requests_for, Mode, Plan};
use tenant::GraphError;
use uuid::Uuid;

use crate::components::error_box::explain;
use crate::components::export::download;
use crate::components::product_picker::{Choice, PlanPreview, ProductPicker, SHOWN_ROWS};
use crate::state::use_session;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Choose,
    Review,
    Saving,
    Done,
}

/// The dialog. With one user (`single`), it opens on the user's own direct licences and
/// **Save changes** makes them exactly what is ticked; with several it offers **Assign
/// more**, **Replace** and **Unassign all**.
#[component]
pub fn ManageLicenses(
    /// The users to change, as read from the tenant.
    users: Vec<User>,
    /// One user's **Licenses and apps** rather than a bulk change.
    single: bool,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
    /// A product ticked from the start (**Assign licenses** on a product's page), added
    /// to what users hold.
    #[prop(default = None)]
    preset: Option<Uuid>,
    /// What a bulk change starts as: **Assign more**, or **Unassign** for a product page's
    /// **Unassign licenses**.
    #[prop(default = Mode::AssignMore)]
    start: Mode,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let users = StoredValue::new(users);
    let mode = RwSignal::new(if single { Mode::Replace } else { start });
    let initial: Vec<Choice> = if single {
        users.with_value(|u| {
            u.first()
                .map(|u| {
                    u.license_assignment_states
                        .iter()
                        .filter(|s| s.assigned_by_group.is_none())
                        .map(|s| Choice {
                            sku: s.sku_id,
                            off: s.disabled_plans.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    } else {
        preset.map(|sku| Choice { sku, off: Vec::new() }).into_iter().collect()
    };
    let chosen = RwSignal::new(initial);
    let location = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Choose);
    let planned = RwSignal::new(None::<Plan>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(0usize);
    let outcomes = RwSignal::new(Vec::<(String, Result<(), GraphError>)>::new());

    let missing_location = move || {
        matches!(mode.get(), Mode::AssignMore | Mode::Replace)
            && !chosen.with(|c| c.is_empty())
            && users.with_value(|u| u.iter().any(|u| u.usage_location.is_none()))
    };
    let review = move |_| {
        problem.set(None);
        if missing_location() && location.get_untracked().is_empty() {
            problem.set(Some(
                "Some of these users have no usage location. Choose one: licenses can only be assigned where the services are offered.".into(),
            ));
            return;
        }
        let (org, all_skus, roles) = session.planning_inputs();
        let picked: Vec<AssignedLicense> = chosen.with_untracked(|c| {
            c.iter()
                .map(|c| AssignedLicense {
                    sku_id: c.sku,
                    disabled_plans: c.off.clone(),
                })
                .collect()
        });
        let code = location.get_untracked();
        let p = users.with_value(|us| {
            let mut reqs = requests_for(mode.get_untracked(), us, &picked);
            for (r, u) in reqs.iter_mut().zip(us) {
                if u.usage_location.is_none() && !r.add.is_empty() && !code.is_empty() {
                    r.usage_location = Some(code.clone());
                }
            }
            plan(&org, &all_skus, us, &roles, &reqs, crate::api::now())
        });
        planned.set(Some(p));
        step.set(Step::Review);
    };

    let save = move |_| {
        let Some(p) = planned.get_untracked() else { return };
        step.set(Step::Saving);
        done.set(0);
        spawn_local(async move {
            let to_send: Vec<_> = p.to_send().into_iter().cloned().collect();
            api.begin_change();
            let sent = api.assign_licenses(&to_send, move |n| done.set(n)).await;
            api.end_change();
            // Each user's outcome: what the tenant answered, or the preview's refusal for
            // users that were not sent.
            let mut answered: std::collections::HashMap<Uuid, Result<(), GraphError>> = sent.into_iter().collect();
            let results: Vec<_> = p
                .users
                .iter()
                .map(|u| {
                    let r = answered.remove(&u.request.user).unwrap_or_else(|| u.outcome.clone());
                    (u.name.clone(), r)
                })
                .collect();
            outcomes.set(results);
            step.set(Step::Done);
        });
    };

    let retry = move |_| {
        let failed: Vec<String> =
            outcomes.with_untracked(|o| o.iter().filter(|(_, r)| r.is_err()).map(|(n, _)| n.clone()).collect());
        let ids: Vec<Uuid> = users.with_value(|us| {
            us.iter()
                .filter(|u| failed.iter().any(|n| n == u.name()))
                .map(|u| u.id)
                .collect()
        });
        spawn_local(async move {
            let mut fresh = Vec::new();
            for id in ids {
                if let Ok(u) = api.user(&id.to_string()).await {
                    fresh.push(u);
                }
            }
            users.set_value(fresh);
            step.set(Step::Choose);
        });
    };

    // Each step replaces the dialog's content: keep the focus inside, so keys still reach it.
    let dialog_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        step.track();
        if let Some(d) = dialog_ref.get() {
            let _ = d.focus();
        }
    });
    // **Retry failed** narrows the users; the title follows when the step changes.
    let title = move || {
        step.track();
        if single {
            "Licenses and apps".to_owned()
        } else {
            match users.with_value(|u| u.len()) {
                1 => "Manage product licenses for 1 user".to_owned(),
                n => format!("Manage product licenses for {n} users"),
            }
        }
    };
    let mode_radio = move |m: Mode, label: &'static str, hint: &'static str| {
        view! {
            <label class="radio">
                <input type="radio" name="licence-mode" prop:checked=move || mode.get() == m on:change=move |_| mode.set(m) />
                <span>{label}</span><span class="muted">{hint}</span>
            </label>
        }
    };

    view! {
        <div class="dialog-backdrop"></div>
        <div class="dialog wide" role="dialog" aria-modal="true" aria-labelledby="licences-title" tabindex="-1" node_ref=dialog_ref
            on:keydown=move |ev: web_sys::KeyboardEvent| { crate::components::dialog::trap_tab(&ev); if ev.key() == "Escape" {
                // The dialog may sit inside the user panel: Escape closes only the dialog.
                ev.stop_propagation();
                if step.get_untracked() != Step::Saving { on_close.run(()) }
            } }>
            <h2 id="licences-title">{title}</h2>
            {move || match step.get() {
                Step::Choose => view! {
                    {(!single).then(|| view! {
                        <fieldset class="modes">
                            <legend>"What do you want to do?"</legend>
                            {mode_radio(Mode::AssignMore, "Assign more", "Keep the existing licenses and assign more")}
                            {mode_radio(Mode::Replace, "Replace", "Replace the existing licenses")}
                            {mode_radio(Mode::Unassign, "Unassign", "Remove the selected licenses, keep the others")}
                            {mode_radio(Mode::UnassignAll, "Unassign all", "Remove every license assigned directly")}
                        </fieldset>
                    })}
                    <Show when=move || mode.get() != Mode::UnassignAll>
                        <p class="muted">{move || if mode.get() == Mode::Unassign {
                            "Select the licenses to remove."
                        } else {
                            "Select the licenses, then turn apps and services on or off."
                        }}</p>
                        <ProductPicker chosen services=Signal::derive(move || mode.get() != Mode::Unassign) />
                    </Show>
                    <Show when=missing_location>
                        <label class="field">"Usage location"
                            <select aria-label="Usage location" on:change:target=move |ev| location.set(ev.target().value())>
                                <option value="">"Choose a country or region"</option>
                                {COUNTRIES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                            </select>
                            <span class="muted">"For users who have none; licenses can only be assigned where their services are offered."</span>
                        </label>
                    </Show>
                    {move || problem.get().map(|p| view! { <div class="message-bar error" role="alert">{p}</div> })}
                    <div class="dialog-actions">
                        <button class="button primary" on:click=review>"Review changes"</button>
                        <button class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                    </div>
                }.into_any(),
                Step::Review => {
                    let p = planned.get().unwrap_or_default();
                    let sending = p.to_send().len();
                    let failing = p.failures();
                    view! {
                        <h3>"Preview"</h3>
                        <p role="status">{format!("{sending} of {} users will change; {failing} would fail.", p.users.len())}</p>
                        <PlanPreview plan=p.clone() />
                        <div class="dialog-actions">
                            <button class="button primary" prop:disabled=sending == 0 on:click=save>"Save changes"</button>
                            <button class="button" on:click=move |_| step.set(Step::Choose)>"Back"</button>
                        </div>
                    }.into_any()
                }
                Step::Saving => {
                    let total = planned.with_untracked(|p| p.as_ref().map(|p| p.to_send().len()).unwrap_or(0));
                    view! {
                        <p>"Saving changes…"</p>
                        <div class="progress-bar" role="progressbar" aria-label="Saving changes" aria-valuemin="0"
                            aria-valuemax=total aria-valuenow=move || done.get()>
                            <div class="progress-fill" style:width=move || format!("{}%", (done.get() * 100).checked_div(total).unwrap_or(100))></div>
                        </div>
                        <p class="muted">{move || format!("{} of {total} users done", done.get())}</p>
                    }.into_any()
                }
                Step::Done => {
                    let results = outcomes.get();
                    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
                    let failed = results.len() - ok;
                    let mut order: Vec<&(String, Result<(), GraphError>)> = results.iter().collect();
                    order.sort_by_key(|(_, r)| r.is_ok());
                    let hidden = order.len().saturating_sub(SHOWN_ROWS);
                    let rows = order.into_iter().take(SHOWN_ROWS).map(|(name, r)| {
                        let text = match r {
                            Ok(()) => "Succeeded".to_owned(),
                            Err(e) => { let (what, fix) = explain(e); format!("Failed: {what} {fix}") }
                        };
                        view! { <tr class:failing=r.is_err()><td>{name.clone()}</td><td>{text}</td></tr> }
                    }).collect_view();
                    let csv = outcome_csv(&results);
                    view! {
                        <p role="status" class="outcome">{format!("{ok} succeeded, {failed} failed.")}</p>
                        <div class="table-scroll">
                            <table class="table" aria-label="Outcome">
                                <thead><tr><th>"User"</th><th>"Result"</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {(hidden > 0).then(|| view! { <p class="muted">{format!("Showing {SHOWN_ROWS} users, failures first; {hidden} more in the download.")}</p> })}
                        <div class="dialog-actions">
                            {(failed > 0).then(|| view! { <button class="button" on:click=retry>"Retry failed"</button> })}
                            <button class="button" on:click=move |_| { let _ = download("license-changes.csv", &csv); }>"Download outcome"</button>
                            <button class="button primary" on:click=move |_| on_close.run(())>"Close"</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// Each user's outcome as CSV (User, Result, Reason).
fn outcome_csv(results: &[(String, Result<(), GraphError>)]) -> String {
    let mut out = String::from("User,Result,Reason\r\n");
    for (name, r) in results {
        let (result, reason) = match r {
            Ok(()) => ("Succeeded", String::new()),
            Err(e) => ("Failed", e.message.clone()),
        };
        tenant::export::push_row(&mut out, [name.clone(), result.to_owned(), reason].into_iter());
    }
    out
}
