use leptos::prelude::*;
use tenant::activity::{activities, activities_csv, Activity};

use crate::components::export::download;
use crate::components::page::Page;
use crate::i18n::Key;
use crate::state::{use_api, use_simulation};

/// **Activity log**: every change made in the simulated tenant (who, when, what, the
/// outcome), exportable to CSV; **Undo last change** takes the last successful one back.
#[component]
pub fn ActivityLog() -> impl IntoView {
    let api = use_api();
    let sim = use_simulation();
    let list = Memo::new(move |_| {
        api.revision();
        sim.map(|s| activities(&s.journal())).unwrap_or_default()
    });
    let simulated = sim.is_some();
    let notice = RwSignal::new(None::<String>);
    let undo = move |_| {
        let Some(sim) = sim else { return };
        leptos::task::spawn_local(async move {
            let undone = sim.undo().await;
            // The page may be gone by now: `set` on it does nothing.
            notice.set(Some(match undone {
                Some(change) => format!("Undone: {}", tenant::activity::describe_change(&change)),
                None => "There is nothing to undo.".into(),
            }));
            api.changed();
        });
    };
    let export = move |_| {
        if let Err(e) = download("activity.csv", &activities_csv(&list.get_untracked())) {
            notice.set(Some(format!("The export failed: {e}")));
        }
    };
    view! {
        <Page title=Key::ActivityLog crumbs=vec![(Key::Home, "/")]>
            {(!simulated).then(|| view! {
                <p class="message-bar info">"The activity log and undo belong to the simulated tenant. On Microsoft Graph, use the audit log of the Entra admin center."</p>
            })}
            <div class="toolbar">
                <button class="button primary" prop:disabled=move || !list.with(|l| l.iter().any(|a| a.ok)) on:click=undo>"Undo last change"</button>
                <button class="button" on:click=export>"Export activity"</button>
            </div>
            {move || notice.get().map(|n| view! { <div class="message-bar success" role="status">{n}</div> })}
            <table class="table" aria-label="Activity">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th><th scope="col">"Outcome"</th></tr></thead>
                <tbody>
                    <For each=move || list.get() key=|a: &Activity| (a.change, a.what.clone(), a.outcome.clone()) let(a)>
                        <tr class:failing=!a.ok>
                            <td>{a.at.replace('T', " ").replace('Z', " UTC")}</td>
                            <td>{a.actor}</td>
                            <td>{a.what}</td>
                            <td>{a.outcome}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <Show when=move || list.with(|l| l.is_empty())>
                <p>"No changes yet. Changes you make (licenses, invitations, group members) are listed here."</p>
            </Show>
        </Page>
    }
}
