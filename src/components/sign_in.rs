//! Signing in: the page shown before, the dialog shown when the session ends mid-work,
//! and the Sign out button.

use leptos::prelude::*;

use crate::auth::AuthStatus;
use crate::components::modal::Modal;
use crate::i18n::{t, tr, Key};
use crate::state::SignIn;

/// The page a signed-out admin sees: what the app is, and **Sign in**.
#[component]
pub fn SignInPage(
    /// The session.
    sign_in: SignIn,
) -> impl IntoView {
    let why = move || match sign_in.status.get() {
        AuthStatus::SignedOut { why } => why,
        _ => None,
    };
    view! {
        <main id="main" class="sign-in-page">
            <div class="sign-in-card">
                <h1>"Tenant Desk"</h1>
                <p>{t(Key::RsSignInIntro)}</p>
                {move || why().map(|w| view! { <div class="message-bar error" role="alert">{w}</div> })}
                <button class="button primary" on:click=move |_| sign_in.sign_in()>{t(Key::RsSignIn)}</button>
            </div>
        </main>
    }
}

/// Shown over the app (and over any dialog open in it) when the session ended while
/// working: requests wait (a bulk change pauses) until the admin signs in again, in a
/// window of its own, so nothing on the page is lost.
#[component]
pub fn SignInAgain(
    /// The session.
    sign_in: SignIn,
) -> impl IntoView {
    move || match sign_in.status.get() {
        AuthStatus::SignInAgain { why } => Some(view! {
            <Modal title=Signal::derive(move || tr(Key::RsSignInAgainToContinue).to_owned()) on_close=|_| () closable=false>
                <p role="alert">{why}</p>
                <p>{t(Key::RsSignInAgainKept)}</p>
                <div class="dialog-actions">
                    <button class="button primary" on:click=move |_| sign_in.sign_in_again()>{t(Key::RsSignInAgain)}</button>
                </div>
            </Modal>
        }),
        _ => None,
    }
}

/// **Sign out**, beside the signed-in admin's name.
#[component]
pub fn SignOutButton(
    /// The session.
    sign_in: SignIn,
) -> impl IntoView {
    view! { <button class="button subtle" on:click=move |_| sign_in.sign_out()>{t(Key::RsSignOut)}</button> }
}
