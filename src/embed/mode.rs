//! Whether the app is embedded, decided once at start from what the browser says about
//! the page: a pure function, so every case is tested without a browser.

use super::origin::{AllowedOrigins, Origin};

/// How the app shows itself and whom it talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedMode {
    /// A page of its own: header, navigation, its own sign-in.
    Standalone,
    /// Without header and navigation (`?embed=1`), but talking to no page: it is not
    /// framed by an allowed origin.
    Chromeless,
    /// Framed by an allowed origin: without header and navigation, taking that page's
    /// messages and posting it events, to exactly this origin.
    Hosted(Origin),
}

impl EmbedMode {
    /// Decides from the page: `framed` when `window.parent` is not the window itself,
    /// `parent_origin` as `location.ancestorOrigins[0]` or else `document.referrer` gives
    /// it, and the address's query (`?embed=1` asks for the chromeless page).
    pub fn decide(framed: bool, parent_origin: Option<&str>, allowed: &AllowedOrigins, search: &str) -> EmbedMode {
        let host = parent_origin
            .filter(|_| framed)
            .and_then(Origin::of_url)
            .and_then(|o| allowed.find(o.as_str()).cloned());
        match host {
            Some(origin) => EmbedMode::Hosted(origin),
            None if asks_for_embed(search) => EmbedMode::Chromeless,
            None => EmbedMode::Standalone,
        }
    }

    /// Whether the header and navigation are left out, so the host's own navigation leads.
    pub fn chromeless(&self) -> bool {
        !matches!(self, EmbedMode::Standalone)
    }

    /// The page the app talks to, when there is one.
    pub fn host(&self) -> Option<&Origin> {
        match self {
            EmbedMode::Hosted(o) => Some(o),
            _ => None,
        }
    }
}

/// Whether the query (`?embed=1&…`, with or without its `?`) asks for the embedded page.
fn asks_for_embed(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|pair| pair == "embed=1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> AllowedOrigins {
        AllowedOrigins::new(vec![Origin::parse("https://intranet.example").expect("origin")])
    }

    #[test]
    fn hosted_only_when_framed_by_an_allowed_origin() {
        let hosted = EmbedMode::Hosted(Origin::parse("https://intranet.example").expect("origin"));
        let decide = |framed, parent: Option<&str>, search| EmbedMode::decide(framed, parent, &allowed(), search);
        assert_eq!(decide(true, Some("https://intranet.example"), ""), hosted);
        assert_eq!(
            decide(true, Some("https://intranet.example/news/licences?x=1"), ""),
            hosted
        );
        assert_eq!(decide(true, Some("https://intranet.example"), "?embed=1"), hosted);
        assert_eq!(decide(true, Some("https://evil.example/"), ""), EmbedMode::Standalone);
        assert_eq!(
            decide(true, Some("https://evil.example/"), "?embed=1"),
            EmbedMode::Chromeless
        );
        assert_eq!(decide(true, None, ""), EmbedMode::Standalone);
        assert_eq!(decide(true, Some(""), ""), EmbedMode::Standalone);
        // Not framed: a referrer from the intranet (a link followed) is not a host.
        assert_eq!(
            decide(false, Some("https://intranet.example/"), ""),
            EmbedMode::Standalone
        );
        assert_eq!(decide(false, None, "?q=x&embed=1"), EmbedMode::Chromeless);
        assert_eq!(decide(false, None, "embed=1"), EmbedMode::Chromeless);
        assert_eq!(decide(false, None, "?embed=10"), EmbedMode::Standalone);
        assert_eq!(
            EmbedMode::decide(true, Some("https://intranet.example"), &AllowedOrigins::default(), ""),
            EmbedMode::Standalone,
            "no embed configuration: nobody hosts"
        );
    }

    #[test]
    fn only_standalone_shows_the_header() {
        assert!(!EmbedMode::Standalone.chromeless());
        assert!(EmbedMode::Chromeless.chromeless());
        let hosted = EmbedMode::Hosted(Origin::parse("https://intranet.example").expect("origin"));
        assert!(hosted.chromeless());
        assert_eq!(hosted.host().map(Origin::as_str), Some("https://intranet.example"));
        assert_eq!(EmbedMode::Chromeless.host(), None);
    }
}
