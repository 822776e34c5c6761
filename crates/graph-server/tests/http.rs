//! Speaks HTTP to a running `graph-server` binary and checks Graph's wire format.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::{answer, send, Server, ADMIN};

const E5_SECURITY: &str = "06ebc4ee-1bb5-47dd-8120-11324bc54e06"; // SPE_E5
const P2: &str = "84a661c4-e949-4bd2-a560-ed7766fcaf2b"; // AAD_PREMIUM_P2

#[test]
fn a_missing_or_unknown_token_is_graphs_401() {
    let s = Server::start(&[]);
    let (status, body) = send(ureq::get(&s.url("/users")), None);
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
    assert!(body["error"]["innerError"]["request-id"].is_string());
    let (status, _) = send(
        ureq::get(&s.url("/me")).set("Authorization", "Bearer dev:nobody@fabrikam.com"),
        None,
    );
    assert_eq!(status, 401);
}

#[test]
fn me_roles_and_organization_tell_who_is_acting() {
    let s = Server::start(&[]);
    let (status, me) = s.get("/me");
    assert_eq!(status, 200);
    assert_eq!(me["userPrincipalName"], "admin@contoso.onmicrosoft.com");
    let (_, member_of) = s.get("/me/memberOf");
    assert!(member_of["value"]
        .as_array()
        .expect("a collection")
        .iter()
        .any(|r| r["displayName"] == "Global Administrator"));
    let (_, roles) = s.get("/directoryRoles");
    let license_admin = roles["value"]
        .as_array()
        .expect("a collection")
        .iter()
        .find(|r| r["displayName"] == "License Administrator")
        .expect("the License Administrator role is active");
    let (_, members) = s.get(&format!(
        "/directoryRoles/{}/members",
        license_admin["id"].as_str().unwrap_or("")
    ));
    assert_eq!(members["value"][0]["userPrincipalName"], "meganb@contoso.com");
    let (_, org) = s.get("/organization");
    assert_eq!(org["value"][0]["countryLetterCode"], "US");
}

#[test]
fn advanced_queries_need_consistency_level_and_count_pages_follow() {
    let s = Server::start(&[]);
    let (status, body) = s.get("/users?$search=%22displayName:ruiz%22");
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "Request_UnsupportedQuery");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("ConsistencyLevel: eventual"));
    // As on Graph, `$count=true` without the header is ignored, not refused.
    let (status, body) = s.get("/users?$filter=userType%20eq%20'Guest'&$count=true");
    assert_eq!(status, 200);
    assert!(body.get("@odata.count").is_none());

    let req =
        ureq::get(&s.url("/users?$filter=userType%20eq%20'Guest'&$count=true&$top=5&$select=displayName,userType"))
            .set("Authorization", ADMIN)
            .set("ConsistencyLevel", "eventual");
    let (status, body) = send(req, None);
    assert_eq!(status, 200);
    let count = body["@odata.count"].as_u64().expect("a count");
    let mut seen = body["value"].as_array().expect("rows").clone();
    let mut next = body["@odata.nextLink"].as_str().map(str::to_owned);
    while let Some(link) = next {
        assert!(link.starts_with(&s.base), "absolute link on this server: {link}");
        let (_, page) = send(
            ureq::get(&link)
                .set("Authorization", ADMIN)
                .set("ConsistencyLevel", "eventual"),
            None,
        );
        seen.extend(page["value"].as_array().expect("rows").iter().cloned());
        next = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    assert!(count >= 10);
    assert_eq!(seen.len() as u64, count);
    assert!(seen.iter().all(|u| u["userType"] == "Guest"));

    let (status, body) = s.get("/users?$top=5000");
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid page size specified: '5000'. Must be between 1 and 999 inclusive."
    );
    let (status, body) = s.get("/users/00000000-0000-0000-0000-000000000000");
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "Request_ResourceNotFound");
}

#[test]
fn count_is_plain_text() {
    let s = Server::start(&[]);
    let r = ureq::get(&s.url("/users/$count"))
        .set("Authorization", ADMIN)
        .set("ConsistencyLevel", "eventual")
        .call()
        .expect("200");
    assert!(r.content_type().starts_with("text/plain"));
    let n: u32 = r.into_string().unwrap_or_default().trim().parse().expect("a number");
    assert!(n > 50);
}

#[test]
fn direct_assignment_rules_come_back_with_graphs_messages() {
    let s = Server::start(&[]);
    let (_, users) = s.get("/users?$top=999&$select=userPrincipalName,usageLocation,userType");
    let no_location = users["value"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|u| u["usageLocation"].is_null() && u["userType"] == "Member")
        })
        .and_then(|u| u["userPrincipalName"].as_str())
        .expect("the demo has members without a usage location");
    let (status, body) = s.post(
        &format!("/users/{no_location}/assignLicense"),
        json!({ "addLicenses": [{ "skuId": P2, "disabledPlans": [] }], "removeLicenses": [] }),
    );
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "License assignment cannot be done for user with invalid usage location."
    );
    let (status, body) = s.post(
        "/users/tricia@contoso.com/assignLicense",
        json!({ "addLicenses": [{ "skuId": P2, "disabledPlans": [] }], "removeLicenses": [] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["userPrincipalName"], "tricia@contoso.com");
    let (_, details) = s.get("/users/tricia@contoso.com/licenseDetails");
    assert!(details["value"]
        .as_array()
        .expect("a collection")
        .iter()
        .any(|d| d["skuId"] == P2));
}

#[test]
fn group_licences_are_processed_after_the_call_returns() {
    let s = Server::start(&[]);
    let (_, groups) = s.get("/groups");
    let all_staff = groups["value"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["displayName"] == "All staff")
        .expect("All staff exists")["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let (status, body) = s.post(
        &format!("/groups/{all_staff}/assignLicense"),
        json!({ "addLicenses": [{ "skuId": P2, "disabledPlans": [] }], "removeLicenses": [] }),
    );
    assert_eq!(status, 202);
    assert_eq!(body["licenseProcessingState"]["state"], "QueuedForProcessing");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, g) = s.get(&format!("/groups/{all_staff}"));
        if g["licenseProcessingState"]["state"] == "ProcessingComplete" {
            break;
        }
        assert!(Instant::now() < deadline, "still {}", g["licenseProcessingState"]);
        std::thread::sleep(Duration::from_millis(50));
    }
    let (_, errors) = s.get(&format!("/groups/{all_staff}/membersWithLicenseErrors"));
    assert!(errors["value"].is_array());
}

#[test]
fn batch_keeps_graphs_limits_and_dependencies() {
    let s = Server::start(&[]);
    let many: Vec<Value> = (0..21)
        .map(|i| json!({ "id": i.to_string(), "method": "GET", "url": "/me" }))
        .collect();
    let (status, _) = s.post("/$batch", json!({ "requests": many }));
    assert_eq!(status, 400);
    let (status, body) = s.post(
        "/$batch",
        json!({ "requests": [
            { "id": "1", "method": "POST", "url": "/users/tricia@contoso.com/assignLicense",
              "headers": { "Content-Type": "application/json" },
              "body": { "addLicenses": [{ "skuId": E5_SECURITY, "disabledPlans": ["00000000-0000-0000-0000-000000000001"] }], "removeLicenses": [] } },
            { "id": "2", "method": "GET", "url": "/me", "dependsOn": ["1"] },
            { "id": "3", "method": "GET", "url": "/organization" }
        ]}),
    );
    assert_eq!(status, 200);
    let by_id = |id: &str| {
        body["responses"]
            .as_array()
            .and_then(|r| r.iter().find(|x| x["id"] == id))
            .map(|x| x["status"].as_u64().unwrap_or(0))
    };
    assert_eq!(by_id("1"), Some(400));
    assert_eq!(by_id("2"), Some(424));
    assert_eq!(by_id("3"), Some(200));
}

fn preflight(s: &Server, origin: &str) -> ureq::Response {
    answer(
        ureq::request("OPTIONS", &s.url("/users"))
            .set("Origin", origin)
            .set("Access-Control-Request-Method", "POST")
            .set(
                "Access-Control-Request-Headers",
                "authorization,consistencylevel,content-type",
            )
            .call(),
    )
}

fn cors_headers(r: &ureq::Response) -> Vec<String> {
    r.headers_names()
        .into_iter()
        .filter(|n| n.to_ascii_lowercase().starts_with("access-control-"))
        .collect()
}

#[test]
fn cors_lets_only_the_allowed_origins_call_from_a_browser() {
    let s = Server::start(&[
        "--allow-origin",
        "http://127.0.0.1:4174",
        "--allow-origin",
        "http://127.0.0.1:4175",
    ]);
    for origin in ["http://127.0.0.1:4174", "http://127.0.0.1:4175"] {
        let r = preflight(&s, origin);
        assert_eq!(r.status(), 204);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        let allowed = r
            .header("access-control-allow-headers")
            .unwrap_or("")
            .to_ascii_lowercase();
        assert!(allowed.contains("consistencylevel") && allowed.contains("authorization"));
        assert!(r.header("access-control-allow-methods").unwrap_or("").contains("PATCH"));
        let r = answer(
            ureq::get(&s.url("/me"))
                .set("Authorization", ADMIN)
                .set("Origin", origin)
                .call(),
        );
        assert_eq!(r.status(), 200);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        assert!(r
            .header("access-control-expose-headers")
            .unwrap_or("")
            .contains("retry-after"));
    }

    // Any other page (another port on the same machine too) gets no allow headers at all.
    for other in [
        "http://localhost:4174",
        "http://127.0.0.1:9999",
        "https://evil.example",
        "null",
    ] {
        let r = preflight(&s, other);
        assert!(cors_headers(&r).is_empty(), "{other}: {:?}", cors_headers(&r));
        assert_ne!(r.status(), 204, "{other}");
        let r = answer(
            ureq::get(&s.url("/me"))
                .set("Authorization", ADMIN)
                .set("Origin", other)
                .call(),
        );
        assert!(cors_headers(&r).is_empty(), "{other}: {:?}", cors_headers(&r));
    }

    // Clients that are not browsers send no Origin and are served as before.
    let (status, me) = s.get("/me");
    assert_eq!(status, 200);
    assert_eq!(me["userPrincipalName"], "admin@contoso.onmicrosoft.com");
}

#[test]
fn without_allow_origin_no_cors_headers_are_sent() {
    let s = Server::start(&[]);
    let r = preflight(&s, "http://127.0.0.1:4174");
    assert!(cors_headers(&r).is_empty(), "{:?}", cors_headers(&r));
    let r = answer(
        ureq::get(&s.url("/me"))
            .set("Authorization", ADMIN)
            .set("Origin", "http://127.0.0.1:4174")
            .call(),
    );
    assert_eq!(r.status(), 200);
    assert!(cors_headers(&r).is_empty(), "{:?}", cors_headers(&r));
    // curl and SDKs still work.
    let (status, _) = s.get("/subscribedSkus");
    assert_eq!(status, 200);
}

#[test]
fn an_allowed_origin_must_be_an_origin() {
    for bad in ["*", "http://127.0.0.1:8080/", "127.0.0.1:8080"] {
        let out = Command::new(env!("CARGO_BIN_EXE_graph-server"))
            .args(["--port", "0", "--allow-origin", bad])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-origin"), "{bad}");
    }
}

#[test]
fn a_body_over_the_limit_is_graphs_413_and_bad_json_graphs_400() {
    let s = Server::start(&[]);
    // Valid JSON, just too much of it: 3 MiB against the 2 MiB limit.
    let big = format!("{{\"displayName\":\"{}\"}}", "x".repeat(3 * 1024 * 1024));
    let r = answer(
        ureq::request("PATCH", &s.url("/users/tricia@contoso.com"))
            .set("Authorization", ADMIN)
            .set("Content-Type", "application/json")
            .send_string(&big),
    );
    assert_eq!(r.status(), 413);
    assert!(r.content_type().starts_with("application/json"), "{}", r.content_type());
    assert!(r.header("request-id").is_some());
    let body: Value = serde_json::from_str(&r.into_string().unwrap_or_default()).expect("Graph's JSON error body");
    assert_eq!(body["error"]["code"], "RequestEntityTooLarge");
    assert!(body["error"]["message"].as_str().unwrap_or("").contains("2097152"));
    assert!(body["error"]["innerError"]["request-id"].is_string());
    assert!(body["error"]["innerError"]["date"].is_string());

    // Just under the limit is read (and then judged by the engine, not refused for size).
    let (_, me) = s.get("/me");
    assert_eq!(me["userPrincipalName"], "admin@contoso.onmicrosoft.com");

    let r = answer(
        ureq::post(&s.url("/users/tricia@contoso.com/assignLicense"))
            .set("Authorization", ADMIN)
            .set("Content-Type", "application/json")
            .send_string("{\"addLicenses\": [,"),
    );
    assert_eq!(r.status(), 400);
    let body: Value = serde_json::from_str(&r.into_string().unwrap_or_default()).expect("Graph's JSON error body");
    assert_eq!(body["error"]["code"], "Request_BadRequest");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("Unable to read JSON request payload."));
}

#[test]
fn latency_is_waited_outside_the_tenants_lock() {
    let s = Server::start(&["--latency-ms", "400"]);
    let base = s.base.clone();
    let started = Instant::now();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = format!("{base}/me");
            std::thread::spawn(move || {
                let r = ureq::get(&url).set("Authorization", ADMIN).call().expect("200");
                r.status()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("no panic"), 200);
    }
    let took = started.elapsed();
    // Four requests of 400 ms each in a row would take 1.6 s; side by side about 0.4 s.
    assert!(took >= Duration::from_millis(400), "{took:?}");
    assert!(
        took < Duration::from_millis(1300),
        "requests waited for each other: {took:?}"
    );
}

#[test]
fn injected_throttling_says_when_to_retry() {
    let s = Server::start(&["--throttle-rate", "1", "--retry-after", "3"]);
    let r = match ureq::get(&s.url("/me")).set("Authorization", ADMIN).call() {
        Err(ureq::Error::Status(429, r)) => r,
        other => panic!("expected 429, got {other:?}"),
    };
    assert_eq!(r.header("Retry-After"), Some("3"));
    let body: Value = serde_json::from_str(&r.into_string().unwrap_or_default()).expect("json");
    assert_eq!(body["error"]["code"], "TooManyRequests");

    let s = Server::start(&["--unavailable-rate", "1"]);
    let (status, body) = s.get("/me");
    assert_eq!(status, 503);
    assert_eq!(body["error"]["code"], "ServiceUnavailable");
}

#[test]
fn bad_flags_are_refused_with_a_reason() {
    let out = Command::new(env!("CARGO_BIN_EXE_graph-server"))
        .args(["--throttle-rate", "2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--throttle-rate"));
}

#[test]
fn a_generated_tenant_is_served_with_the_asked_size() {
    let s = Server::start(&["--users", "2000", "--seed", "5"]);
    let r = ureq::get(&s.url("/users/$count"))
        .set("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com")
        .set("ConsistencyLevel", "eventual")
        .call();
    let n: u32 = match r {
        Ok(r) => r.into_string().unwrap_or_default().trim().parse().unwrap_or(0),
        Err(e) => panic!("{e}"),
    };
    assert!(n >= 2000, "{n}");
}

/// Sends until the answer is not an injected fault as a whole (a batch's items may still
/// be), counting the faults seen on the way.
fn through_faults(s: &Server, method: &str, path: &str, body: Option<Value>, faults: &mut u64) -> (u16, Value) {
    for _ in 0..100 {
        let req = ureq::request(method, &s.url(path)).set("Authorization", ADMIN);
        let (status, answer) = send(req, body.clone());
        if status != 429 && status != 503 {
            return (status, answer);
        }
        *faults += 1;
    }
    panic!("{method} {path} was faulted 100 times in a row");
}

fn stats(s: &Server) -> Value {
    let base = s.base.trim_end_matches("/v1.0");
    let (status, body) = send(ureq::get(&format!("{base}/_stats")), None);
    assert_eq!(status, 200, "{body}");
    body
}

fn by_id<'a>(batch: &'a Value, id: &str) -> &'a Value {
    batch["responses"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["id"] == id))
        .unwrap_or(&Value::Null)
}

/// Ten writes to ten members, each read back by an item that depends on it.
fn write_then_read_batch(upns: &[String], round: usize) -> Value {
    let mut requests = Vec::new();
    for (i, upn) in upns.iter().enumerate() {
        requests.push(json!({ "id": format!("w{i}"), "method": "PATCH", "url": format!("/users/{upn}"),
            "headers": { "Content-Type": "application/json" }, "body": { "jobTitle": format!("Round {round} item {i}") } }));
        requests.push(
            json!({ "id": format!("r{i}"), "method": "GET", "url": format!("/users/{upn}?$select=jobTitle"),
            "dependsOn": [format!("w{i}")] }),
        );
    }
    json!({ "requests": requests })
}

fn ten_members(s: &Server, faults: &mut u64) -> Vec<String> {
    let (_, users) = through_faults(
        s,
        "GET",
        "/users?$top=999&$select=userPrincipalName,userType,accountEnabled",
        None,
        faults,
    );
    users["value"]
        .as_array()
        .expect("users")
        .iter()
        .filter(|u| u["userType"] == "Member" && u["accountEnabled"] == true)
        .filter_map(|u| u["userPrincipalName"].as_str())
        .filter(|upn| !upn.starts_with("admin@"))
        .take(10)
        .map(str::to_owned)
        .collect()
}

#[test]
fn batch_items_draw_their_own_faults_are_not_applied_and_fail_their_dependents() {
    let flags = [
        "--throttle-rate",
        "0.3",
        "--unavailable-rate",
        "0.2",
        "--retry-after",
        "4",
        "--fault-seed",
        "11",
    ];
    let s = Server::start(&flags);
    let mut faults = 0u64;
    let upns = ten_members(&s, &mut faults);
    assert_eq!(upns.len(), 10);
    let (mut throttled, mut unavailable, mut applied) = (0, 0, 0);
    for round in 0..5 {
        let (status, batch) = through_faults(
            &s,
            "POST",
            "/$batch",
            Some(write_then_read_batch(&upns, round)),
            &mut faults,
        );
        assert_eq!(status, 200, "{batch}");
        for (i, upn) in upns.iter().enumerate() {
            let write = by_id(&batch, &format!("w{i}"));
            let read = by_id(&batch, &format!("r{i}"));
            let title = format!("Round {round} item {i}");
            match write["status"].as_u64() {
                Some(204) => {
                    applied += 1;
                    // The read drew a fault of its own, or saw the write.
                    match read["status"].as_u64() {
                        Some(200) => assert_eq!(read["body"]["jobTitle"], title.as_str()),
                        Some(429 | 503) => faults += 1,
                        other => panic!("read after a write: {other:?} {read}"),
                    }
                }
                Some(code @ (429 | 503)) => {
                    faults += 1;
                    if code == 429 {
                        throttled += 1;
                        assert_eq!(write["body"]["error"]["code"], "TooManyRequests", "{write}");
                    } else {
                        unavailable += 1;
                        assert_eq!(write["body"]["error"]["code"], "ServiceUnavailable", "{write}");
                    }
                    assert_eq!(write["headers"]["Retry-After"], "4", "{write}");
                    assert!(write["body"]["error"]["innerError"]["request-id"].is_string());
                    assert_eq!(read["status"], 424, "{read}");
                    assert_eq!(read["body"]["error"]["code"], "FailedDependency");
                }
                other => panic!("write: {other:?} {write}"),
            }
            let (_, now) = through_faults(&s, "GET", &format!("/users/{upn}?$select=jobTitle"), None, &mut faults);
            let was_applied = write["status"] == 204;
            assert_eq!(
                now["jobTitle"] == title.as_str(),
                was_applied,
                "{upn}: {write} then {now}"
            );
        }
    }
    assert!(
        throttled > 0 && unavailable > 0 && applied > 0,
        "{throttled} {unavailable} {applied}"
    );
    let counted = stats(&s);
    assert_eq!(
        counted["throttled"].as_u64().unwrap_or(0) + counted["unavailable"].as_u64().unwrap_or(0),
        faults,
        "{counted}"
    );
}

#[test]
fn batch_item_faults_repeat_with_the_seed() {
    let flags = [
        "--throttle-rate",
        "0.25",
        "--unavailable-rate",
        "0.25",
        "--fault-seed",
        "5",
    ];
    let run = || {
        let s = Server::start(&flags);
        let upns: Vec<String> = ["tricia@contoso.com", "jane@contoso.com", "alain@contoso.com"]
            .map(str::to_owned)
            .to_vec();
        let mut seen = Vec::new();
        for round in 0..6 {
            let (status, batch) = s.post("/$batch", write_then_read_batch(&upns, round));
            let mut items: Vec<(String, u64)> = batch["responses"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .map(|x| {
                            (
                                x["id"].as_str().unwrap_or("").to_owned(),
                                x["status"].as_u64().unwrap_or(0),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            items.sort();
            seen.push((status, items));
        }
        seen
    };
    let first = run();
    assert!(first.iter().any(|(status, items)| *status == 200 && !items.is_empty()));
    assert_eq!(first, run());
}

#[test]
fn stats_count_requests_batches_items_and_faults() {
    let s = Server::start(&[]);
    for _ in 0..3 {
        assert_eq!(s.get("/me").0, 200);
    }
    let items: Vec<Value> = (0..4)
        .map(|i| json!({ "id": i.to_string(), "method": "GET", "url": "/organization" }))
        .collect();
    assert_eq!(s.post("/$batch", json!({ "requests": items })).0, 200);
    // Outside /v1.0: answered, not counted.
    let base = s.base.trim_end_matches("/v1.0").to_owned();
    let (status, _) = send(ureq::get(&format!("{base}/beta/me")).set("Authorization", ADMIN), None);
    assert_eq!(status, 404);
    assert_eq!(
        stats(&s),
        json!({ "requests": 4, "batches": 1, "batchItems": 4, "throttled": 0, "unavailable": 0 })
    );

    // Never faulted nor delayed, even when every Graph request is.
    let s = Server::start(&["--throttle-rate", "1", "--latency-ms", "1500"]);
    let started = Instant::now();
    let first = stats(&s);
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(first["requests"], 0);
    assert_eq!(s.get("/me").0, 429);
    let r = answer(
        ureq::post(&s.url("/$batch"))
            .set("Authorization", ADMIN)
            .send_json(json!({ "requests": [
        { "id": "1", "method": "GET", "url": "/me" }, { "id": "2", "method": "GET", "url": "/me" } ] })),
    );
    assert_eq!(r.status(), 429);
    assert_eq!(
        stats(&s),
        json!({ "requests": 2, "batches": 1, "batchItems": 2, "throttled": 2, "unavailable": 0 })
    );
    assert_eq!(
        answer(ureq::get(&format!("{}/_stats", s.base.trim_end_matches("/v1.0"))).call()).content_type(),
        "application/json"
    );
}

#[test]
fn help_documents_the_stats_endpoint() {
    let out = Command::new(env!("CARGO_BIN_EXE_graph-server"))
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("/_stats") && help.contains("batchItems"), "{help}");
    for flag in ["--issuer", "--audience", "--allow-dev-tokens", "--clock-skew-secs"] {
        assert!(help.contains(flag), "{flag}");
    }
}
