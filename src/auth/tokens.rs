//! Tokens as the token endpoint hands them out, and when to refresh them. Pure, so the
//! timing rules are tested without a browser.

use serde::Deserialize;

/// A token endpoint's success answer.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenAnswer {
    /// The bearer token for Graph.
    pub access_token: String,
    /// Seconds it is valid for.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// Trades for new tokens without the admin (absent when the provider gives none).
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Who signed in, for this app (not for Graph).
    #[serde(default)]
    pub id_token: Option<String>,
}

/// A token endpoint's refusal (RFC 6749 section 5.2).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenRefusal {
    /// `invalid_grant` and friends.
    #[serde(default)]
    pub error: String,
    /// The provider's words.
    #[serde(default)]
    pub error_description: String,
}

/// The signed-in admin's tokens. Held in memory only: never written to any storage, so a
/// script injected into another page of the origin finds nothing to steal there.
#[derive(Clone)]
pub struct Tokens {
    /// The bearer token.
    pub access: String,
    /// The refresh token, when there is one.
    pub refresh: Option<String>,
    /// The ID token, kept for the end-session request's hint.
    pub id_token: Option<String>,
    /// When the access token stops working (milliseconds since the epoch).
    pub expires_at_ms: f64,
    /// How long it was issued for.
    pub lifetime_ms: f64,
}

/// Assumed when the provider does not say how long a token lasts (Microsoft's tokens last
/// 60 to 90 minutes; one hour is the safe end).
const DEFAULT_LIFETIME_S: u64 = 3600;
/// A token is refreshed this long before it expires at most (five minutes), or a fifth of
/// its lifetime when that is shorter, so a request never leaves with a token about to end.
const MAX_MARGIN_MS: f64 = 300_000.0;

impl Tokens {
    /// The tokens of `answer`, received at `now_ms`. A refresh answer without a new refresh
    /// token (or ID token) keeps the old one.
    pub fn from_answer(answer: TokenAnswer, now_ms: f64, previous: Option<&Tokens>) -> Tokens {
        let lifetime_ms = answer.expires_in.unwrap_or(DEFAULT_LIFETIME_S).max(1) as f64 * 1000.0;
        Tokens {
            access: answer.access_token,
            refresh: answer
                .refresh_token
                .or_else(|| previous.and_then(|p| p.refresh.clone())),
            id_token: answer.id_token.or_else(|| previous.and_then(|p| p.id_token.clone())),
            expires_at_ms: now_ms + lifetime_ms,
            lifetime_ms,
        }
    }

    /// Whether to refresh before sending with it at `now_ms`.
    pub fn stale(&self, now_ms: f64) -> bool {
        let margin = (self.lifetime_ms / 5.0).min(MAX_MARGIN_MS);
        now_ms >= self.expires_at_ms - margin
    }
}

/// The claims of an ID token this app reads. Its signature is not checked here: it came
/// straight from the token endpoint over TLS in answer to this app's own code, which is
/// what OpenID Connect allows in place of a signature check (Core 1.0, 3.1.3.7).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IdClaims {
    /// Echo of the attempt's nonce.
    #[serde(default)]
    pub nonce: Option<String>,
}

/// The payload of a JWT (`header.payload.signature`), decoded by `base64url`.
pub fn claims(token: &str, base64url: impl Fn(&str) -> Option<Vec<u8>>) -> Result<IdClaims, String> {
    let mut parts = token.split('.');
    let payload = match (parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(p), Some(_)) => p,
        _ => return Err("the ID token is not a JWT".into()),
    };
    let bytes = base64url(payload).ok_or("the ID token's payload is not base64url")?;
    serde_json::from_slice(&bytes).map_err(|e| format!("the ID token's payload is not JSON ({e})"))
}

/// Checks that the ID token answers this attempt.
pub fn check_nonce(claims: &IdClaims, nonce: &str) -> Result<(), String> {
    match claims.nonce.as_deref() {
        Some(n) if n == nonce => Ok(()),
        Some(_) => Err("the ID token was issued for another sign-in (its nonce differs)".into()),
        None => Err("the ID token carries no nonce".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(expires_in: Option<u64>, refresh: Option<&str>) -> TokenAnswer {
        TokenAnswer {
            access_token: "a".into(),
            expires_in,
            refresh_token: refresh.map(str::to_owned),
            id_token: None,
        }
    }

    #[test]
    fn tokens_are_refreshed_ahead_of_expiry() {
        let hour = Tokens::from_answer(answer(Some(3600), Some("r")), 0.0, None);
        assert!(!hour.stale(3_299_000.0));
        assert!(hour.stale(3_300_000.0), "five minutes before");
        let short = Tokens::from_answer(answer(Some(20), None), 1000.0, None);
        assert!(!short.stale(16_999.0));
        assert!(short.stale(17_000.0), "a fifth of a short lifetime before");
        let unknown = Tokens::from_answer(answer(None, None), 0.0, None);
        assert_eq!(unknown.lifetime_ms, 3_600_000.0);
        let zero = Tokens::from_answer(answer(Some(0), None), 0.0, None);
        assert!(zero.stale(1000.0));
    }

    #[test]
    fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
        let first = Tokens::from_answer(answer(Some(60), Some("r1")), 0.0, None);
        let second = Tokens::from_answer(answer(Some(60), None), 10.0, Some(&first));
        assert_eq!(second.refresh.as_deref(), Some("r1"));
        let third = Tokens::from_answer(answer(Some(60), Some("r2")), 20.0, Some(&second));
        assert_eq!(third.refresh.as_deref(), Some("r2"));
    }

    fn decode(s: &str) -> Option<Vec<u8>> {
        // The tests' payloads are plain ASCII JSON written as is, not encoded.
        Some(s.replace('~', ".").into_bytes())
    }

    #[test]
    fn the_nonce_must_match() {
        let c = claims(r#"h.{"nonce":"n1","preferred_username":"admin@contoso~com"}.s"#, decode);
        let c = c.unwrap_or_default();
        assert_eq!(check_nonce(&c, "n1"), Ok(()));
        assert!(check_nonce(&c, "n2").is_err());
        assert!(check_nonce(&IdClaims::default(), "n1").is_err());
        assert!(claims("not-a-jwt", decode).is_err());
        assert!(claims("h.[1,2].s", decode).is_err());
        assert!(claims("h.x.s", |_| None).is_err());
    }
}
