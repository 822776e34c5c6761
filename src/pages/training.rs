//! **Training**: the exercises the site publishes, and one exercise's own page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::scenarios;
use crate::components::link::Link;
use crate::components::page::Page;
use crate::i18n::{locale, t, tf, tr, Key};
use crate::state::{use_simulation, use_training, Progress};
use tenant::training::Level;

/// A level's word in the current language (the file's own word is English).
fn level_name(level: Level) -> &'static str {
    tr(level_key(level))
}

fn level_key(level: Level) -> Key {
    match level {
        Level::Beginner => Key::RsLevelBeginner,
        Level::Intermediate => Key::RsLevelIntermediate,
        Level::Advanced => Key::RsLevelAdvanced,
    }
}

/// An exercise's state ([`Progress::state_of`]'s English words) in the current language.
fn state_name(state: &str) -> &'static str {
    tr(state_key(state))
}

fn state_key(state: &str) -> Key {
    match state {
        "Not started" => Key::RsNotStarted,
        "Completed" => Key::RsStateCompleted,
        _ => Key::RsStateInProgress,
    }
}

/// The list of exercises with their level, time and state; each opens by its own link
/// (`/training/<id>`, which a course page can point to). Broken files are reported here,
/// with the file, the place and what is wrong; the others still work.
#[component]
pub fn TrainingList() -> impl IntoView {
    let catalog = LocalResource::new(scenarios::load);
    let simulated = use_simulation().is_some();
    view! {
        <Page title=Key::Training crumbs=vec![(Key::Home, "/")]>
            {(!simulated).then(|| view! {
                <div class="message-bar warning" role="status">{t(Key::RsTrainingSimulatedOnly)}</div>
            })}
            {move || catalog.get().map(|c| view! {
                {c.problems.into_iter().map(|p| view! {
                    <div class="message-bar error" role="alert"><strong>{t(Key::RsExerciseFileUnusable)}</strong><span>{p}</span></div>
                }).collect_view()}
                <table class="table">
                    <caption class="visually-hidden">{t(Key::Exercises)}</caption>
                    <thead><tr><th scope="col">{t(Key::Exercise)}</th><th scope="col">{t(Key::RsLevel)}</th><th scope="col">{t(Key::RsTime)}</th><th scope="col">{t(Key::RsState)}</th></tr></thead>
                    <tbody>
                        {c.exercises.into_iter().map(|e| {
                            // A full page load: the app then runs on the exercise's own tenant.
                            let href = crate::site::url(&format!("/training/{}", e.id));
                            let state = Progress::state_of(&e.id);
                            view! {
                                <tr>
                                    <td>{simulated.then(|| { let e = e.clone(); view! { <a href=href rel="external">{move || e.texts(locale().tag()).title.to_owned()}</a> } })}{(!simulated).then(|| { let e = e.clone(); move || e.texts(locale().tag()).title.to_owned() })}</td>
                                    <td>{move || level_name(e.level)}</td>
                                    <td>{format!("{} min", e.minutes)}</td>
                                    <td>{move || state_name(state)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </Page>
    }
}

/// One exercise's page: its goal and what the check looks for. The bar on top of every
/// page has Check my work, Hint and Reset exercise while it is open.
#[component]
pub fn ExercisePage() -> impl IntoView {
    let params = use_params_map();
    let training = use_training();
    let open = move || {
        let id = params.read().get("id").unwrap_or_default();
        training.filter(|t| t.with(|e| e.id == id))
    };
    view! {
        <Page title=Key::Exercise crumbs=vec![(Key::Home, "/"), (Key::Training, "/training")]>
            {move || match open() {
                None => view! {
                    <p>{t(Key::RsExerciseNotOpen)}<Link href="/training">{t(Key::Training)}</Link>{t(Key::RsExerciseNotOpenEnd)}</p>
                }.into_any(),
                Some(ex) => ex.with(|e| {
                    let (l, e) = (locale(), e.clone());
                    let texts = e.texts(l.tag());
                    view! {
                    <h2>{texts.title.to_owned()}</h2>
                    <p class="exercise-meta">{let (level, minutes) = (e.level, e.minutes); move || tf(Key::RsLevelAboutMin, &[level_name(level), &minutes.to_string()])}</p>
                    <p>{texts.goal.to_owned()}</p>
                    <h3>{t(Key::RsWhatTheCheckLooksFor)}</h3>
                    <ul>{texts.check.iter().map(|c| view! { <li>{c.to_string()}</li> }).collect_view()}</ul>
                    <p>{t(Key::RsRealAppThenSelect)}<strong>{t(Key::RsCheckMyWork)}</strong>"."</p>
                }}).into_any(),
            }}
        </Page>
    }
}

#[cfg(test)]
mod tests {
    use tenant::training::Level;

    use super::{level_key, state_key};
    use crate::i18n::{text, Locale};

    #[test]
    fn levels_and_states_keep_their_english_words() {
        for level in [Level::Beginner, Level::Intermediate, Level::Advanced] {
            assert_eq!(text(Locale::En, level_key(level)), level.as_str());
        }
        for state in ["Not started", "In progress", "Completed"] {
            assert_eq!(text(Locale::En, state_key(state)), state);
        }
    }
}
