//! **Training**: the exercises the site publishes, and one exercise's own page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::scenarios;
use crate::components::page::Page;
use crate::i18n::Key;
use crate::state::{use_simulation, use_training, Progress};

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
                <div class="message-bar warning" role="status">"Training runs on the simulated tenant only: each exercise has a tenant of its own in this browser. This deployment is connected to a real tenant."</div>
            })}
            {move || catalog.get().map(|c| view! {
                {c.problems.into_iter().map(|p| view! {
                    <div class="message-bar error" role="alert"><strong>"An exercise file could not be used."</strong><span>{p}</span></div>
                }).collect_view()}
                <table class="table">
                    <caption class="visually-hidden">"Exercises"</caption>
                    <thead><tr><th scope="col">"Exercise"</th><th scope="col">"Level"</th><th scope="col">"Time"</th><th scope="col">"State"</th></tr></thead>
                    <tbody>
                        {c.exercises.into_iter().map(|e| {
                            // A full page load: the app then runs on the exercise's own tenant.
                            let href = format!("/training/{}", e.id);
                            let state = Progress::state_of(&e.id);
                            view! {
                                <tr>
                                    <td>{simulated.then(|| view! { <a href=href rel="external">{e.title.clone()}</a> })}{(!simulated).then(|| e.title.clone())}</td>
                                    <td>{e.level.as_str()}</td>
                                    <td>{format!("{} min", e.minutes)}</td>
                                    <td>{state}</td>
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
                    <p>"This exercise is not open. Pick one from the "<a href="/training">"Training"</a>" list."</p>
                }.into_any(),
                Some(t) => t.with(|e| view! {
                    <h2>{e.title.clone()}</h2>
                    <p class="exercise-meta">{format!("{} · about {} min", e.level.as_str(), e.minutes)}</p>
                    <p>{e.goal.clone()}</p>
                    <h3>"What the check looks for"</h3>
                    <ul>{e.check.iter().map(|c| view! { <li>{c.name.clone()}</li> }).collect_view()}</ul>
                    <p>"The app around you is the real app, on this exercise's own tenant: do the work any way you like, then select "<strong>"Check my work"</strong>"."</p>
                }).into_any(),
            }}
        </Page>
    }
}
