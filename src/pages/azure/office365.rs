use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use tenant::azure::changes::OFFICE_365_PLANS;
use tenant::azure::world::Account;
use tenant::catalog::product_name;
use tenant::GraphError;

use crate::components::page::Page;
use crate::components::portal_frame::{PortalError, SimulatedOnly};
use crate::components::portal_sign_in::PortalSignIn;
use crate::i18n::Key;
use crate::state::{use_api, use_portal, use_simulation};

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Plans,
    Trial(&'static str),
    SignIn(&'static str),
    Confirm(&'static str),
    Receipt(&'static str),
}

/// Seed 001, scenario 2: an Azure user buys Office 365 for the same directory (a plan,
/// **Sign in** at the top right rather than the form, **Try now**, **Continue**). Only a
/// Global admin or Billing admin of the directory may; the engine says so to anyone else.
#[component]
pub fn BuyOffice365() -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let step = RwSignal::new(Step::Plans);
    let error = RwSignal::new(None::<GraphError>);
    let simulated = use_simulation().is_some();
    view! {
        <Page title=Key::Office365ForBusiness crumbs=vec![(Key::AzurePortal, "/azure")] center=Key::AzurePortal>
            {(!simulated).then(|| view! { <SimulatedOnly /> })}
            {move || simulated.then(|| match step.get() {
                Step::Plans => view! {
                    <p>"Select a plan that is suitable for you."</p>
                    <ul class="plans">
                        {OFFICE_365_PLANS.iter().map(|p| view! {
                            <li><strong>{product_name(p)}</strong>" "<button class="button" aria-label=format!("Select {}", product_name(p)) on:click=move |_| step.set(Step::Trial(p))>"Select"</button></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Step::Trial(p) => view! {
                    <div class="toolbar"><span class="spacer"></span><button class="button" on:click=move |_| { portal.sign_out(); step.set(Step::SignIn(p)); }>"Sign in"</button></div>
                    <h2>{format!("Try {} free for one month", product_name(p))}</h2>
                    <p class="hint">"Already have an account? Don't fill in the form: sign in at the top right, and the subscription is added to your directory."</p>
                    <form class="dimmed" aria-label="New account (not needed)"><label class="field"><span>"Your business email address"</span><input type="email" /></label></form>
                }.into_any(),
                Step::SignIn(p) => view! {
                    <PortalSignIn prompt="Sign in with your account." on_signed_in=Callback::new(move |_: Account| step.set(Step::Confirm(p))) />
                }.into_any(),
                Step::Confirm(p) => {
                    let try_now = move |_| {
                        let Some(who) = portal.account_untracked() else { return };
                        spawn_local(async move {
                            match api.buy_office365(&who, p).await {
                                Ok(()) => step.set(Step::Receipt(p)),
                                Err(e) => error.set(Some(e)),
                            }
                        });
                    };
                    view! {
                        <h2>"Confirm your order"</h2>
                        <p>{move || portal.account().map(|a| format!("{}: a one-month trial with 25 licenses, for {}.", product_name(p), a.address))}</p>
                        {move || error.get().map(|e| view! {
                            <PortalError error=e />
                            <p>"How to know your role: "<A href="/azure/directories">"ACTIVE DIRECTORY > USERS > your name > ORGANIZATIONAL ROLE"</A></p>
                        })}
                        <button class="button primary" on:click=try_now>"Try now"</button>
                    }.into_any()
                }
                Step::Receipt(p) => view! {
                    <h2>"Order receipt"</h2>
                    <p>{format!("{} is added to your directory.", product_name(p))}</p>
                    <button class="button primary" on:click=move |_| step.set(Step::Plans)>"Continue"</button>
                    <p>"In the Microsoft 365 admin center: "<A href="/users/active">"Users > Active users"</A>" shows the same users, and "<A href="/billing/licenses">"Billing > Licenses"</A>" the new subscription."</p>
                }.into_any(),
            })}
        </Page>
    }
}
