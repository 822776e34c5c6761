//! Every limit the engine puts on what a caller sends, in one place.
//!
//! [`crate::rest::handle`] serves `graph-server` over HTTP and the app's simulated tenant,
//! so it takes hostile input: each limit below is checked before any work that grows with
//! the input starts (before a `$filter` tree is built, before a `$batch` item runs), and a
//! request over a limit gets Graph's error envelope and changes nothing.
//!
//! Each constant says what it bounds and the status, code and message of the answer. Where
//! the number is Graph's, the constant says where it comes from and how sure it is; the
//! others are this engine's own, chosen well above what the app or a usual Graph client
//! sends.
//!
//! The `in` list ("Too many child clauses...") and property values ("Invalid value
//! specified for property...") get Graph's own wording; the other messages are written in
//! Graph's style.

use crate::error::GraphError;

/// Longest request URL (path and query, as sent, before decoding), in bytes (a URL as sent
/// is percent-encoded ASCII, so also characters).
///
/// Over it: **400 `Request_BadRequest`** "The request URL is too long: {n} characters; the
/// limit is 8192." An HTTP front end would answer 414 URI Too Long; Graph's directory
/// answers malformed requests with 400, and the app's error handling reads 400s, so the
/// engine answers 400. Checked first, before authentication.
pub const MAX_URL_LEN: usize = 8192;

/// Longest `$filter` expression, in characters (after percent-decoding).
///
/// Over it: **400 `Request_BadRequest`** "Invalid filter clause: the expression is longer
/// than 4096 characters."
pub const MAX_FILTER_LEN: usize = 4096;

/// Deepest nesting of `(` and `not` in a `$filter` (how many are open at once).
///
/// Over it: **400 `Request_UnsupportedQuery`** "The $filter expression is nested too
/// deeply: more than 32 levels of parentheses and not." The parser counts the depth as it
/// reads and stops at the limit, so no deeper tree is ever built.
pub const MAX_FILTER_DEPTH: usize = 32;

/// Most comparison terms (`eq`, `ne`, `in`, `startsWith`, `endsWith`, `any`, `$count`) in
/// one `$filter`; so at most 99 `and`/`or` operators join them.
///
/// Over it: **400 `Request_UnsupportedQuery`** "The $filter expression has too many
/// clauses: more than 100 comparisons. Split the query into several requests, for example
/// in a $batch." With [`MAX_FILTER_DEPTH`] this bounds every filter tree at
/// 100 + 99 + 32·100 nodes and a depth of at most 99 + 32 + 1 = 132, so the walks of a
/// parsed tree that still recurse (matching, `Debug`) stay shallow.
pub const MAX_FILTER_TERMS: usize = 100;

/// Deepest filter tree a [`crate::query::Filter`] built in code may have when it is run
/// (`Filter::check_limits`, called by every list and count): a parsed filter is never
/// deeper (99 `and`/`or` on the way down, 32 `not`, the comparison).
///
/// Over it: **400 `Request_UnsupportedQuery`**, the message of [`MAX_FILTER_DEPTH`].
pub const MAX_FILTER_TREE_DEPTH: usize = MAX_FILTER_TERMS - 1 + MAX_FILTER_DEPTH + 1;

/// Most values in one `in (...)` list.
///
/// Over it: **400 `Request_UnsupportedQuery`** "Too many child clauses specified in search
/// filter expression containing 'OR' operators: {n}. Max allowed: 15." Graph's directory
/// expands `in` to `or` clauses and refuses more than 15 of them with this error. The
/// number and the text are from Graph's answers as developers report them (Graph's known
/// issues page only says the number of `in`/`or` clauses is limited); they could not be
/// checked against a Graph reference page here, so treat 15 as the best-known value. The
/// engine applies it to `in` lists only: a chain of `or`s is bounded by
/// [`MAX_FILTER_TERMS`].
pub const MAX_IN_VALUES: usize = 15;

/// Longest `$search` text, in characters (after percent-decoding).
///
/// Over it: **400 `Request_BadRequest`** "The $search expression is longer than 1024
/// characters."
pub const MAX_SEARCH_LEN: usize = 1024;

/// Most `"property:text"` terms in one `$search`.
///
/// Over it: **400 `Request_UnsupportedQuery`** "The $search expression has too many terms:
/// more than 10."
pub const MAX_SEARCH_TERMS: usize = 10;

/// Longest `$skiptoken`, in characters. The engine's own tokens are `X` and at most 16 hex
/// digits.
///
/// Over it, or not one of the engine's tokens: **400 `Request_BadRequest`** "The
/// $skiptoken is invalid or has expired." A valid token past the last match (users were
/// deleted since the page was read) gives an empty page without a next link.
pub const MAX_SKIPTOKEN_LEN: usize = 17;

/// Largest JSON request body, in bytes of its compact serialization (measured on the
/// parsed body, so the in-browser tenant answers as the server does).
///
/// Over it: **413 `RequestEntityTooLarge`** "The request body is larger than the largest
/// allowed, 2097152 bytes." The same number and text as `graph-server`'s limit on the raw
/// body (axum's default of 2 MB), which answers before the body is parsed; a `$batch` of 20
/// licence changes is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Deepest nesting of arrays and objects in a JSON request body.
///
/// Over it: **400 `Request_BadRequest`** "Unable to read JSON request payload: it is nested
/// more than 32 levels deep." (The deepest body Graph's licensing calls take, a `$batch`
/// of `assignLicense`, is 7 levels.)
pub const MAX_BODY_DEPTH: usize = 32;

/// Most requests in one `$batch` (Graph's documented limit, `concepts/json-batching.md`).
///
/// Over it: **400 `Request_BadRequest`** "The batch has {n} requests; the limit is 20."
/// The whole batch is validated before any item runs (shape, ids present and unique,
/// methods, relative URLs, no nested `$batch`, every `dependsOn` naming an id of the batch,
/// no cycle); any violation answers 400 for the whole batch and applies nothing.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Longest batch request id, in characters.
///
/// Over it: **400 `Request_BadRequest`** "Invalid batch payload: the request id ... is
/// longer than 64 characters."
pub const MAX_BATCH_ID_LEN: usize = 64;

/// Longest value of a string property in a `PATCH /users/{id}` body (and the matching
/// fields of `POST /invitations`), in characters. The numbers are the maximum lengths
/// Graph's `user` resource page gives, written from memory of that page (not re-checked
/// here); `mail` (no documented maximum) uses [`MAX_STRING_LEN`]. A property not listed is
/// held to [`MAX_STRING_LEN`].
///
/// Over it: **400 `Request_BadRequest`** "Invalid value specified for property '{name}' of
/// resource 'User'." (Graph's message for a value it refuses.) Checked before the store is
/// called.
pub const USER_STRING_LIMITS: &[(&str, usize)] = &[
    ("displayName", 256),
    ("givenName", 64),
    ("surname", 64),
    ("jobTitle", 128),
    ("department", 64),
    ("companyName", 64),
    ("city", 128),
    ("country", 128),
    ("state", 128),
    ("officeLocation", 128),
    ("mobilePhone", 64),
    ("postalCode", 40),
    ("streetAddress", 1024),
    ("employeeId", 16),
    ("mailNickname", 64),
    ("usageLocation", 2),
    ("mail", 256),
    // 64 characters before the `@` and 48 after it, as Entra documents the sign-in name.
    ("userPrincipalName", 113),
];

/// Longest string in a request body that no other limit covers (a property of `PATCH
/// /users/{id}` not in [`USER_STRING_LIMITS`], the invitation's display name and
/// address), in characters.
///
/// Over it: **400 `Request_BadRequest`** "Invalid value specified for property '{name}' of
/// resource 'User'." (or '... of resource 'Invitation'.')
pub const MAX_STRING_LEN: usize = 256;

/// Longest URL in a request body (`inviteRedirectUrl`, `@odata.id` of a member), in
/// characters.
///
/// Over it: **400 `Request_BadRequest`** "Invalid value specified for property '{name}' of
/// resource '...'."
pub const MAX_BODY_URL_LEN: usize = 2048;

/// 400 `Request_UnsupportedQuery` for a filter over [`MAX_FILTER_DEPTH`] (or, built in code,
/// [`MAX_FILTER_TREE_DEPTH`]).
pub(crate) fn filter_too_deep() -> GraphError {
    GraphError::unsupported(format!(
        "The $filter expression is nested too deeply: more than {MAX_FILTER_DEPTH} levels of parentheses and not."
    ))
}

/// 400 `Request_UnsupportedQuery` for a filter over [`MAX_FILTER_TERMS`].
pub(crate) fn filter_too_many_terms() -> GraphError {
    GraphError::unsupported(format!(
        "The $filter expression has too many clauses: more than {MAX_FILTER_TERMS} comparisons. Split the query into several requests, for example in a $batch."
    ))
}

/// Graph's 400 `Request_UnsupportedQuery` for an `in` list of `n` values, over [`MAX_IN_VALUES`].
pub(crate) fn in_too_many_values(n: usize) -> GraphError {
    GraphError::unsupported(format!(
        "Too many child clauses specified in search filter expression containing 'OR' operators: {n}. Max allowed: {MAX_IN_VALUES}."
    ))
}

/// The Graph limit for `property` of a user (see [`USER_STRING_LIMITS`]).
pub fn user_string_limit(property: &str) -> usize {
    USER_STRING_LIMITS
        .iter()
        .find(|(name, _)| *name == property)
        .map_or(MAX_STRING_LEN, |(_, n)| *n)
}
