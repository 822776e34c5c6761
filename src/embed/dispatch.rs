//! What the app does with each message the embedding page sends: one arm per message type.

use leptos::task::spawn_local;

use super::frame::{apply_theme, warn};
use super::host_token::{Expiry, HostToken};
use super::protocol::Inbound;
use crate::state::Embed;

/// Where the page's messages go: the router (through [`Embed::open`]), the token source
/// (in Graph mode), the document's style.
#[derive(Clone)]
pub struct Dispatcher {
    /// The embedding, for navigation.
    pub embed: Embed,
    /// The handed-over token's keeper; `None` on the simulated tenant, which needs none.
    pub tokens: Option<HostToken>,
}

impl Dispatcher {
    /// Acts on one checked message.
    pub fn dispatch(&self, message: Inbound) {
        match message {
            Inbound::Navigate(path) => self.embed.open(path),
            Inbound::Token(token) => match &self.tokens {
                Some(tokens) => match tokens.hand_over(token) {
                    Ok(expiry) => watch_expiry(tokens.clone(), expiry),
                    Err(why) => warn(&format!("Tenant Desk ignored tenantDesk.token: {why}.")),
                },
                None => {
                    warn("Tenant Desk ignored tenantDesk.token: it runs on its simulated tenant, which needs no token.")
                }
            },
            Inbound::Theme(change) => apply_theme(&change),
            // The same switch as the header's: every text re-renders, other state stays.
            Inbound::Locale(l) => crate::i18n::set_locale(l),
        }
    }
}

/// Asks the page for a new token as soon as this one expires, so that it can hand one over
/// before a request has to wait.
fn watch_expiry(tokens: HostToken, expiry: Expiry) {
    spawn_local(async move {
        let mut left = expiry.in_ms;
        loop {
            // A browser timer waits at most 2^31 - 1 ms (about 24 days).
            crate::api::timer::sleep_ms(left.clamp(0.0, f64::from(i32::MAX)).ceil() as i32).await;
            match tokens.expiry_due(expiry.generation) {
                Some(more) => left = more,
                None => return,
            }
        }
    });
}
