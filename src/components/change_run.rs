//! A running change and its outcome, as every licence dialog shows them: the progress bar
//! with **Cancel**, then who succeeded and who failed (failures first, with the reason and
//! the fix), **Download outcome** and, when something failed, **Retry failed**.

use leptos::prelude::*;

use crate::api::runner::{Cancel, Progress};
use crate::components::error_box::{explain, graph_quoted};
use crate::components::export::download;
use crate::components::product_picker::SHOWN_ROWS;
use crate::flows::outcome::{Outcomes, Result};
use crate::i18n::{number, t, tf, tr, Key};

/// The progress of a running change.
#[component]
pub fn RunProgress(
    /// What is done so far.
    progress: RwSignal<Progress>,
    /// Stops sending; what was sent stays.
    cancel: Cancel,
) -> impl IntoView {
    let total = move || progress.get().total;
    let done = move || progress.get().done;
    let cancelling = RwSignal::new(false);
    let cancel_click = move |_| {
        cancel.cancel();
        cancelling.set(true);
    };
    view! {
        <p>{t(Key::SavingChangesDots)}</p>
        <div class="progress-bar" role="progressbar" aria-label=t(Key::SavingChanges) aria-valuemin="0"
            aria-valuemax=total aria-valuenow=done>
            <div class="progress-fill" style:width=move || format!("{}%", (done() * 100).checked_div(total()).unwrap_or(100))></div>
        </div>
        <p class="muted" role="status">
            {move || tf(Key::NOfMDone, &[&number(done() as f64), &number(total() as f64)])}
            {move || progress.get().waiting.then(|| tr(Key::SlowDownWaiting))}
        </p>
        <div class="dialog-actions">
            <button class="button" prop:disabled=move || cancelling.get() on:click=cancel_click>
                {move || tr(if cancelling.get() { Key::Cancelling } else { Key::Cancel })}
            </button>
        </div>
    }
}

/// What became of each user and group, with **Download outcome** beside the dialog's own
/// buttons (`children`).
#[component]
pub fn OutcomeTable(
    /// The outcome.
    outcomes: Outcomes,
    /// The dialog's buttons (Retry failed, Close).
    children: Children,
) -> impl IntoView {
    let (ok, failed) = outcomes.counts();
    let rows = outcomes.failures_first();
    let hidden = rows.len().saturating_sub(SHOWN_ROWS);
    let body = rows
        .into_iter()
        .take(SHOWN_ROWS)
        .map(|r| {
            let text = match &r.result {
                Result::NotSent => tr(Key::NotSentCancelled).to_owned(),
                Result::Unknown(e) => tf(Key::UnknownRefresh, &[&graph_quoted(&e.message)]),
                Result::Failed(e) => explain(e).cell(Key::FailedWhatFix),
                other => other.label().to_owned(),
            };
            view! { <tr class:failing=r.result.is_failure()><td>{r.name.clone()}</td><td>{text}</td></tr> }
        })
        .collect_view();
    let csv = outcomes.csv();
    let problem = RwSignal::new(None::<String>);
    view! {
        <p role="status" class="outcome">{move || tf(Key::NSucceededMFailed, &[&number(ok as f64), &number(failed as f64)])}</p>
        <div class="table-scroll">
            <table class="table" aria-label=t(Key::Outcome)>
                <thead><tr><th>{t(Key::RoleUser)}</th><th>{t(Key::Result)}</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {(hidden > 0).then(|| view! { <p class="muted">{move || tf(Key::ShowingInDownload, &[&number(SHOWN_ROWS as f64), &number(hidden as f64)])}</p> })}
        {move || problem.get().map(|p| view! { <div class="message-bar error" role="alert">{p}</div> })}
        <div class="dialog-actions">
            <button class="button" on:click=move |_| problem.set(download("license-changes.csv", &csv).err().map(|e| tf(Key::FileNotSaved, &[&e.to_string()])))>{t(Key::DownloadOutcome)}</button>
            {children()}
        </div>
    }
}
