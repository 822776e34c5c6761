use leptos::prelude::*;
use tenant::activity::{activities, activities_csv, describe, Activity};

use crate::components::export::download;
use crate::components::page::Page;
use crate::i18n::{engine_words, locale, t, tf, tr, Key};
use crate::state::{use_api, use_simulation};

/// **Activity log**: every change made in the simulated tenant (who, when, what, the
/// outcome), exportable to CSV; **Undo last change** takes the last successful one back.
#[component]
pub fn ActivityLog() -> impl IntoView {
    let api = use_api();
    let sim = use_simulation();
    // The journal is the worker's: read again after every change.
    let journal = LocalResource::new(move || {
        api.revision();
        async move {
            match sim {
                Some(s) => s.journal().await,
                None => Vec::new(),
            }
        }
    });
    let list = Memo::new(move |_| journal.get().map(|j| activities(&j)).unwrap_or_default());
    let simulated = sim.is_some();
    let notice = RwSignal::new(None::<String>);
    let undo = move |_| {
        let Some(sim) = sim else { return };
        leptos::task::spawn_local(async move {
            let undone = sim.undo().await;
            // The page may be gone by now: `set` on it does nothing.
            notice.set(Some(match undone {
                Some(change) => tf(Key::RsUndone, &[&engine_words::change(locale(), &describe(&change))]),
                None => tr(Key::RsNothingToUndo).into(),
            }));
            api.changed();
        });
    };
    let export = move |_| {
        if let Err(e) = download("activity.csv", &activities_csv(&list.get_untracked())) {
            notice.set(Some(tf(Key::RsExportFailed, &[&e])));
        }
    };
    view! {
        <Page title=Key::ActivityLog crumbs=vec![(Key::Home, "/")]>
            {(!simulated).then(|| view! {
                <p class="message-bar info">{t(Key::RsActivityOnGraph)}</p>
            })}
            <div class="toolbar">
                <button class="button primary" prop:disabled=move || !list.with(|l| l.iter().any(|a| a.ok)) on:click=undo>{t(Key::RsUndoLastChange)}</button>
                <button class="button" on:click=export>{t(Key::RsExportActivity)}</button>
            </div>
            {move || notice.get().map(|n| view! { <div class="message-bar success" role="status">{n}</div> })}
            <table class="table" aria-label=t(Key::RsActivity)>
                <thead><tr><th scope="col">{t(Key::RsWhen)}</th><th scope="col">{t(Key::RsWho)}</th><th scope="col">{t(Key::RsWhat)}</th><th scope="col">{t(Key::RsOutcome)}</th></tr></thead>
                <tbody>
                    <For each=move || list.get() key=|a: &Activity| (a.change, a.what.clone(), a.outcome.clone()) let(a)>
                        <tr class:failing=!a.ok>
                            <td><time datetime=a.at.clone()>{let at = a.at.clone(); move || crate::i18n::date_time(&at)}</time></td>
                            <td>{a.actor}</td>
                            <td>{let parts = a.parts.clone(); move || engine_words::change(locale(), &parts)}</td>
                            <td>{let result = a.result.clone(); move || engine_words::outcome(locale(), &result)}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <Show when=move || list.with(|l| l.is_empty())>
                <p>{t(Key::RsNoChangesYet)}</p>
            </Show>
        </Page>
    }
}
