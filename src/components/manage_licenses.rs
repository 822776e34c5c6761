//! **Manage product licenses**: choose licences and their apps and services for one user or
//! many, see the preview (what each user gains and loses, the seats, who would fail and
//! why), save with a progress bar that can be cancelled, and end with each user's outcome;
//! failures can be retried on their own. The flow itself is `flows::licence_change`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::countries::COUNTRIES;
use tenant::model::User;
use tenant::plan::{needs_usage_location, Mode, Plan};
use uuid::Uuid;

use crate::api::runner::{Cancel, Progress};
use crate::components::change_run::{OutcomeTable, RunProgress};
use crate::components::deferred::NotLoaded;
use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::components::product_picker::{PlanPreview, ProductPicker};
use crate::flows::licence_change::LicenceChange;
use crate::flows::outcome::Outcomes;
use crate::i18n::{number, t, tf, tr, Key};
use crate::state::{use_embed, use_session};

#[derive(Clone)]
enum Step {
    Choose,
    Review(Plan),
    Saving(Cancel),
    Done(Outcomes),
}

/// The dialog. With one user (`single`), it opens on the user's own direct licences and
/// **Save changes** makes them exactly what is ticked; with several it offers **Assign
/// more**, **Replace**, **Unassign** and **Unassign all**.
#[component]
pub fn ManageLicenses(
    /// The users to change, as read from the tenant.
    users: Vec<User>,
    /// One user's **Licenses and apps** rather than a bulk change.
    single: bool,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
    /// A product ticked from the start (**Assign licenses** on a product's page).
    #[prop(default = None)]
    preset: Option<Uuid>,
    /// What a bulk change starts as: **Assign more**, or **Unassign** for a product page's
    /// **Unassign licenses**.
    #[prop(default = Mode::AssignMore)]
    start: Mode,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let embed = use_embed();
    let start = LicenceChange::new(users, single, start, preset);
    let mode = RwSignal::new(start.mode);
    let chosen = RwSignal::new(start.chosen.clone());
    let location = RwSignal::new(String::new());
    let change = StoredValue::new(start);
    let step = RwSignal::new(Step::Choose);
    let problem = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<tenant::GraphError>);
    let progress = RwSignal::new(Progress::default());
    // The flow as the admin has set it so far (a copy: built on Review only).
    let current = move || {
        let mut c = change.get_value();
        c.mode = mode.get();
        c.chosen = chosen.get();
        c.usage_location = location.get();
        c
    };

    let review = move |_| {
        let Some(planner) = session.planner() else { return };
        match current().review(&planner) {
            Ok(p) => {
                problem.set(None);
                step.set(Step::Review(p));
            }
            Err(why) => problem.set(Some(why.message())),
        }
    };
    let save = move |plan: Plan| {
        let cancel = Cancel::default();
        step.set(Step::Saving(cancel.clone()));
        // The flow as saved, in place (it may hold 100,000 users): what the summary names.
        change.update_value(|c| {
            c.mode = mode.get_untracked();
            c.chosen = chosen.get_untracked();
            c.usage_location = location.get_untracked();
        });
        spawn_local(async move {
            let report = api.run(LicenceChange::work(&plan), progress, &cancel).await;
            let outcomes = LicenceChange::outcomes(&plan, &report);
            // An embedding page hears of it even when the dialog is gone.
            if let Some(e) = embed {
                if let Some(summary) = change.try_with_value(|c| c.change_summary(&outcomes)) {
                    e.changed(summary);
                }
            }
            // The dialog may be gone (the admin left the page): then nobody is told.
            let _ = step.try_set(Step::Done(outcomes));
        });
    };
    let retry = move |outcomes: Outcomes| {
        let ids = outcomes.failed_ids();
        spawn_local(async move {
            match api.users_by_id(&ids).await {
                Ok(fresh) => {
                    let Some(next) = change.try_with_value(|c| c.retry(&outcomes, fresh)) else {
                        return;
                    };
                    let _ = change.try_set_value(next);
                    let _ = step.try_set(Step::Choose);
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e));
                }
            }
        });
    };

    // **Retry failed** narrows the users; the title follows when the step changes.
    let title = Signal::derive(move || {
        step.track();
        change.with_value(LicenceChange::title)
    });
    let closable = Signal::derive(move || !matches!(step.get(), Step::Saving(_)));
    let mode_radio = move |m: Mode, label: Key, hint: Key| {
        view! {
            <label class="radio">
                <input type="radio" name="licence-mode" prop:checked=move || mode.get() == m on:change=move |_| mode.set(m) />
                <span>{t(label)}</span><span class="muted">{t(hint)}</span>
            </label>
        }
    };
    let choose = move || {
        view! {
            {(!single).then(|| view! {
                <fieldset class="modes">
                    <legend>{t(Key::WhatDoYouWantToDo)}</legend>
                    {mode_radio(Mode::AssignMore, Key::AssignMore, Key::AssignMoreHint)}
                    {mode_radio(Mode::Replace, Key::Replace, Key::ReplaceHint)}
                    {mode_radio(Mode::Unassign, Key::Unassign, Key::UnassignHint)}
                    {mode_radio(Mode::UnassignAll, Key::UnassignAll, Key::UnassignAllHint)}
                </fieldset>
            })}
            <Show when=move || mode.get() != Mode::UnassignAll>
                <p class="muted">{move || if mode.get() == Mode::Unassign {
                    tr(Key::SelectLicencesToRemove)
                } else {
                    tr(Key::SelectLicencesThenServices)
                }}</p>
                <ProductPicker chosen services=Signal::derive(move || LicenceChange::offers_services(mode.get())) />
            </Show>
            // Read in place: a bulk change may hold 100,000 users, not to be copied per tick.
            <Show when=move || chosen.with(|c| change.with_value(|f| needs_usage_location(mode.get(), c, f.users())))>
                <label class="field">{t(Key::UsageLocation)}
                    <select aria-label=t(Key::UsageLocation) on:change:target=move |ev| location.set(ev.target().value())>
                        <option value="">{t(Key::ChooseCountry)}</option>
                        {COUNTRIES.iter().map(|(code, name)| view! { <option value=*code selected=location.get_untracked() == *code>{*name}</option> }).collect_view()}
                    </select>
                    <span class="muted">{t(Key::UsageLocationHint)}</span>
                </label>
            </Show>
            {move || problem.get().map(|p| view! { <div class="message-bar error" role="alert">{tr(p)}</div> })}
            {move || session.planner_error().map(|e| view! { <ErrorBox error=e /> })}
            <div class="dialog-actions">
                <button class="button primary" prop:disabled=move || !session.can_plan() on:click=review>
                    {move || tr(if session.can_plan() { Key::ReviewChanges } else { Key::LoadingProducts })}
                </button>
                <button class="button" on:click=move |_| on_close.run(())>{t(Key::Cancel)}</button>
            </div>
        }
    };

    view! {
        <Modal title on_close closable wide=true>
            {move || match step.get() {
                Step::Choose => choose().into_any(),
                Step::Review(p) => {
                    let sending = p.to_send().len();
                    let (total, failures) = (p.users.len(), p.failures());
                    let summary = move || tf(Key::PreviewSummary, &[&number(sending as f64), &number(total as f64), &number(failures as f64)]);
                    let to_save = p.clone();
                    view! {
                        <h3>{t(Key::Preview)}</h3>
                        <p role="status">{summary}</p>
                        <PlanPreview plan=p />
                        <div class="dialog-actions">
                            <button class="button primary" prop:disabled=sending == 0 on:click=move |_| save(to_save.clone())>{t(Key::SaveChanges)}</button>
                            <button class="button" on:click=move |_| step.set(Step::Choose)>{t(Key::Back)}</button>
                        </div>
                    }.into_any()
                }
                Step::Saving(cancel) => view! { <RunProgress progress cancel /> }.into_any(),
                Step::Done(outcomes) => {
                    let failed = outcomes.counts().1;
                    let again = outcomes.clone();
                    view! {
                        {move || failure.get().map(|e| view! { <ErrorBox error=e /> })}
                        <OutcomeTable outcomes>
                            {(failed > 0).then(|| view! { <button class="button" on:click=move |_| retry(again.clone())>{t(Key::RetryFailed)}</button> })}
                            <button class="button primary" on:click=move |_| on_close.run(())>{t(Key::Close)}</button>
                        </OutcomeTable>
                    }.into_any()
                }
            }}
        </Modal>
    }
}

/// [`ManageLicenses`] from a users list or a user's panel, as a split point: the dialog,
/// the planner and the change runner are fetched the first time it opens.
#[leptos::wasm_split::wasm_split(manage_licenses, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_manage_licenses(users: Vec<User>, single: bool, on_close: Callback<()>) -> Result<AnyView, NotLoaded> {
    Ok(view! { <ManageLicenses users single on_close /> }.into_any())
}
