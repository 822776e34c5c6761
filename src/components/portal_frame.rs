//! The simulated Azure portal's frame: who is signed in, Sign out, and the page, or the
//! sign-in form in its place when no one is. On Microsoft Graph it says plainly that these
//! flows are the simulated tenant's only.

use leptos::prelude::*;
use tenant::GraphError;

use crate::components::page::Page;
use crate::components::portal_sign_in::PortalSignIn;
use crate::i18n::Key;
use crate::state::{use_portal, use_simulation};

/// A portal page.
#[component]
pub fn PortalFrame(
    /// The page title.
    title: Key,
    /// Whose credentials the page needs, when signed out.
    #[prop(default = "Sign in to the Azure portal.")]
    prompt: &'static str,
    /// Whether the page needs someone signed in (the portal's start page does not).
    #[prop(default = true)]
    needs_sign_in: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let portal = use_portal();
    let crumbs = vec![(Key::AzurePortal, "/azure")];
    if use_simulation().is_none() {
        return view! {
            <Page title crumbs center=Key::AzurePortal><SimulatedOnly /></Page>
        }
        .into_any();
    }
    view! {
        <Page title crumbs center=Key::AzurePortal>
            {move || match portal.account() {
                None if !needs_sign_in => view! {
                    <p class="portal-account" role="status">"No one is signed in to the Azure portal: each procedure asks for the account it needs."</p>
                    {children()}
                }.into_any(),
                None => view! { <PortalSignIn prompt=prompt /> }.into_any(),
                Some(a) => view! {
                    <div class="portal-account" data-testid="portal-account">
                        <span>"Signed in to the Azure portal as "<strong>{a.address.clone()}</strong>" ("{a.kind.label()}")"</span>
                        <button class="button subtle" on:click=move |_| portal.sign_out()>"Sign out"</button>
                    </div>
                    {children()}
                }.into_any(),
            }}
        </Page>
    }
    .into_any()
}

/// Said in place of a portal page on Microsoft Graph, which has no classic portal.
#[component]
pub fn SimulatedOnly() -> impl IntoView {
    view! {
        <p class="message-bar info" role="status">"The Azure portal flows run on the simulated tenant only: they are Azure's classic portal, not Microsoft Graph. Open Tenant Desk on its built-in simulated tenant to follow them."</p>
    }
}

/// A portal refusal or failure, in the engine's words (which carry the fix).
#[component]
pub fn PortalError(
    /// The error.
    error: GraphError,
) -> impl IntoView {
    view! {
        <div class="message-bar error" role="alert">
            <span>{error.message.clone()}</span>
            <small class="error-code">{error.code.as_str()}</small>
        </div>
    }
}
