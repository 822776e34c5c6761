//! The simulated Azure portal's frame: who is signed in, Sign out, and the page, or the
//! sign-in form in its place when no one is. On Microsoft Graph it says plainly that these
//! flows are the simulated tenant's only.

use leptos::prelude::*;
use tenant::azure::refusal::Refusal;
use tenant::GraphError;

use crate::components::page::Page;
use crate::components::portal_sign_in::PortalSignIn;
use crate::i18n::{engine_words, locale, t, tr, Key};
use crate::state::{use_portal, use_simulation};

/// A portal page.
#[component]
pub fn PortalFrame(
    /// The page title.
    title: Key,
    /// Whose credentials the page needs, when signed out.
    #[prop(default = Key::AzSignInPortalPrompt)]
    prompt: Key,
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
                    <p class="portal-account" role="status">{t(Key::AzNoOneSignedIn)}</p>
                    {children()}
                }.into_any(),
                None => view! { <PortalSignIn prompt=prompt /> }.into_any(),
                Some(a) => view! {
                    <div class="portal-account" data-testid="portal-account">
                        <span>{t(Key::AzSignedInAs)}<strong>{a.address.clone()}</strong>" ("{shown(a.kind.label())}")"</span>
                        <button class="button subtle" on:click=move |_| portal.sign_out()>{t(Key::AzSignOut)}</button>
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
        <p class="message-bar info" role="status">{t(Key::AzSimulatedOnly)}</p>
    }
}

/// A portal refusal or failure with its fix: a refusal the engine gave as data
/// ([`Refusal`]) in the current language, any other error in the engine's own words.
#[component]
pub fn PortalError(
    /// The error.
    error: GraphError,
) -> impl IntoView {
    let code = error.code.as_str();
    let refusal = Refusal::of(&error);
    let message = move || match &refusal {
        Some(r) => engine_words::refusal(locale(), r),
        None => error.message.clone(),
    };
    view! {
        <div class="message-bar error" role="alert">
            <span>{message}</span>
            <small class="error-code">{code}</small>
        </div>
    }
}

/// An engine label (`Access::label()`, `AccountKind::label()`, `OrgRole::label()`, a user
/// type) as shown in the current language (tracked). Code compares the engine's own value;
/// only the display goes through here. A label it does not know is shown as the engine wrote it.
pub fn shown(label: &str) -> String {
    let key = match label {
        "Service administrator" => Key::AzServiceAdministrator,
        "Co-administrator" => Key::AzCoAdministrator,
        "Work or school account" => Key::AzWorkOrSchoolAccount,
        "Microsoft account" => Key::AzMicrosoftAccount,
        "Global administrator" => Key::AzGlobalAdministrator,
        "Billing administrator" => Key::AzBillingAdministrator,
        "User administrator" => Key::AzUserAdministrator,
        "User" => Key::RoleUser,
        "Member" => Key::Member,
        "Guest" => Key::Guest,
        _ => return label.to_owned(),
    };
    tr(key).to_owned()
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn engine_labels_are_shown_in_english_by_default() {
        for l in [
            "Service administrator",
            "Co-administrator",
            "Work or school account",
            "Microsoft account",
            "Global administrator",
            "User",
            "Member",
        ] {
            assert_eq!(shown(l), l);
        }
        assert_eq!(
            shown("Microsoft Azure Active Directory"),
            "Microsoft Azure Active Directory"
        );
    }
}
