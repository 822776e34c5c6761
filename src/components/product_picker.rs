//! The pieces every licence dialog shares: the product list with its apps and services,
//! and the preview of a planned change.

use leptos::prelude::*;
use tenant::catalog;
use tenant::model::{AssignedLicense, SubscribedSku};
use tenant::plan::{Plan, SeatPlan};
use tenant::ProductCounts;
use uuid::Uuid;

use crate::components::error_box::explain;
use crate::i18n::{number, t, tf, tr, Key};
use crate::state::use_session;

/// The products that can go to users, each a check box with its seats, and under it
/// **Apps and services**: every service on by default, off when unticked.
#[component]
pub fn ProductPicker(
    /// What is ticked: each product with its services turned off, as Graph takes it.
    chosen: RwSignal<Vec<AssignedLicense>>,
    /// Show only this product (the Entra **Assignment options** of one product).
    #[prop(default = None)]
    only: Option<Uuid>,
    /// Whether to offer **Apps and services** (not when the ticked products are removed).
    #[prop(into, default = Signal::stored(true))]
    services: Signal<bool>,
) -> impl IntoView {
    let session = use_session();
    let skus = move || {
        session
            .skus
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.applies_to == "User" && only.is_none_or(|o| o == s.sku_id))
            .collect::<Vec<SubscribedSku>>()
    };
    let rows = move || {
        skus()
            .into_iter()
            .map(|sku| {
                let id = sku.sku_id;
                let self_service = sku.self_service_purchase;
                let name = catalog::product_name(&sku.sku_part_number).to_owned();
                let ProductCounts { total, available, .. } = ProductCounts::of(&sku);
                let ticked = move || chosen.with(|c| c.iter().any(|c| c.sku_id == id));
                let toggle = move |_| {
                    chosen.update(|c| {
                        if let Some(i) = c.iter().position(|c| c.sku_id == id) {
                            c.remove(i);
                        } else {
                            c.push(AssignedLicense {
                                sku_id: id,
                                disabled_plans: Vec::new(),
                            });
                        }
                    })
                };
                let plans = sku
                    .service_plans
                    .iter()
                    .map(|p| {
                        let pid = p.service_plan_id;
                        let label = catalog::plan_name(&p.service_plan_name).to_owned();
                        let on = move || chosen.with(|c| c.iter().any(|c| c.sku_id == id && !c.disabled_plans.contains(&pid)));
                        let flip = move |_| {
                            chosen.update(|c| {
                                if let Some(c) = c.iter_mut().find(|c| c.sku_id == id) {
                                    if let Some(i) = c.disabled_plans.iter().position(|p| *p == pid) {
                                        c.disabled_plans.remove(i);
                                    } else {
                                        c.disabled_plans.push(pid);
                                    }
                                }
                            })
                        };
                        view! {
                            <li class="plan">
                                <label>
                                    <input type="checkbox" prop:checked=on prop:disabled=move || !ticked() on:change=flip />
                                    {label}
                                </label>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="product">
                        <label class="product-choice">
                            <input type="checkbox" prop:checked=ticked prop:disabled=self_service on:change=toggle />
                            <span class="product-name">{name.clone()}</span>
                            <span class="muted">{move || tf(Key::NOfMAvailable, &[&number(available as f64), &number(total as f64)])}</span>
                        </label>
                        {self_service.then(|| view! {
                            <p class="muted">{t(Key::SelfServiceHint)}</p>
                        })}
                        <details hidden=move || !services.get()>
                            <summary>{let name = name.clone(); move || tf(Key::TurnAppsOnOffFor, &[&name])}</summary>
                            <ul class="plans">{plans}</ul>
                        </details>
                    </li>
                }
            })
            .collect_view()
    };

    view! { <ul class="products">{rows}</ul> }
}

/// Seats a change uses against those available, and how many are missing.
#[component]
pub fn SeatSummary(
    /// The seats per product.
    seats: Vec<SeatPlan>,
) -> impl IntoView {
    let session = use_session();
    let rows = seats
        .into_iter()
        .map(|s| {
            let name = session.product_name(s.sku);
            let missing = s.missing();
            view! {
                <li>
                    {if s.needed < 0 {
                        let freed = -s.needed;
                        tf(if freed == 1 { Key::FreesOne } else { Key::FreesN }, &[&name, &number(freed as f64), &number((s.available + freed) as f64)])
                    } else {
                        tf(Key::UsesNOfM, &[&name, &number(s.needed as f64), &number(s.available.max(0) as f64)])
                    }}
                    {(missing > 0).then(|| view! {
                        <div class="message-bar warning" role="alert">
                            {tf(if missing == 1 { Key::NotEnoughOne } else { Key::NotEnoughN }, &[&number(missing as f64), &name])}
                        </div>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="seats">{rows}</ul> }
}

/// The preview: the seats (unless shown once for a whole change), and per user what they
/// get and lose and whether it would fail, with the reason and the fix.
#[component]
pub fn PlanPreview(
    /// The planned change.
    plan: Plan,
    /// Whether to show the plan's own seats.
    #[prop(default = true)]
    seats: bool,
) -> impl IntoView {
    let session = use_session();
    let product = move |id: Uuid| session.product_name(id);
    let seat_list = seats.then(|| view! { <SeatSummary seats=plan.seats.clone() /> });
    // Failures first; a bulk change of thousands shows the first rows, not a DOM of thousands.
    let mut order: Vec<&tenant::plan::UserPlan> = plan.users.iter().collect();
    order.sort_by_key(|u| u.outcome.is_ok());
    let hidden = order.len().saturating_sub(SHOWN_ROWS);
    let rows = order
        .into_iter()
        .take(SHOWN_ROWS)
        .map(|u| {
            let names = |ids: &[Uuid]| ids.iter().map(|i| product(*i)).collect::<Vec<_>>().join(", ");
            let result = match &u.outcome {
                Ok(()) if !u.changes() => tr(Key::NoChange).to_owned(),
                Ok(()) => {
                    let kept: Vec<Uuid> = u.kept_through_group().collect();
                    if kept.is_empty() {
                        tr(Key::Ready).to_owned()
                    } else {
                        tf(Key::ReadyStillGroup, &[&names(&kept)])
                    }
                }
                Err(e) => explain(e).cell(Key::WillFail),
            };
            view! {
                <tr class:failing=u.outcome.is_err()>
                    <td>{u.name.clone()}</td>
                    <td>{names(&u.gains)}</td>
                    <td>{names(&u.loses)}</td>
                    <td>{names(&u.services_changed)}</td>
                    <td>{result}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {seat_list}
        <div class="table-scroll">
            <table class="table" aria-label=t(Key::Preview)>
                <thead><tr><th>{t(Key::RoleUser)}</th><th>{t(Key::Gets)}</th><th>{t(Key::Loses)}</th><th>{t(Key::ServicesChanged)}</th><th>{t(Key::Result)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(hidden > 0).then(|| view! { <p class="muted">{move || tf(Key::ShowingNotShown, &[&number(SHOWN_ROWS as f64), &number(hidden as f64)])}</p> })}
    }
}

/// How many users a preview or outcome table shows.
pub const SHOWN_ROWS: usize = 200;
