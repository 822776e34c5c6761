//! Signed access tokens from OpenID Connect issuers, checked as Graph checks Entra's.
//!
//! A client that signs in for real (the app through an identity provider, a script with a
//! token from one) sends `Authorization: Bearer <JWT>`. The token is taken when its
//! signature matches a key its issuer publishes, its `iss` is one of the `--issuer`s, its
//! `aud` names the `--audience` and it is within its lifetime (`nbf` to `exp`, give or take
//! the clock skew); the user it names (`oid`, else `upn`, else `preferred_username`) then
//! acts, with the roles the tenant gives them. Anything else is Graph's 401
//! `InvalidAuthenticationToken` with Graph's message for the reason.
//!
//! Keys are read lazily, so an issuer may come up after this server: on the first token
//! that needs them, and again when a token names a key id (`kid`) not seen yet (the issuer
//! rotated its keys), but no more often than once per `--jwks-min-interval-ms` per issuer,
//! so junk tokens cannot make this server hammer the issuer. A read that fails is tried
//! again on a later token after that interval. The reads run on tokio's blocking pool with
//! a timeout, and never under the tenant's lock: a token is checked before the tenant is
//! touched.

use std::collections::HashMap;
use std::io::Read as _;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use tenant::error::{ErrorCode, GraphError};
use tenant::roles::Actor;
use tenant::Tenant;
use uuid::Uuid;

/// How long one read of a discovery document or key set may take before it is given up.
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);

/// The most of a discovery document or key set that is read: real ones are a few KB.
const MAX_DOCUMENT_BYTES: u64 = 1024 * 1024;

/// Why a bearer token was refused. Each is Graph's 401 `InvalidAuthenticationToken`, with
/// the message Graph sends for that reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// No token after `Bearer`.
    Empty,
    /// Not a JWT at all: no dots.
    NotJwt,
    /// Dots, but not a signed JWT whose parts decode (a JWE, bad Base64, bad JSON).
    Unreadable,
    /// The signature does not verify, or no key of the issuer fits the token (unknown
    /// `kid`, a key of another type, `alg` none or HMAC).
    BadSignature,
    /// The issuer's keys could not be read yet (it is down, or its discovery document is
    /// not for this issuer), so no signature can be checked.
    KeysUnavailable,
    /// Past `exp` (and the clock skew).
    Expired,
    /// Before `nbf` (less the clock skew).
    NotYetValid,
    /// No `exp`: a token that never expires is not taken.
    NoExpiry,
    /// `aud` does not name this server's audience, or is missing.
    BadAudience,
    /// `iss` is none of the `--issuer`s, or is missing.
    BadIssuer,
    /// The token is good but names no user of this tenant who can sign in.
    UnknownUser,
    /// A development token (`dev:<upn>`) sent to a server that takes signed tokens only.
    DevTokenRefused,
}

impl TokenError {
    /// Graph's message for the reason, so a client shows what Graph would show.
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "Access token is empty.",
            Self::NotJwt => "IDX14100: JWT is not well formed, there are no dots (.).",
            Self::Unreadable => "CompactToken parsing failed with error code: 80049217",
            Self::BadSignature => "Signature is invalid.",
            Self::KeysUnavailable => {
                "Access token validation failure. The signing keys of the token's issuer could not be read; try again later."
            }
            Self::Expired => "Lifetime validation failed, the token is expired.",
            Self::NotYetValid => "Lifetime validation failed, the token is not yet valid.",
            Self::NoExpiry => "Lifetime validation failed, the token is missing an expiration time.",
            Self::BadAudience => "Access token validation failure. Invalid audience.",
            Self::BadIssuer => "Access token validation failure. Invalid issuer.",
            Self::UnknownUser => {
                "Access token validation failure. The user in the token is not a member of this tenant or can't sign in."
            }
            Self::DevTokenRefused => {
                "Access token validation failure. Development tokens (dev:<upn>) are not accepted here: sign in with the identity provider (or start graph-server with --allow-dev-tokens)."
            }
        }
    }

    /// The engine's error for it, so the body has Graph's envelope like every other error.
    pub fn to_graph(self) -> GraphError {
        GraphError::new(ErrorCode::InvalidToken, self.message())
    }
}

/// The claims of a verified token that can name its user, in the order Graph reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The user's object id.
    pub oid: Option<String>,
    /// The user principal name (Entra's v1 tokens).
    pub upn: Option<String>,
    /// The sign-in name (v2 tokens and most other providers).
    pub preferred_username: Option<String>,
}

impl Identity {
    /// Reads the naming claims; claims that are not strings count as absent.
    fn from_claims(claims: &Value) -> Self {
        let text = |name: &str| claims[name].as_str().map(str::to_owned);
        Identity {
            oid: text("oid"),
            upn: text("upn"),
            preferred_username: text("preferred_username"),
        }
    }

    /// The user who acts, with the roles the tenant gives them. The first claim that names
    /// a user of the tenant decides (by id for `oid`, by name in any case for the others):
    /// if that user is deleted or disabled the token is refused, not tried as someone else.
    pub fn actor(&self, t: &Tenant) -> Result<Actor, TokenError> {
        if let Some(id) = self.oid.as_deref().and_then(|oid| Uuid::parse_str(oid).ok()) {
            if t.index_of(id).is_some() {
                return t.actor_by_id(id).ok_or(TokenError::UnknownUser);
            }
        }
        for name in [&self.upn, &self.preferred_username].into_iter().flatten() {
            // A name that reads as a GUID would be looked up as an id: names are names.
            if Uuid::parse_str(name).is_err() && t.find_user(name).is_some() {
                return t.actor(name).ok_or(TokenError::UnknownUser);
            }
        }
        Err(TokenError::UnknownUser)
    }
}

/// What signed tokens must be to be taken.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The issuers, as `iss` must name them.
    pub issuers: Vec<String>,
    /// The audiences one of which `aud` must name.
    pub audiences: Vec<String>,
    /// Seconds `exp` and `nbf` may be off.
    pub clock_skew_secs: u64,
    /// Least time between two reads of one issuer's keys.
    pub min_interval: Duration,
}

/// Checks signed tokens against the issuers' published keys, which it keeps.
#[derive(Debug)]
pub struct Verifier {
    issuers: Vec<Issuer>,
    audiences: Vec<String>,
    clock_skew_secs: u64,
    min_interval: Duration,
}

/// One issuer and what was last read of it.
#[derive(Debug)]
struct Issuer {
    url: String,
    /// The keys, read by every token check and written only after a read of the issuer;
    /// never held across an await.
    keys: RwLock<KeySet>,
    /// When the keys were last read (or tried), held while reading them so that tokens
    /// arriving meanwhile wait for that read instead of starting their own.
    last_read: tokio::sync::Mutex<Option<Instant>>,
}

/// An issuer's keys as last read.
#[derive(Debug, Default)]
struct KeySet {
    /// Whether any read succeeded yet.
    loaded: bool,
    /// Keys that have a `kid`, by it.
    by_kid: HashMap<String, Key>,
    /// Keys without a `kid`, tried in turn for tokens without one.
    unnamed: Vec<Key>,
    /// The issuer's `authorization_endpoint`, for `WWW-Authenticate`.
    authorization_endpoint: Option<String>,
}

/// A verification key and what it may verify.
#[derive(Clone)]
struct Key {
    /// The `alg` the key set pins the key to, if it does.
    alg: Option<String>,
    kind: KeyKind,
    decoding: DecodingKey,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("alg", &self.alg)
            .field("kind", &self.kind)
            .finish()
    }
}

/// The type of a key, which decides the algorithms it can verify.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    Ec(String),
    Okp(String),
}

/// What the token's parts say before any check: enough to pick the issuer and the key.
#[derive(Debug)]
struct Unverified {
    alg: Algorithm,
    alg_name: String,
    kid: Option<String>,
    iss: Option<String>,
}

impl Verifier {
    /// A verifier for the given settings; nothing is read from the issuers yet.
    pub fn new(settings: Settings) -> Self {
        Verifier {
            issuers: settings
                .issuers
                .into_iter()
                .map(|url| Issuer {
                    url,
                    keys: RwLock::new(KeySet::default()),
                    last_read: tokio::sync::Mutex::new(None),
                })
                .collect(),
            audiences: settings.audiences,
            clock_skew_secs: settings.clock_skew_secs,
            min_interval: settings.min_interval,
        }
    }

    /// The issuers, for the start-up line.
    pub fn issuers(&self) -> impl Iterator<Item = &str> {
        self.issuers.iter().map(|i| i.url.as_str())
    }

    /// Where a client signs in, as the first issuer's discovery document said, once read.
    pub fn authorization_endpoint(&self) -> Option<String> {
        self.issuers
            .first()
            .and_then(|i| i.read_keys().authorization_endpoint.clone())
    }

    /// Checks a bearer token (the text after `Bearer `) and returns the claims that name
    /// its user, or why it is refused.
    pub async fn verify(&self, token: &str) -> Result<Identity, TokenError> {
        if token.is_empty() {
            return Err(TokenError::Empty);
        }
        let parts = unverified(token)?;
        // The issuer is picked (and refused) before any key is read: a token naming some
        // other issuer never makes this server fetch anything.
        let iss = parts.iss.as_deref().ok_or(TokenError::BadIssuer)?;
        let issuer = self
            .issuers
            .iter()
            .find(|i| i.url == iss)
            .ok_or(TokenError::BadIssuer)?;
        let keys = self.keys_for(issuer, parts.kid.as_deref()).await?;
        let mut validation = Validation::new(parts.alg);
        validation.leeway = self.clock_skew_secs;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_audience(&self.audiences);
        validation.set_issuer(&[iss]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        let mut fitting = keys.iter().filter(|k| k.fits(parts.alg, &parts.alg_name)).peekable();
        if fitting.peek().is_none() {
            return Err(TokenError::BadSignature);
        }
        let mut refusal = TokenError::BadSignature;
        for key in fitting {
            match jsonwebtoken::decode::<Value>(token, &key.decoding, &validation) {
                Ok(data) => return Ok(Identity::from_claims(&data.claims)),
                // Another key without a kid may still fit.
                Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::InvalidSignature) => {}
                Err(e) => {
                    refusal = refusal_for(e.kind());
                    break;
                }
            }
        }
        Err(refusal)
    }

    /// The keys that may have signed a token with this `kid` (every unnamed key for a token
    /// without one), reading the issuer's keys again when none is known, as often as the
    /// interval allows.
    async fn keys_for(&self, issuer: &Issuer, kid: Option<&str>) -> Result<Vec<Key>, TokenError> {
        if let Some(keys) = issuer.lookup(kid) {
            return Ok(keys);
        }
        {
            let mut last_read = issuer.last_read.lock().await;
            // A read that finished while this token waited may have brought the key.
            if let Some(keys) = issuer.lookup(kid) {
                return Ok(keys);
            }
            let due = last_read.is_none_or(|at| at.elapsed() >= self.min_interval);
            if due {
                *last_read = Some(Instant::now());
                match read_issuer(issuer.url.clone()).await {
                    Ok(set) => issuer.store(set),
                    Err(why) => eprintln!("graph-server: cannot read the keys of {}: {why}", issuer.url),
                }
            }
        }
        issuer.lookup(kid).ok_or_else(|| {
            if issuer.read_keys().loaded {
                TokenError::BadSignature
            } else {
                TokenError::KeysUnavailable
            }
        })
    }
}

impl Issuer {
    fn read_keys(&self) -> std::sync::RwLockReadGuard<'_, KeySet> {
        // A panic while the keys were being replaced leaves either set, both whole.
        self.keys.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lookup(&self, kid: Option<&str>) -> Option<Vec<Key>> {
        let keys = self.read_keys();
        let found: Vec<Key> = match kid {
            Some(kid) => keys.by_kid.get(kid).cloned().into_iter().collect(),
            None => keys.unnamed.iter().chain(keys.by_kid.values()).cloned().collect(),
        };
        (!found.is_empty()).then_some(found)
    }

    fn store(&self, set: KeySet) {
        *self.keys.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = set;
    }
}

impl Key {
    /// Whether this key may verify a token signed with `alg`: the key's type must be the
    /// algorithm's, and a key pinned to an `alg` verifies only that one.
    fn fits(&self, alg: Algorithm, alg_name: &str) -> bool {
        if self.alg.as_deref().is_some_and(|pinned| pinned != alg_name) {
            return false;
        }
        use Algorithm::*;
        match (alg, &self.kind) {
            (RS256 | RS384 | RS512 | PS256 | PS384 | PS512, KeyKind::Rsa) => true,
            (ES256, KeyKind::Ec(curve)) => curve == "P-256",
            (ES384, KeyKind::Ec(curve)) => curve == "P-384",
            (EdDSA, KeyKind::Okp(curve)) => curve == "Ed25519",
            _ => false,
        }
    }
}

/// The algorithms a signed token may use: asymmetric signatures only. `none` (no
/// signature) and the HMAC ones (whose key would be a shared secret, never published) are
/// refused, whatever the token says.
fn signature_algorithm(name: &str) -> Option<Algorithm> {
    Some(match name {
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        "ES256" => Algorithm::ES256,
        "ES384" => Algorithm::ES384,
        "EdDSA" => Algorithm::EdDSA,
        _ => return None,
    })
}

/// Reads the header and payload without checking anything, to pick the issuer and key.
fn unverified(token: &str) -> Result<Unverified, TokenError> {
    if !token.contains('.') {
        return Err(TokenError::NotJwt);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, _signature] = parts.as_slice() else {
        return Err(TokenError::Unreadable);
    };
    let header = decode_part(header)?;
    let payload = decode_part(payload)?;
    let alg_name = header["alg"].as_str().ok_or(TokenError::Unreadable)?.to_owned();
    let alg = signature_algorithm(&alg_name).ok_or(TokenError::BadSignature)?;
    Ok(Unverified {
        alg,
        alg_name,
        kid: header["kid"].as_str().map(str::to_owned),
        iss: payload["iss"].as_str().map(str::to_owned),
    })
}

/// One Base64url part of a token, as a JSON object.
fn decode_part(part: &str) -> Result<Value, TokenError> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Unreadable)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|_| TokenError::Unreadable)?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(TokenError::Unreadable)
    }
}

/// The refusal for what the JWT library found.
fn refusal_for(kind: &jsonwebtoken::errors::ErrorKind) -> TokenError {
    use jsonwebtoken::errors::ErrorKind as K;
    match kind {
        K::ExpiredSignature => TokenError::Expired,
        K::ImmatureSignature => TokenError::NotYetValid,
        K::InvalidAudience => TokenError::BadAudience,
        K::InvalidIssuer => TokenError::BadIssuer,
        K::MissingRequiredClaim(claim) => match claim.as_str() {
            "aud" => TokenError::BadAudience,
            "iss" => TokenError::BadIssuer,
            _ => TokenError::NoExpiry,
        },
        K::InvalidToken | K::Base64(_) | K::Json(_) | K::Utf8(_) => TokenError::Unreadable,
        _ => TokenError::BadSignature,
    }
}

/// Reads an issuer's keys on the blocking pool, within the timeout for both documents.
async fn read_issuer(url: String) -> Result<KeySet, String> {
    let task = tokio::task::spawn_blocking(move || fetch_keys(&url));
    match tokio::time::timeout(FETCH_TIMEOUT * 2 + Duration::from_secs(1), task).await {
        Ok(Ok(result)) => result,
        Ok(Err(join)) => Err(format!("the read stopped: {join}")),
        Err(_) => Err("timed out".into()),
    }
}

/// Reads `{issuer}/.well-known/openid-configuration`, checks that it is this issuer's,
/// then reads its `jwks_uri` and keeps the keys this server can verify with (signature
/// keys of a known type; keys for encryption, symmetric ones and unparsable ones are
/// skipped).
fn fetch_keys(issuer: &str) -> Result<KeySet, String> {
    let agent = ureq::AgentBuilder::new().timeout(FETCH_TIMEOUT).build();
    let discovery = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
    let config = get_json(&agent, &discovery)?;
    if config["issuer"].as_str() != Some(issuer) {
        return Err(format!(
            "{discovery} is for the issuer {}, not {issuer}",
            config["issuer"]
        ));
    }
    let jwks_uri = config["jwks_uri"]
        .as_str()
        .filter(|u| is_plain_http_url(u))
        .ok_or_else(|| format!("{discovery} names no http(s) jwks_uri"))?;
    let jwks = get_json(&agent, jwks_uri)?;
    let listed = jwks["keys"]
        .as_array()
        .ok_or_else(|| format!("{jwks_uri} has no 'keys' list"))?;
    let mut set = KeySet {
        loaded: true,
        authorization_endpoint: config["authorization_endpoint"]
            .as_str()
            .filter(|u| is_plain_http_url(u))
            .map(str::to_owned),
        ..KeySet::default()
    };
    for entry in listed {
        let Some(key) = read_key(entry) else { continue };
        match entry["kid"].as_str() {
            Some(kid) => {
                set.by_kid.insert(kid.to_owned(), key);
            }
            None => set.unnamed.push(key),
        }
    }
    Ok(set)
}

/// One JWK as a verification key, or `None` if it is not one this server verifies with.
fn read_key(entry: &Value) -> Option<Key> {
    if entry["use"].as_str().is_some_and(|u| u != "sig") {
        return None;
    }
    let curve = || entry["crv"].as_str().map(str::to_owned);
    let kind = match entry["kty"].as_str()? {
        "RSA" => KeyKind::Rsa,
        "EC" => KeyKind::Ec(curve()?),
        "OKP" => KeyKind::Okp(curve()?),
        _ => return None,
    };
    let jwk: Jwk = serde_json::from_value(entry.clone()).ok()?;
    let decoding = DecodingKey::from_jwk(&jwk).ok()?;
    Some(Key {
        alg: entry["alg"].as_str().map(str::to_owned),
        kind,
        decoding,
    })
}

fn get_json(agent: &ureq::Agent, url: &str) -> Result<Value, String> {
    // ureq's errors name the URL already.
    let response = agent.get(url).call().map_err(|e| e.to_string())?;
    let mut text = Vec::new();
    response
        .into_reader()
        .take(MAX_DOCUMENT_BYTES)
        .read_to_end(&mut text)
        .map_err(|e| format!("{url}: {e}"))?;
    serde_json::from_slice(&text).map_err(|e| format!("{url} is not JSON: {e}"))
}

/// An http(s) URL that can go into a header and a request as it is.
fn is_plain_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"\\<>".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(v: Value) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    #[test]
    fn every_refusal_is_graphs_invalid_authentication_token() {
        for e in [
            TokenError::Empty,
            TokenError::NotJwt,
            TokenError::Unreadable,
            TokenError::BadSignature,
            TokenError::KeysUnavailable,
            TokenError::Expired,
            TokenError::NotYetValid,
            TokenError::NoExpiry,
            TokenError::BadAudience,
            TokenError::BadIssuer,
            TokenError::UnknownUser,
            TokenError::DevTokenRefused,
        ] {
            let g = e.to_graph();
            assert_eq!(g.status(), 401, "{e:?}");
            assert_eq!(g.code.as_str(), "InvalidAuthenticationToken", "{e:?}");
            assert!(!g.message.is_empty());
        }
    }

    #[test]
    fn tokens_are_read_only_as_far_as_picking_a_key_needs() {
        assert_eq!(unverified("abc").err(), Some(TokenError::NotJwt));
        assert_eq!(unverified("a.b").err(), Some(TokenError::Unreadable));
        assert_eq!(unverified("a.b.c.d.e").err(), Some(TokenError::Unreadable));
        assert_eq!(unverified("!!.??.x").err(), Some(TokenError::Unreadable));
        let payload = part(serde_json::json!({ "iss": "http://idp" }));
        for refused in ["none", "HS256", "HS512", "RSA-OAEP", ""] {
            let token = format!("{}.{payload}.", part(serde_json::json!({ "alg": refused })));
            assert_eq!(unverified(&token).err(), Some(TokenError::BadSignature), "{refused}");
        }
        let token = format!(
            "{}.{payload}.sig",
            part(serde_json::json!({ "alg": "RS256", "kid": "k1" }))
        );
        let parts = unverified(&token).expect("readable");
        assert_eq!(parts.alg, Algorithm::RS256);
        assert_eq!(parts.kid.as_deref(), Some("k1"));
        assert_eq!(parts.iss.as_deref(), Some("http://idp"));
        let not_object = format!(
            "{}.{}.sig",
            part(serde_json::json!({ "alg": "RS256" })),
            part(Value::from(5))
        );
        assert_eq!(unverified(&not_object).err(), Some(TokenError::Unreadable));
    }

    #[test]
    fn keys_verify_only_their_own_algorithms() {
        use base64::Engine as _;
        let modulus = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xC3u8; 256]);
        let rsa = serde_json::json!({ "kty": "RSA", "kid": "r", "n": modulus, "e": "AQAB" });
        let key = read_key(&rsa).expect("an RSA signing key");
        assert!(key.fits(Algorithm::RS256, "RS256"));
        assert!(key.fits(Algorithm::PS256, "PS256"));
        assert!(!key.fits(Algorithm::ES256, "ES256"));
        let mut pinned = rsa.clone();
        pinned["alg"] = "RS256".into();
        let key = read_key(&pinned).expect("an RSA signing key");
        assert!(key.fits(Algorithm::RS256, "RS256"));
        assert!(!key.fits(Algorithm::RS512, "RS512"));
        let mut for_encryption = rsa.clone();
        for_encryption["use"] = "enc".into();
        assert!(read_key(&for_encryption).is_none());
        assert!(read_key(&serde_json::json!({ "kty": "oct", "k": "c2VjcmV0" })).is_none());
        assert!(read_key(&serde_json::json!({ "kty": "RSA", "n": 5 })).is_none());
    }
}
