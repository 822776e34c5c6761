//! Signed access tokens over real HTTP. A tiny OpenID Connect provider in the test serves a
//! discovery document and keys made at run time (RSA for RS256, P-256 for ES256; no key or
//! token is kept in the repository); `graph-server --issuer` reads them and checks tokens
//! minted here with the JWT library.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use common::{answer, send, Server};

const GRAPH: &str = "https://graph.microsoft.com";
const UNKNOWN_USER: &str =
    "Access token validation failure. The user in the token is not a member of this tenant or can't sign in.";

/// A signing key and the JWK that publishes it.
struct SigningKey {
    alg: Algorithm,
    kid: String,
    encoding: EncodingKey,
    jwk: Value,
}

/// One RSA key per test binary: making one takes seconds in a debug build.
fn rsa_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        use rsa::traits::PublicKeyParts;
        let key = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("an RSA key");
        let der = key.to_pkcs1_der().expect("PKCS#1 DER");
        SigningKey {
            alg: Algorithm::RS256,
            kid: "rsa-1".into(),
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            jwk: json!({
                "kty": "RSA", "use": "sig", "alg": "RS256", "kid": "rsa-1",
                "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
                "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
            }),
        }
    })
}

/// A fresh P-256 key, quick to make: the key an issuer rotates to.
fn ec_key(kid: &str) -> SigningKey {
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("a P-256 key");
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).expect("readable");
    // The public key is the uncompressed point: 0x04, then x and y, 32 bytes each.
    let point = pair.public_key().as_ref();
    SigningKey {
        alg: Algorithm::ES256,
        kid: kid.into(),
        encoding: EncodingKey::from_ec_der(pkcs8.as_ref()),
        jwk: json!({
            "kty": "EC", "use": "sig", "crv": "P-256", "kid": kid,
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        }),
    }
}

/// The identity provider: discovery at `/.well-known/openid-configuration`, keys at
/// `/keys`, counting how often the keys are read.
struct Idp {
    issuer: String,
    keys: Arc<Mutex<Vec<Value>>>,
    key_reads: Arc<AtomicUsize>,
}

impl Idp {
    fn start(keys: Vec<Value>) -> Idp {
        Idp::on(TcpListener::bind("127.0.0.1:0").expect("a free port"), keys)
    }

    fn on(listener: TcpListener, keys: Vec<Value>) -> Idp {
        let issuer = format!("http://{}", listener.local_addr().expect("an address"));
        let idp = Idp {
            issuer: issuer.clone(),
            keys: Arc::new(Mutex::new(keys)),
            key_reads: Arc::new(AtomicUsize::new(0)),
        };
        let (keys, reads) = (idp.keys.clone(), idp.key_reads.clone());
        // Ends with the test binary.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                answer_idp(stream, &issuer, &keys, &reads);
            }
        });
        idp
    }

    fn publish(&self, keys: Vec<Value>) {
        *self.keys.lock().expect("keys") = keys;
    }

    fn reads(&self) -> usize {
        self.key_reads.load(Ordering::SeqCst)
    }

    /// Claims of a good token for `who` (extra claims added; a null removes one).
    fn claims(&self, who: Value) -> Value {
        let now = now();
        let mut claims = json!({ "iss": self.issuer, "aud": GRAPH, "iat": now, "nbf": now - 5, "exp": now + 600 });
        if let (Some(c), Some(extra)) = (claims.as_object_mut(), who.as_object()) {
            for (k, v) in extra {
                if v.is_null() {
                    c.remove(k);
                } else {
                    c.insert(k.clone(), v.clone());
                }
            }
        }
        claims
    }
}

fn answer_idp(mut stream: TcpStream, issuer: &str, keys: &Mutex<Vec<Value>>, reads: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("");
    let (status, body) = match path {
        "/.well-known/openid-configuration" => (
            "200 OK",
            json!({ "issuer": issuer, "jwks_uri": format!("{issuer}/keys"),
                    "authorization_endpoint": format!("{issuer}/authorize") }),
        ),
        "/keys" => {
            reads.fetch_add(1, Ordering::SeqCst);
            ("200 OK", json!({ "keys": *keys.lock().expect("keys") }))
        }
        _ => ("404 Not Found", json!({})),
    };
    let body = body.to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn mint(key: &SigningKey, claims: &Value) -> String {
    let mut header = Header::new(key.alg);
    header.kid = Some(key.kid.clone());
    jsonwebtoken::encode(&header, claims, &key.encoding).expect("signs")
}

fn server_for(idp: &Idp, more: &[&str]) -> Server {
    let mut flags = vec!["--issuer", idp.issuer.as_str(), "--clock-skew-secs", "5"];
    flags.extend_from_slice(more);
    Server::start(&flags)
}

fn get_as(s: &Server, path: &str, token: &str) -> (u16, Value) {
    send(
        ureq::get(&s.url(path)).set("Authorization", &format!("Bearer {token}")),
        None,
    )
}

fn id_of(upn: &str) -> String {
    let t = tenant::demo::demo_tenant();
    let idx = t.find_user(upn).expect("a demo user");
    t.user_at(idx).id.to_string()
}

/// Asserts Graph's 401 for `token`, with `message` and a `WWW-Authenticate` challenge.
fn refused(s: &Server, token: &str, message: &str) {
    let r = answer(
        ureq::get(&s.url("/me"))
            .set("Authorization", &format!("Bearer {token}"))
            .call(),
    );
    assert_eq!(r.status(), 401, "{message}");
    let challenge = r.header("WWW-Authenticate").unwrap_or("").to_owned();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    let body: Value = serde_json::from_str(&r.into_string().unwrap_or_default()).expect("Graph's error body");
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken", "{body}");
    assert_eq!(body["error"]["message"], message, "{body}");
    assert!(body["error"]["innerError"]["request-id"].is_string());
}

#[test]
fn a_signed_token_acts_as_the_user_it_names() {
    let key = rsa_key();
    let idp = Idp::start(vec![key.jwk.clone()]);
    let s = server_for(&idp, &[]);

    // By object id, by user principal name (in any case), by preferred_username.
    for (who, upn) in [
        (json!({ "oid": id_of("meganb@contoso.com") }), "meganb@contoso.com"),
        (json!({ "upn": "NestorW@Contoso.com" }), "nestorw@contoso.com"),
        (json!({ "preferred_username": "jane@contoso.com" }), "jane@contoso.com"),
        // An object id this tenant does not know gives way to the name.
        (
            json!({ "oid": "11111111-2222-3333-4444-555555555555", "upn": "leeg@contoso.com" }),
            "leeg@contoso.com",
        ),
        (
            json!({ "oid": id_of("admin@contoso.onmicrosoft.com"), "upn": "jane@contoso.com" }),
            "admin@contoso.onmicrosoft.com",
        ),
    ] {
        let token = mint(key, &idp.claims(who.clone()));
        let (status, me) = get_as(&s, "/me", &token);
        assert_eq!(status, 200, "{who}: {me}");
        assert_eq!(me["userPrincipalName"], upn, "{who}");
    }
    // Read once, kept: the tokens above did not each fetch the keys.
    assert_eq!(idp.reads(), 1);

    // The roles are the tenant's: the License Administrator may not rename a user.
    let megan = mint(key, &idp.claims(json!({ "upn": "meganb@contoso.com" })));
    let (status, body) = send(
        ureq::request("PATCH", &s.url("/users/tricia@contoso.com")).set("Authorization", &format!("Bearer {megan}")),
        Some(json!({ "displayName": "Renamed" })),
    );
    assert_eq!(status, 403, "{body}");
    let nestor = mint(key, &idp.claims(json!({ "upn": "nestorw@contoso.com" })));
    let (status, body) = send(
        ureq::request("PATCH", &s.url("/users/tricia@contoso.com")).set("Authorization", &format!("Bearer {nestor}")),
        Some(json!({ "displayName": "Tricia Renamed" })),
    );
    assert_eq!(status, 204, "{body}");

    // A batch's items run as the outer request's user.
    let (status, batch) = send(
        ureq::post(&s.url("/$batch")).set("Authorization", &format!("Bearer {megan}")),
        Some(json!({ "requests": [{ "id": "1", "method": "GET", "url": "/me" }] })),
    );
    assert_eq!(status, 200);
    assert_eq!(batch["responses"][0]["body"]["userPrincipalName"], "meganb@contoso.com");

    // A multi-valued audience naming Graph is taken.
    let token = mint(
        key,
        &idp.claims(json!({ "upn": "jane@contoso.com", "aud": ["api://other", GRAPH] })),
    );
    assert_eq!(get_as(&s, "/me", &token).0, 200);
}

#[test]
fn bad_tokens_are_graphs_401_with_graphs_messages() {
    let key = rsa_key();
    let idp = Idp::start(vec![key.jwk.clone()]);
    let s = server_for(&idp, &[]);
    let good = idp.claims(json!({ "upn": "jane@contoso.com" }));
    let with = |extra: Value| {
        let mut c = good.clone();
        if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                if v.is_null() {
                    c.remove(k);
                } else {
                    c.insert(k.clone(), v.clone());
                }
            }
        }
        mint(key, &c)
    };
    assert_eq!(get_as(&s, "/me", &mint(key, &good)).0, 200);

    // The signature no longer matches once a claim is changed.
    let token = mint(key, &good);
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut claims = good.clone();
    claims["upn"] = json!("admin@contoso.onmicrosoft.com");
    parts[1] = URL_SAFE_NO_PAD.encode(claims.to_string());
    refused(&s, &parts.join("."), "Signature is invalid.");
    // Signed by a key the issuer never published, under the published key's id.
    let stranger = ec_key(&key.kid);
    refused(&s, &mint(&stranger, &good), "Signature is invalid.");
    // No signature at all, or an HMAC made with the public key as the secret.
    let header = URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "JWT", "kid": key.kid }).to_string());
    let payload = URL_SAFE_NO_PAD.encode(good.to_string());
    refused(&s, &format!("{header}.{payload}."), "Signature is invalid.");
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(key.kid.clone());
    let secret = EncodingKey::from_secret(key.jwk["n"].as_str().unwrap_or("").as_bytes());
    refused(
        &s,
        &jsonwebtoken::encode(&hs, &good, &secret).expect("signs"),
        "Signature is invalid.",
    );

    refused(
        &s,
        &with(json!({ "aud": "api://someone-else" })),
        "Access token validation failure. Invalid audience.",
    );
    refused(
        &s,
        &with(json!({ "aud": null })),
        "Access token validation failure. Invalid audience.",
    );
    refused(
        &s,
        &with(json!({ "iss": "http://127.0.0.1:1/other" })),
        "Access token validation failure. Invalid issuer.",
    );
    let now = now();
    refused(
        &s,
        &with(json!({ "exp": now - 60, "nbf": now - 600 })),
        "Lifetime validation failed, the token is expired.",
    );
    refused(
        &s,
        &with(json!({ "nbf": now + 600, "exp": now + 1200 })),
        "Lifetime validation failed, the token is not yet valid.",
    );
    refused(
        &s,
        &with(json!({ "exp": null })),
        "Lifetime validation failed, the token is missing an expiration time.",
    );
    // Within the clock skew (5 s here), a just-expired token is still taken.
    assert_eq!(get_as(&s, "/me", &with(json!({ "exp": now - 1 }))).0, 200);

    refused(&s, &with(json!({ "upn": "nobody@fabrikam.com" })), UNKNOWN_USER);
    refused(&s, &with(json!({ "upn": null })), UNKNOWN_USER);
    // A disabled user cannot sign in, nor be taken for another user named further on.
    refused(
        &s,
        &with(json!({ "upn": "ravip@contoso.com", "preferred_username": "jane@contoso.com" })),
        UNKNOWN_USER,
    );

    refused(
        &s,
        "not-a-jwt",
        "IDX14100: JWT is not well formed, there are no dots (.).",
    );
    refused(&s, "a.b", "CompactToken parsing failed with error code: 80049217");
    refused(&s, "", "Access token is empty.");
    refused(
        &s,
        "dev:admin@contoso.onmicrosoft.com",
        "Access token validation failure. Development tokens (dev:<upn>) are not accepted here: sign in with the identity provider (or start graph-server with --allow-dev-tokens).",
    );
    let (status, _) = s.get("/me");
    assert_eq!(status, 401, "the common dev-token helper is refused too");

    // The challenge says where to sign in, from the discovery document.
    let r = answer(ureq::get(&s.url("/me")).call());
    assert_eq!(
        r.header("WWW-Authenticate"),
        Some(
            format!(
                "Bearer realm=\"\", authorization_uri=\"{}/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"",
                idp.issuer
            )
            .as_str()
        )
    );
    // None of these read the keys again: unknown issuers and bad claims fetch nothing.
    assert_eq!(idp.reads(), 1);
}

#[test]
fn dev_tokens_still_work_without_issuers_or_with_allow_dev_tokens() {
    let key = rsa_key();
    let idp = Idp::start(vec![key.jwk.clone()]);
    let s = server_for(&idp, &["--allow-dev-tokens"]);
    let (status, me) = s.get("/me");
    assert_eq!(status, 200);
    assert_eq!(me["userPrincipalName"], "admin@contoso.onmicrosoft.com");
    let token = mint(key, &idp.claims(json!({ "upn": "jane@contoso.com" })));
    assert_eq!(get_as(&s, "/me", &token).1["userPrincipalName"], "jane@contoso.com");

    let s = Server::start(&[]);
    assert_eq!(s.get("/me").0, 200);
    let r = answer(ureq::get(&s.url("/me")).call());
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.header("WWW-Authenticate"),
        Some("Bearer realm=\"\", client_id=\"00000003-0000-0000-c000-000000000000\"")
    );
}

#[test]
fn a_rotated_key_is_read_again_but_no_more_than_the_interval_allows() {
    let old = rsa_key();
    let idp = Idp::start(vec![old.jwk.clone()]);
    let s = server_for(&idp, &["--jwks-min-interval-ms", "1500"]);
    let claims = idp.claims(json!({ "upn": "jane@contoso.com" }));
    assert_eq!(get_as(&s, "/me", &mint(old, &claims)).0, 200);
    assert_eq!(idp.reads(), 1);

    // The issuer rotates to a new key; within the interval the server does not read again.
    let new = ec_key("ec-2");
    idp.publish(vec![new.jwk.clone()]);
    refused(&s, &mint(&new, &claims), "Signature is invalid.");
    // Nor do junk tokens naming ever new key ids make it read.
    for i in 0..20 {
        let mut junk = ec_key("x");
        junk.kid = format!("junk-{i}");
        refused(&s, &mint(&junk, &claims), "Signature is invalid.");
    }
    assert_eq!(idp.reads(), 1);

    std::thread::sleep(Duration::from_millis(1600));
    let (status, me) = get_as(&s, "/me", &mint(&new, &claims));
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["userPrincipalName"], "jane@contoso.com");
    assert_eq!(idp.reads(), 2);
    // The old key is gone from the issuer, so from the server too.
    refused(&s, &mint(old, &claims), "Signature is invalid.");
    assert_eq!(idp.reads(), 2);
}

#[test]
fn an_issuer_that_is_down_at_start_is_read_once_it_is_up() {
    let key = rsa_key();
    // A port that was free a moment ago, with nothing listening yet.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let issuer = format!("http://127.0.0.1:{port}");
    let s = Server::start(&["--issuer", &issuer, "--jwks-min-interval-ms", "300"]);
    let claims = json!({ "iss": issuer, "aud": GRAPH, "exp": now() + 600, "upn": "jane@contoso.com" });
    refused(
        &s,
        &mint(key, &claims),
        "Access token validation failure. The signing keys of the token's issuer could not be read; try again later.",
    );

    let idp = Idp::on(
        TcpListener::bind(("127.0.0.1", port)).expect("the port again"),
        vec![key.jwk.clone()],
    );
    std::thread::sleep(Duration::from_millis(400));
    let (status, me) = get_as(&s, "/me", &mint(key, &claims));
    assert_eq!(status, 200, "{me}");
    assert_eq!(idp.reads(), 1);
}

#[test]
fn a_discovery_document_for_another_issuer_is_not_trusted() {
    let key = rsa_key();
    let idp = Idp::start(vec![key.jwk.clone()]);
    // The flag names the issuer with a path its discovery document does not repeat.
    let claimed = format!("{}/", idp.issuer);
    let s = Server::start(&["--issuer", &claimed]);
    let mut claims = idp.claims(json!({ "upn": "jane@contoso.com" }));
    claims["iss"] = json!(claimed);
    refused(
        &s,
        &mint(key, &claims),
        "Access token validation failure. The signing keys of the token's issuer could not be read; try again later.",
    );
    assert_eq!(idp.reads(), 0);
}

#[test]
fn token_flags_are_checked() {
    for bad in [
        vec!["--issuer", "ftp://idp"],
        vec!["--issuer", "https://idp/?x=1"],
        vec!["--issuer", "http://"],
        vec!["--audience", ""],
        vec!["--clock-skew-secs", "999999"],
        vec!["--jwks-min-interval-ms", "0"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_graph-server"))
            .args(["--port", "0"])
            .args(&bad)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(bad[0]), "{bad:?}");
    }
}
