//! Who is signed in to the simulated Azure portal. Not a token: the simulated portal
//! signs accounts in by address alone (as a training site would), and this is the address
//! it goes by, kept for the tab so a reload stays signed in as the seeds' steps expect.

use leptos::prelude::*;
use tenant::azure::world::Account;

const KEY: &str = "tenant-desk.portalAccount";

/// The portal's signed-in account, `None` when signed out.
#[derive(Clone, Copy)]
pub struct PortalSession {
    account: RwSignal<Option<Account>>,
}

impl PortalSession {
    /// The account signed in.
    pub fn account(&self) -> Option<Account> {
        self.account.get()
    }

    /// [`PortalSession::account`] without tracking.
    pub fn account_untracked(&self) -> Option<Account> {
        self.account.get_untracked()
    }

    /// Signs `account` in (the portal signs the previous one out).
    pub fn sign_in(&self, account: Account) {
        store(Some(&account));
        self.account.set(Some(account));
    }

    /// Signs out, as the seeds' steps do between accounts.
    pub fn sign_out(&self) {
        store(None);
        self.account.set(None);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn store(account: Option<&Account>) {
    if let Some(s) = storage() {
        let _ = match account {
            Some(a) => s.set_item(KEY, &a.to_header()),
            None => s.remove_item(KEY),
        };
    }
}

/// Provides the portal session, signed in as the tab last was.
pub fn provide_portal() {
    let saved = storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| Account::from_header(&v));
    provide_context(PortalSession {
        account: RwSignal::new(saved),
    });
}

/// The portal session (provided by the app for the simulated tenant).
pub fn use_portal() -> PortalSession {
    use_context::<PortalSession>().unwrap_or(PortalSession {
        account: RwSignal::new(None),
    })
}
