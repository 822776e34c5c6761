//! The HTTP side: turns axum requests into the engine's `GraphRequest`s and back.
//!
//! Per request, in order: the body is read, the request counted ([`crate::stats`]), the
//! latency waited and a fault drawn, the bearer token checked ([`crate::tokens`]; a signed
//! token's keys may be fetched here), and only then the tenant locked for the engine's own
//! work. Inside a `$batch` that was not faulted as a whole, each item draws a fault of its
//! own just before it runs, as Graph throttles batch items one by one.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body as HttpBody, Bytes, HttpBody as _};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method as HttpMethod, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;
use tenant::error::{ErrorCode, GraphError};
use tenant::rest::{self, Body, Context, GraphRequest, GraphResponse, Method};
use tenant::simulation::TenantSeed;
use tenant::time::Timestamp;
use tenant::Tenant;

use crate::args::Args;
use crate::faults::{Fault, Faults};
use crate::stats::Stats;
use crate::tokens::{Identity, Settings, TokenError, Verifier};

/// Everything a request needs: the tenant behind a lock, the fault settings, the token
/// checks and the counters.
#[derive(Clone)]
pub struct State {
    tenant: Arc<Mutex<Tenant>>,
    faults: Arc<Faults>,
    latency: Duration,
    retry_after: u32,
    requests: Arc<AtomicU64>,
    seed: TenantSeed,
    origins: Arc<[String]>,
    /// Signed tokens' checks, with `--issuer`; without, only development tokens.
    tokens: Option<Arc<Verifier>>,
    /// With `--issuer`, whether development tokens are still taken.
    allow_dev_tokens: bool,
    stats: Arc<Stats>,
}

/// Microsoft Graph's application id, which Graph names in `WWW-Authenticate`.
const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// Who a request comes from, as far as can be told without the tenant.
enum Caller {
    /// A development token, or none: the engine reads it (`dev:<upn>`) and refuses it.
    Dev,
    /// A verified signed token; the tenant says who it names.
    Signed(Identity),
}

/// The largest request body taken (axum's default, now named): a larger one is answered
/// 413 with Graph's error body.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// How much of a too-large body is still read (and thrown away) before the 413, so that
/// the client, still sending, reads the answer instead of a reset connection. Past this
/// the 413 goes at once and the connection closes.
const DRAIN_LIMIT: usize = 16 * MAX_BODY;

impl State {
    /// Builds the tenant the flags ask for.
    pub fn new(args: &Args) -> Self {
        let seed = match args.users {
            Some(users) => TenantSeed::Generated { users, seed: args.seed },
            None => TenantSeed::Demo,
        };
        State {
            tenant: Arc::new(Mutex::new(seed.build())),
            faults: Arc::new(Faults::new(args.throttle_rate, args.unavailable_rate, args.fault_seed)),
            latency: Duration::from_millis(args.latency_ms),
            retry_after: args.retry_after,
            requests: Arc::new(AtomicU64::new(0)),
            seed,
            origins: args.allow_origin.iter().cloned().collect(),
            tokens: (!args.issuer.is_empty()).then(|| {
                Arc::new(Verifier::new(Settings {
                    issuers: args.issuer.clone(),
                    audiences: args.audience.clone(),
                    clock_skew_secs: args.clock_skew_secs,
                    min_interval: Duration::from_millis(args.jwks_min_interval_ms),
                }))
            }),
            allow_dev_tokens: args.allow_dev_tokens,
            stats: Arc::new(Stats::default()),
        }
    }

    /// One line about what is served, for the start-up message.
    pub fn describe(&self) -> String {
        let tenant = match &self.seed {
            TenantSeed::Demo => "Contoso demo tenant".to_owned(),
            TenantSeed::Generated { users, seed } => format!("generated tenant of {users} users, seed {seed}"),
        };
        let cors = if self.origins.is_empty() {
            "no CORS".to_owned()
        } else {
            format!("CORS for {}", self.origins.join(" "))
        };
        let tokens = match &self.tokens {
            None => "development tokens".to_owned(),
            Some(v) => {
                let issuers: Vec<&str> = v.issuers().collect();
                let dev = if self.allow_dev_tokens {
                    " and development tokens"
                } else {
                    ""
                };
                format!("tokens from {}{dev}", issuers.join(" "))
            }
        };
        format!("{tenant}; {cors}; {tokens}")
    }

    /// The tenant, locked. Only the engine's own work runs under the lock: the added
    /// latency and the injected faults happen before it is taken.
    fn tenant(&self) -> MutexGuard<'_, Tenant> {
        // A panic inside the engine poisons the lock; the tenant is still the last good
        // state because every operation validates before it writes, so the lock is taken
        // back instead of failing every later request.
        self.tenant.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Checks who the request comes from, then runs it. A signed token is verified here,
    /// before the tenant's lock is taken, since that may read the issuer's keys.
    async fn answer(&self, req: &GraphRequest, ctx: &Context) -> GraphResponse {
        let caller = match &self.tokens {
            None => Caller::Dev,
            Some(verifier) => {
                let token = bearer(req);
                if token.starts_with("dev:") {
                    if !self.allow_dev_tokens {
                        return GraphResponse::error(&TokenError::DevTokenRefused.to_graph(), ctx);
                    }
                    Caller::Dev
                } else {
                    match verifier.verify(token).await {
                        Ok(identity) => Caller::Signed(identity),
                        Err(e) => return GraphResponse::error(&e.to_graph(), ctx),
                    }
                }
            }
        };
        self.handle(&caller, req, ctx)
    }

    /// Runs one request on the tenant, with each `$batch` item drawing its own fault. A
    /// panic in the engine (a bug) answers Graph's 500 instead of dropping the connection,
    /// and leaves the lock usable.
    fn handle(&self, caller: &Caller, req: &GraphRequest, ctx: &Context) -> GraphResponse {
        let mut tenant = self.tenant();
        let mut before_item = |_: &GraphRequest| injected(self.faults.draw(), self, ctx);
        catch_unwind(AssertUnwindSafe(|| match caller {
            Caller::Dev => rest::handle_with(&mut tenant, None, req, ctx, &mut before_item),
            Caller::Signed(identity) => match identity.actor(&tenant) {
                Ok(actor) => rest::handle_with(&mut tenant, Some(&actor), req, ctx, &mut before_item),
                Err(e) => GraphResponse::error(&e.to_graph(), ctx),
            },
        }))
        .unwrap_or_else(|_| {
            graph_error(
                500,
                "generalException",
                "An internal server error occurred while processing the request.",
                ctx,
            )
        })
    }

    /// `WWW-Authenticate` for a 401, as Graph sends it: where to sign in, once the first
    /// issuer's discovery document said so, and Graph's application id.
    fn www_authenticate(&self) -> String {
        match self.tokens.as_ref().and_then(|v| v.authorization_endpoint()) {
            Some(uri) => format!("Bearer realm=\"\", authorization_uri=\"{uri}\", client_id=\"{GRAPH_APP_ID}\""),
            None => format!("Bearer realm=\"\", client_id=\"{GRAPH_APP_ID}\""),
        }
    }
}

/// The token after `Bearer ` (the scheme in any case), or "" when there is none.
fn bearer(req: &GraphRequest) -> &str {
    let header = req.header_value("Authorization").unwrap_or_default().trim();
    match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => "",
    }
}

fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    )
}

/// Processes queued group licences in the background, as Graph does some time after the
/// call that queued them returned.
pub fn spawn_group_worker(state: State, delay_ms: u64) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(delay_ms.max(10)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            state.tenant().process_queue(now());
        }
    });
}

/// All of Graph's routes go to the engine, and `GET /_stats` to the counters. CORS headers
/// go only to the origins named with `--allow-origin`; with none, no CORS headers at all,
/// so only same-origin pages and non-browser clients (curl, SDKs) can call.
pub fn router(state: State) -> Router {
    let origins = state.origins.clone();
    let app = Router::new()
        .route("/_stats", get(stats))
        .fallback(serve)
        .with_state(state);
    if origins.is_empty() {
        app
    } else {
        app.layer(middleware::from_fn_with_state(origins, cors))
    }
}

const ALLOW_METHODS: &str = "GET,POST,PATCH,DELETE";
const ALLOW_HEADERS: &str = "authorization,content-type,consistencylevel,client-request-id";
const EXPOSE_HEADERS: &str = "retry-after,location,request-id,www-authenticate";
const MAX_AGE_SECONDS: &str = "600";

/// CORS for the allowed origins only. Their preflights are answered here (204 with the
/// allow headers) and their requests get `Access-Control-Allow-Origin`; a request or
/// preflight from any other origin goes on as if there were no CORS at all, so it gets no
/// `Access-Control-*` header and the browser keeps the page from reading the answer.
async fn cors(
    axum::extract::State(origins): axum::extract::State<Arc<[String]>>,
    req: Request,
    next: Next,
) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| origins.iter().any(|a| a.as_bytes() == o.as_bytes()))
        .cloned();
    let preflight =
        req.method() == HttpMethod::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = match (&origin, preflight) {
        (Some(_), true) => StatusCode::NO_CONTENT.into_response(),
        _ => next.run(req).await,
    };
    let h = response.headers_mut();
    // The answer depends on the origin: caches must not hand one origin's to another.
    h.append(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if preflight {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(MAX_AGE_SECONDS),
            );
        } else {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSE_HEADERS),
            );
        }
    }
    response
}

/// `GET /_stats`: the counters of [`crate::stats`], never delayed nor faulted.
async fn stats(axum::extract::State(state): axum::extract::State<State>) -> Response {
    let mut response = (StatusCode::OK, state.stats.to_json().to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

async fn serve(
    axum::extract::State(state): axum::extract::State<State>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
    body: HttpBody,
) -> Response {
    let body = read_body(body, &headers).await;
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
    let request_id = format!("00000000-0000-4000-8000-{n:012x}");
    let now = now();
    let ctx = Context {
        base_url: base_url(&headers),
        now,
        request_id: request_id.clone(),
        process_groups_now: false,
    };
    let parsed = match body {
        Err(refused) => Err(body_refused(&refused, &ctx)),
        Ok(body) => to_graph_request(&method, &uri, &headers, &body).map_err(|e| GraphResponse::error(&e, &ctx)),
    };
    if under_v1(uri.path()) {
        let batch_items = (method == HttpMethod::POST && is_batch(uri.path())).then(|| {
            parsed
                .as_ref()
                .ok()
                .and_then(|req| req.body.as_ref())
                .and_then(|b| b["requests"].as_array())
                .map_or(0, Vec::len)
        });
        state.stats.request(batch_items);
    }
    // The latency and the faults come before the tenant's lock is taken: a slow or
    // throttled request does not hold up the others.
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    let mut response = match injected(state.faults.draw(), &state, &ctx) {
        Some(faulted) => faulted,
        None => match parsed {
            Err(refused) => refused,
            Ok(req) => state.answer(&req, &ctx).await,
        },
    };
    if response.status == 401 {
        response
            .headers
            .push(("WWW-Authenticate".into(), state.www_authenticate()));
    }
    to_http(response, &request_id)
}

/// Whether a path is under Graph's version root.
fn under_v1(path: &str) -> bool {
    path == "/v1.0" || path.starts_with("/v1.0/")
}

/// Whether a path under `/v1.0` is `$batch`, as the engine routes it (empty segments
/// dropped, `$` maybe percent-encoded).
fn is_batch(path: &str) -> bool {
    let mut segments = path.trim_start_matches("/v1.0").split('/').filter(|s| !s.is_empty());
    matches!(
        (segments.next(), segments.next()),
        (Some(s), None) if s == "$batch" || s.eq_ignore_ascii_case("%24batch")
    )
}

/// Why a request body was not taken.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    /// Over [`MAX_BODY`].
    TooLarge,
    /// The body could not be read (the client went away mid-body).
    Broken(String),
}

/// Reads the body up to [`MAX_BODY`]. A larger one is read on to its end (up to
/// [`DRAIN_LIMIT`]) and thrown away, so the client gets to read the 413; one that announces
/// `Expect: 100-continue` with a length over the limit is refused before it is sent.
async fn read_body(mut body: HttpBody, headers: &HeaderMap) -> Result<Bytes, Refused> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let expects_continue = headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if declared.is_some_and(|n| n > MAX_BODY as u64 && (expects_continue || n > DRAIN_LIMIT as u64)) {
        return Err(Refused::TooLarge);
    }
    let mut taken = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| Refused::Broken(e.to_string()))?;
        let Ok(data) = frame.into_data() else { continue };
        seen = seen.saturating_add(data.len());
        if seen > DRAIN_LIMIT {
            break;
        }
        if seen <= MAX_BODY {
            taken.extend_from_slice(&data);
        }
    }
    if seen > MAX_BODY {
        Err(Refused::TooLarge)
    } else {
        Ok(Bytes::from(taken))
    }
}

/// A body that was not taken: over [`MAX_BODY`] is Graph's 413, a broken one a 400, both
/// with Graph's error body.
fn body_refused(refused: &Refused, ctx: &Context) -> GraphResponse {
    let e = match refused {
        Refused::TooLarge => GraphError::new(
            ErrorCode::RequestEntityTooLarge,
            format!("The request body is larger than the largest allowed, {MAX_BODY} bytes."),
        ),
        Refused::Broken(why) => GraphError::bad_request(format!("Unable to read the request body. ({why})")),
    };
    GraphResponse::error(&e, ctx)
}

/// Graph's error body for a code the engine's `ErrorCode` has no variant for (a 500), in
/// the same envelope (`innerError` with date and request ids) as the engine's own errors.
fn graph_error(status: u16, code: &str, message: &str, ctx: &Context) -> GraphResponse {
    let mut body = GraphError::new(ErrorCode::BadRequest, message).to_body(&ctx.now.iso(), &ctx.request_id);
    body["error"]["code"] = Value::from(code);
    GraphResponse {
        status,
        headers: Vec::new(),
        body: Body::Json(body),
    }
}

/// The version root as the client reached it, for `@odata.nextLink`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("127.0.0.1");
    format!("http://{host}/v1.0")
}

/// The response for an injected fault, counted, or `None` to let the request (or batch
/// item) through.
fn injected(fault: Fault, state: &State, ctx: &Context) -> Option<GraphResponse> {
    let (code, message) = match fault {
        Fault::None => return None,
        Fault::Throttle => {
            state.stats.throttled();
            (ErrorCode::TooManyRequests, "Please retry again later.")
        }
        Fault::Unavailable => {
            state.stats.unavailable();
            (
                ErrorCode::ServiceUnavailable,
                "The service is temporarily unavailable. Please retry later.",
            )
        }
    };
    let mut r = GraphResponse::error(&GraphError::new(code, message), ctx);
    r.headers.push(("Retry-After".into(), state.retry_after.to_string()));
    Some(r)
}

fn to_graph_request(
    method: &HttpMethod,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<GraphRequest, GraphError> {
    let path = uri.path();
    if !(path == "/v1.0" || path.starts_with("/v1.0/")) {
        return Err(GraphError::new(
            ErrorCode::NotFound,
            format!("Resource not found for the segment '{}'.", path.trim_start_matches('/')),
        ));
    }
    let m = Method::parse(method.as_str()).ok_or_else(|| {
        GraphError::new(
            ErrorCode::MethodNotAllowed,
            format!("The HTTP method '{method}' is not supported."),
        )
    })?;
    let url = match uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_owned(),
    };
    let mut req = GraphRequest::new(m, url);
    for (name, value) in headers {
        if let Ok(v) = value.to_str() {
            req = req.header(name.as_str(), v);
        }
    }
    if !body.is_empty() {
        let json = serde_json::from_slice(body).map_err(|e| {
            GraphError::bad_request(format!("Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. ({e})"))
        })?;
        req = req.json(json);
    }
    Ok(req)
}

fn to_http(r: GraphResponse, request_id: &str) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, bytes) = match r.body {
        Body::Empty => (None, Vec::new()),
        Body::Json(v) => (
            Some("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
            serde_json::to_vec(&v).unwrap_or_default(),
        ),
        Body::Text(t) => (Some("text/plain"), t.into_bytes()),
    };
    let mut response = (status, HttpBody::from(bytes)).into_response();
    let h = response.headers_mut();
    if let Some(ct) = content_type {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert(HeaderName::from_static("request-id"), v);
    }
    for (name, value) in r.headers {
        if name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name.as_str()), HeaderValue::from_str(&value)) {
            h.insert(n, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    async fn me(state: &State) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer dev:admin@contoso.onmicrosoft.com"),
        );
        serve(
            axum::extract::State(state.clone()),
            HttpMethod::GET,
            Uri::from_static("/v1.0/me"),
            headers,
            HttpBody::empty(),
        )
        .await
    }

    #[tokio::test]
    async fn a_panic_under_the_lock_does_not_poison_it_for_good() {
        let state = State::new(&Args::parse_from(["graph-server"]));
        let tenant = state.tenant.clone();
        let crashed = std::thread::spawn(move || {
            let _guard = tenant.lock();
            panic!("a bug in the engine, with the tenant locked");
        })
        .join();
        assert!(crashed.is_err());
        assert!(state.tenant.is_poisoned());
        assert_eq!(me(&state).await.status(), StatusCode::OK);
        assert_eq!(me(&state).await.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn bodies_are_taken_up_to_the_limit_and_refused_past_it() {
        let none = HeaderMap::new();
        let at_limit = vec![b' '; MAX_BODY];
        assert_eq!(
            read_body(HttpBody::from(at_limit.clone()), &none).await,
            Ok(Bytes::from(at_limit))
        );
        let over = vec![b' '; MAX_BODY + 1];
        assert_eq!(read_body(HttpBody::from(over), &none).await, Err(Refused::TooLarge));
        let mut announced = HeaderMap::new();
        announced.insert(header::CONTENT_LENGTH, HeaderValue::from(MAX_BODY + 1));
        announced.insert(header::EXPECT, HeaderValue::from_static("100-continue"));
        assert_eq!(read_body(HttpBody::empty(), &announced).await, Err(Refused::TooLarge));
    }

    #[test]
    fn an_error_without_an_engine_code_has_graphs_envelope() {
        let ctx = Context {
            base_url: "http://127.0.0.1/v1.0".into(),
            now: Timestamp(0),
            request_id: "r-1".into(),
            process_groups_now: false,
        };
        let r = graph_error(500, "generalException", "Broken.", &ctx);
        assert_eq!(r.status, 500);
        let body = r.json_body();
        assert_eq!(body["error"]["code"], "generalException");
        assert_eq!(body["error"]["message"], "Broken.");
        assert_eq!(body["error"]["innerError"]["request-id"], "r-1");
    }
}
