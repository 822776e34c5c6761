//! Origins: the pages `config.json` allows to embed the app, and the origins the browser
//! reports (`event.origin`, `location.ancestorOrigins`, `document.referrer`), in one form,
//! so that checking a message is comparing two strings exactly.

use std::fmt;

/// A web origin, `scheme://host[:port]`, written as browsers serialize one: scheme and
/// host in lower case, no default port, no path. `event.origin` is in this form, so an
/// allowed origin matches it only when it is exactly the same.
///
/// ```ignore
/// assert_eq!(Origin::parse("HTTPS://Intranet.Example:443/")?.as_str(), "https://intranet.example");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

/// Why a string is not an origin: the configuration warning says it in these words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAnOrigin {
    /// `*` or a wildcard host: each page that may embed the app must be named.
    Wildcard,
    /// No `scheme://` in front.
    NoScheme,
    /// A scheme other than `https` or `http`.
    Scheme(String),
    /// A path, query or fragment after the host (only one trailing `/` is forgiven).
    Path,
    /// A user name or password before the host.
    UserInfo,
    /// No host, or one with characters a host name cannot hold.
    Host,
    /// A port that is not a number from 1 to 65535.
    Port,
}

impl fmt::Display for NotAnOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Wildcard => write!(f, "wildcards are not allowed: name each page's origin"),
            Self::NoScheme => write!(f, "an origin starts with https:// (or http://)"),
            Self::Scheme(s) => write!(f, "the scheme must be https or http, not {s}"),
            Self::Path => write!(f, "an origin has no path, query or fragment"),
            Self::UserInfo => write!(f, "an origin has no user name or password"),
            Self::Host => write!(f, "the host name is missing or not valid"),
            Self::Port => write!(f, "the port must be a number from 1 to 65535"),
        }
    }
}

impl Origin {
    /// Parses an origin as a deployment writes it in `config.json`
    /// (`https://intranet.example`, `http://127.0.0.1:4179`); a single trailing `/` is
    /// forgiven, anything else after the host is refused with the reason.
    pub fn parse(text: &str) -> Result<Origin, NotAnOrigin> {
        let text = text.trim();
        if text.contains('*') {
            return Err(NotAnOrigin::Wildcard);
        }
        let (scheme, rest) = text.split_once("://").ok_or(NotAnOrigin::NoScheme)?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return Err(NotAnOrigin::Scheme(scheme)),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#', '\\']) {
            return Err(NotAnOrigin::Path);
        }
        if rest.contains('@') {
            return Err(NotAnOrigin::UserInfo);
        }
        let (host, port) = split_port(rest)?;
        let host = host.to_ascii_lowercase();
        if !valid_host(&host) {
            return Err(NotAnOrigin::Host);
        }
        let port = match port {
            None => None,
            Some(p) => match p.parse::<u16>() {
                Ok(0) | Err(_) => return Err(NotAnOrigin::Port),
                Ok(n) if n == default_port => None,
                Ok(n) => Some(n),
            },
        };
        Ok(Origin(match port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        }))
    }

    /// The origin of an absolute URL such as `document.referrer`
    /// (`https://intranet.example/licences?x` gives `https://intranet.example`), or `None`
    /// when it has none (empty, `about:blank`, a file).
    pub fn of_url(url: &str) -> Option<Origin> {
        Origin::parse(crate::api::origin_of(url)).ok()
    }

    /// The origin as browsers write it: what `postMessage` is given as its target, and
    /// what `event.origin` is compared with.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `host` and its port, if written; an IPv6 address keeps its brackets.
fn split_port(rest: &str) -> Result<(&str, Option<&str>), NotAnOrigin> {
    if rest.starts_with('[') {
        let end = rest.find(']').ok_or(NotAnOrigin::Host)?;
        let (host, after) = rest.split_at(end + 1);
        return match after {
            "" => Ok((host, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (host, Some(p)))
                .ok_or(NotAnOrigin::Host),
        };
    }
    Ok(match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

/// A DNS name or IPv4 address (letters, digits, `-` and `.`), or an IPv6 address in
/// brackets; international names are written in their `xn--` form.
fn valid_host(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// The origins that may embed the app (`config.json`'s `embed.allowedOrigins`); none
/// by default, so a deployment embeds only where it says so.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllowedOrigins(Vec<Origin>);

impl AllowedOrigins {
    /// The list as configured.
    pub fn new(origins: Vec<Origin>) -> Self {
        AllowedOrigins(origins)
    }

    /// The allowed origin that is exactly `origin` (as the browser reports one), if any.
    pub fn find(&self, origin: &str) -> Option<&Origin> {
        self.0.iter().find(|o| o.as_str() == origin)
    }

    /// Whether no origin may embed the app.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        Origin::parse(s).map(|o| o.0).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn origins_are_written_as_browsers_serialize_them() {
        assert_eq!(ok("https://intranet.example"), "https://intranet.example");
        assert_eq!(ok("HTTPS://Intranet.Example:443/"), "https://intranet.example");
        assert_eq!(ok("http://127.0.0.1:4179"), "http://127.0.0.1:4179");
        assert_eq!(ok("http://localhost:80"), "http://localhost");
        assert_eq!(ok(" https://a.example:8443 "), "https://a.example:8443");
        assert_eq!(ok("http://[::1]:4179"), "http://[::1]:4179");
        assert_eq!(ok("https://xn--bcher-kva.example"), "https://xn--bcher-kva.example");
    }

    #[test]
    fn anything_that_is_not_exactly_an_origin_is_refused_with_the_reason() {
        let refused = |s: &str| Origin::parse(s).err();
        assert_eq!(refused("*"), Some(NotAnOrigin::Wildcard));
        assert_eq!(refused("https://*.example"), Some(NotAnOrigin::Wildcard));
        assert_eq!(refused("intranet.example"), Some(NotAnOrigin::NoScheme));
        assert_eq!(
            refused("javascript://x"),
            Some(NotAnOrigin::Scheme("javascript".into()))
        );
        assert_eq!(refused("https://intranet.example/licences"), Some(NotAnOrigin::Path));
        assert_eq!(refused("https://intranet.example//"), Some(NotAnOrigin::Path));
        assert_eq!(refused("https://intranet.example?x"), Some(NotAnOrigin::Path));
        assert_eq!(refused("https://a.example\\@b.example"), Some(NotAnOrigin::Path));
        assert_eq!(refused("https://me@intranet.example"), Some(NotAnOrigin::UserInfo));
        assert_eq!(refused("https://"), Some(NotAnOrigin::Host));
        assert_eq!(refused("https://bad host"), Some(NotAnOrigin::Host));
        assert_eq!(refused("https://bücher.example"), Some(NotAnOrigin::Host));
        assert_eq!(refused("https://a.example:0"), Some(NotAnOrigin::Port));
        assert_eq!(refused("https://a.example:99999"), Some(NotAnOrigin::Port));
        assert_eq!(refused("https://a.example:"), Some(NotAnOrigin::Port));
        assert_eq!(refused("https://[::1"), Some(NotAnOrigin::Host));
        assert!(NotAnOrigin::Path.to_string().contains("no path"));
    }

    #[test]
    fn a_referrer_gives_its_origin() {
        let of = |u: &str| Origin::of_url(u).map(|o| o.0);
        assert_eq!(
            of("http://127.0.0.1:4179/host.html?x=1"),
            Some("http://127.0.0.1:4179".into())
        );
        assert_eq!(of("https://intranet.example"), Some("https://intranet.example".into()));
        assert_eq!(of(""), None);
        assert_eq!(of("about:blank"), None);
    }

    #[test]
    fn only_exactly_the_allowed_origin_matches() {
        let allowed = AllowedOrigins::new(vec![
            Origin::parse("https://intranet.example").expect("origin"),
            Origin::parse("http://127.0.0.1:4179").expect("origin"),
        ]);
        assert!(allowed.find("https://intranet.example").is_some());
        assert!(allowed.find("http://127.0.0.1:4179").is_some());
        for other in [
            "http://intranet.example",
            "https://intranet.example.evil",
            "https://evil.intranet.example",
            "https://intranet.example:444",
            "http://localhost:4179",
            "http://127.0.0.1:4178",
            "null",
            "",
        ] {
            assert!(allowed.find(other).is_none(), "{other}");
        }
        assert!(AllowedOrigins::default().is_empty());
        assert!(!allowed.is_empty());
    }
}
