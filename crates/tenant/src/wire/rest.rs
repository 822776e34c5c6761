//! Graph's REST surface over the tenant: one request in, one response out.
//!
//! The HTTP server and the in-browser transport both go through [`handle`], so the app gets
//! byte-for-byte the same answers from the simulated tenant as from `graph-server`, and the
//! simulation is held to Graph's paths, status codes and bodies in one place.

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::error::{ErrorCode, GraphError};
use crate::model::{AssignedLicense, Group, User};
use crate::query::limits::{
    user_string_limit, MAX_BATCH_ID_LEN, MAX_BATCH_REQUESTS, MAX_BODY_BYTES, MAX_BODY_DEPTH, MAX_BODY_URL_LEN,
    MAX_STRING_LEN, MAX_URL_LEN,
};
use crate::query::UserQuery;
use crate::roles::Actor;
use crate::tenant::{encode_skip, InvitationRequest, Tenant};
use crate::time::Timestamp;

/// The largest `$batch` (Graph's limit; see [`crate::query::limits`] for every limit the
/// REST surface enforces).
pub const MAX_BATCH: usize = MAX_BATCH_REQUESTS;

/// Properties Graph returns for a user when no `$select` is given.
pub const DEFAULT_USER_PROPERTIES: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "id",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
];

/// An HTTP method Graph uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// Read.
    Get,
    /// Create or act.
    Post,
    /// Update.
    Patch,
    /// Delete.
    Delete,
}

impl Method {
    /// Parses `GET`, `POST`...
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A Graph request: method, URL relative to the version root (`/users?$top=5`), headers
/// and JSON body.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GraphRequest {
    /// Method.
    pub method: Method,
    /// Path and query, relative to `/v1.0` (a leading `/v1.0` is accepted too).
    pub url: String,
    /// Headers (names compared case-insensitively).
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Option<Value>,
}

impl GraphRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        GraphRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Whether the request may change the tenant: any method but GET, except a `$batch` of
    /// reads only (a client reading many users at once), which the simulated tenant must
    /// not journal as a change to undo or save.
    pub fn writes(&self) -> bool {
        if self.method == Method::Get {
            return false;
        }
        let path = self.url.split('?').next().unwrap_or_default();
        let is_batch = path.trim_start_matches("/v1.0") == "/$batch";
        let reads_only = |b: &Value| {
            b["requests"].as_array().is_some_and(|items| {
                items
                    .iter()
                    .all(|i| i["method"].as_str().is_some_and(|m| m.eq_ignore_ascii_case("GET")))
            })
        };
        !(is_batch && self.body.as_ref().is_some_and(reads_only))
    }

    /// A header's value.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn eventual(&self) -> bool {
        self.header_value("ConsistencyLevel")
            .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
    }
}

/// A response body.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Body {
    /// No content.
    Empty,
    /// JSON.
    Json(Value),
    /// `text/plain` (`/$count`).
    Text(String),
}

/// A Graph response.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GraphResponse {
    /// HTTP status.
    pub status: u16,
    /// Extra headers (`Location`, `Retry-After`).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Body,
}

impl GraphResponse {
    pub(crate) fn json(status: u16, body: Value) -> Self {
        GraphResponse {
            status,
            headers: Vec::new(),
            body: Body::Json(body),
        }
    }

    fn empty() -> Self {
        GraphResponse {
            status: 204,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    /// An error response with Graph's envelope.
    pub fn error(e: &GraphError, ctx: &Context) -> Self {
        Self::json(e.status(), e.to_body(&ctx.now.iso(), &ctx.request_id))
    }

    /// The JSON body, or `Null`, taken out of the response: reading a page of users or a
    /// batch answer is not worth a copy of it.
    pub fn into_json_body(self) -> Value {
        match self.body {
            Body::Json(v) => v,
            Body::Text(t) => Value::String(t),
            Body::Empty => Value::Null,
        }
    }

    /// The JSON body, or `Null`.
    pub fn json_body(&self) -> Value {
        match &self.body {
            Body::Json(v) => v.clone(),
            Body::Text(t) => Value::String(t.clone()),
            Body::Empty => Value::Null,
        }
    }

    /// True for 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// What a request runs with besides the tenant.
#[derive(Debug, Clone)]
pub struct Context {
    /// The absolute version root used in `@odata.nextLink` (`http://127.0.0.1:8787/v1.0`).
    pub base_url: String,
    /// The time of the request.
    pub now: Timestamp,
    /// The request id stamped into errors.
    pub request_id: String,
    /// Process group licences at once after each change (the in-browser tenant), instead
    /// of leaving them queued for a background worker (the server).
    pub process_groups_now: bool,
}

/// The acting admin named by a bearer token (`Bearer dev:upn`), or Graph's 401.
pub fn authenticate(t: &Tenant, req: &GraphRequest) -> Result<Actor, GraphError> {
    let header = req.header_value("Authorization").unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .unwrap_or_default()
        .trim();
    if token.is_empty() {
        return Err(GraphError::new(ErrorCode::InvalidToken, "Access token is empty."));
    }
    let upn = token.strip_prefix("dev:").ok_or_else(|| {
        GraphError::new(
            ErrorCode::InvalidToken,
            "IDX14100: JWT is not well formed, there are no dots (.).",
        )
    })?;
    t.actor(upn).ok_or_else(|| {
        GraphError::new(
            ErrorCode::InvalidToken,
            "Access token validation failure. The user in the token is not a member of this tenant or can't sign in.",
        )
    })
}

/// Handles one request: holds it to the limits of [`crate::query::limits`], authenticates
/// it from its bearer token, then routes it. Never panics on what the request holds; a
/// request refused for its shape or size changes nothing.
pub fn handle(t: &mut Tenant, req: &GraphRequest, ctx: &Context) -> GraphResponse {
    handle_hooked(t, None, req, ctx, None)
}

/// Handles one request on behalf of `actor` (held to the same limits as [`handle`]).
pub fn handle_as(t: &mut Tenant, actor: &Actor, req: &GraphRequest, ctx: &Context) -> GraphResponse {
    handle_hooked(t, Some(actor), req, ctx, None)
}

/// Decides, just before a `$batch` item runs, whether it runs: `Some(response)` answers the
/// item with that response instead, so the item is not applied and the items that depend on
/// it fail as on any failure (424); `None` lets it run. A server around the engine uses it
/// to throttle items one by one, as Graph does inside a batch.
pub type BeforeBatchItem<'a> = dyn FnMut(&GraphRequest) -> Option<GraphResponse> + 'a;

/// [`handle_as`] (or [`handle`], reading the actor from the bearer token, when `actor` is
/// `None`) with `before_item` asked before each item of a `$batch` runs (items that fail
/// for a failed dependency are answered 424 without asking). Other requests never call it.
pub fn handle_with(
    t: &mut Tenant,
    actor: Option<&Actor>,
    req: &GraphRequest,
    ctx: &Context,
    before_item: &mut BeforeBatchItem<'_>,
) -> GraphResponse {
    handle_hooked(t, actor, req, ctx, Some(before_item))
}

fn handle_hooked(
    t: &mut Tenant,
    actor: Option<&Actor>,
    req: &GraphRequest,
    ctx: &Context,
    before_item: Option<&mut BeforeBatchItem<'_>>,
) -> GraphResponse {
    if let Err(e) = check_request(req) {
        return GraphResponse::error(&e, ctx);
    }
    match actor {
        Some(actor) => run(t, actor, req, ctx, before_item),
        None => match authenticate(t, req) {
            Ok(actor) => run(t, &actor, req, ctx, before_item),
            Err(e) => GraphResponse::error(&e, ctx),
        },
    }
}

fn run(
    t: &mut Tenant,
    actor: &Actor,
    req: &GraphRequest,
    ctx: &Context,
    before_item: Option<&mut BeforeBatchItem<'_>>,
) -> GraphResponse {
    let result = route(t, actor, req, ctx, before_item);
    if ctx.process_groups_now && req.method != Method::Get {
        t.process_queue(ctx.now);
    }
    result.unwrap_or_else(|e| GraphResponse::error(&e, ctx))
}

/// The limits that need no tenant: the URL's length, the body's size and nesting.
fn check_request(req: &GraphRequest) -> Result<(), GraphError> {
    if req.url.len() > MAX_URL_LEN {
        return Err(GraphError::bad_request(format!(
            "The request URL is too long: {} characters; the limit is {MAX_URL_LEN}.",
            req.url.len()
        )));
    }
    match &req.body {
        Some(body) => check_body(body),
        None => Ok(()),
    }
}

/// Measures a JSON body without recursion: its nesting against [`MAX_BODY_DEPTH`] and the
/// bytes of its compact serialization (escapes aside) against [`MAX_BODY_BYTES`], stopping
/// as soon as either is passed.
fn check_body(body: &Value) -> Result<(), GraphError> {
    let too_large = || {
        GraphError::new(
            ErrorCode::RequestEntityTooLarge,
            format!("The request body is larger than the largest allowed, {MAX_BODY_BYTES} bytes."),
        )
    };
    let mut size = 0usize;
    let mut stack = vec![(body, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        let container = matches!(v, Value::Array(_) | Value::Object(_));
        if container && depth > MAX_BODY_DEPTH {
            return Err(GraphError::bad_request(format!(
                "Unable to read JSON request payload: it is nested more than {MAX_BODY_DEPTH} levels deep."
            )));
        }
        size = size.saturating_add(match v {
            Value::Null | Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => number_len(n),
            Value::String(s) => s.len() + 2,
            Value::Array(a) => a.len() + 1,
            Value::Object(m) => m.len() + 1 + m.keys().map(|k| k.len() + 3).sum::<usize>(),
        });
        if size > MAX_BODY_BYTES {
            return Err(too_large());
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, depth + 1))),
            Value::Object(m) => stack.extend(m.values().map(|x| (x, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

fn number_len(n: &serde_json::Number) -> usize {
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => u.checked_ilog10().map_or(1, |d| d as usize + 1),
        (None, Some(i)) => i.unsigned_abs().checked_ilog10().map_or(1, |d| d as usize + 1) + 1,
        _ => 24,
    }
}

/// Holds each string of a body to its limit, with Graph's error for a refused value.
fn check_strings(body: &Map<String, Value>, resource: &str, limit: impl Fn(&str) -> usize) -> Result<(), GraphError> {
    for (key, value) in body {
        if let Value::String(s) = value {
            if s.len() > limit(key) && s.chars().count() > limit(key) {
                return Err(GraphError::bad_request(format!(
                    "Invalid value specified for property '{key}' of resource '{resource}'."
                )));
            }
        }
    }
    Ok(())
}

fn invitation_string_limit(key: &str) -> usize {
    match key {
        "inviteRedirectUrl" => MAX_BODY_URL_LEN,
        "invitedUserEmailAddress" => user_string_limit("mail"),
        "invitedUserDisplayName" => user_string_limit("displayName"),
        _ => MAX_STRING_LEN,
    }
}

fn split_url(url: &str) -> (Vec<String>, &str) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = path.strip_prefix("/v1.0").unwrap_or(path);
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    (segments, query)
}

fn route(
    t: &mut Tenant,
    actor: &Actor,
    req: &GraphRequest,
    ctx: &Context,
    before_item: Option<&mut BeforeBatchItem<'_>>,
) -> Result<GraphResponse, GraphError> {
    use Method::*;
    let (segs, query) = split_url(&req.url);
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let now = ctx.now;
    let body = || req.body.clone().unwrap_or(Value::Null);
    match (req.method, s.as_slice()) {
        (_, ["azure", rest @ ..]) => crate::azure::rest::route(t, req, rest, now),
        (Get, ["users"]) => list_users(t, req, query, ctx, false),
        (Get, ["users", "$count"]) => {
            let q = UserQuery::from_query_string(query)?;
            let n = t.count_users(&q, req.eventual())?;
            Ok(GraphResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: Body::Text(n.to_string()),
            })
        }
        (Get, ["users", id]) => {
            let q = UserQuery::from_query_string(query)?;
            let u = t.user(id)?;
            Ok(GraphResponse::json(
                200,
                with_context(user_json(t, u, &q.select)?, ctx, "users/$entity"),
            ))
        }
        (Patch, ["users", id]) => {
            let patch = req
                .body
                .as_ref()
                .and_then(Value::as_object)
                .ok_or_else(|| GraphError::bad_request("The request body must be a JSON object."))?;
            check_strings(patch, "User", user_string_limit)?;
            t.update_user(actor, id, patch)?;
            Ok(GraphResponse::empty())
        }
        (Delete, ["users", id]) => {
            t.delete_user(actor, id, now)?;
            Ok(GraphResponse::empty())
        }
        (Post, ["users", id, "assignLicense"]) => {
            let (add, remove) = license_body(&body())?;
            let idx = t.assign_license(actor, id, &add, &remove, now)?;
            Ok(GraphResponse::json(
                200,
                with_context(user_json(t, t.user_at(idx), &[])?, ctx, "users/$entity"),
            ))
        }
        (Post, ["users", id, "reprocessLicenseAssignment"]) => {
            let idx = t.reprocess_user(actor, id, now)?;
            Ok(GraphResponse::json(
                200,
                with_context(user_json(t, t.user_at(idx), &[])?, ctx, "users/$entity"),
            ))
        }
        (Get, ["users", id, "licenseDetails"]) => {
            let u = t.user(id)?;
            let v = serde_json::to_value(t.license_details(u)).unwrap_or_default();
            Ok(GraphResponse::json(
                200,
                collection(v, ctx, "users('id')/licenseDetails"),
            ))
        }
        (Get, ["users", id, "memberOf"]) => member_of(t, id, ctx),
        (Get, ["me"]) => {
            let u = t.user(&actor.id.to_string())?;
            Ok(GraphResponse::json(
                200,
                with_context(
                    user_json(t, u, &UserQuery::from_query_string(query)?.select)?,
                    ctx,
                    "users/$entity",
                ),
            ))
        }
        (Get, ["me", "memberOf"]) => member_of(t, &actor.id.to_string(), ctx),
        (Get, ["groups"]) => {
            let v: Vec<Value> = t.groups().iter().map(|g| group_json(t, &g.group)).collect();
            Ok(GraphResponse::json(200, collection(Value::Array(v), ctx, "groups")))
        }
        (Get, ["groups", id]) => {
            let g = t.group_index(id)?;
            Ok(GraphResponse::json(
                200,
                with_context(group_json(t, &t.groups()[g].group), ctx, "groups/$entity"),
            ))
        }
        (Delete, ["groups", id]) => {
            t.delete_group(actor, id)?;
            Ok(GraphResponse::empty())
        }
        (Post, ["groups", id, "assignLicense"]) => {
            let (add, remove) = license_body(&body())?;
            let g = t.assign_group_license(actor, id, &add, &remove)?;
            let group = &t.groups()[g].group;
            let mut r = GraphResponse::json(202, with_context(group_json(t, group), ctx, "groups/$entity"));
            r.headers
                .push(("Location".into(), format!("{}/groups/{}", ctx.base_url, group.id)));
            Ok(r)
        }
        (Post, ["groups", id, "reprocessLicenseAssignment"]) => {
            let g = t.reprocess_group(actor, id, now)?;
            Ok(GraphResponse::json(
                200,
                with_context(group_json(t, &t.groups()[g].group), ctx, "groups/$entity"),
            ))
        }
        (Get, ["groups", id, "members"]) => {
            let g = t.group_index(id)?;
            let q = UserQuery::from_query_string(query)?;
            let v = t
                .group_members(g)
                .into_iter()
                .map(|u| member_json(t, u, &q.select))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(v), ctx, "directoryObjects"),
            ))
        }
        (Get, ["groups", id, "membersWithLicenseErrors"]) => {
            let g = t.group_index(id)?;
            let q = UserQuery::from_query_string(query)?;
            let v = t
                .members_with_license_errors(g)
                .into_iter()
                .map(|u| member_json(t, u, &q.select))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(v), ctx, "directoryObjects"),
            ))
        }
        (Post, ["groups", id, "members", "$ref"]) => {
            let reference = body()["@odata.id"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| GraphError::bad_request("The request body must name the member in '@odata.id'."))?;
            if reference.len() > MAX_BODY_URL_LEN {
                return Err(GraphError::bad_request(
                    "Invalid value specified for property '@odata.id' of resource 'DirectoryObject'.",
                ));
            }
            let member = reference.rsplit('/').next().unwrap_or_default().to_owned();
            t.add_member(actor, id, &member, now)?;
            Ok(GraphResponse::empty())
        }
        (Delete, ["groups", id, "members", member, "$ref"]) => {
            t.remove_member(actor, id, member, now)?;
            Ok(GraphResponse::empty())
        }
        (Get, ["subscribedSkus"]) => {
            if !query.is_empty() && query.contains("$filter") {
                return Err(GraphError::bad_request(
                    "Query filter expressions aren't supported on subscribedSkus.",
                ));
            }
            let v: Vec<Value> = t
                .skus()
                .iter()
                .map(|s| serde_json::to_value(&s.sku).unwrap_or_default())
                .collect();
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(v), ctx, "subscribedSkus"),
            ))
        }
        (Get, ["subscribedSkus", id]) => {
            let sku = t
                .skus()
                .iter()
                .find(|s| s.sku.id.eq_ignore_ascii_case(id))
                .ok_or_else(|| GraphError::not_found(id))?;
            Ok(GraphResponse::json(
                200,
                with_context(
                    serde_json::to_value(&sku.sku).unwrap_or_default(),
                    ctx,
                    "subscribedSkus/$entity",
                ),
            ))
        }
        (Post, ["invitations"]) => {
            if let Some(b) = req.body.as_ref().and_then(Value::as_object) {
                check_strings(b, "Invitation", invitation_string_limit)?;
            }
            let r: InvitationRequest = serde_json::from_value(body())
                .map_err(|e| GraphError::bad_request(format!("Invalid invitation: {e}")))?;
            let inv = t.invite(actor, &r, now)?;
            Ok(GraphResponse::json(
                201,
                with_context(
                    serde_json::to_value(inv).unwrap_or_default(),
                    ctx,
                    "invitations/$entity",
                ),
            ))
        }
        (Get, ["organization"]) => {
            let v = serde_json::to_value(t.org()).unwrap_or_default();
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(vec![v]), ctx, "organization"),
            ))
        }
        (Get, ["directoryRoles"]) => {
            let v: Vec<Value> = t
                .roles()
                .iter()
                .map(|r| serde_json::to_value(&r.role).unwrap_or_default())
                .collect();
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(v), ctx, "directoryRoles"),
            ))
        }
        (Get, ["directoryRoles", id]) => {
            let r = t
                .roles()
                .iter()
                .find(|r| r.role.id.to_string() == *id)
                .ok_or_else(|| GraphError::not_found(id))?;
            Ok(GraphResponse::json(
                200,
                with_context(
                    serde_json::to_value(&r.role).unwrap_or_default(),
                    ctx,
                    "directoryRoles/$entity",
                ),
            ))
        }
        (Get, ["directoryRoles", id, "members"]) => {
            let r = t
                .roles()
                .iter()
                .find(|r| r.role.id.to_string() == *id)
                .ok_or_else(|| GraphError::not_found(id))?;
            let v = r
                .members
                .iter()
                .filter_map(|m| t.index_of(*m))
                .map(|i| member_json(t, t.user_at(i), &[]))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(GraphResponse::json(
                200,
                collection(Value::Array(v), ctx, "directoryObjects"),
            ))
        }
        (Get, ["directory", "deletedItems", "microsoft.graph.user"]) => list_users(t, req, query, ctx, true),
        (Get, ["directory", "deletedItems", id]) => {
            let q = UserQuery::from_query_string(query)?;
            let idx = t
                .find_user(id)
                .filter(|&i| t.user_at(i).deleted_date_time.is_some())
                .ok_or_else(|| GraphError::not_found(id))?;
            Ok(GraphResponse::json(
                200,
                with_context(
                    user_json(t, t.user_at(idx), &q.select)?,
                    ctx,
                    "directoryObjects/$entity",
                ),
            ))
        }
        (Post, ["directory", "deletedItems", id, "restore"]) => {
            let idx = t.restore_user(actor, id, now)?;
            Ok(GraphResponse::json(
                200,
                with_context(user_json(t, t.user_at(idx), &[])?, ctx, "directoryObjects/$entity"),
            ))
        }
        (Delete, ["directory", "deletedItems", id]) => {
            t.purge_user(actor, id)?;
            Ok(GraphResponse::empty())
        }
        (Post, ["$batch"]) => batch(t, actor, req, ctx, before_item),
        (
            _,
            ["users" | "groups" | "subscribedSkus" | "invitations" | "organization" | "me" | "directoryRoles"
            | "directory" | "$batch", ..],
        ) => Err(GraphError::new(
            ErrorCode::BadRequest,
            format!("Unsupported request: {} {}.", req.method.as_str(), req.url),
        )),
        _ => Err(GraphError::bad_request(format!(
            "Resource not found for the segment '{}'.",
            s.first().copied().unwrap_or("")
        ))),
    }
}

fn list_users(
    t: &Tenant,
    req: &GraphRequest,
    query: &str,
    ctx: &Context,
    deleted: bool,
) -> Result<GraphResponse, GraphError> {
    let q = UserQuery::from_query_string(query)?;
    let page = t.list_users(&q, req.eventual(), deleted)?;
    let items = page
        .items
        .iter()
        .map(|&i| user_json(t, t.user_at(i), &q.select))
        .collect::<Result<Vec<_>, _>>()?;
    let path = if deleted {
        "directory/deletedItems/microsoft.graph.user"
    } else {
        "users"
    };
    let mut out = Map::new();
    out.insert(
        "@odata.context".into(),
        json!(format!("{}/$metadata#{path}", ctx.base_url)),
    );
    if let Some(n) = page.count {
        out.insert("@odata.count".into(), json!(n));
    }
    if let Some(skip) = page.next_skip {
        let next = UserQuery {
            skip_token: Some(encode_skip(skip)),
            ..q
        };
        out.insert(
            "@odata.nextLink".into(),
            json!(format!("{}/{path}?{}", ctx.base_url, next.to_query_string())),
        );
    }
    out.insert("value".into(), Value::Array(items));
    Ok(GraphResponse::json(200, Value::Object(out)))
}

fn member_of(t: &Tenant, id: &str, ctx: &Context) -> Result<GraphResponse, GraphError> {
    let u = t.user(id)?;
    let (groups, roles) = t.member_of(u.id);
    let mut v: Vec<Value> = groups
        .into_iter()
        .map(|g| {
            let mut j = group_json(t, g);
            j["@odata.type"] = json!("#microsoft.graph.group");
            j
        })
        .collect();
    v.extend(roles.into_iter().map(|r| {
        let mut j = serde_json::to_value(r).unwrap_or_default();
        j["@odata.type"] = json!("#microsoft.graph.directoryRole");
        j
    }));
    Ok(GraphResponse::json(
        200,
        collection(Value::Array(v), ctx, "directoryObjects"),
    ))
}

/// The body of `assignLicense`, for users and groups alike, as a client sends it; the
/// inverse of what [`handle`] reads.
pub fn assign_license_body(add: &[AssignedLicense], remove: &[Uuid]) -> Value {
    json!({ "addLicenses": add, "removeLicenses": remove })
}

fn license_body(body: &Value) -> Result<(Vec<AssignedLicense>, Vec<Uuid>), GraphError> {
    let mut missing = Vec::new();
    if body.get("addLicenses").is_none_or(Value::is_null) {
        missing.push("addLicenses");
    }
    if body.get("removeLicenses").is_none_or(Value::is_null) {
        missing.push("removeLicenses");
    }
    if !missing.is_empty() {
        return Err(GraphError::bad_request(format!(
            "One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: {}.",
            missing.join(", ")
        )));
    }
    let add: Vec<AssignedLicense> = serde_json::from_value(body["addLicenses"].clone()).map_err(|_| {
        GraphError::bad_request(
            "Invalid value for addLicenses: each entry needs a skuId GUID and a disabledPlans list of GUIDs.",
        )
    })?;
    let remove: Vec<Uuid> = serde_json::from_value(body["removeLicenses"].clone())
        .map_err(|_| GraphError::bad_request("Invalid value for removeLicenses: a list of skuId GUIDs is expected."))?;
    Ok((add, remove))
}

/// A user as Graph returns it: the default properties, or exactly those in `select`.
pub fn user_json(t: &Tenant, u: &User, select: &[String]) -> Result<Value, GraphError> {
    let mut full = serde_json::to_value(u).unwrap_or_default();
    let wants = |name: &str| select.iter().any(|s| s.eq_ignore_ascii_case(name));
    if wants("assignedPlans") {
        full["assignedPlans"] = serde_json::to_value(t.assigned_plans(u)).unwrap_or_default();
    }
    let Value::Object(all) = full else {
        return Ok(Value::Null);
    };
    let mut out = Map::new();
    if select.is_empty() {
        for k in DEFAULT_USER_PROPERTIES {
            out.insert((*k).into(), all.get(*k).cloned().unwrap_or(Value::Null));
        }
        return Ok(Value::Object(out));
    }
    for s in select {
        let (key, value) = all.iter().find(|(k, _)| k.eq_ignore_ascii_case(s)).ok_or_else(|| {
            GraphError::bad_request(format!("Parsing OData Select and Expand failed: Could not find a property named '{s}' on type 'microsoft.graph.user'."))
        })?;
        out.insert(key.clone(), value.clone());
    }
    Ok(Value::Object(out))
}

fn member_json(t: &Tenant, u: &User, select: &[String]) -> Result<Value, GraphError> {
    let mut v = user_json(t, u, select)?;
    v["@odata.type"] = json!("#microsoft.graph.user");
    if v.get("id").is_none() {
        v["id"] = json!(u.id);
    }
    Ok(v)
}

fn group_json(t: &Tenant, g: &Group) -> Value {
    let mut v = serde_json::to_value(g).unwrap_or_default();
    let errors = t
        .groups()
        .iter()
        .position(|x| x.group.id == g.id)
        .map(|i| !t.members_with_license_errors(i).is_empty())
        .unwrap_or(false);
    // Graph never returns hasMembersWithLicenseErrors on GET; the member count and error
    // flag are this server's annotations, named as OData instance annotations so that Graph
    // clients ignore them.
    v["@tenantDesk.hasMembersWithLicenseErrors"] = json!(errors);
    v
}

fn with_context(mut v: Value, ctx: &Context, what: &str) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert(
            "@odata.context".into(),
            json!(format!("{}/$metadata#{what}", ctx.base_url)),
        );
    }
    v
}

fn collection(value: Value, ctx: &Context, what: &str) -> Value {
    json!({ "@odata.context": format!("{}/$metadata#{what}", ctx.base_url), "value": value })
}

/// One validated `$batch` item: its id, the request it stands for, and the items (by index)
/// it depends on.
struct BatchItem {
    id: String,
    request: GraphRequest,
    deps: Vec<usize>,
}

/// `POST /$batch`: the whole batch is validated first ([`validate_batch`]); only a valid
/// batch runs, each item once its `dependsOn` have run, so a refused batch applies nothing.
fn batch(
    t: &mut Tenant,
    actor: &Actor,
    req: &GraphRequest,
    ctx: &Context,
    mut before_item: Option<&mut BeforeBatchItem<'_>>,
) -> Result<GraphResponse, GraphError> {
    let items = validate_batch(req)?;
    let mut done: Vec<Option<u16>> = vec![None; items.len()];
    let mut responses = Vec::new();
    while done.iter().any(Option::is_none) {
        let mut progressed = false;
        for (i, item) in items.iter().enumerate() {
            if done[i].is_some() || item.deps.iter().any(|&d| done[d].is_none()) {
                continue;
            }
            progressed = true;
            let (status, headers, body) = if item.deps.iter().any(|&d| done[d].is_some_and(|s| s >= 400)) {
                let e = GraphError::new(
                    ErrorCode::BadRequest,
                    "The request failed because a request it depends on failed.",
                );
                let mut b = e.to_body(&ctx.now.iso(), &ctx.request_id);
                b["error"]["code"] = json!("FailedDependency");
                (424, Vec::new(), b)
            } else {
                let answered = before_item.as_deref_mut().and_then(|hook| hook(&item.request));
                let mut r = answered.unwrap_or_else(|| handle_as(t, actor, &item.request, ctx));
                (r.status, std::mem::take(&mut r.headers), r.into_json_body())
            };
            done[i] = Some(status);
            let mut h = Map::new();
            for (k, v) in headers {
                h.insert(k, json!(v));
            }
            if !matches!(body, Value::Null) {
                h.insert("Content-Type".into(), json!("application/json"));
            }
            responses.push(json!({ "id": item.id, "status": status, "headers": h, "body": body }));
        }
        if !progressed {
            // Unreachable: validate_batch refused cycles.
            return Err(cycle());
        }
    }
    Ok(GraphResponse::json(200, json!({ "responses": responses })))
}

fn cycle() -> GraphError {
    GraphError::bad_request("The batch's dependsOn references form a cycle.")
}

/// Checks a whole `$batch` before any of it runs: `requests` is a list of at most
/// [`MAX_BATCH`] objects; each has an id (a string or a number, at most
/// [`MAX_BATCH_ID_LEN`] characters) no other item has, a known method, a relative URL that
/// is not itself a `$batch`, string headers, and a `dependsOn` naming ids of this batch;
/// and the dependencies have no cycle (an iterative topological sort). Any breach answers
/// 400 for the whole batch.
fn validate_batch(req: &GraphRequest) -> Result<Vec<BatchItem>, GraphError> {
    let raw = req
        .body
        .as_ref()
        .and_then(|b| b.get("requests"))
        .and_then(Value::as_array)
        .ok_or_else(|| GraphError::bad_request("Invalid batch payload: 'requests' is required."))?;
    if raw.len() > MAX_BATCH {
        return Err(GraphError::bad_request(format!(
            "The batch has {} requests; the limit is {MAX_BATCH}.",
            raw.len()
        )));
    }
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut ids = Vec::with_capacity(raw.len());
    for item in raw {
        if !item.is_object() {
            return Err(GraphError::bad_request(
                "Invalid batch payload: each request must be a JSON object.",
            ));
        }
        let id = batch_id(&item["id"])
            .ok_or_else(|| GraphError::bad_request("Invalid batch payload: every request needs an 'id'."))?;
        if id.chars().count() > MAX_BATCH_ID_LEN {
            return Err(GraphError::bad_request(format!(
                "Invalid batch payload: a request id is longer than {MAX_BATCH_ID_LEN} characters."
            )));
        }
        if index.insert(id.clone(), ids.len()).is_some() {
            return Err(GraphError::bad_request(format!(
                "Invalid batch payload: the request id '{id}' is used more than once."
            )));
        }
        ids.push(id);
    }
    let mut items = Vec::with_capacity(raw.len());
    for (item, id) in raw.iter().zip(ids) {
        let request = batch_item(item, &id, req)?;
        let deps = match item.get("dependsOn") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => {
                let mut deps = Vec::with_capacity(a.len());
                for d in a {
                    let d = batch_id(d).ok_or_else(|| {
                        GraphError::bad_request(format!(
                            "Invalid batch request '{id}': 'dependsOn' must be a list of request ids."
                        ))
                    })?;
                    let j = *index.get(&d).ok_or_else(|| {
                        GraphError::bad_request(format!("Request '{id}' depends on unknown request '{d}'."))
                    })?;
                    if !deps.contains(&j) {
                        deps.push(j);
                    }
                }
                deps
            }
            Some(_) => {
                return Err(GraphError::bad_request(format!(
                    "Invalid batch request '{id}': 'dependsOn' must be a list of request ids."
                )))
            }
        };
        items.push(BatchItem { id, request, deps });
    }
    // Kahn's algorithm: an item is ready once all it depends on are; if some never are,
    // the dependencies form a cycle (an item depending on itself included).
    let mut waiting: Vec<usize> = items.iter().map(|i| i.deps.len()).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, item) in items.iter().enumerate() {
        for &d in &item.deps {
            dependents[d].push(i);
        }
    }
    let mut ready: Vec<usize> = (0..items.len()).filter(|&i| waiting[i] == 0).collect();
    let mut sorted = 0;
    while let Some(i) = ready.pop() {
        sorted += 1;
        for &j in &dependents[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push(j);
            }
        }
    }
    if sorted != items.len() {
        return Err(cycle());
    }
    Ok(items)
}

/// A batch id: a non-empty string, or a number written as one.
fn batch_id(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::to_owned)
        .or_else(|| v.as_u64().map(|n| n.to_string()))
        .filter(|s| !s.is_empty())
}

/// The request a batch item stands for, or why the item is invalid.
fn batch_item(item: &Value, id: &str, outer: &GraphRequest) -> Result<GraphRequest, GraphError> {
    let invalid = |why: &str| GraphError::bad_request(format!("Invalid batch request '{id}': {why}."));
    let method = match item.get("method").and_then(Value::as_str) {
        None => return Err(invalid("'method' is required")),
        Some(m) => Method::parse(m).ok_or_else(|| invalid("unknown method"))?,
    };
    let url = item
        .get("url")
        .and_then(Value::as_str)
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| invalid("'url' is required"))?;
    if url.len() > MAX_URL_LEN {
        return Err(invalid(&format!("the URL is longer than {MAX_URL_LEN} characters")));
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http") || lower.contains("://") || url.starts_with("//") || url.starts_with('\\') {
        return Err(invalid("the URL must be relative, like /users"));
    }
    if url.chars().any(char::is_control) {
        return Err(invalid("the URL holds control characters"));
    }
    let url = if url.starts_with('/') {
        url.to_owned()
    } else {
        format!("/{url}")
    };
    if split_url(&url).0.first().is_some_and(|s| s == "$batch") {
        return Err(invalid("a $batch cannot contain another $batch"));
    }
    let mut headers: Vec<(String, String)> = outer
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Authorization"))
        .cloned()
        .collect();
    match item.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) => {
            for (k, v) in h {
                let v = v
                    .as_str()
                    .ok_or_else(|| invalid("'headers' must be an object of strings"))?;
                headers.push((k.clone(), v.to_owned()));
            }
        }
        Some(_) => return Err(invalid("'headers' must be an object of strings")),
    }
    Ok(GraphRequest {
        method,
        url,
        headers,
        body: item.get("body").cloned().filter(|b| !b.is_null()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_tenant;
    use crate::simulation::context;

    const ADMIN: &str = "Bearer dev:admin@contoso.onmicrosoft.com";

    fn batch_of_three() -> GraphRequest {
        GraphRequest::new(Method::Post, "/$batch")
            .header("Authorization", ADMIN)
            .json(json!({ "requests": [
                { "id": "1", "method": "PATCH", "url": "/users/tricia@contoso.com",
                  "headers": { "Content-Type": "application/json" }, "body": { "jobTitle": "Hooked" } },
                { "id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"] },
                { "id": "3", "method": "GET", "url": "/organization" }
            ]}))
    }

    fn job_title(t: &Tenant) -> String {
        t.user("tricia@contoso.com")
            .ok()
            .and_then(|u| u.job_title.as_deref().map(str::to_owned))
            .unwrap_or_default()
    }

    fn statuses(r: &GraphResponse) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = r.json_body()["responses"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| {
                        (
                            i["id"].as_str().unwrap_or("").to_owned(),
                            i["status"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    #[test]
    fn a_hook_that_answers_a_batch_item_keeps_it_from_being_applied() {
        let mut t = demo_tenant();
        let ctx = context(Timestamp(1_700_000_000));
        let mut asked = Vec::new();
        let mut refuse_writes = |item: &GraphRequest| {
            asked.push(item.url.clone());
            (item.method != Method::Get).then(|| {
                let mut r = GraphResponse::error(&GraphError::new(ErrorCode::TooManyRequests, "Slow down."), &ctx);
                r.headers.push(("Retry-After".into(), "7".into()));
                r
            })
        };
        let r = handle_with(&mut t, None, &batch_of_three(), &ctx, &mut refuse_writes);
        assert_eq!(
            statuses(&r),
            vec![("1".into(), 429), ("2".into(), 424), ("3".into(), 200)]
        );
        // Item 2 failed for its dependency without being offered to the hook.
        assert_eq!(asked, vec!["/users/tricia@contoso.com", "/organization"]);
        let body = r.json_body();
        let first = body["responses"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["id"] == "1"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(first["headers"]["Retry-After"], "7");
        assert_eq!(first["body"]["error"]["code"], "TooManyRequests");
        assert_ne!(job_title(&t), "Hooked", "a refused item is not applied");

        // Without a hook, or with one that lets everything through, the same batch runs.
        let mut t = demo_tenant();
        let r = handle_with(&mut t, None, &batch_of_three(), &ctx, &mut |_| None);
        assert_eq!(
            statuses(&r),
            vec![("1".into(), 204), ("2".into(), 200), ("3".into(), 200)]
        );
        assert_eq!(job_title(&t), "Hooked");
    }

    #[test]
    fn handle_with_an_actor_acts_as_them_and_without_one_reads_the_token() {
        let mut t = demo_tenant();
        let ctx = context(Timestamp(1_700_000_000));
        let megan = t.actor("meganb@contoso.com").expect("a demo user");
        let me = GraphRequest::new(Method::Get, "/me");
        let r = handle_with(&mut t, Some(&megan), &me, &ctx, &mut |_| None);
        assert_eq!(r.json_body()["userPrincipalName"], "meganb@contoso.com");
        let r = handle_with(&mut t, None, &me, &ctx, &mut |_| None);
        assert_eq!(r.status, 401);
        let r = handle_with(
            &mut t,
            None,
            &me.clone().header("Authorization", ADMIN),
            &ctx,
            &mut |_| None,
        );
        assert_eq!(r.json_body()["userPrincipalName"], "admin@contoso.onmicrosoft.com");
    }
}
