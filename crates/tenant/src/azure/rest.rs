//! The Azure classic portal's requests, under `/azure` beside Graph's paths: not Graph
//! (the classic portal had its own API), but requests all the same, so the simulated
//! tenant journals, replays and undoes them like any other change. The account signed in to
//! the portal comes in the [`ACCOUNT_HEADER`] header.

use serde_json::{json, Value};
use uuid::Uuid;

use super::changes;
use super::rules::{
    access, access_lost, accounts_of, directories_of, directory_name, display_name, home_id, link_checks, membership,
    org_role, subscriptions_of,
};
use super::world::{Account, AccountKind, UserType, ACCOUNT_HEADER};
use crate::catalog;
use crate::error::{ErrorCode, GraphError};
use crate::rest::{GraphRequest, GraphResponse, Method};
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// The most users a directory's USERS list returns (the rest are counted).
pub const MAX_LISTED_USERS: usize = 500;

fn signed_in(req: &GraphRequest) -> Result<Account, GraphError> {
    req.header_value(ACCOUNT_HEADER)
        .and_then(Account::from_header)
        .ok_or_else(|| GraphError::new(ErrorCode::InvalidToken, "Sign in to the Azure portal first."))
}

fn uuid(s: &str) -> Result<Uuid, GraphError> {
    Uuid::parse_str(s).map_err(|_| GraphError::not_found(s))
}

fn body_str<'a>(req: &'a GraphRequest, key: &str) -> Result<&'a str, GraphError> {
    req.body
        .as_ref()
        .and_then(|b| b[key].as_str())
        .ok_or_else(|| GraphError::bad_request(format!("The request body needs '{key}'.")))
}

fn ok(status: u16, body: Value) -> Result<GraphResponse, GraphError> {
    Ok(GraphResponse::json(status, body))
}

/// Routes `/azure/...` (`segs` without the `azure`).
pub fn route(t: &mut Tenant, req: &GraphRequest, segs: &[&str], now: Timestamp) -> Result<GraphResponse, GraphError> {
    use Method::*;
    match (req.method, segs) {
        (Get, ["accounts", address]) => ok(
            200,
            json!({ "address": address, "kinds": accounts_of(t, address), "known": known_accounts(t) }),
        ),
        (Get, ["me"]) => ok(
            200,
            me(t, req.header_value(ACCOUNT_HEADER).and_then(Account::from_header)),
        ),
        (Get, ["directories", id, "users"]) => ok(200, directory_users(t, uuid(id)?)?),
        (Get, ["directories", id, "users", address]) => ok(200, directory_user(t, uuid(id)?, address)?),
        (Get, ["subscriptions", id, "linkChecks"]) => {
            let who = signed_in(req)?;
            let sub = t
                .portal()
                .subscription(uuid(id)?)
                .ok_or_else(|| GraphError::not_found(id))?;
            ok(200, json!({ "checks": link_checks(t, &who, sub) }))
        }
        (Get, ["subscriptions", id, "accessLost"]) => {
            let sub = t
                .portal()
                .subscription(uuid(id)?)
                .ok_or_else(|| GraphError::not_found(id))?;
            ok(200, serde_json::to_value(access_lost(sub)).unwrap_or_default())
        }
        (Post, ["directoryLinks"]) => {
            let who = signed_in(req)?;
            let id = changes::request_link(t, &who, uuid(body_str(req, "subscription")?)?)?;
            ok(201, json!({ "id": id }))
        }
        (Post, ["directoryLinks", id, "approve"]) => {
            let who = signed_in(req)?;
            let dir = changes::approve_link(t, &who, uuid(id)?, now)?;
            ok(
                200,
                json!({ "directory": dir, "directoryName": directory_name(t, dir) }),
            )
        }
        (Post, ["subscriptions", id, "changeDirectory"]) => {
            let who = signed_in(req)?;
            let lost = changes::change_directory(t, &who, uuid(id)?, uuid(body_str(req, "directory")?)?)?;
            ok(200, serde_json::to_value(lost).unwrap_or_default())
        }
        (Post, ["subscriptions", id, "transfer"]) => {
            let who = signed_in(req)?;
            let lost = changes::transfer(t, &who, uuid(id)?, body_str(req, "to")?)?;
            ok(200, serde_json::to_value(lost).unwrap_or_default())
        }
        (Post, ["subscriptions", id, "serviceAdministrator"]) => {
            let who = signed_in(req)?;
            let next = changes::change_service_admin(t, &who, uuid(id)?, body_str(req, "address")?, now)?;
            ok(200, json!({ "account": next }))
        }
        (Post, ["coAdministrators"]) => {
            let who = signed_in(req)?;
            let subs: Vec<Uuid> = req
                .body
                .as_ref()
                .and_then(|b| b["subscriptions"].as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str())
                        .filter_map(|s| Uuid::parse_str(s).ok())
                        .collect()
                })
                .unwrap_or_default();
            let added = changes::add_co_admin(t, &who, body_str(req, "address")?, &subs, now)?;
            ok(200, json!({ "account": added }))
        }
        (Post, ["subscriptions"]) => {
            let who = signed_in(req)?;
            let id = changes::sign_up_azure(t, &who)?;
            ok(201, json!({ "id": id }))
        }
        (Post, ["office365"]) => {
            let who = signed_in(req)?;
            let sku = changes::buy_office365(t, &who, body_str(req, "plan")?)?;
            ok(201, json!({ "skuId": sku }))
        }
        (_, _) => Err(GraphError::new(
            ErrorCode::NotFound,
            format!(
                "Resource not found for the segment '{}'.",
                segs.first().unwrap_or(&"azure")
            ),
        )),
    }
}

/// Accounts to offer on the portal's sign-in page: the Microsoft accounts, the tenant's
/// admins, and the other directories' own users (a trainee needs to know who to be).
fn known_accounts(t: &Tenant) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for u in t.users().filter(|u| !u.is_guest() && u.deleted_date_time.is_none()) {
        let roles = t.roles_of(u.id);
        if !roles.is_empty() || out.len() < 3 {
            out.push(json!({ "address": u.user_principal_name, "kind": AccountKind::Work, "displayName": u.name(), "role": org_role(&roles).label() }));
        }
        if out.len() >= 12 {
            break;
        }
    }
    for m in &t.portal().microsoft_accounts {
        out.push(json!({ "address": m.address, "kind": AccountKind::Microsoft, "displayName": m.display_name }));
    }
    out
}

/// What the signed-in account sees: itself, its directories and its subscriptions.
fn me(t: &Tenant, who: Option<Account>) -> Value {
    let Some(who) = who else {
        return json!({ "account": null, "directories": [], "subscriptions": [], "pendingLinks": [] });
    };
    let home = home_id(t);
    let directories: Vec<Value> = directories_of(t, &who)
        .into_iter()
        .map(|d| {
            let (user_type, role) = membership(t, d, &who).unwrap_or((UserType::Guest, super::world::OrgRole::User));
            let (domain, users, office365) = if d == home {
                let products: Vec<Value> = t
                    .skus()
                    .iter()
                    .map(|s| json!({ "part": s.sku.sku_part_number, "name": catalog::product_name(&s.sku.sku_part_number), "seats": s.sku.prepaid_units.enabled }))
                    .collect();
                (t.org().initial_domain().to_owned(), t.users().filter(|u| u.deleted_date_time.is_none()).count(), products)
            } else {
                let dir = t.portal().directory(d);
                (
                    dir.map(|x| x.domain.clone()).unwrap_or_default(),
                    dir.map_or(0, |x| x.members.len()),
                    dir.map(|x| x.office365.iter().map(|o| json!({ "part": o.part, "name": catalog::product_name(&o.part), "seats": o.seats })).collect()).unwrap_or_default(),
                )
            };
            json!({
                "id": d, "name": directory_name(t, d), "domain": domain, "home": d == home,
                "userType": user_type, "role": role.label(), "userCount": users, "office365": office365,
            })
        })
        .collect();
    let subscriptions: Vec<Value> = subscriptions_of(t.portal(), &who)
        .into_iter()
        .map(|s| {
            json!({
                "id": s.id, "name": s.name, "offer": s.offer, "directoryId": s.directory,
                "directoryName": directory_name(t, s.directory),
                "access": access(s, &who).map(|a| a.label()).unwrap_or_default(),
                "serviceAdmin": s.service_admin, "coAdmins": s.co_admins, "resourceGroups": s.resource_groups,
            })
        })
        .collect();
    let pending: Vec<Value> = t
        .portal()
        .links
        .iter()
        .filter(|l| l.approved_into.is_none())
        .map(|l| json!({ "id": l.id, "requestedBy": l.requested_by }))
        .collect();
    json!({
        "account": { "address": who.address, "kind": who.kind, "displayName": display_name(t, &who) },
        "directories": directories, "subscriptions": subscriptions, "pendingLinks": pending,
    })
}

fn source(t: &Tenant, address: &str, guest: bool) -> &'static str {
    if !guest {
        "Microsoft Azure Active Directory"
    } else if t.portal().microsoft_account(address).is_some() {
        "Microsoft account"
    } else {
        "External Azure Active Directory"
    }
}

/// A user of the tenant as USERS lists it: a member by sign-in name, a guest by address.
fn home_row(t: &Tenant, u: &crate::model::User) -> Value {
    let address = if u.is_guest() {
        u.mail.clone().unwrap_or_default()
    } else {
        u.user_principal_name.clone()
    };
    json!({
        "displayName": u.name(), "address": address, "userName": u.user_principal_name,
        "userType": if u.is_guest() { "Guest" } else { "Member" },
        "source": source(t, &address, u.is_guest()),
        "role": org_role(&t.roles_of(u.id)).label(),
    })
}

/// A user of another directory as USERS lists it.
fn member_row(m: &super::world::Member) -> Value {
    json!({
        "displayName": m.display_name, "address": m.account.address, "userName": m.account.address,
        "userType": m.user_type,
        "source": if m.account.kind == AccountKind::Microsoft { "Microsoft account" } else { "Microsoft Azure Active Directory" },
        "role": m.role.label(),
    })
}

/// Another directory than the tenant, or Graph's 404.
fn other_directory(t: &Tenant, dir: Uuid) -> Result<&super::world::Directory, GraphError> {
    t.portal()
        .directory(dir)
        .ok_or_else(|| GraphError::not_found(&dir.to_string()))
}

/// A directory's USERS, as the classic portal lists them.
fn directory_users(t: &Tenant, dir: Uuid) -> Result<Value, GraphError> {
    let (count, rows): (usize, Vec<Value>) = if dir == home_id(t) {
        let live = || t.users().filter(|u| u.deleted_date_time.is_none());
        (
            live().count(),
            live().take(MAX_LISTED_USERS).map(|u| home_row(t, u)).collect(),
        )
    } else {
        let d = other_directory(t, dir)?;
        (d.members.len(), d.members.iter().map(member_row).collect())
    };
    Ok(json!({ "directory": directory_name(t, dir), "count": count, "users": rows }))
}

/// One user of a directory: the profile with its ORGANIZATIONAL ROLE (seed 001, how to
/// know your role). Found by sign-in name or address, beyond USERS' first rows too.
fn directory_user(t: &Tenant, dir: Uuid, address: &str) -> Result<Value, GraphError> {
    let mut row = if dir == home_id(t) {
        let u = t
            .users()
            .filter(|u| u.deleted_date_time.is_none())
            .find(|u| {
                u.user_principal_name.eq_ignore_ascii_case(address)
                    || u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(address))
            })
            .ok_or_else(|| GraphError::not_found(address))?;
        home_row(t, u)
    } else {
        let m = other_directory(t, dir)?
            .members
            .iter()
            .find(|m| m.account.address.eq_ignore_ascii_case(address))
            .ok_or_else(|| GraphError::not_found(address))?;
        member_row(m)
    };
    row["directory"] = json!(directory_name(t, dir));
    Ok(row)
}
