//! The Azure classic portal beside the tenant (seeds 000, 001, 002): who is where, the
//! prerequisites, who may do what, where subscriptions land, what a change of directory
//! removes, and that it all goes through the journal (replay, undo).
mod common;

use common::*;
use serde_json::{json, Value};
use tenant::azure::demo::{KELLEY_DIRECTORY, KELLEY_MSA, PAYG_ID, VS_ID};
use tenant::azure::rules::{directories_of, link_checks, CheckId};
use tenant::azure::world::{Account, MicrosoftAccount};
use tenant::rest::{GraphRequest, Method};
use tenant::simulation::{Simulation, TenantSeed};

fn call(sim: &mut Simulation, method: Method, url: &str, who: Option<&Account>, body: Option<Value>) -> (u16, Value) {
    let mut req = GraphRequest::new(method, url).header("Authorization", format!("Bearer dev:{ADMIN}"));
    if let Some(who) = who {
        req = req.header("X-Portal-Account", who.to_header());
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = sim.request(&req, NOW);
    (res.status, res.json_body())
}

fn post(sim: &mut Simulation, url: &str, who: &Account, body: Value) -> (u16, Value) {
    call(sim, Method::Post, url, Some(who), Some(body))
}

fn get(sim: &mut Simulation, url: &str, who: &Account) -> Value {
    let (status, body) = call(sim, Method::Get, url, Some(who), None);
    assert_eq!(status, 200, "{url}: {body}");
    body
}

fn msa(a: &str) -> Account {
    Account::microsoft(a)
}

fn work(a: &str) -> Account {
    Account::work(a)
}

fn message(body: &Value) -> String {
    body["error"]["message"].as_str().unwrap_or_default().to_owned()
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_demo_starts_as_the_seeds_do() {
    let t = demo();
    // Kelley's Microsoft account sees its Default Directory only, not Contoso.
    assert_eq!(directories_of(&t, &msa(KELLEY_MSA)), vec![KELLEY_DIRECTORY]);
    // Her work account is Contoso's Global admin, in Contoso only.
    assert_eq!(directories_of(&t, &work(ADMIN)), vec![t.org().id]);
    let payg = t.portal().subscription(PAYG_ID).unwrap();
    assert_eq!(payg.co_admins.len(), 2);
    assert_eq!(
        payg.resource_groups.iter().map(|g| g.assignments.len()).sum::<usize>(),
        2
    );
}

#[test]
fn the_prerequisites_are_each_checked() {
    let t = demo();
    let payg = t.portal().subscription(PAYG_ID).unwrap();
    let checks = link_checks(&t, &msa(KELLEY_MSA), payg);
    assert!(checks.iter().all(|c| c.passed), "{checks:?}");
    assert!(checks[1].message.contains(ADMIN), "names the Global admins");

    let as_co_admin = link_checks(&t, &msa("sam.jones@outlook.com"), payg);
    let c = &as_co_admin[0];
    assert_eq!((c.id, c.passed), (CheckId::ServiceAdministrator, false));
    assert!(c.message.contains("Co-administrators can't"), "{}", c.message);
    assert!(c.fix.as_deref().unwrap().contains(KELLEY_MSA));
    assert!(
        as_co_admin[1..].iter().all(|c| c.passed),
        "the others are the subscription's"
    );

    // Alex signed up his Microsoft account with his work address.
    let vs = t.portal().subscription(VS_ID).unwrap();
    let checks = link_checks(&t, &msa("alexw@contoso.com"), vs);
    let failed: Vec<CheckId> = checks.iter().filter(|c| !c.passed).map(|c| c.id).collect();
    assert_eq!(failed, vec![CheckId::NotInTenant, CheckId::OneAccount]);
    assert!(checks.iter().filter(|c| !c.passed).all(|c| c.fix.is_some()));
}

#[test]
fn a_service_administrator_who_is_a_global_admin_s_address_is_stopped() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    // A Microsoft account was signed up with the Global admin's own address, and runs the
    // subscription.
    let mut portal = sim.tenant.portal().clone();
    portal.microsoft_accounts.push(MicrosoftAccount {
        address: ADMIN.into(),
        display_name: "Kelley Wall".into(),
    });
    portal.subscriptions[0].service_admin = msa(ADMIN);
    sim.tenant.set_portal(portal);
    let payg = sim.tenant.portal().subscription(PAYG_ID).unwrap();
    let failed: Vec<CheckId> = link_checks(&sim.tenant, &msa(ADMIN), payg)
        .into_iter()
        .filter(|c| !c.passed)
        .map(|c| c.id)
        .collect();
    assert_eq!(
        failed,
        vec![CheckId::NotInTenant, CheckId::NotGlobalAdmin, CheckId::OneAccount]
    );
    let (status, body) = post(
        &mut sim,
        "/azure/directoryLinks",
        &msa(ADMIN),
        json!({ "subscription": PAYG_ID }),
    );
    assert_eq!(status, 400);
    assert!(message(&body).contains("is in the Contoso Office 365 tenant"), "{body}");
}

#[test]
fn linking_the_office_365_tenant_to_the_subscription_follows_the_seed() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let kelley = msa(KELLEY_MSA);
    let org = sim.tenant.org().id;

    // Step 1: a co-administrator cannot; the service administrator asks.
    let (status, body) = post(
        &mut sim,
        "/azure/directoryLinks",
        &msa("sam.jones@outlook.com"),
        json!({ "subscription": PAYG_ID }),
    );
    assert_eq!(status, 403, "{body}");
    let (status, body) = post(
        &mut sim,
        "/azure/directoryLinks",
        &kelley,
        json!({ "subscription": PAYG_ID }),
    );
    assert_eq!(status, 201, "{body}");
    let link = body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&mut sim, "/azure/me", &work(ADMIN))["pendingLinks"][0]["requestedBy"]["address"],
        KELLEY_MSA
    );

    // Someone who is not a Global admin is told whose credentials are needed.
    let (status, body) = post(
        &mut sim,
        &format!("/azure/directoryLinks/{link}/approve"),
        &work("jane@contoso.com"),
        json!({}),
    );
    assert_eq!(status, 403);
    assert!(message(&body).contains("credentials of a Global admin"), "{body}");
    let (status, body) = post(
        &mut sim,
        &format!("/azure/directoryLinks/{link}/approve"),
        &work(ADMIN),
        json!({}),
    );
    assert_eq!(
        (status, body["directoryName"].as_str()),
        (200, Some("Contoso")),
        "{body}"
    );
    let (status, _) = post(
        &mut sim,
        &format!("/azure/directoryLinks/{link}/approve"),
        &work(ADMIN),
        json!({}),
    );
    assert_eq!(status, 400, "answered once");

    // Signed in again as the service administrator, the Office 365 tenant is listed, and
    // Contoso has her as a guest from a Microsoft account.
    let me = get(&mut sim, "/azure/me", &kelley);
    assert_eq!(names(&me, "directories"), vec!["Contoso", "Default Directory"]);
    let users = get(&mut sim, &format!("/azure/directories/{org}/users"), &kelley);
    let guest = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["address"] == KELLEY_MSA)
        .expect("listed");
    assert_eq!(
        (guest["userType"].as_str(), guest["source"].as_str()),
        (Some("Guest"), Some("Microsoft account"))
    );

    // Step 2: the review names co-administrators and resource group users alike.
    let lost = get(&mut sim, &format!("/azure/subscriptions/{PAYG_ID}/accessLost"), &kelley);
    assert_eq!(lost["coAdmins"].as_array().unwrap().len(), 2);
    let groups: Vec<&str> = lost["resourceGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, vec!["web-rg", "data-rg"]);
    let (status, _) = post(
        &mut sim,
        &format!("/azure/subscriptions/{PAYG_ID}/changeDirectory"),
        &msa("ana.silva@hotmail.com"),
        json!({ "directory": org }),
    );
    assert_eq!(status, 403, "co-administrators cannot change the directory");
    let (status, body) = post(
        &mut sim,
        &format!("/azure/subscriptions/{PAYG_ID}/changeDirectory"),
        &kelley,
        json!({ "directory": org }),
    );
    assert_eq!(status, 200, "{body}");
    let payg = sim.tenant.portal().subscription(PAYG_ID).unwrap();
    assert_eq!(payg.directory, org);
    assert!(payg.co_admins.is_empty());
    assert!(payg.resource_groups.iter().all(|g| g.assignments.is_empty()));
    let sam = get(&mut sim, "/azure/me", &msa("sam.jones@outlook.com"));
    assert!(
        sam["subscriptions"].as_array().unwrap().is_empty(),
        "the co-administrator lost access"
    );

    // Step 3 and seed 002: the organizational account as co-administrator sees it.
    let (status, body) = post(
        &mut sim,
        "/azure/coAdministrators",
        &kelley,
        json!({ "address": ADMIN, "subscriptions": [PAYG_ID] }),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["account"]["kind"], "work");
    let admin = get(&mut sim, "/azure/me", &work(ADMIN));
    assert_eq!(names(&admin, "subscriptions"), vec!["Pay-As-You-Go"]);
    assert_eq!(admin["subscriptions"][0]["access"], "Co-administrator");

    // All of it is in the journal: a reload rebuilds it, undo takes the last step back.
    let restored = Simulation::restore(&sim.to_json()).unwrap();
    assert_eq!(restored.tenant.portal(), sim.tenant.portal());
    let undone = sim.undo().unwrap();
    assert!(undone[0].url.ends_with("/coAdministrators"));
    assert!(sim.tenant.portal().subscription(PAYG_ID).unwrap().co_admins.is_empty());
    assert_eq!(sim.tenant.portal().subscription(PAYG_ID).unwrap().directory, org);
}

#[test]
fn an_address_that_is_two_accounts_hands_on_the_role_first() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let alex = msa("alexw@contoso.com");
    let (status, body) = post(
        &mut sim,
        "/azure/directoryLinks",
        &alex,
        json!({ "subscription": VS_ID }),
    );
    assert_eq!(status, 400);
    assert!(message(&body).contains("is in the Contoso Office 365 tenant"), "{body}");
    let url = format!("/azure/subscriptions/{VS_ID}/serviceAdministrator");
    let (status, body) = post(&mut sim, &url, &alex, json!({ "address": "alexw@contoso.com" }));
    assert_eq!(status, 400);
    assert!(message(&body).contains("both a Microsoft account and an organizational account"));
    let (status, body) = post(
        &mut sim,
        &url,
        &work("jane@contoso.com"),
        json!({ "address": "alex.wilber@outlook.com" }),
    );
    assert_eq!(status, 403, "only the service administrator: {body}");
    let (status, body) = post(&mut sim, &url, &alex, json!({ "address": "alex.wilber@outlook.com" }));
    assert_eq!(status, 200, "{body}");
    let vs = sim.tenant.portal().subscription(VS_ID).unwrap();
    assert!(link_checks(&sim.tenant, &msa("alex.wilber@outlook.com"), vs)
        .iter()
        .all(|c| c.passed));
}

#[test]
fn a_transfer_moves_the_subscription_into_the_recipient_s_directory() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let url = format!("/azure/subscriptions/{PAYG_ID}/transfer");
    let (status, body) = post(
        &mut sim,
        &url,
        &msa(KELLEY_MSA),
        json!({ "to": "nobody@nowhere.example" }),
    );
    assert_eq!(status, 400, "{body}");
    let (status, body) = post(&mut sim, &url, &msa(KELLEY_MSA), json!({ "to": ADMIN }));
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["coAdmins"].as_array().unwrap().len(),
        2,
        "the review's accounts lost access"
    );
    let payg = sim.tenant.portal().subscription(PAYG_ID).unwrap();
    assert_eq!(
        (payg.directory, &payg.service_admin),
        (sim.tenant.org().id, &work(ADMIN))
    );
    assert!(payg.co_admins.is_empty());
}

#[test]
fn a_subscription_lands_in_the_directory_of_who_creates_it() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let org = sim.tenant.org().id.to_string();
    // Seed 001, scenario 1: Kelley's Office 365 account signs up for Azure.
    let (status, body) = post(&mut sim, "/azure/subscriptions", &work(ADMIN), json!({}));
    assert_eq!(status, 201, "{body}");
    let me = get(&mut sim, "/azure/me", &work(ADMIN));
    assert_eq!(me["subscriptions"][0]["directoryId"], org.as_str());
    assert_eq!(me["subscriptions"][0]["access"], "Service administrator");
    let (status, _) = post(&mut sim, "/azure/subscriptions", &work(ADMIN), json!({}));
    assert_eq!(status, 400, "one free trial");
    // A Microsoft account without a directory gets its Default Directory.
    let (status, _) = post(
        &mut sim,
        "/azure/subscriptions",
        &msa("alex.wilber@outlook.com"),
        json!({}),
    );
    assert_eq!(status, 201);
    let me = get(&mut sim, "/azure/me", &msa("alex.wilber@outlook.com"));
    assert_eq!(names(&me, "directories"), vec!["Default Directory"]);
    assert_eq!(me["directories"][0]["role"], "Global administrator");
    let (status, _) = post(
        &mut sim,
        "/azure/subscriptions",
        &msa("no.account@outlook.com"),
        json!({}),
    );
    assert_eq!(status, 400, "an account must exist");
}

#[test]
fn only_a_global_or_billing_admin_buys_office_365() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let (status, body) = post(
        &mut sim,
        "/azure/office365",
        &work("jane@contoso.com"),
        json!({ "plan": "O365_BUSINESS_ESSENTIALS" }),
    );
    assert_eq!(status, 403);
    assert!(
        message(&body).contains("global admin or billing admin of Contoso"),
        "{body}"
    );
    assert!(message(&body).contains("ORGANIZATIONAL ROLE"));
    let (status, _) = post(
        &mut sim,
        "/azure/office365",
        &msa(KELLEY_MSA),
        json!({ "plan": "O365_BUSINESS_ESSENTIALS" }),
    );
    assert_eq!(status, 400, "a Microsoft account cannot");
    let (status, _) = post(
        &mut sim,
        "/azure/office365",
        &work("pattif@contoso.com"),
        json!({ "plan": "FLOW_FREE" }),
    );
    assert_eq!(status, 400, "not on offer");
    let before = sim.tenant.skus().len();
    let (status, body) = post(
        &mut sim,
        "/azure/office365",
        &work("pattif@contoso.com"),
        json!({ "plan": "O365_BUSINESS_ESSENTIALS" }),
    );
    assert_eq!(status, 201, "the Billing admin may: {body}");
    assert_eq!(
        sim.tenant.skus().len(),
        before + 1,
        "a new product in the same directory"
    );
    let e3 = |t: &tenant::Tenant| {
        t.skus()
            .iter()
            .find(|s| s.sku.sku_part_number == "ENTERPRISEPACK")
            .map(|s| s.sku.prepaid_units.enabled)
    };
    let seats = e3(&sim.tenant).unwrap();
    let (status, _) = post(
        &mut sim,
        "/azure/office365",
        &work(ADMIN),
        json!({ "plan": "ENTERPRISEPACK" }),
    );
    assert_eq!(status, 201);
    assert_eq!(
        e3(&sim.tenant),
        Some(seats + 25),
        "a product it has gains the trial's seats"
    );
}

#[test]
fn the_organizational_role_is_the_directory_s() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let org = sim.tenant.org().id;
    let who = work(ADMIN);
    let role =
        |sim: &mut Simulation, a: &str| get(sim, &format!("/azure/directories/{org}/users/{a}"), &who)["role"].clone();
    assert_eq!(role(&mut sim, ADMIN), "Global administrator");
    assert_eq!(role(&mut sim, "pattif@contoso.com"), "Billing administrator");
    assert_eq!(role(&mut sim, "jane@contoso.com"), "User");
    let users = get(&mut sim, &format!("/azure/directories/{org}/users"), &who);
    let members = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["userType"] == "Member")
        .count();
    let active = sim
        .tenant
        .users()
        .filter(|u| !u.is_guest() && u.deleted_date_time.is_none())
        .count();
    assert_eq!(members, active, "the same users as Active users");
}

#[test]
fn portal_requests_need_a_signed_in_account_and_refuse_nonsense() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let (status, _) = call(&mut sim, Method::Post, "/azure/subscriptions", None, Some(json!({})));
    assert_eq!(status, 401);
    let mut req = GraphRequest::new(Method::Post, "/azure/subscriptions")
        .header("Authorization", format!("Bearer dev:{ADMIN}"))
        .header("X-Portal-Account", "root:admin");
    req = req.json(json!({}));
    assert_eq!(sim.request(&req, NOW).status, 401);
    let (status, _) = post(
        &mut sim,
        "/azure/subscriptions/not-a-guid/transfer",
        &msa(KELLEY_MSA),
        json!({ "to": ADMIN }),
    );
    assert_eq!(status, 404);
    let (status, _) = post(
        &mut sim,
        &format!("/azure/subscriptions/{PAYG_ID}/transfer"),
        &msa(KELLEY_MSA),
        json!({ "to": 5 }),
    );
    assert_eq!(status, 400);
    let (status, _) = post(
        &mut sim,
        "/azure/coAdministrators",
        &msa(KELLEY_MSA),
        json!({ "address": ADMIN, "subscriptions": [] }),
    );
    assert_eq!(status, 400);
    let (status, _) = post(
        &mut sim,
        "/azure/coAdministrators",
        &msa("sam.jones@outlook.com"),
        json!({ "address": "sam.jones@outlook.com", "subscriptions": [PAYG_ID] }),
    );
    assert_eq!(status, 400, "already an administrator");
    // Refusals change nothing.
    assert_eq!(sim.tenant.portal(), demo().portal());
}

#[test]
fn the_activity_log_tells_portal_changes_as_the_portal_account_s() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let (status, _) = post(
        &mut sim,
        "/azure/coAdministrators",
        &msa(KELLEY_MSA),
        json!({ "address": ADMIN, "subscriptions": [PAYG_ID] }),
    );
    assert_eq!(status, 200);
    let log = tenant::activity::activities(&sim.journal.entries);
    assert_eq!(log[0].actor, KELLEY_MSA);
    assert_eq!(log[0].what, format!("Azure: co-administrator {ADMIN} added"));
}

mod property {
    use super::*;
    use proptest::prelude::*;
    use tenant::azure::rules::access;

    const ACCOUNTS: &[(&str, bool)] = &[
        (KELLEY_MSA, true),
        ("sam.jones@outlook.com", true),
        ("alexw@contoso.com", true),
        ("alex.wilber@outlook.com", true),
        (ADMIN, false),
        ("jane@contoso.com", false),
        ("pattif@contoso.com", false),
    ];

    fn who(i: usize) -> Account {
        let (a, microsoft) = ACCOUNTS[i % ACCOUNTS.len()];
        if microsoft {
            msa(a)
        } else {
            work(a)
        }
    }

    /// A portal request by one of the accounts, on one of the subscriptions or directories.
    fn op() -> impl Strategy<Value = (usize, u8, usize, usize)> {
        (0..ACCOUNTS.len(), 0u8..8, 0..ACCOUNTS.len(), 0..3usize)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Whatever accounts try in whatever order: a refusal changes nothing, a subscription
        /// is always in a directory that exists, its service administrator is never also its
        /// co-administrator, and the journal rebuilds exactly the same portal.
        #[test]
        fn the_portal_stays_consistent(ops in prop::collection::vec(op(), 1..25)) {
            let mut sim = Simulation::new(TenantSeed::Demo);
            let org = sim.tenant.org().id;
            for (actor, kind, other, target) in ops {
                let me = who(actor);
                let sub = [PAYG_ID, VS_ID, PAYG_ID][target];
                let dir = [org, KELLEY_DIRECTORY, org][target];
                let link = sim.tenant.portal().links.first().map(|l| l.id.to_string()).unwrap_or_default();
                let (url, body) = match kind {
                    0 => ("/azure/directoryLinks".to_owned(), json!({ "subscription": sub })),
                    1 => (format!("/azure/directoryLinks/{link}/approve"), json!({})),
                    2 => (format!("/azure/subscriptions/{sub}/changeDirectory"), json!({ "directory": dir })),
                    3 => ("/azure/coAdministrators".to_owned(), json!({ "address": who(other).address, "subscriptions": [sub] })),
                    4 => (format!("/azure/subscriptions/{sub}/serviceAdministrator"), json!({ "address": who(other).address })),
                    5 => (format!("/azure/subscriptions/{sub}/transfer"), json!({ "to": who(other).address })),
                    6 => ("/azure/subscriptions".to_owned(), json!({})),
                    _ => ("/azure/office365".to_owned(), json!({ "plan": "O365_BUSINESS_ESSENTIALS" })),
                };
                let before = sim.tenant.portal().clone();
                let users_before = sim.tenant.all_users().len();
                let (status, _) = post(&mut sim, &url, &me, body);
                if !(200..300).contains(&status) {
                    prop_assert_eq!(sim.tenant.portal(), &before, "a refused {} changed the portal", url);
                    prop_assert_eq!(sim.tenant.all_users().len(), users_before);
                }
                for s in &sim.tenant.portal().subscriptions {
                    prop_assert!(s.directory == org || sim.tenant.portal().directory(s.directory).is_some());
                    prop_assert!(!s.co_admins.iter().any(|c| c.is(&s.service_admin)));
                    prop_assert_eq!(access(s, &s.service_admin), Some(tenant::azure::rules::Access::ServiceAdministrator));
                }
            }
            let restored = Simulation::restore(&sim.to_json()).unwrap();
            prop_assert_eq!(restored.tenant.portal(), sim.tenant.portal());
        }
    }
}

#[test]
fn generated_tenants_start_with_the_same_portal() {
    let mut sim = Simulation::new(TenantSeed::Generated { users: 2_000, seed: 7 });
    assert_eq!(sim.tenant.portal(), demo().portal());
    let (status, body) = post(
        &mut sim,
        "/azure/directoryLinks",
        &msa(KELLEY_MSA),
        json!({ "subscription": PAYG_ID }),
    );
    assert_eq!(status, 201, "{body}");
    let link = body["id"].as_str().unwrap().to_owned();
    let (status, body) = post(
        &mut sim,
        &format!("/azure/directoryLinks/{link}/approve"),
        &work(ADMIN),
        json!({}),
    );
    assert_eq!(status, 200, "{body}");
    let org = sim.tenant.org().id;
    let users = get(&mut sim, &format!("/azure/directories/{org}/users"), &work(ADMIN));
    assert_eq!(users["count"], 2_001, "every user counted, the guest added");
    assert_eq!(
        users["users"].as_array().unwrap().len(),
        tenant::azure::rest::MAX_LISTED_USERS
    );
}
