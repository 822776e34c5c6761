//! Hostile input through `tenant::rest::handle`: every limit of `tenant::query::limits`
//! answers Graph's error envelope, nothing panics or overflows the stack, and a refused
//! request (a half-wrong `$batch` included) changes nothing.
mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use tenant::model::{Group, SubscribedSku, User};
use tenant::query::limits::*;
use tenant::query::{encode, Filter, Prop, UserQuery};
use tenant::rest::{handle, GraphRequest, GraphResponse, Method};
use tenant::Tenant;
use uuid::Uuid;

fn auth(r: GraphRequest) -> GraphRequest {
    r.header("Authorization", format!("Bearer dev:{ADMIN}"))
}

fn get(url: &str) -> GraphRequest {
    auth(GraphRequest::new(Method::Get, url))
}

fn advanced(url: &str) -> GraphRequest {
    get(url).header("ConsistencyLevel", "eventual")
}

fn post(url: &str, body: Value) -> GraphRequest {
    auth(GraphRequest::new(Method::Post, url)).json(body)
}

fn patch(url: &str, body: Value) -> GraphRequest {
    auth(GraphRequest::new(Method::Patch, url)).json(body)
}

fn send(t: &mut Tenant, r: &GraphRequest) -> GraphResponse {
    handle(t, r, &ctx())
}

/// Asserts Graph's error envelope with this status and code; gives the message.
fn error(r: &GraphResponse, status: u16, code: &str) -> String {
    let b = r.json_body();
    assert_eq!(r.status, status, "{b}");
    assert_eq!(b["error"]["code"], code, "{b}");
    assert_eq!(b["error"]["innerError"]["request-id"], "r1", "{b}");
    b["error"]["message"].as_str().expect("a message").to_owned()
}

/// Everything a request could change: users, seat counts, groups and their members,
/// role members, the group-licensing queue.
#[derive(Debug, PartialEq)]
struct Snapshot {
    users: Vec<User>,
    skus: Vec<SubscribedSku>,
    groups: Vec<(Group, Vec<Uuid>)>,
    roles: Vec<Vec<Uuid>>,
    queued: bool,
}

fn snapshot(t: &Tenant) -> Snapshot {
    Snapshot {
        users: t.all_users().to_vec(),
        skus: t.skus().iter().map(|s| s.sku.clone()).collect(),
        groups: t
            .groups()
            .iter()
            .map(|g| (g.group.clone(), g.members.clone()))
            .collect(),
        roles: t.roles().iter().map(|r| r.members.clone()).collect(),
        queued: t.has_queued(),
    }
}

fn demo_once() -> &'static Tenant {
    static DEMO: std::sync::OnceLock<Tenant> = std::sync::OnceLock::new();
    DEMO.get_or_init(demo)
}

fn users_query(qs: &str) -> String {
    format!("/users?{qs}")
}

const G: &str = "userType eq 'Guest'";

// ---- $filter -------------------------------------------------------------------------

#[test]
fn deeply_nested_filters_are_refused_before_a_tree_is_built() {
    let mut t = demo();
    let nest = |n: usize| format!("{}{G}{}", "(".repeat(n), ")".repeat(n));
    let r = send(
        &mut t,
        &get(&users_query(&format!("$filter={}", encode(&nest(MAX_FILTER_DEPTH))))),
    );
    assert_eq!(r.status, 200, "{}", r.json_body());
    let r = send(
        &mut t,
        &get(&users_query(&format!(
            "$filter={}",
            encode(&nest(MAX_FILTER_DEPTH + 1))
        ))),
    );
    let m = error(&r, 400, "Request_UnsupportedQuery");
    assert_eq!(
        m,
        "The $filter expression is nested too deeply: more than 32 levels of parentheses and not."
    );
    let nots = format!("{}{G}", "not ".repeat(MAX_FILTER_DEPTH + 1));
    let r = send(
        &mut t,
        &advanced(&users_query(&format!("$filter={}&$count=true", encode(&nots)))),
    );
    error(&r, 400, "Request_UnsupportedQuery");
}

#[test]
fn a_filter_that_would_overflow_a_recursive_parser_is_a_graph_error() {
    let mut t = demo();
    // Under the URL limit (spaces need no encoding here): the depth limit answers.
    let r = send(&mut t, &get(&users_query(&format!("$filter={}", "(".repeat(4000)))));
    error(&r, 400, "Request_UnsupportedQuery");
    // Far over: the URL limit answers, before authentication.
    let huge = users_query(&format!("$filter={}", "(".repeat(1_000_000)));
    let r = send(&mut t, &GraphRequest::new(Method::Get, huge.clone()));
    let m = error(&r, 400, "Request_BadRequest");
    assert!(m.starts_with("The request URL is too long"), "{m}");
    let r = send(&mut t, &get(&huge));
    error(&r, 400, "Request_BadRequest");
}

#[test]
fn a_long_filter_is_refused_by_its_length() {
    let mut t = demo();
    let text = format!("displayName eq '{}'", "a".repeat(MAX_FILTER_LEN));
    let r = send(&mut t, &get(&users_query(&format!("$filter={}", encode(&text)))));
    let m = error(&r, 400, "Request_BadRequest");
    assert_eq!(
        m,
        "Invalid filter clause: the expression is longer than 4096 characters."
    );
}

#[test]
fn filters_take_at_most_a_hundred_comparisons() {
    let mut t = demo();
    let chain = |n: usize| vec![G; n].join(" or ");
    let r = send(
        &mut t,
        &get(&users_query(&format!("$filter={}", encode(&chain(MAX_FILTER_TERMS))))),
    );
    assert_eq!(r.status, 200);
    let guests = t.users().filter(|u| u.is_guest()).count();
    assert_eq!(r.json_body()["value"].as_array().unwrap().len(), guests.min(100));
    let r = send(
        &mut t,
        &get(&users_query(&format!(
            "$filter={}",
            encode(&chain(MAX_FILTER_TERMS + 1))
        ))),
    );
    let m = error(&r, 400, "Request_UnsupportedQuery");
    assert!(
        m.starts_with("The $filter expression has too many clauses: more than 100"),
        "{m}"
    );
}

#[test]
fn in_lists_take_at_most_fifteen_values() {
    let mut t = demo();
    let list = |n: usize| {
        let v: Vec<String> = (0..n).map(|i| format!("'C{i}'")).collect();
        format!("usageLocation in ({})", v.join(","))
    };
    let r = send(&mut t, &get(&users_query(&format!("$filter={}", encode(&list(15))))));
    assert_eq!(r.status, 200, "{}", r.json_body());
    let r = send(&mut t, &get(&users_query(&format!("$filter={}", encode(&list(16))))));
    let m = error(&r, 400, "Request_UnsupportedQuery");
    assert_eq!(
        m,
        "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15."
    );
}

#[test]
fn a_filter_built_in_code_is_held_to_the_same_limits() {
    let t = demo();
    let deep = (0..200_000).fold(Filter::eq(Prop::UserType, "Guest"), |f, _| f.negate());
    let q = UserQuery {
        filter: Some(deep),
        count: true,
        ..UserQuery::default()
    };
    let e = t.list_users(&q, true, false).unwrap_err();
    assert_eq!(e.code, tenant::ErrorCode::UnsupportedQuery);
    let e = t.count_users(&q, true).unwrap_err();
    assert_eq!(e.code, tenant::ErrorCode::UnsupportedQuery);
}

// ---- $search, $top, $skiptoken, $select ------------------------------------------------

#[test]
fn search_is_held_to_its_length_and_term_count() {
    let mut t = demo();
    let terms = |n: usize| vec!["\"displayName:a\""; n].join(" OR ");
    let r = send(
        &mut t,
        &advanced(&users_query(&format!("$search={}", encode(&terms(MAX_SEARCH_TERMS))))),
    );
    assert_eq!(r.status, 200, "{}", r.json_body());
    let r = send(
        &mut t,
        &advanced(&users_query(&format!(
            "$search={}",
            encode(&terms(MAX_SEARCH_TERMS + 1))
        ))),
    );
    let m = error(&r, 400, "Request_UnsupportedQuery");
    assert_eq!(m, "The $search expression has too many terms: more than 10.");
    let long = format!("\"displayName:{}\"", "a".repeat(MAX_SEARCH_LEN));
    let r = send(&mut t, &advanced(&users_query(&format!("$search={}", encode(&long)))));
    let m = error(&r, 400, "Request_BadRequest");
    assert_eq!(m, "The $search expression is longer than 1024 characters.");
}

#[test]
fn top_outside_its_range_is_graphs_error() {
    let mut t = demo();
    for (top, code) in [
        ("0", "Request_UnsupportedQuery"),
        ("1000", "Request_UnsupportedQuery"),
        ("-1", "Request_UnsupportedQuery"),
        ("99999999999999999999999", "Request_BadRequest"),
        ("ten", "Request_BadRequest"),
        ("", "Request_BadRequest"),
    ] {
        let r = send(&mut t, &get(&users_query(&format!("$top={top}"))));
        let m = error(&r, 400, code);
        assert!(m.starts_with("Invalid page size specified"), "{top}: {m}");
    }
}

#[test]
fn a_huge_skiptoken_gives_an_empty_page_not_an_overflow() {
    let mut t = demo();
    for token in ["Xffffffffffffffff", "Xfffffffffffffff0", "X100000"] {
        let r = send(&mut t, &get(&users_query(&format!("$top=999&$skiptoken={token}"))));
        assert_eq!(r.status, 200, "{token}");
        let b = r.json_body();
        assert_eq!(b["value"].as_array().unwrap().len(), 0, "{token}");
        assert!(b.get("@odata.nextLink").is_none(), "{token}");
    }
    for token in ["X10000000000000000", "X+1", "X-1", "X", "", "Y1", "X1 ", "X١"] {
        let r = send(&mut t, &get(&users_query(&format!("$skiptoken={}", encode(token)))));
        let m = error(&r, 400, "Request_BadRequest");
        assert_eq!(m, "The $skiptoken is invalid or has expired.", "{token}");
    }
    // The last page through a real token still works.
    let n = t.users().count();
    let r = send(
        &mut t,
        &get(&users_query(&format!(
            "$top=999&$skiptoken={}",
            tenant::encode_skip(n - 1)
        ))),
    );
    assert_eq!(r.json_body()["value"].as_array().unwrap().len(), 1);
}

#[test]
fn a_repeated_select_shapes_each_user_once() {
    let mut t = demo();
    let select = vec!["id"; 2000].join(",");
    let r = send(&mut t, &get(&users_query(&format!("$top=999&$select={select}"))));
    assert_eq!(r.status, 200);
    let b = r.json_body();
    assert_eq!(b["value"][0].as_object().unwrap().len(), 1);
}

#[test]
fn the_url_is_held_to_its_length() {
    let mut t = demo();
    let pad = |n: usize| {
        let base = "/users?$top=1&x=";
        format!("{base}{}", "a".repeat(n - base.len()))
    };
    assert_eq!(send(&mut t, &get(&pad(MAX_URL_LEN))).status, 200);
    let m = error(&send(&mut t, &get(&pad(MAX_URL_LEN + 1))), 400, "Request_BadRequest");
    assert_eq!(m, "The request URL is too long: 8193 characters; the limit is 8192.");
}

// ---- bodies ----------------------------------------------------------------------------

#[test]
fn string_properties_are_held_to_graphs_lengths_before_the_store() {
    let mut t = demo();
    let who = "/users/christiec@contoso.com";
    let before = snapshot(&t);
    for (property, limit) in [
        ("displayName", 256),
        ("givenName", 64),
        ("jobTitle", 128),
        ("department", 64),
    ] {
        let r = send(&mut t, &patch(who, json!({ property: "é".repeat(limit + 1) })));
        let m = error(&r, 400, "Request_BadRequest");
        assert_eq!(
            m,
            format!("Invalid value specified for property '{property}' of resource 'User'.")
        );
        assert_eq!(tenant::query::limits::user_string_limit(property), limit);
    }
    // An unknown property is held to the general limit too (then refused by the store).
    let r = send(
        &mut t,
        &patch(who, json!({ "shoeSize": "x".repeat(MAX_STRING_LEN + 1) })),
    );
    error(&r, 400, "Request_BadRequest");
    assert_eq!(snapshot(&t), before);
    let r = send(&mut t, &patch(who, json!({ "displayName": "é".repeat(256) })));
    assert_eq!(r.status, 204, "{}", r.json_body());
    assert_eq!(
        t.user("christiec@contoso.com").unwrap().display_name.as_deref(),
        Some(&*"é".repeat(256))
    );
}

#[test]
fn an_invitation_with_an_overlong_name_invites_nobody() {
    let mut t = demo();
    let before = snapshot(&t);
    let r = send(
        &mut t,
        &post(
            "/invitations",
            json!({
                "invitedUserEmailAddress": "new@partner.example",
                "inviteRedirectUrl": "https://myapps.microsoft.com",
                "invitedUserDisplayName": "n".repeat(257),
            }),
        ),
    );
    let m = error(&r, 400, "Request_BadRequest");
    assert_eq!(
        m,
        "Invalid value specified for property 'invitedUserDisplayName' of resource 'Invitation'."
    );
    let r = send(
        &mut t,
        &post(
            "/invitations",
            json!({
                "invitedUserEmailAddress": "new@partner.example",
                "inviteRedirectUrl": format!("https://x.example/{}", "a".repeat(MAX_BODY_URL_LEN)),
            }),
        ),
    );
    error(&r, 400, "Request_BadRequest");
    assert_eq!(snapshot(&t), before);
}

#[test]
fn a_body_over_two_megabytes_is_413_and_changes_nothing() {
    let mut t = demo();
    let before = snapshot(&t);
    let big = json!({ "displayName": "x".repeat(MAX_BODY_BYTES) });
    let r = send(&mut t, &patch("/users/christiec@contoso.com", big));
    let m = error(&r, 413, "RequestEntityTooLarge");
    assert_eq!(m, "The request body is larger than the largest allowed, 2097152 bytes.");
    // Many small values count as much as one large one.
    let wide = json!({ "requests": vec![0; MAX_BODY_BYTES / 2 + 1] });
    error(&send(&mut t, &post("/$batch", wide)), 413, "RequestEntityTooLarge");
    assert_eq!(snapshot(&t), before);
    assert_eq!(
        tenant::ErrorCode::parse("RequestEntityTooLarge"),
        Some(tenant::ErrorCode::RequestEntityTooLarge)
    );
}

#[test]
fn a_deeply_nested_body_is_refused_without_recursion() {
    let mut t = demo();
    let before = snapshot(&t);
    // Built by hand: `json!` would serialize (recursively) each value it is given.
    let nest = |n: usize| (0..n).fold(json!(1), |v, _| Value::Array(vec![v]));
    let licences = |extra: Value| json!({ "addLicenses": [], "removeLicenses": [], "x": extra });
    let r = send(
        &mut t,
        &post(
            "/users/christiec@contoso.com/assignLicense",
            licences(nest(MAX_BODY_DEPTH - 1)),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.json_body());
    let r = send(
        &mut t,
        &post(
            "/users/christiec@contoso.com/assignLicense",
            licences(nest(MAX_BODY_DEPTH)),
        ),
    );
    let m = error(&r, 400, "Request_BadRequest");
    assert_eq!(
        m,
        "Unable to read JSON request payload: it is nested more than 32 levels deep."
    );
    assert_eq!(snapshot(&t), before);
    // Far deeper than serde_json's own parser allows: built in code, as the app's simulated
    // tenant could be handed it. The engine measures it without recursion; the test runs
    // on a big stack only because serde_json's own `Drop` of the value recurses.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let deep = nest(100_000);
            let mut body = serde_json::Map::new();
            body.insert("requests".into(), Value::Array(vec![deep]));
            let req = post("/$batch", Value::Object(body));
            let r = send(&mut t, &req);
            error(&r, 400, "Request_BadRequest");
            assert_eq!(snapshot(&t), before);
        })
        .unwrap()
        .join()
        .unwrap();
}

// ---- $batch ----------------------------------------------------------------------------

fn assign(id: &str) -> Value {
    json!({
        "id": id,
        "method": "POST",
        "url": "/users/jane@contoso.com/assignLicense",
        "headers": { "Content-Type": "application/json" },
        "body": { "addLicenses": [{ "skuId": common::id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }
    })
}

fn read(id: &str) -> Value {
    json!({ "id": id, "method": "GET", "url": "/me" })
}

fn batch(items: Vec<Value>) -> GraphRequest {
    post("/$batch", json!({ "requests": items }))
}

#[test]
fn the_valid_first_item_of_the_half_wrong_batches_would_change_the_tenant() {
    // The precondition of the test below: alone, the assignLicense item succeeds.
    let mut t = demo();
    let before = snapshot(&t);
    let r = send(&mut t, &batch(vec![assign("1")]));
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body()["responses"][0]["status"], 200, "{}", r.json_body());
    assert_ne!(snapshot(&t), before);
}

#[test]
fn a_half_wrong_batch_is_refused_whole_and_applies_nothing() {
    let cases: Vec<(&str, Vec<Value>, &str)> = vec![
        (
            "unknown dependsOn",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": ["9"] }),
            ],
            "Request '2' depends on unknown request '9'.",
        ),
        (
            "unknown method",
            vec![assign("1"), json!({ "id": "2", "method": "PUT", "url": "/me" })],
            "Invalid batch request '2': unknown method.",
        ),
        (
            "missing method",
            vec![assign("1"), json!({ "id": "2", "url": "/me" })],
            "Invalid batch request '2': 'method' is required.",
        ),
        (
            "nested batch",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "POST", "url": "/$batch", "body": { "requests": [assign("x")] } }),
            ],
            "Invalid batch request '2': a $batch cannot contain another $batch.",
        ),
        (
            "nested batch, encoded",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "POST", "url": "v1.0/%24batch", "body": {} }),
            ],
            "Invalid batch request '2': a $batch cannot contain another $batch.",
        ),
        (
            "duplicate id",
            vec![assign("1"), read("1")],
            "Invalid batch payload: the request id '1' is used more than once.",
        ),
        (
            "duplicate id, number and string",
            vec![assign("1"), json!({ "id": 1, "method": "GET", "url": "/me" })],
            "Invalid batch payload: the request id '1' is used more than once.",
        ),
        (
            "cycle",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": ["3"] }),
                json!({ "id": "3", "method": "GET", "url": "/me", "dependsOn": ["2"] }),
            ],
            "The batch's dependsOn references form a cycle.",
        ),
        (
            "depends on itself",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": ["2"] }),
            ],
            "The batch's dependsOn references form a cycle.",
        ),
        (
            "absolute URL",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "https://graph.microsoft.com/v1.0/me" }),
            ],
            "Invalid batch request '2': the URL must be relative, like /users.",
        ),
        (
            "scheme-relative URL",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "//evil.example/me" }),
            ],
            "Invalid batch request '2': the URL must be relative, like /users.",
        ),
        (
            "control character in URL",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me\r\nX-Evil: 1" }),
            ],
            "Invalid batch request '2': the URL holds control characters.",
        ),
        (
            "URL too long",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": format!("/users/{}", "a".repeat(MAX_URL_LEN)) }),
            ],
            "Invalid batch request '2': the URL is longer than 8192 characters.",
        ),
        (
            "missing URL",
            vec![assign("1"), json!({ "id": "2", "method": "GET" })],
            "Invalid batch request '2': 'url' is required.",
        ),
        (
            "missing id",
            vec![assign("1"), json!({ "method": "GET", "url": "/me" })],
            "Invalid batch payload: every request needs an 'id'.",
        ),
        (
            "empty id",
            vec![assign("1"), json!({ "id": "", "method": "GET", "url": "/me" })],
            "Invalid batch payload: every request needs an 'id'.",
        ),
        (
            "long id",
            vec![
                assign("1"),
                json!({ "id": "i".repeat(MAX_BATCH_ID_LEN + 1), "method": "GET", "url": "/me" }),
            ],
            "Invalid batch payload: a request id is longer than 64 characters.",
        ),
        (
            "item not an object",
            vec![assign("1"), json!("GET /me")],
            "Invalid batch payload: each request must be a JSON object.",
        ),
        (
            "dependsOn not a list",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": "1" }),
            ],
            "Invalid batch request '2': 'dependsOn' must be a list of request ids.",
        ),
        (
            "dependsOn with a non-id",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "dependsOn": [{ "id": "1" }] }),
            ],
            "Invalid batch request '2': 'dependsOn' must be a list of request ids.",
        ),
        (
            "headers not strings",
            vec![
                assign("1"),
                json!({ "id": "2", "method": "GET", "url": "/me", "headers": { "ConsistencyLevel": 1 } }),
            ],
            "Invalid batch request '2': 'headers' must be an object of strings.",
        ),
        (
            "too many requests",
            std::iter::once(assign("1"))
                .chain((2..=21).map(|i| read(&i.to_string())))
                .collect(),
            "The batch has 21 requests; the limit is 20.",
        ),
    ];
    for (what, items, message) in cases {
        let mut t = demo();
        let before = snapshot(&t);
        let r = send(&mut t, &batch(items));
        let m = error(&r, 400, "Request_BadRequest");
        assert_eq!(m, message, "{what}");
        assert_eq!(snapshot(&t), before, "{what}: the batch changed the tenant");
    }
}

#[test]
fn a_batch_body_of_the_wrong_shape_is_400() {
    let mut t = demo();
    for body in [
        json!(null),
        json!([]),
        json!({}),
        json!({ "requests": {} }),
        json!({ "requests": "x" }),
    ] {
        let r = send(&mut t, &post("/$batch", body.clone()));
        let m = error(&r, 400, "Request_BadRequest");
        assert_eq!(m, "Invalid batch payload: 'requests' is required.", "{body}");
    }
    let r = send(&mut t, &auth(GraphRequest::new(Method::Post, "/$batch")));
    error(&r, 400, "Request_BadRequest");
}

#[test]
fn a_valid_batch_runs_in_dependency_order() {
    let mut t = demo();
    // Twenty items, each depending on the next one: they run last to first.
    let items: Vec<Value> = (1..=MAX_BATCH_REQUESTS)
        .map(|i| {
            let mut item = read(&i.to_string());
            if i < MAX_BATCH_REQUESTS {
                item["dependsOn"] = json!([(i + 1).to_string()]);
            }
            item
        })
        .collect();
    let r = send(&mut t, &batch(items));
    assert_eq!(r.status, 200);
    let order: Vec<String> = r.json_body()["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = (1..=MAX_BATCH_REQUESTS).rev().map(|i| i.to_string()).collect();
    assert_eq!(order, expected);
    // Numeric ids and dependsOn entries read as strings, as before.
    let r = send(
        &mut t,
        &batch(vec![
            json!({ "id": 1, "method": "GET", "url": "me" }),
            json!({ "id": 2, "method": "GET", "url": "/v1.0/me", "dependsOn": [1, "1"] }),
        ]),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body()["responses"][1]["status"], 200);
}

// ---- properties ------------------------------------------------------------------------

/// Text that reads like a filter: its words in any order and number.
fn filterish() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "(",
        ")",
        "not ",
        " and ",
        " or ",
        "userType eq 'Guest'",
        "accountEnabled eq true",
        "mail ne null",
        "department in ('a','b'",
        ",'c'",
        ")",
        "startsWith(displayName,'a')",
        "endsWith(mail,'@x.com')",
        "assignedLicenses/$count eq 0",
        "assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)",
        "'",
        "''",
        " ",
        "eq",
        "42",
        "4294967296",
        "id eq 00000000-0000-0000-0000-000000000000",
    ]);
    prop::collection::vec(words, 0..300).prop_map(|w| w.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "GET", "POST", "PATCH", "DELETE", "/me", "/$batch", "1", "2", "/users"
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "id",
                        "method",
                        "url",
                        "dependsOn",
                        "headers",
                        "body",
                        "requests",
                        "addLicenses",
                        "removeLicenses",
                        "displayName",
                        "skuId",
                        "x"
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

/// A batch item from small pools of ids, methods and URLs, some valid, some not.
fn batch_item() -> impl Strategy<Value = Value> {
    let ids = prop::sample::select(vec!["1", "2", "3", "4", ""]);
    let methods = prop::sample::select(vec!["GET", "POST", "PATCH", "DELETE", "PUT", "get"]);
    let urls = prop::sample::select(vec![
        "/me",
        "/users?$top=2",
        "/users/jane@contoso.com/assignLicense",
        "/users/christiec@contoso.com",
        "/users/jane@contoso.com",
        "/$batch",
        "https://graph.microsoft.com/v1.0/me",
        "/users?$filter=((((",
        "/subscribedSkus",
    ]);
    let bodies = prop_oneof![
        Just(Value::Null),
        Just(
            json!({ "addLicenses": [{ "skuId": common::id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] })
        ),
        Just(json!({ "addLicenses": [], "removeLicenses": [common::id("ENTERPRISEPACK")] })),
        Just(json!({ "displayName": "Renamed" })),
        Just(json!({ "usageLocation": "ZZ" })),
        json_value(),
    ];
    let deps = prop::option::of(prop::collection::vec(
        prop::sample::select(vec!["1", "2", "3", "4", "9"]),
        0..3,
    ));
    (ids, methods, urls, bodies, deps).prop_map(|(id, method, url, body, deps)| {
        let mut item = json!({ "id": id, "method": method, "url": url, "body": body });
        if let Some(d) = deps {
            item["dependsOn"] = json!(d);
        }
        item
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_query_option_is_answered_without_panicking_and_changes_nothing(
        option in prop::sample::select(vec!["$filter", "$search", "$skiptoken", "$top", "$select", "$orderby", "$count"]),
        text in prop_oneof![".{0,80}".boxed(), filterish().boxed(), "[X0-9a-fA-F+-]{0,24}".boxed()],
        eventual in any::<bool>(),
        raw in any::<bool>(),
    ) {
        let mut t = demo_once().clone();
        let before = snapshot(&t);
        let value = if raw { text.clone() } else { encode(&text) };
        let url = format!("/users?{option}={value}&$count=true");
        let mut req = get(&url);
        if eventual {
            req = req.header("ConsistencyLevel", "eventual");
        }
        let r = send(&mut t, &req);
        let b = r.json_body();
        prop_assert!(r.status == 200 || (r.status == 400 && b["error"]["code"].is_string()), "{} {}", r.status, b);
        prop_assert_eq!(snapshot(&t), before);
    }

    #[test]
    fn a_filterish_text_parses_to_a_bounded_tree_that_renders_back_or_is_refused(text in filterish()) {
        if let Ok(f) = tenant::query::parse_filter(&text) {
            prop_assert_eq!(f.check_limits(), Ok(()));
            prop_assert_eq!(tenant::query::parse_filter(&f.render()), Ok(f));
        }
    }

    #[test]
    fn any_batch_body_is_answered_and_a_refused_batch_changes_nothing(
        body in prop_oneof![
            json_value().prop_map(|v| json!({ "requests": v })).boxed(),
            json_value().boxed(),
            prop::collection::vec(batch_item(), 0..24).prop_map(|items| json!({ "requests": items })).boxed(),
        ],
    ) {
        let mut t = demo_once().clone();
        let before = snapshot(&t);
        let r = send(&mut t, &post("/$batch", body));
        let b = r.json_body();
        if r.status == 200 {
            prop_assert!(b["responses"].is_array());
        } else {
            prop_assert_eq!(r.status, 400, "{}", b);
            prop_assert!(b["error"]["code"].is_string());
            prop_assert_eq!(snapshot(&t), before);
        }
    }

    #[test]
    fn any_write_body_is_answered_and_a_refused_write_changes_nothing(
        target in prop::sample::select(vec![
            (Method::Patch, "/users/christiec@contoso.com"),
            (Method::Post, "/users/jane@contoso.com/assignLicense"),
            (Method::Post, "/invitations"),
            (Method::Post, "/groups/00000000-0000-0000-0000-000000000000/members/$ref"),
            (Method::Post, "/users/jane@contoso.com/reprocessLicenseAssignment"),
        ]),
        body in json_value(),
    ) {
        let mut t = demo_once().clone();
        let before = snapshot(&t);
        let r = send(&mut t, &auth(GraphRequest::new(target.0, target.1)).json(body));
        if !r.ok() {
            prop_assert!(r.json_body()["error"]["code"].is_string());
            prop_assert_eq!(snapshot(&t), before);
        }
    }
}
