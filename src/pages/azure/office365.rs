use crate::components::link::Link;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::azure::changes::OFFICE_365_PLANS;
use tenant::azure::world::Account;
use tenant::catalog::product_name;
use tenant::GraphError;

use crate::components::page::Page;
use crate::components::portal_frame::{PortalError, SimulatedOnly};
use crate::components::portal_sign_in::PortalSignIn;
use crate::i18n::{t, tf, Key};
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
                    <p>{t(Key::AzSelectPlan)}</p>
                    <ul class="plans">
                        {OFFICE_365_PLANS.iter().map(|p| view! {
                            <li><strong>{product_name(p)}</strong>" "<button class="button" aria-label=move || tf(Key::AzSelectName, &[product_name(p)]) on:click=move |_| step.set(Step::Trial(p))>{t(Key::AzSelect)}</button></li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Step::Trial(p) => view! {
                    <div class="toolbar"><span class="spacer"></span><button class="button" on:click=move |_| { portal.sign_out(); step.set(Step::SignIn(p)); }>{t(Key::AzSignIn)}</button></div>
                    <h2>{move || tf(Key::AzTryFreeMonth, &[product_name(p)])}</h2>
                    <p class="hint">{t(Key::AzAlreadyAccount)}</p>
                    <form class="dimmed" aria-label=t(Key::AzNewAccountNotNeeded)><label class="field"><span>{t(Key::AzBusinessEmail)}</span><input type="email" /></label></form>
                }.into_any(),
                Step::SignIn(p) => view! {
                    <PortalSignIn prompt=Key::AzSignInWithAccount on_signed_in=Callback::new(move |_: Account| step.set(Step::Confirm(p))) />
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
                        <h2>{t(Key::AzConfirmOrder)}</h2>
                        <p>{move || portal.account().map(|a| tf(Key::AzTrialFor, &[product_name(p), &a.address]))}</p>
                        {move || error.get().map(|e| view! {
                            <PortalError error=e />
                            <p>{t(Key::AzHowToKnowRole)}<Link href="/azure/directories">{t(Key::AzRolePath)}</Link></p>
                        })}
                        <button class="button primary" on:click=try_now>{t(Key::AzTryNow)}</button>
                    }.into_any()
                }
                Step::Receipt(p) => view! {
                    <h2>{t(Key::AzOrderReceipt)}</h2>
                    <p>{move || tf(Key::AzAddedToDirectory, &[product_name(p)])}</p>
                    <button class="button primary" on:click=move |_| step.set(Step::Plans)>{t(Key::AzContinue)}</button>
                    <p>{t(Key::AzInM365)}<Link href="/users/active">{t(Key::AzUsersActiveUsers)}</Link>{t(Key::AzShowsSameUsers)}<Link href="/billing/licenses">{t(Key::AzBillingLicenses)}</Link>{t(Key::AzTheNewSubscription)}</p>
                }.into_any(),
            })}
        </Page>
    }
}
