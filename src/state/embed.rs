//! Embedding as views reach it: whether to leave out the header and navigation, the path
//! the embedding page asked to open, and posting it events (a licence change finished, an
//! error shown). `None` from [`use_embed`] where the app runs standalone.

use leptos::prelude::*;

use crate::embed::frame::Host;
use crate::embed::protocol::Outbound;
use crate::flows::outcome::ChangeSummary;

/// The embedding, for views. `Copy` (arena handles) so views capture it.
#[derive(Clone, Copy)]
pub struct Embed {
    host: StoredValue<Option<Host>, LocalStorage>,
    /// Whether the page shows without the header and navigation.
    pub chromeless: bool,
    /// The path the embedding page asked to open last, numbered so that asking for the
    /// same path twice opens it twice; the router follows it.
    pub navigate_to: RwSignal<Option<(u64, String)>>,
}

impl Embed {
    /// Whether a page embeds the app and hears its events.
    pub fn hosted(&self) -> bool {
        self.host.with_value(Option::is_some)
    }

    /// Posts `message` to the embedding page, if there is one.
    pub fn post(&self, message: &Outbound) {
        self.host.with_value(|h| {
            if let Some(h) = h {
                h.post(message);
            }
        });
    }

    /// Tells the embedding page that a licence change has finished.
    pub fn changed(&self, summary: ChangeSummary) {
        self.post(&Outbound::Changed {
            change: summary.change,
            users: summary.users,
            groups: summary.groups,
            succeeded: summary.succeeded,
            failed: summary.failed,
        });
    }

    /// Tells the embedding page about an error the admin is shown.
    pub fn error(&self, message: impl Into<String>) {
        self.post(&Outbound::Error {
            message: message.into(),
        });
    }

    /// Opens `path` (checked already) as the embedding page asked.
    pub fn open(&self, path: String) {
        self.navigate_to
            .update(|n| *n = Some((n.as_ref().map_or(0, |(i, _)| i + 1), path)));
    }
}

/// Provides the embedding (when the app is chromeless or hosted) to the views.
pub fn provide_embed(host: Option<Host>, chromeless: bool) -> Option<Embed> {
    if host.is_none() && !chromeless {
        return None;
    }
    let embed = Embed {
        host: StoredValue::new_local(host),
        chromeless,
        navigate_to: RwSignal::new(None),
    };
    provide_context(embed);
    Some(embed)
}

/// The embedding, or `None` where the app runs standalone.
pub fn use_embed() -> Option<Embed> {
    use_context::<Embed>()
}
