//! The OAuth 2.0 authorization code flow with PKCE as plain data: the URLs and form bodies
//! sent, the answers read back. No browser here, so `cargo test` checks every step.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

/// What `config.json` says of signing in (its `auth` object).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthConfig {
    /// The authority, e.g. `https://login.microsoftonline.com/<tenant-id>/v2.0`; its
    /// discovery document names the endpoints.
    pub authority: String,
    /// The app registration's application (client) id.
    pub client_id: String,
    /// The delegated permissions asked for (Graph's names, e.g. `User.ReadWrite.All`).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Where the provider sends the browser back; the app's own root URL when absent.
    #[serde(default)]
    pub redirect_uri: Option<String>,
}

impl AuthConfig {
    /// The scopes asked for: OpenID's own (for the ID token and a refresh token) and the
    /// configured ones, each once.
    pub fn scope(&self) -> String {
        let mut all: Vec<&str> = vec!["openid", "profile", "offline_access"];
        for s in &self.scopes {
            let s = s.trim();
            if !s.is_empty() && !all.contains(&s) {
                all.push(s);
            }
        }
        all.join(" ")
    }

    /// The discovery document's URL.
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/.well-known/openid-configuration",
            self.authority.trim_end_matches('/')
        )
    }

    /// Refuses a configuration that cannot work, saying which field is wrong.
    pub fn check(&self) -> Result<(), String> {
        if !is_web_url(&self.authority) {
            return Err(format!(
                "auth.authority must be an https:// (or local http://) URL, not '{}'",
                self.authority
            ));
        }
        if self.client_id.trim().is_empty() {
            return Err("auth.clientId is empty".into());
        }
        if let Some(r) = &self.redirect_uri {
            if !is_web_url(r) {
                return Err(format!("auth.redirectUri must be an absolute URL, not '{r}'"));
            }
        }
        Ok(())
    }
}

fn is_web_url(u: &str) -> bool {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
}

/// The provider's endpoints, from `{authority}/.well-known/openid-configuration`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Endpoints {
    /// Who issues the tokens.
    pub issuer: String,
    /// Where the browser goes to sign in.
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are exchanged.
    pub token_endpoint: String,
    /// Where signing out ends the provider's session too.
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

/// How the provider is asked to behave at the authorization endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Sign in as the provider sees fit (a Sign in click).
    Normal,
    /// Show nothing: answer at once with a code, or with `login_required` (a reload).
    None,
}

/// The secrets of one sign-in attempt, kept until the provider sends the browser back.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct Attempt {
    /// Echoed back by the provider: proves the answer is for this attempt.
    pub state: String,
    /// Echoed in the ID token: proves the token is for this attempt.
    pub nonce: String,
    /// The PKCE code verifier, sent with the code.
    pub verifier: String,
    /// The page to show after (path, query and fragment of the app).
    pub return_to: String,
    /// A `prompt=none` attempt: its failure shows Sign in instead of an error.
    pub silent: bool,
}

const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `application/x-www-form-urlencoded` of the pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, FORM), utf8_percent_encode(v, FORM)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The authorization request URL for `attempt` (`challenge` is its verifier's S256).
pub fn authorize_url(
    endpoints: &Endpoints,
    config: &AuthConfig,
    redirect_uri: &str,
    attempt: &Attempt,
    challenge: &str,
    prompt: Prompt,
) -> String {
    let scope = config.scope();
    let mut pairs = vec![
        ("client_id", config.client_id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri),
        ("scope", scope.as_str()),
        ("state", attempt.state.as_str()),
        ("nonce", attempt.nonce.as_str()),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("response_mode", "query"),
    ];
    match prompt {
        Prompt::Normal => {}
        Prompt::None => pairs.push(("prompt", "none")),
    }
    let sep = if endpoints.authorization_endpoint.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{}{sep}{}", endpoints.authorization_endpoint, form(&pairs))
}

/// The token request that exchanges `code` for tokens.
pub fn code_body(config: &AuthConfig, redirect_uri: &str, code: &str, verifier: &str) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("client_id", &config.client_id),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
        ("scope", &config.scope()),
    ])
}

/// The token request that trades a refresh token for new tokens.
pub fn refresh_body(config: &AuthConfig, refresh_token: &str) -> String {
    form(&[
        ("grant_type", "refresh_token"),
        ("client_id", &config.client_id),
        ("refresh_token", refresh_token),
        ("scope", &config.scope()),
    ])
}

/// The end-session URL: the provider ends its session and sends the browser back.
pub fn end_session_url(
    endpoints: &Endpoints,
    config: &AuthConfig,
    redirect_uri: &str,
    id_token: Option<&str>,
) -> Option<String> {
    let end = endpoints.end_session_endpoint.as_deref()?;
    let mut pairs = vec![
        ("client_id", config.client_id.as_str()),
        ("post_logout_redirect_uri", redirect_uri),
    ];
    if let Some(t) = id_token {
        pairs.push(("id_token_hint", t));
    }
    let sep = if end.contains('?') { '&' } else { '?' };
    Some(format!("{end}{sep}{}", form(&pairs)))
}

/// What the provider sent back in the redirect's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// A code for the attempt whose state is `state`.
    Code {
        /// The authorization code.
        code: String,
        /// The attempt's state.
        state: String,
    },
    /// A refusal (`login_required`, `access_denied`, ...).
    Error {
        /// OAuth's error code.
        error: String,
        /// The provider's words, when it gave some.
        description: String,
        /// The attempt's state.
        state: String,
    },
}

impl Callback {
    /// Reads a redirect's query (`?code=..&state=..`); `None` when it is not one.
    pub fn parse(query: &str) -> Option<Callback> {
        let pairs = tenant::query::split_query(query.trim_start_matches('?'));
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let state = get("state")?;
        if let Some(error) = get("error") {
            return Some(Callback::Error {
                error,
                description: get("error_description").unwrap_or_default(),
                state,
            });
        }
        Some(Callback::Code {
            code: get("code")?,
            state,
        })
    }

    /// The attempt it answers.
    pub fn state(&self) -> &str {
        match self {
            Callback::Code { state, .. } | Callback::Error { state, .. } => state,
        }
    }

    /// A silent attempt that only says the admin has to sign in (or consent) themselves.
    pub fn needs_interaction(&self) -> bool {
        matches!(self, Callback::Error { error, .. } if matches!(error.as_str(),
            "login_required" | "interaction_required" | "consent_required" | "account_selection_required"))
    }
}

/// The query of the app's URL without the redirect's parameters, so that a reload after
/// signing in does not send a used code again.
pub fn strip_callback(query: &str) -> String {
    const OURS: [&str; 6] = ["code", "state", "session_state", "error", "error_description", "iss"];
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or_default();
            !OURS.contains(&name) && name != "error_uri"
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AuthConfig {
        AuthConfig {
            authority: "https://login.microsoftonline.com/contoso/v2.0".into(),
            client_id: "11111111-2222-3333-4444-555555555555".into(),
            scopes: vec!["User.ReadWrite.All".into(), "openid".into(), " ".into()],
            redirect_uri: None,
        }
    }

    fn endpoints() -> Endpoints {
        Endpoints {
            issuer: "https://login.microsoftonline.com/contoso/v2.0".into(),
            authorization_endpoint: "https://login.microsoftonline.com/contoso/oauth2/v2.0/authorize".into(),
            token_endpoint: "https://login.microsoftonline.com/contoso/oauth2/v2.0/token".into(),
            end_session_endpoint: Some("https://login.microsoftonline.com/contoso/oauth2/v2.0/logout".into()),
        }
    }

    fn attempt() -> Attempt {
        Attempt {
            state: "s+1/=".into(),
            nonce: "n1".into(),
            verifier: "v".into(),
            return_to: "/users/guests".into(),
            silent: false,
        }
    }

    #[test]
    fn scopes_add_openids_own_once() {
        assert_eq!(config().scope(), "openid profile offline_access User.ReadWrite.All");
    }

    #[test]
    fn the_authorize_url_carries_pkce_state_and_nonce_encoded() {
        let url = authorize_url(
            &endpoints(),
            &config(),
            "https://app.contoso.com/",
            &attempt(),
            "ch",
            Prompt::None,
        );
        let (base, query) = url.split_once('?').unwrap_or_default();
        assert_eq!(base, endpoints().authorization_endpoint);
        let pairs = tenant::query::split_query(query);
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("state"), Some("s+1/="));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("code_challenge"), Some("ch"));
        assert_eq!(get("prompt"), Some("none"));
        assert_eq!(get("redirect_uri"), Some("https://app.contoso.com/"));
        assert_eq!(get("scope"), Some("openid profile offline_access User.ReadWrite.All"));
        assert!(!query.contains(' ') && !query.contains('+'), "{query}");
        let normal = authorize_url(&endpoints(), &config(), "r", &attempt(), "ch", Prompt::Normal);
        assert!(!normal.contains("prompt="));
    }

    #[test]
    fn callbacks_are_read_and_told_apart() {
        assert_eq!(
            Callback::parse("?code=abc&state=s%2B1&session_state=x"),
            Some(Callback::Code {
                code: "abc".into(),
                state: "s+1".into()
            })
        );
        let e = Callback::parse("error=login_required&error_description=Login%20required&state=s")
            .unwrap_or_else(|| unreachable!());
        assert!(e.needs_interaction());
        assert_eq!(e.state(), "s");
        let denied = Callback::parse("error=access_denied&state=s");
        assert!(denied.is_some_and(|d| !d.needs_interaction()));
        assert_eq!(Callback::parse("?code=abc"), None, "no state, not ours");
        assert_eq!(Callback::parse("?filter=x"), None);
    }

    #[test]
    fn the_redirects_parameters_are_taken_off_the_url() {
        assert_eq!(strip_callback("?code=a&state=b&session_state=c"), "");
        assert_eq!(strip_callback("?view=guests&code=a&state=b&iss=x"), "?view=guests");
        assert_eq!(strip_callback(""), "");
    }

    #[test]
    fn token_bodies_are_forms() {
        let b = code_body(&config(), "https://app/", "c&d", "ver");
        assert!(b.contains("grant_type=authorization_code"));
        assert!(b.contains("code=c%26d"));
        assert!(b.contains("code_verifier=ver"));
        assert!(b.contains("redirect_uri=https%3A%2F%2Fapp%2F"));
        assert!(refresh_body(&config(), "r t").contains("refresh_token=r%20t"));
    }

    #[test]
    fn sign_out_goes_to_the_end_session_endpoint_with_the_way_back() {
        let url = end_session_url(&endpoints(), &config(), "https://app/", Some("idt")).unwrap_or_default();
        assert!(url.starts_with("https://login.microsoftonline.com/contoso/oauth2/v2.0/logout?"));
        assert!(url.contains("post_logout_redirect_uri=https%3A%2F%2Fapp%2F"));
        assert!(url.contains("id_token_hint=idt"));
        let none = Endpoints {
            end_session_endpoint: None,
            ..endpoints()
        };
        assert_eq!(end_session_url(&none, &config(), "x", None), None);
    }

    #[test]
    fn configurations_that_cannot_work_are_refused() {
        assert_eq!(config().check(), Ok(()));
        for bad in [
            AuthConfig {
                authority: "login.microsoftonline.com".into(),
                ..config()
            },
            AuthConfig {
                client_id: " ".into(),
                ..config()
            },
            AuthConfig {
                redirect_uri: Some("/back".into()),
                ..config()
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }
}
