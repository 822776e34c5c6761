//! Shared helpers for the engine's tests: the demo tenant and its admins.
#![allow(dead_code)]

use tenant::build::{licence, sku};
use tenant::demo::demo_tenant;
use tenant::model::AssignedLicense;
use tenant::roles::Actor;
use tenant::{Tenant, Timestamp};
use uuid::Uuid;

pub const NOW: Timestamp = Timestamp(1_763_800_000);
pub const ADMIN: &str = "admin@contoso.onmicrosoft.com";
pub const LICENSE_ADMIN: &str = "meganb@contoso.com";
pub const USER_ADMIN: &str = "nestorw@contoso.com";
pub const BILLING_ADMIN: &str = "pattif@contoso.com";
pub const READER: &str = "leeg@contoso.com";

pub fn demo() -> Tenant {
    demo_tenant()
}

pub fn actor(t: &Tenant, upn: &str) -> Actor {
    t.actor(upn).expect("demo admin exists")
}

pub fn lic(part: &str) -> AssignedLicense {
    licence(part, &[])
}

pub fn lic_off(part: &str, off: &[&str]) -> AssignedLicense {
    licence(part, off)
}

pub fn id(part: &str) -> Uuid {
    sku(part)
}

pub fn consumed(t: &Tenant, part: &str) -> i32 {
    t.sku(sku(part)).map(|s| s.consumed_units).unwrap_or(-1)
}

pub fn holders(t: &Tenant, part: &str) -> i32 {
    let s = sku(part);
    t.all_users().iter().filter(|u| u.holds(s)).count() as i32
}

pub fn guest_upn(mail: &str) -> String {
    format!("{}#EXT#@contoso.onmicrosoft.com", mail.replace('@', "_"))
}

pub fn group_id(t: &Tenant, name: &str) -> String {
    t.groups()
        .iter()
        .find(|g| g.group.display_name == name)
        .map(|g| g.group.id.to_string())
        .expect("demo group")
}

/// The context `graph-server` gives a request: links under localhost, group licences
/// processed later.
pub fn ctx() -> tenant::rest::Context {
    tenant::rest::Context {
        base_url: "http://localhost/v1.0".into(),
        now: NOW,
        request_id: "r1".into(),
        process_groups_now: false,
    }
}
