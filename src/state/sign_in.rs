//! The signed-in admin's session as views reach it: its status, Sign in, Sign in again and
//! Sign out. `None` where the backend needs no sign-in (the simulated tenant, or
//! `graph-server` with a development user).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::auth::{Auth, AuthStatus};

/// The session. `Copy` (arena handles) so views capture it.
#[derive(Clone, Copy)]
pub struct SignIn {
    auth: StoredValue<Auth, LocalStorage>,
    /// Where the session stands (tracked).
    pub status: RwSignal<AuthStatus>,
}

impl SignIn {
    /// **Sign in**: leaves for the provider; an error (the provider cannot be reached)
    /// comes back in `status`.
    pub fn sign_in(&self) {
        let auth = self.auth.get_value();
        let status = self.status;
        spawn_local(async move {
            if let Err(why) = auth.sign_in().await {
                status.set(AuthStatus::SignedOut { why: Some(why) });
            }
        });
    }

    /// **Sign in again**, in a window of its own; waiting requests go on after.
    pub fn sign_in_again(&self) {
        let auth = self.auth.get_value();
        spawn_local(async move { auth.sign_in_again().await });
    }

    /// **Sign out**.
    pub fn sign_out(&self) {
        self.auth.with_value(Auth::sign_out);
    }
}

/// Provides the session to the views.
pub fn provide_sign_in(auth: Auth) -> SignIn {
    let s = SignIn {
        status: RwSignal::from(auth.status()),
        auth: StoredValue::new_local(auth),
    };
    provide_context(s);
    s
}

/// The session, or `None` where there is no sign-in.
pub fn use_sign_in() -> Option<SignIn> {
    use_context::<SignIn>()
}
