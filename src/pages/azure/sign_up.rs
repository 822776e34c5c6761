use crate::components::link::Link;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::azure::world::{Account, AccountKind};
use tenant::GraphError;

use crate::components::page::Page;
use crate::components::portal_frame::{shown, PortalError, SimulatedOnly};
use crate::components::portal_sign_in::PortalSignIn;
use crate::i18n::{t, tf, Key};
use crate::state::{use_api, use_portal, use_simulation};

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Landing,
    Start,
    SignIn(AccountKind),
    Details,
    Done,
}

/// Seed 001, scenario 1: an Office 365 user signs up for Azure (**Try for free**, **Start
/// now**, **Sign in with your organizational account**, the form, **Start managing my
/// service**); the subscription lands in the directory of the account that signs up.
#[component]
pub fn SignUpAzure() -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let step = RwSignal::new(Step::Landing);
    let agreed = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let error = RwSignal::new(None::<GraphError>);
    let signed_in = Callback::new(move |_: Account| step.set(Step::Details));
    let sign_up = move |_| {
        let Some(who) = portal.account_untracked() else { return };
        spawn_local(async move {
            match api.sign_up_azure(&who).await {
                Ok(()) => step.set(Step::Done),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let simulated = use_simulation().is_some();
    view! {
        <Page title=Key::SignUpForAzure crumbs=vec![(Key::AzurePortal, "/azure")] center=Key::AzurePortal>
            {(!simulated).then(|| view! { <SimulatedOnly /> })}
            {move || simulated.then(|| match step.get() {
                Step::Landing => view! {
                    <p>{t(Key::AzStartFree)}</p>
                    <button class="button primary" on:click=move |_| step.set(Step::Start)>{t(Key::AzTryForFree)}</button>
                }.into_any(),
                Step::Start => view! {
                    <button class="button primary" on:click=move |_| { portal.sign_out(); step.set(Step::SignIn(AccountKind::Work)); }>{t(Key::AzStartNow)}</button>
                }.into_any(),
                Step::SignIn(kind) => view! {
                    <div class="toolbar">
                        <button class="button" aria-pressed=(kind == AccountKind::Work).to_string() on:click=move |_| step.set(Step::SignIn(AccountKind::Work))>{t(Key::AzSignInOrgAccount)}</button>
                        <button class="button" aria-pressed=(kind == AccountKind::Microsoft).to_string() on:click=move |_| step.set(Step::SignIn(AccountKind::Microsoft))>{t(Key::AzSignInMsAccount)}</button>
                    </div>
                    <PortalSignIn prompt=if kind == AccountKind::Work { Key::AzSignInO365Prompt } else { Key::AzSignInMsPrompt } only=kind on_signed_in=signed_in />
                }.into_any(),
                Step::Details => view! {
                    <h2>{t(Key::AzAboutYou)}</h2>
                    <p>{move || portal.account().map(|a| tf(Key::AzSignedInAsKind, &[&a.address, &shown(a.kind.label())]))}</p>
                    <label class="field"><span>{t(Key::AzPhoneNumber)}</span><input type="tel" prop:value=move || phone.get() on:input:target=move |ev| phone.set(ev.target().value()) /></label>
                    <label><input type="checkbox" prop:checked=move || agreed.get() on:change:target=move |ev| agreed.set(ev.target().checked()) />{t(Key::AzAgree)}</label>
                    {move || error.get().map(|e| view! { <PortalError error=e /> })}
                    <button class="button primary" prop:disabled=move || !agreed.get() || phone.get().trim().is_empty() on:click=sign_up>{t(Key::AzSignUp)}</button>
                }.into_any(),
                Step::Done => view! {
                    <p class="message-bar success" role="status">{t(Key::AzSubscriptionReady)}</p>
                    <Link href="/azure/directories" attr:class="button primary">{t(Key::AzStartManaging)}</Link>
                }.into_any(),
            })}
        </Page>
    }
}
