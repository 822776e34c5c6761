//! A running change and its outcome, as every licence dialog shows them: the progress bar
//! with **Cancel**, then who succeeded and who failed (failures first, with the reason and
//! the fix), **Download outcome** and, when something failed, **Retry failed**.

use leptos::prelude::*;

use crate::api::runner::{Cancel, Progress};
use crate::components::error_box::explain;
use crate::components::export::download;
use crate::components::product_picker::SHOWN_ROWS;
use crate::flows::outcome::{Outcomes, Result};

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
        <p>"Saving changes…"</p>
        <div class="progress-bar" role="progressbar" aria-label="Saving changes" aria-valuemin="0"
            aria-valuemax=total aria-valuenow=done>
            <div class="progress-fill" style:width=move || format!("{}%", (done() * 100).checked_div(total()).unwrap_or(100))></div>
        </div>
        <p class="muted" role="status">
            {move || format!("{} of {} done", done(), total())}
            {move || progress.get().waiting.then_some(". The tenant asked to slow down: waiting before trying again.")}
        </p>
        <div class="dialog-actions">
            <button class="button" prop:disabled=move || cancelling.get() on:click=cancel_click>
                {move || if cancelling.get() { "Cancelling…" } else { "Cancel" }}
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
                Result::NotSent => "Not sent: the change was cancelled first.".to_owned(),
                Result::Unknown(e) => format!("Unknown: {} Refresh to see whether it was applied.", e.message),
                Result::Failed(e) => {
                    let (what, fix) = explain(e);
                    format!("Failed: {what} {fix}")
                }
                other => other.label().to_owned(),
            };
            view! { <tr class:failing=r.result.is_failure()><td>{r.name.clone()}</td><td>{text}</td></tr> }
        })
        .collect_view();
    let csv = outcomes.csv();
    let problem = RwSignal::new(None::<String>);
    view! {
        <p role="status" class="outcome">{format!("{ok} succeeded, {failed} failed.")}</p>
        <div class="table-scroll">
            <table class="table" aria-label="Outcome">
                <thead><tr><th>"User"</th><th>"Result"</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        {(hidden > 0).then(|| view! { <p class="muted">{format!("Showing {SHOWN_ROWS} users, failures first; {hidden} more in the download.")}</p> })}
        {move || problem.get().map(|p| view! { <div class="message-bar error" role="alert">{p}</div> })}
        <div class="dialog-actions">
            <button class="button" on:click=move |_| problem.set(download("license-changes.csv", &csv).err().map(|e| format!("The file couldn't be saved: {e}")))>"Download outcome"</button>
            {children()}
        </div>
    }
}
