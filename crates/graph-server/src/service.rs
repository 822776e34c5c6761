//! The HTTP side: turns axum requests into the engine's `GraphRequest`s and back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body as HttpBody, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tenant::error::{ErrorCode, GraphError};
use tenant::rest::{self, Body, Context, GraphRequest, GraphResponse, Method};
use tenant::simulation::TenantSeed;
use tenant::time::Timestamp;
use tenant::Tenant;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::args::Args;
use crate::faults::{Fault, Faults};

/// Everything a request needs: the tenant behind a lock, and the fault settings.
#[derive(Clone)]
pub struct State {
    tenant: Arc<Mutex<Tenant>>,
    faults: Arc<Faults>,
    latency: Duration,
    retry_after: u32,
    requests: Arc<AtomicU64>,
    seed: TenantSeed,
}

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
        }
    }

    /// One line about what is served, for the start-up message.
    pub fn describe(&self) -> String {
        match &self.seed {
            TenantSeed::Demo => "Contoso demo tenant".to_owned(),
            TenantSeed::Generated { users, seed } => format!("generated tenant of {users} users, seed {seed}"),
        }
    }

    fn tenant(&self) -> MutexGuard<'_, Tenant> {
        // A panic inside the engine poisons the lock; the tenant is still the last good
        // state because every operation validates before it writes.
        self.tenant.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// All of Graph's routes go to the engine; CORS lets a browser app on another origin call.
pub fn router(state: State) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([HttpMethod::GET, HttpMethod::POST, HttpMethod::PATCH, HttpMethod::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("consistencylevel"),
            HeaderName::from_static("client-request-id"),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            header::LOCATION,
            HeaderName::from_static("request-id"),
        ])
        .max_age(Duration::from_secs(600));
    Router::new().fallback(serve).with_state(state).layer(cors)
}

async fn serve(
    axum::extract::State(state): axum::extract::State<State>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
    let request_id = format!("00000000-0000-4000-8000-{n:012x}");
    let now = now();
    let ctx = Context {
        base_url: base_url(&headers),
        now,
        request_id: request_id.clone(),
        process_groups_now: false,
    };
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    let response = match state.faults.draw() {
        Fault::Throttle => fault(ErrorCode::TooManyRequests, "Please retry again later.", &state, &ctx),
        Fault::Unavailable => fault(
            ErrorCode::ServiceUnavailable,
            "The service is temporarily unavailable. Please retry later.",
            &state,
            &ctx,
        ),
        Fault::None => match to_graph_request(&method, &uri, &headers, &body) {
            Ok(req) => rest::handle(&mut state.tenant(), &req, &ctx),
            Err(e) => GraphResponse::error(&e, &ctx),
        },
    };
    to_http(response, &request_id)
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

fn fault(code: ErrorCode, message: &str, state: &State, ctx: &Context) -> GraphResponse {
    let mut r = GraphResponse::error(&GraphError::new(code, message), ctx);
    r.headers.push(("Retry-After".into(), state.retry_after.to_string()));
    r
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
