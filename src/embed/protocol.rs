//! The messages between the app and the page that embeds it, each an object with a
//! `type` starting `tenantDesk.`: what the page may send ([`Inbound`], parsed and checked
//! here) and what the app tells it ([`Outbound`], serialized here). The README's
//! "Embedding" section is the same list for the page's authors.

use serde::Serialize;
use serde_json::Value;

use super::handed_token::HandedToken;
use super::path::app_path;
use super::theme::ThemeChange;
use crate::i18n::Locale;

/// What every message type of the protocol starts with.
pub const PREFIX: &str = "tenantDesk.";

/// The largest message read, as JSON text (a token and a theme fit many times over).
pub const MAX_MESSAGE: usize = 64 * 1024;

/// Message types the protocol reserves but this version does not handle yet; a page that
/// sends one is told so.
const RESERVED: &[&str] = &[];

/// The longest language tag taken (BCP 47 asks for at least 35 characters to be handled).
pub const MAX_LOCALE: usize = 35;

/// A message from the embedding page, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// `tenantDesk.navigate { path }`: open this app path (checked by [`app_path`]).
    Navigate(String),
    /// `tenantDesk.token { accessToken, expiresOn }`: the Graph token to send from now on.
    Token(HandedToken),
    /// `tenantDesk.theme { tokens }`: design tokens to set (what was refused is listed in
    /// the change).
    Theme(ThemeChange),
    /// `tenantDesk.locale { locale }`: the language to speak, a BCP 47 tag read with the
    /// browser language's rules (`nl`, `nl-NL`, `nl-BE` → Dutch; `en-GB` → English).
    Locale(Locale),
}

/// Why a message was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// Not a message of this protocol (no `type` starting `tenantDesk.`): another
    /// script's, passed over without a word.
    NotOurs,
    /// A message of this protocol that is not valid: its type and what is wrong, for the
    /// console of the page's developer.
    Invalid {
        /// The message's `type`.
        kind: String,
        /// What is wrong.
        why: String,
    },
}

/// The `type` of a message, when it is one of this protocol's.
pub fn kind_of(message: &Value) -> Option<&str> {
    message.get("type")?.as_str().filter(|t| t.starts_with(PREFIX))
}

/// Parses and checks a message from the page, given as JSON text. Each type's fields are
/// read from the parsed value (a derived deserializer per message would weigh more in the
/// bundle than the whole protocol); a new message type is one arm here, one variant in
/// [`Inbound`] and one arm in [`super::dispatch`].
pub fn parse(json: &str) -> Result<Inbound, Ignored> {
    if json.len() > MAX_MESSAGE {
        return Err(Ignored::Invalid {
            kind: "message".into(),
            why: format!("larger than {MAX_MESSAGE} bytes"),
        });
    }
    let value: Value = serde_json::from_str(json).map_err(|_| Ignored::NotOurs)?;
    let kind = kind_of(&value).ok_or(Ignored::NotOurs)?;
    let invalid = |why: String| Ignored::Invalid {
        kind: kind.to_owned(),
        why,
    };
    let text = |field: &str| {
        value
            .get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(format!("{field} must be text")))
    };
    match kind {
        "tenantDesk.navigate" => app_path(text("path")?)
            .map(|p| Inbound::Navigate(p.to_owned()))
            .map_err(|e| invalid(e.to_string())),
        "tenantDesk.token" => HandedToken::new(text("accessToken")?.to_owned(), &value["expiresOn"])
            .map(Inbound::Token)
            .map_err(|e| invalid(e.to_string())),
        "tenantDesk.theme" => value
            .get("tokens")
            .and_then(Value::as_object)
            .map(|tokens| Inbound::Theme(ThemeChange::check(tokens)))
            .ok_or_else(|| invalid("tokens must be an object of custom properties and their values".into())),
        "tenantDesk.locale" => locale_of(text("locale")?).map(Inbound::Locale).map_err(invalid),
        k if RESERVED.contains(&k) => Err(invalid("not handled by this version of the app".into())),
        _ => Err(invalid("not a message type of this version of the app".into())),
    }
}

/// The language a `tenantDesk.locale` names, with the rules of the browser's languages
/// ([`Locale::from_tag`]); a tag too long, holding anything but ASCII letters, digits, `-`
/// and `_`, or naming a language the app does not speak is refused.
fn locale_of(tag: &str) -> Result<Locale, String> {
    let tag = tag.trim();
    if tag.len() > MAX_LOCALE {
        return Err(format!(
            "locale must be a language tag of at most {MAX_LOCALE} characters"
        ));
    }
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err("locale must be a language tag such as nl, nl-NL or en-GB".into());
    }
    Locale::from_tag(tag).ok_or_else(|| {
        let spoken: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
        format!("locale {tag} is not a language of the app ({})", spoken.join(", "))
    })
}

/// Why the app asks for a new token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TokenNeed {
    /// No token has been handed over yet, and a request needs one.
    Missing,
    /// The token's `expiresOn` has passed.
    Expired,
    /// Graph refused the token (401).
    Refused,
}

/// A message the app posts to the embedding page (to its exact origin, never `*`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Outbound {
    /// `tenantDesk.ready`: the app has loaded and listens.
    #[serde(rename = "tenantDesk.ready")]
    Ready,
    /// `tenantDesk.navigated { path }`: the app shows this path (with its query), after
    /// every route change.
    #[serde(rename = "tenantDesk.navigated")]
    Navigated {
        /// The path and query.
        path: String,
    },
    /// `tenantDesk.changed { change, users, groups, succeeded, failed }`: a licence change
    /// has finished.
    #[serde(rename = "tenantDesk.changed")]
    Changed {
        /// What the change was, in the dialog's words.
        change: String,
        /// The user principal names of the users it was for.
        users: Vec<String>,
        /// The ids of the groups whose licences it changed.
        groups: Vec<String>,
        /// How many users and groups succeeded (or needed no change).
        succeeded: usize,
        /// How many did not.
        failed: usize,
    },
    /// `tenantDesk.error { message }`: an error the app shows the admin.
    #[serde(rename = "tenantDesk.error")]
    Error {
        /// What went wrong, as shown.
        message: String,
    },
    /// `tenantDesk.resize { height }`: the content is now this tall (CSS pixels).
    #[serde(rename = "tenantDesk.resize")]
    Resize {
        /// The height.
        height: u32,
    },
    /// `tenantDesk.tokenNeeded { reason }`: hand over a new token.
    #[serde(rename = "tenantDesk.tokenNeeded")]
    TokenNeeded {
        /// Why.
        reason: TokenNeed,
    },
}

impl Outbound {
    /// The message as JSON text, for `postMessage` (as an object).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::embed::theme::Refused;

    fn parse_value(v: Value) -> Result<Inbound, Ignored> {
        parse(&v.to_string())
    }

    fn why(r: Result<Inbound, Ignored>) -> String {
        match r {
            Err(Ignored::Invalid { why, .. }) => why,
            other => format!("not invalid: {other:?}"),
        }
    }

    #[test]
    fn navigate_takes_app_paths_only() {
        assert_eq!(
            parse_value(json!({ "type": "tenantDesk.navigate", "path": "/billing/licenses" })),
            Ok(Inbound::Navigate("/billing/licenses".into()))
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/javascript:x",
            "",
        ] {
            let r = parse_value(json!({ "type": "tenantDesk.navigate", "path": bad }));
            assert!(
                matches!(r, Err(Ignored::Invalid { ref kind, .. }) if kind == "tenantDesk.navigate"),
                "{bad}: {r:?}"
            );
        }
        assert_eq!(
            why(parse_value(json!({ "type": "tenantDesk.navigate" }))),
            "path must be text"
        );
        assert_eq!(
            why(parse_value(json!({ "type": "tenantDesk.navigate", "path": 5 }))),
            "path must be text"
        );
    }

    #[test]
    fn a_token_needs_its_expiry() {
        let r = parse_value(
            json!({ "type": "tenantDesk.token", "accessToken": "abc.def.ghi", "expiresOn": 4_000_000_000_000u64 }),
        );
        let Ok(Inbound::Token(t)) = r else {
            panic!("a token: {r:?}")
        };
        assert_eq!(t.access(), "abc.def.ghi");
        assert_eq!(t.expires_on_ms(), 4_000_000_000_000.0);
        assert!(why(parse_value(json!({ "type": "tenantDesk.token", "accessToken": "abc" }))).contains("expiresOn"));
        assert!(why(parse_value(
            json!({ "type": "tenantDesk.token", "accessToken": "a b", "expiresOn": 4_000_000_000_000u64 })
        ))
        .contains("accessToken"));
        assert!(why(parse_value(json!({ "type": "tenantDesk.token", "expiresOn": 1 }))).contains("accessToken"));
    }

    #[test]
    fn a_theme_keeps_the_good_tokens() {
        let r = parse_value(
            json!({ "type": "tenantDesk.theme", "tokens": { "--colorBrandBackground": "#6b2fa0", "--evil": "red" } }),
        );
        let Ok(Inbound::Theme(c)) = r else {
            panic!("a theme: {r:?}")
        };
        assert_eq!(c.set, vec![("--colorBrandBackground".to_owned(), "#6b2fa0".to_owned())]);
        assert_eq!(c.refused, vec![("--evil".to_owned(), Refused::NotAToken)]);
        assert!(why(parse_value(json!({ "type": "tenantDesk.theme", "tokens": ["--x"] }))).contains("an object"));
        assert!(why(parse_value(json!({ "type": "tenantDesk.theme" }))).contains("an object"));
    }

    #[test]
    fn other_messages_are_not_ours_and_ours_unknown_are_invalid() {
        for other in [
            json!({ "type": "webpackHotUpdate" }),
            json!({ "source": "react-devtools" }),
            json!("tenantDesk.navigate"),
            json!(["tenantDesk.navigate"]),
            json!({ "type": 5 }),
            json!(null),
        ] {
            assert_eq!(parse_value(other.clone()), Err(Ignored::NotOurs), "{other}");
        }
        assert_eq!(parse("not json"), Err(Ignored::NotOurs));
        assert!(why(parse_value(json!({ "type": "tenantDesk.explode" }))).contains("not a message type"));
        let huge = json!({ "type": "tenantDesk.navigate", "path": format!("/{}", "a".repeat(MAX_MESSAGE)) });
        assert!(why(parse_value(huge)).contains("larger"));
    }

    #[test]
    fn a_locale_is_read_as_the_browsers_language() {
        let locale = |tag: &str| parse_value(json!({ "type": "tenantDesk.locale", "locale": tag }));
        for tag in ["nl", "nl-NL", "nl-BE", "NL", " nl-nl "] {
            assert_eq!(locale(tag), Ok(Inbound::Locale(Locale::Nl)), "{tag}");
        }
        for tag in ["en-GB", "en", "en-US"] {
            assert_eq!(locale(tag), Ok(Inbound::Locale(Locale::En)), "{tag}");
        }
        let long = format!("nl-{}", "a".repeat(MAX_LOCALE));
        for bad in [
            "",
            "garbage",
            "de-DE",
            "nld",
            "nl NL",
            "nl-€",
            "<script>",
            "nl;en",
            long.as_str(),
        ] {
            let r = locale(bad);
            assert!(
                matches!(r, Err(Ignored::Invalid { ref kind, .. }) if kind == "tenantDesk.locale"),
                "{bad}: {r:?}"
            );
        }
        assert!(why(locale(&long)).contains("at most"));
        assert!(why(locale("de")).contains("not a language of the app"));
        assert_eq!(
            why(parse_value(json!({ "type": "tenantDesk.locale", "locale": 5 }))),
            "locale must be text"
        );
        assert_eq!(
            why(parse_value(json!({ "type": "tenantDesk.locale" }))),
            "locale must be text"
        );
    }

    #[test]
    fn odd_text_in_any_field_is_refused_or_taken_but_never_panics() {
        let long = "9".repeat(400);
        let odd = [
            "",
            "é",
            "€(",
            "a€(b",
            "+é12",
            "\u{0}",
            "//",
            "\\",
            "(((",
            ")",
            "url(",
            "-",
            "--",
            "T",
            "Z",
            "+",
            "1970-01-01T00:00:00+1é2",
            "2023-11-14T22:13:20.",
            "2023-11-14T22:13:20.€Z",
            "9999-12-31T23:59:60-2359",
            &long,
            "日本語",
            "\u{202e}",
        ];
        for text in odd {
            for message in [
                json!({ "type": "tenantDesk.navigate", "path": text }),
                json!({ "type": "tenantDesk.navigate", "path": format!("/{text}") }),
                json!({ "type": "tenantDesk.token", "accessToken": text, "expiresOn": text }),
                json!({ "type": "tenantDesk.token", "accessToken": "t", "expiresOn": text }),
                json!({ "type": "tenantDesk.theme", "tokens": { text: text, "--colorBrandBackground": text } }),
                json!({ "type": "tenantDesk.locale", "locale": text }),
                json!({ "type": text }),
            ] {
                let _ = parse_value(message);
            }
        }
    }

    #[test]
    fn outbound_messages_are_objects_with_their_type() {
        let as_value = |m: Outbound| serde_json::from_str::<Value>(&m.to_json()).unwrap_or_default();
        assert_eq!(as_value(Outbound::Ready), json!({ "type": "tenantDesk.ready" }));
        assert_eq!(
            as_value(Outbound::Navigated {
                path: "/users/active?view=guests".into()
            }),
            json!({ "type": "tenantDesk.navigated", "path": "/users/active?view=guests" })
        );
        assert_eq!(
            as_value(Outbound::Changed {
                change: "Assign more".into(),
                users: vec!["jane@contoso.com".into()],
                groups: vec![],
                succeeded: 1,
                failed: 0
            }),
            json!({ "type": "tenantDesk.changed", "change": "Assign more", "users": ["jane@contoso.com"], "groups": [], "succeeded": 1, "failed": 0 })
        );
        assert_eq!(
            as_value(Outbound::Error { message: "No".into() }),
            json!({ "type": "tenantDesk.error", "message": "No" })
        );
        assert_eq!(
            as_value(Outbound::Resize { height: 812 }),
            json!({ "type": "tenantDesk.resize", "height": 812 })
        );
        assert_eq!(
            as_value(Outbound::TokenNeeded {
                reason: TokenNeed::Expired
            }),
            json!({ "type": "tenantDesk.tokenNeeded", "reason": "expired" })
        );
    }
}
