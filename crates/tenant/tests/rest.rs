//! Graph's REST surface of the engine: paths, statuses, bodies, $batch.
mod common;

use common::*;
use serde_json::json;
use tenant::rest::{handle, Body, GraphRequest, Method};

fn get(url: &str) -> GraphRequest {
    GraphRequest::new(Method::Get, url).header("Authorization", format!("Bearer dev:{ADMIN}"))
}

#[test]
fn authentication_is_graphs() {
    let mut t = demo();
    let r = handle(&mut t, &GraphRequest::new(Method::Get, "/users"), &ctx());
    assert_eq!(r.status, 401);
    assert_eq!(r.json_body()["error"]["code"], "InvalidAuthenticationToken");
    let r = handle(
        &mut t,
        &GraphRequest::new(Method::Get, "/me").header("Authorization", "Bearer dev:nobody@contoso.com"),
        &ctx(),
    );
    assert_eq!(r.status, 401);
    let r = handle(&mut t, &get("/me"), &ctx());
    assert_eq!(r.json_body()["displayName"], "Kelley Wall");
}

#[test]
fn lists_page_with_next_links_and_default_properties() {
    let mut t = demo();
    let r = handle(&mut t, &get("/v1.0/users?$top=10"), &ctx());
    assert_eq!(r.status, 200);
    let b = r.json_body();
    assert_eq!(b["value"].as_array().unwrap().len(), 10);
    let first = b["value"][0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, tenant::rest::DEFAULT_USER_PROPERTIES);
    let next = b["@odata.nextLink"].as_str().unwrap();
    assert!(next.starts_with("http://localhost/v1.0/users?") && next.contains("$skiptoken="));
    let rel = next.strip_prefix("http://localhost/v1.0").unwrap();
    let r2 = handle(&mut t, &get(rel), &ctx());
    assert_ne!(r2.json_body()["value"][0]["id"], b["value"][0]["id"]);
}

#[test]
fn select_shapes_users_and_unknown_properties_fail() {
    let mut t = demo();
    let r = handle(
        &mut t,
        &get("/users/jane@contoso.com?$select=displayName,assignedPlans,usageLocation"),
        &ctx(),
    );
    let b = r.json_body();
    assert_eq!(b["usageLocation"], "US");
    assert!(b["assignedPlans"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["service"] == "exchange"));
    assert!(b.get("mail").is_none());
    let r = handle(&mut t, &get("/users?$select=shoeSize"), &ctx());
    assert_eq!(r.status, 400);
    assert!(r.json_body()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Could not find a property named 'shoeSize'"));
}

#[test]
fn guest_upns_with_hash_are_found_when_encoded() {
    let mut t = demo();
    let r = handle(
        &mut t,
        &get("/users/ana.costa_fabrikam.com%23EXT%23@contoso.onmicrosoft.com?$select=userType,externalUserState"),
        &ctx(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body()["userType"], "Guest");
    let r = handle(&mut t, &get("/users/00000000-0000-0000-0000-000000000000"), &ctx());
    assert_eq!(r.status, 404);
    assert_eq!(r.json_body()["error"]["code"], "Request_ResourceNotFound");
}

#[test]
fn count_is_text_and_needs_the_header() {
    let mut t = demo();
    let r = handle(&mut t, &get("/users/$count"), &ctx());
    assert_eq!(r.status, 400);
    let r = handle(
        &mut t,
        &get("/users/$count?$filter=userType eq 'Guest'").header("ConsistencyLevel", "eventual"),
        &ctx(),
    );
    assert_eq!(r.body, Body::Text("12".into()));
}

#[test]
fn assign_license_returns_the_user_and_missing_parameters_are_named() {
    let mut t = demo();
    let e1 = id("AAD_PREMIUM_P2").to_string();
    let req = GraphRequest::new(Method::Post, "/users/tricia@contoso.com/assignLicense")
        .header("Authorization", format!("Bearer dev:{ADMIN}"))
        .json(json!({ "addLicenses": [{ "skuId": e1, "disabledPlans": [] }], "removeLicenses": [] }));
    let r = handle(&mut t, &req, &ctx());
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body()["userPrincipalName"], "tricia@contoso.com");
    let req = GraphRequest::new(Method::Post, "/users/tricia@contoso.com/assignLicense")
        .header("Authorization", format!("Bearer dev:{ADMIN}"))
        .json(json!({ "addLicenses": [] }));
    let r = handle(&mut t, &req, &ctx());
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json_body()["error"]["message"],
        "One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: removeLicenses."
    );
}

#[test]
fn group_assign_is_accepted_and_queued() {
    let mut t = demo();
    let g = group_id(&t, "All staff");
    let req = GraphRequest::new(Method::Post, format!("/groups/{g}/assignLicense"))
        .header("Authorization", format!("Bearer dev:{ADMIN}"))
        .json(json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }));
    let r = handle(&mut t, &req, &ctx());
    assert_eq!(r.status, 202);
    assert!(r.headers.iter().any(|(k, v)| k == "Location" && v.ends_with(&g)));
    assert_eq!(r.json_body()["licenseProcessingState"]["state"], "QueuedForProcessing");
}

#[test]
fn batch_runs_items_with_dependencies_and_limits() {
    let mut t = demo();
    let auth = format!("Bearer dev:{ADMIN}");
    let many: Vec<_> = (0..21)
        .map(|i| json!({ "id": i.to_string(), "method": "GET", "url": "/me" }))
        .collect();
    let r = handle(
        &mut t,
        &GraphRequest::new(Method::Post, "/$batch")
            .header("Authorization", auth.clone())
            .json(json!({ "requests": many })),
        &ctx(),
    );
    assert_eq!(r.status, 400);
    let body = json!({ "requests": [
        { "id": "1", "method": "PATCH", "url": "/users/christiec@contoso.com", "headers": { "Content-Type": "application/json" }, "body": { "usageLocation": "ZZ" } },
        { "id": "2", "method": "POST", "url": "/users/christiec@contoso.com/assignLicense", "dependsOn": ["1"], "headers": { "Content-Type": "application/json" },
          "body": { "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] } },
        { "id": "3", "method": "GET", "url": "/users?$search=\"displayName:kelley\"", "headers": { "ConsistencyLevel": "eventual" } }
    ]});
    let r = handle(
        &mut t,
        &GraphRequest::new(Method::Post, "/$batch")
            .header("Authorization", auth)
            .json(body),
        &ctx(),
    );
    assert_eq!(r.status, 200);
    let b = r.json_body();
    let status = |id: &str| {
        b["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()["status"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(status("1"), 400);
    assert_eq!(status("2"), 424);
    assert_eq!(status("3"), 200);
}

#[test]
fn deleted_users_are_listed_and_restored() {
    let mut t = demo();
    let r = handle(
        &mut t,
        &get("/directory/deletedItems/microsoft.graph.user?$select=displayName,onPremisesSyncEnabled,id"),
        &ctx(),
    );
    let b = r.json_body();
    assert_eq!(b["value"][0]["displayName"], "Oliver Smith");
    let uid = b["value"][0]["id"].as_str().unwrap().to_owned();
    let r = handle(
        &mut t,
        &GraphRequest::new(Method::Post, format!("/directory/deletedItems/{uid}/restore"))
            .header("Authorization", format!("Bearer dev:{ADMIN}")),
        &ctx(),
    );
    assert_eq!(r.status, 200);
    assert!(t.user("olivers@contoso.com").is_ok());
}

#[test]
fn a_patch_with_odata_annotations_is_taken_as_graph_takes_it() {
    // Microsoft's Graph SDKs put `@odata.type` in every PATCH body.
    let mut t = demo();
    let patch = |t: &mut tenant::Tenant, body: serde_json::Value| {
        let req = GraphRequest::new(Method::Patch, "/users/jane@contoso.com")
            .header("Authorization", format!("Bearer dev:{ADMIN}"))
            .json(body);
        tenant::rest::handle(t, &req, &tenant::simulation::context(NOW))
    };
    let r = patch(
        &mut t,
        serde_json::json!({ "@odata.type": "#microsoft.graph.user", "usageLocation": "NL", "department@odata.type": "#String", "department": "Sales" }),
    );
    assert_eq!(r.status, 204, "{:?}", r.body);
    let jane = t.user("jane@contoso.com").unwrap();
    assert_eq!(jane.usage_location.as_deref(), Some("NL"));
    assert_eq!(jane.department.as_deref(), Some("Sales"));
    let r = patch(
        &mut t,
        serde_json::json!({ "@odata.type": "#microsoft.graph.group", "department": "Ops" }),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        t.user("jane@contoso.com").unwrap().department.as_deref(),
        Some("Sales"),
        "refused, unchanged"
    );
}
