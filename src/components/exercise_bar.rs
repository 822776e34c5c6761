//! The bar over every page while a training exercise is open: its goal, **Check my work**,
//! **Hint**, **Reset exercise**, **Download my results** and **Leave exercise**.

use leptos::prelude::*;

use crate::components::deferred::NotLoaded;
use crate::components::export::download_as;
use crate::i18n::{engine_words, locale, t, tf, tr, Key};
use crate::state::{leave_exercise, use_session, Simulation, Training};

/// A hint's text with its `**bold**` control names in bold (as text, never as HTML).
fn rich(text: &str) -> impl IntoView + use<> {
    text.split("**")
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_owned();
            if i % 2 == 1 {
                view! { <strong>{part}</strong> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// How long an exercise took, as the bar says it.
fn took(seconds: i64) -> String {
    let (m, s) = (seconds.max(0) / 60, seconds.max(0) % 60);
    if m == 0 {
        format!("{s} s")
    } else {
        format!("{m} min {s} s")
    }
}

/// The exercise bar.
#[component]
pub fn ExerciseBar(
    /// The open exercise.
    training: Training,
    /// Its tenant.
    sim: Simulation,
) -> impl IntoView {
    let api = use_session().api;
    let problem = RwSignal::new(None::<String>);
    // The exercise's own texts in the current language (English where the file has none).
    let title = move || training.with(|e| e.texts(locale().tag()).title.to_owned());
    let goal = move || training.with(|e| e.texts(locale().tag()).goal.to_owned());
    let hints = move || {
        training.with(|e| {
            e.texts(locale().tag())
                .hints
                .iter()
                .map(|h| h.to_string())
                .collect::<Vec<_>>()
        })
    };
    let names = move || {
        training.with(|e| {
            e.texts(locale().tag())
                .check
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        })
    };
    let total = training.with(|e| e.hints.len());
    let used = move || (training.progress.get().hints_used as usize).min(total);
    let reset = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(tr(Key::RsResetExerciseConfirm)).ok())
            .unwrap_or(false);
        if ok {
            training.reset(sim);
            api.changed();
        }
    };
    let download = move |_| {
        leptos::task::spawn_local(async move {
            let saved = training.results_json(sim).await.and_then(|json| {
                download_as(
                    &training.with(|e| format!("results-{}.json", e.id)),
                    "application/json",
                    &json,
                )
            });
            problem.set(saved.err().map(|e| tf(Key::RsFileNotSaved, &[&e])));
        });
    };
    let check = move |_| {
        leptos::task::spawn_local(async move {
            problem.set(training.check(sim).await.err());
        });
    };
    view! {
        <section class="exercise-bar" aria-label=t(Key::Exercise)>
            <div class="exercise-goal">
                <strong>{move || tf(Key::RsExerciseTitle, &[&title()])}</strong>
                <span>{goal}</span>
            </div>
            <div class="toolbar">
                <button class="button primary" on:click=check>{t(Key::RsCheckMyWork)}</button>
                <button class="button" disabled=move || { used() >= total } on:click=move |_| training.hint()>
                    {move || tf(Key::RsHintNOfM, &[&used().to_string(), &total.to_string()])}
                </button>
                <button class="button" on:click=reset>{t(Key::RsResetExercise)}</button>
                <button class="button" on:click=download>{t(Key::RsDownloadMyResults)}</button>
                <button class="button subtle" on:click=|_| leave_exercise()>{t(Key::RsLeaveExercise)}</button>
            </div>
            {move || (used() > 0).then(|| view! {
                <ol class="hints" aria-label=t(Key::RsHints)>{hints()[..used()].iter().map(|h| view! { <li>{rich(h)}</li> }).collect_view()}</ol>
            })}
            {move || training.results.get().map(|results| {
                let passed = results.iter().all(|r| r.passed);
                let progress = training.progress.get();
                let completed = progress.completed_at.map(|at| at - progress.started_at);
                // Results come in the criteria's order: each is shown by its name in the language.
                let names = names();
                view! {
                    <ul class="criteria" aria-label=t(Key::RsCheckResults)>
                        {results.into_iter().enumerate().map(|(i, r)| view! {
                            <li class:passed=r.passed>
                                {tr(if r.passed { Key::RsPassed } else { Key::RsNotYet })}{names.get(i).cloned().unwrap_or(r.name)}
                                {(!r.why.is_empty()).then(|| view! { <span class="missing">{format!(" — {}", engine_words::missing(locale(), &r.why))}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <p role="status">{match (passed, completed) {
                        (true, Some(s)) => tf(Key::RsCompletedIn, &[&took(s)]),
                        (true, None) => tr(Key::RsCompletedDot).to_owned(),
                        (false, _) => tr(Key::RsNotDoneYet).to_owned(),
                    }}</p>
                }
            })}
            {move || problem.get().map(|p| view! { <p role="alert">{p}</p> })}
        </section>
    }
}

/// [`ExerciseBar`] as a split point: its code, and the checks' results it shows, are
/// fetched only when the tab has an exercise open.
#[leptos::wasm_split::wasm_split(exercise, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_exercise_bar(training: Training, sim: Simulation) -> Result<AnyView, NotLoaded> {
    Ok(view! { <ExerciseBar training sim /> }.into_any())
}
