//! Any request to the REST surface, as `graph-server` and the simulated tenant take it. The
//! input is text: `METHOD URL` on the first line, the JSON body after it. The engine answers
//! every request (no panic), keeps its invariants (each product's consumed units equal its
//! holders), and a refused request changes nothing.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tenant::rest::{handle, GraphRequest, Method};
use tenant::{simulation, Tenant, Timestamp};

fn demo() -> &'static Tenant {
    static DEMO: OnceLock<Tenant> = OnceLock::new();
    DEMO.get_or_init(tenant::demo::demo_tenant)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (head, body) = text.split_once('\n').unwrap_or((text, ""));
    let (method, url) = head.split_once(' ').unwrap_or((head, "/users"));
    let Some(method) = Method::parse(method) else { return };
    let mut req = GraphRequest::new(method, url)
        .header("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com")
        .header("ConsistencyLevel", "eventual");
    if let Ok(json) = serde_json::from_str(body) {
        req = req.json(json);
    }
    let mut t = demo().clone();
    let res = handle(&mut t, &req, &simulation::context(Timestamp(1_763_800_000)));
    assert!((200..600).contains(&res.status));
    if res.status >= 400 {
        assert_eq!(t.all_users(), demo().all_users(), "a refused {head} changed users");
    }
    for s in t.skus() {
        let holders = t.all_users().iter().filter(|u| u.holds(s.sku.sku_id)).count() as i32;
        assert_eq!(s.sku.consumed_units, holders, "seats of {} after {head}", s.sku.sku_part_number);
    }
});
