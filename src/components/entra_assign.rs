//! The Entra admin center's **Assign** on a product (seed 004): **Users and groups** (search
//! and select users or groups), **Assignment options** (the product's services, then **OK**),
//! then **Assign**, which first shows one preview over everyone, then saves with progress and
//! ends with an outcome per user and group. The flow itself is `flows::entra_assign`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::model::{AssignedLicense, User};
use tenant::plan::Assignment;
use tenant::GraphError;
use uuid::Uuid;

use crate::api::runner::{Cancel, Progress};
use crate::components::change_run::{OutcomeTable, RunProgress};
use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::components::people_picker::PeoplePicker;
use crate::components::product_picker::{PlanPreview, ProductPicker, SeatSummary};
use crate::flows::entra_assign::EntraAssign as Flow;
use crate::flows::outcome::Outcomes;
use crate::i18n::{t, tf, tr, Key};
use crate::state::{use_embed, use_session};

#[derive(Clone)]
enum Pane {
    UsersAndGroups,
    AssignmentOptions,
    Preview(Assignment),
    Saving(Cancel),
    Done(Outcomes),
}

/// The **Assign license** dialog for one product.
#[component]
pub fn EntraAssign(
    /// The product.
    sku: Uuid,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let embed = use_embed();
    let flow = RwSignal::new(Flow::new(sku));
    let pane = RwSignal::new(Pane::UsersAndGroups);
    // The pickers edit their own lists; the flow takes them when it previews.
    let users = RwSignal::new(Vec::<User>::new());
    let chosen = RwSignal::new(vec![AssignedLicense {
        sku_id: sku,
        disabled_plans: Vec::new(),
    }]);
    let problem = RwSignal::new(None::<GraphError>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(Progress::default());
    let all_groups = LocalResource::new(move || async move { api.groups().await });
    let group_text = RwSignal::new(String::new());
    let current = move || {
        let mut f = flow.get();
        f.users = users.get();
        let picked = chosen.with(|c| c.iter().find(|c| c.sku_id == sku).cloned());
        f.product_on = picked.is_some();
        if let Some(l) = picked {
            f.licence = l;
        }
        f
    };

    let preview = move |_| {
        let f = current();
        if let Err(why) = f.ready() {
            problem.set(Some(GraphError::bad_request(crate::i18n::tr(why))));
            return;
        }
        let Some(planner) = session.planner() else { return };
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            let mut members = Vec::with_capacity(f.groups.len());
            for g in &f.groups {
                match api.group_members(&g.id.to_string()).await {
                    Ok(m) => members.push(m),
                    Err(e) => {
                        let _ = problem.try_set(Some(e));
                        let _ = busy.try_set(false);
                        return;
                    }
                }
            }
            let a = f.preview(&planner, members);
            let _ = busy.try_set(false);
            let _ = pane.try_set(Pane::Preview(a));
        });
    };
    let assign = move |a: Assignment| {
        let f = current();
        let cancel = Cancel::default();
        pane.set(Pane::Saving(cancel.clone()));
        spawn_local(async move {
            let report = api.run(f.work(&a), progress, &cancel).await;
            let outcomes = Flow::outcomes(&a, &report);
            if let Some(e) = embed {
                e.changed(f.change_summary(&outcomes));
            }
            let _ = pane.try_set(Pane::Done(outcomes));
        });
    };

    let group_rows = move || match all_groups.get() {
        None => view! { <li class="muted">"Loading groups…"</li> }.into_any(),
        Some(Err(e)) => view! { <li><ErrorBox error=e /></li> }.into_any(),
        Some(Ok(groups)) => {
            let text = group_text.get().to_lowercase();
            groups
                .into_iter()
                .filter(|g| g.security_enabled && (text.is_empty() || g.display_name.to_lowercase().contains(&text)))
                .map(|g| {
                    let id = g.id;
                    let label = tf(Key::SelectGroup, &[&g.display_name]);
                    let name = g.display_name.clone();
                    let ticked = move || flow.with(|f| f.groups.iter().any(|x| x.id == id));
                    view! {
                        <li>
                            <label>
                                <input type="checkbox" aria-label=label prop:checked=ticked
                                    on:change=move |_| flow.update(|f| f.toggle_group(&g)) />
                                {name}
                            </label>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    let tab = move |label: Key, is: fn(&Pane) -> bool, to: fn() -> Pane| {
        view! {
            <button role="tab" class="button" aria-selected=move || pane.with(is).to_string()
                prop:disabled=move || pane.with(|p| matches!(p, Pane::Saving(_) | Pane::Done(_)))
                on:click=move |_| pane.set(to())>{t(label)}</button>
        }
    };
    let closable = Signal::derive(move || !pane.with(|p| matches!(p, Pane::Saving(_))));

    view! {
        <Modal title=Signal::derive(|| tr(Key::AssignLicense).to_owned()) on_close closable wide=true>
            <div class="toolbar" role="tablist" aria-label=t(Key::AssignLicense)>
                {tab(Key::UsersAndGroups, |p| matches!(p, Pane::UsersAndGroups), || Pane::UsersAndGroups)}
                {tab(Key::AssignmentOptions, |p| matches!(p, Pane::AssignmentOptions), || Pane::AssignmentOptions)}
            </div>
            <Show when=move || pane.with(|p| matches!(p, Pane::UsersAndGroups | Pane::AssignmentOptions))>
                <p class="muted" role="status">{move || current().summary()}</p>
            </Show>
            {move || problem.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || match pane.get() {
                Pane::UsersAndGroups => view! {
                    <PeoplePicker picked=users />
                    <label class="field">{t(Key::SearchGroups)}
                        <input type="search" aria-label=t(Key::SearchGroups) prop:value=move || group_text.get()
                            on:input:target=move |ev| group_text.set(ev.target().value()) />
                    </label>
                    <ul class="plans">{group_rows}</ul>
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || busy.get() || !session.can_plan() || current().ready().is_err()
                            on:click=preview>{t(Key::Assign)}</button>
                        <button class="button" on:click=move |_| on_close.run(())>{t(Key::Cancel)}</button>
                    </div>
                }.into_any(),
                Pane::AssignmentOptions => view! {
                    <ProductPicker chosen only=Some(sku) />
                    <div class="dialog-actions">
                        <button class="button primary" on:click=move |_| pane.set(Pane::UsersAndGroups)>{t(Key::Ok)}</button>
                    </div>
                }.into_any(),
                Pane::Preview(a) => {
                    let to_save = a.clone();
                    view! {
                        <h3>{t(Key::Preview)}</h3>
                        <SeatSummary seats=a.seats.clone() />
                        {a.users.clone().map(|p| view! { <section aria-label=t(Key::Users)><h4>{t(Key::Users)}</h4><PlanPreview plan=p seats=false /></section> })}
                        {a.groups.into_iter().map(|(g, p)| {
                            let label = tf(Key::GroupNamed, &[&g.display_name]);
                            let heading = label.clone();
                            view! { <section aria-label=label><h4>{heading}</h4><PlanPreview plan=p seats=false /></section> }
                        }).collect_view()}
                        <div class="dialog-actions">
                            <button class="button primary" on:click=move |_| assign(to_save.clone())>{t(Key::Assign)}</button>
                            <button class="button" on:click=move |_| pane.set(Pane::UsersAndGroups)>{t(Key::Back)}</button>
                        </div>
                    }.into_any()
                }
                Pane::Saving(cancel) => view! { <RunProgress progress cancel /> }.into_any(),
                Pane::Done(outcomes) => view! {
                    <OutcomeTable outcomes>
                        <button class="button primary" on:click=move |_| on_close.run(())>{t(Key::Close)}</button>
                    </OutcomeTable>
                }.into_any(),
            }}
        </Modal>
    }
}
