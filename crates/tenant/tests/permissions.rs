//! Who may act on whom: the target's roles, `userType`, one's own account, guest names.
//!
//! Every refusal is checked twice, in the engine and through `tenant::rest::handle` as
//! `graph-server` calls it, for Graph's status and code, and for the tenant being left as
//! it was.
mod common;

use common::*;
use serde_json::{json, Value};
use tenant::model::{SubscribedSku, User};
use tenant::rest::{handle, GraphRequest, GraphResponse, Method};
use tenant::roles::Role;
use tenant::{InvitationRequest, Tenant};

const JANE: &str = "jane@contoso.com";
const TRICIA: &str = "tricia@contoso.com";
const ALAIN: &str = "alain@contoso.com";
const WEI: &str = "weiz@contoso.com";
const ALEX: &str = "alexw@contoso.com";
const BEN: &str = "ben.carter@fabrikam.com";

/// A request on behalf of `upn`, as the app or a script sends it to `graph-server`.
fn req(upn: &str, method: Method, url: &str, body: Option<Value>) -> GraphRequest {
    let r = GraphRequest::new(method, url).header("Authorization", format!("Bearer dev:{upn}"));
    match body {
        Some(b) => r.header("Content-Type", "application/json").json(b),
        None => r,
    }
}

fn send(t: &mut Tenant, upn: &str, method: Method, url: &str, body: Option<Value>) -> GraphResponse {
    handle(t, &req(upn, method, url, body), &ctx())
}

/// A user's path segment, with the guest names' `#` encoded as clients must.
fn path(upn: &str) -> String {
    upn.replace('#', "%23")
}

fn uid(t: &Tenant, upn: &str) -> String {
    t.user_at(t.find_user(upn).expect("demo user")).id.to_string()
}

fn grant(t: &mut Tenant, role: Role, upn: &str) {
    let id = t.user_at(t.find_user(upn).expect("demo user")).id;
    t.grant_role(role, id);
}

/// Everything a refused request must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    users: Vec<User>,
    skus: Vec<SubscribedSku>,
    roles: Vec<(Role, Vec<uuid::Uuid>)>,
    groups: Vec<Vec<uuid::Uuid>>,
}

fn snapshot(t: &Tenant) -> Snapshot {
    Snapshot {
        users: t.all_users().to_vec(),
        skus: t.skus().iter().map(|s| s.sku.clone()).collect(),
        roles: t.roles().iter().map(|r| (r.kind, r.members.clone())).collect(),
        groups: t.groups().iter().map(|g| g.members.clone()).collect(),
    }
}

/// Graph's 403 body, with a detail naming the role needed.
fn assert_denied(r: &GraphResponse, needs: &str) {
    assert_eq!(r.status, 403, "{:?}", r.json_body());
    let e = &r.json_body()["error"];
    assert_eq!(e["code"], "Authorization_RequestDenied");
    assert_eq!(e["message"], "Insufficient privileges to complete the operation.");
    assert_eq!(e["details"][0]["code"], "Authorization_RequestDenied");
    let why = e["details"][0]["message"].as_str().unwrap_or_default();
    assert!(why.contains(needs), "{why:?} does not say {needs:?}");
}

fn assert_engine_denied(e: &tenant::GraphError, needs: &str) {
    assert_eq!(e.status(), 403, "{e:?}");
    assert_eq!(e.code.as_str(), "Authorization_RequestDenied");
    assert_eq!(e.message, "Insufficient privileges to complete the operation.");
    assert!(e.details[0].message.contains(needs), "{e:?} does not say {needs:?}");
}

fn patch(pairs: &[(&str, Value)]) -> serde_json::Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

// ---------------------------------------------------------------------------------------
// 1. The target's roles.

#[test]
fn a_user_admin_cannot_disable_or_delete_a_global_admin_in_the_engine() {
    let mut t = demo();
    let ua = actor(&t, USER_ADMIN);
    let before = snapshot(&t);
    for p in [
        patch(&[("accountEnabled", json!(false))]),
        patch(&[("mobilePhone", json!("+1 555 0100"))]),
        // A sensitive property among ordinary ones refuses the whole patch.
        patch(&[("jobTitle", json!("Ex-director")), ("accountEnabled", json!(false))]),
    ] {
        let e = t.update_user(&ua, ADMIN, &p).unwrap_err();
        assert_engine_denied(&e, "holds the Global Administrator role");
        assert_engine_denied(&e, "only a Global Administrator");
    }
    let e = t.delete_user(&ua, ADMIN, NOW).unwrap_err();
    assert_engine_denied(&e, "delete, restore or purge");
    assert_eq!(snapshot(&t), before, "refused requests changed the tenant");

    // Ordinary properties of an admin are a User Administrator's to change, as in Entra.
    t.update_user(&ua, ADMIN, &patch(&[("jobTitle", json!("CIO"))]))
        .unwrap();
    assert_eq!(t.user(ADMIN).unwrap().job_title.as_deref(), Some("CIO"));
}

#[test]
fn a_user_admin_cannot_restore_or_purge_a_deleted_global_admin() {
    let mut t = demo();
    grant(&mut t, Role::GlobalAdministrator, JANE);
    let jane = uid(&t, JANE);
    t.delete_user(&actor(&t, ADMIN), JANE, NOW).unwrap();
    let ua = actor(&t, USER_ADMIN);
    let before = snapshot(&t);
    let e = t.restore_user(&ua, &jane, NOW).unwrap_err();
    assert_engine_denied(&e, "holds the Global Administrator role");
    let e = t.purge_user(&ua, &jane).unwrap_err();
    assert_engine_denied(&e, "holds the Global Administrator role");
    assert_eq!(snapshot(&t), before);

    for (method, url) in [
        (Method::Post, format!("/directory/deletedItems/{jane}/restore")),
        (Method::Delete, format!("/directory/deletedItems/{jane}")),
    ] {
        let r = send(&mut t, USER_ADMIN, method, &url, None);
        assert_denied(&r, "holds the Global Administrator role");
        assert_eq!(snapshot(&t), before, "{url}");
    }
    // A Global admin may.
    let r = send(
        &mut t,
        ADMIN,
        Method::Post,
        &format!("/directory/deletedItems/{jane}/restore"),
        None,
    );
    assert_eq!(r.status, 200);
}

#[test]
fn a_user_admin_is_refused_on_a_global_admin_through_rest() {
    let mut t = demo();
    let before = snapshot(&t);
    let admin = path(ADMIN);
    let r = send(
        &mut t,
        USER_ADMIN,
        Method::Patch,
        &format!("/users/{admin}"),
        Some(json!({ "accountEnabled": false })),
    );
    assert_denied(&r, "holds the Global Administrator role");
    let r = send(
        &mut t,
        USER_ADMIN,
        Method::Patch,
        &format!("/users/{admin}"),
        Some(json!({ "mobilePhone": "+1 555 0100" })),
    );
    assert_denied(&r, "holds the Global Administrator role");
    let r = send(&mut t, USER_ADMIN, Method::Delete, &format!("/users/{admin}"), None);
    assert_denied(&r, "holds the Global Administrator role");
    // Inside a $batch the item gets the same answer.
    let batch = json!({ "requests": [
        { "id": "1", "method": "PATCH", "url": format!("/users/{admin}"),
          "headers": { "Content-Type": "application/json" }, "body": { "accountEnabled": false } },
        { "id": "2", "method": "DELETE", "url": format!("/users/{admin}") }
    ]});
    let r = send(&mut t, USER_ADMIN, Method::Post, "/$batch", Some(batch));
    assert_eq!(r.status, 200);
    for item in r.json_body()["responses"].as_array().unwrap() {
        assert_eq!(item["status"], 403, "{item}");
        assert_eq!(item["body"]["error"]["code"], "Authorization_RequestDenied");
    }
    assert_eq!(snapshot(&t), before);
    // The Global admin can still sign in and act.
    let r = send(&mut t, ADMIN, Method::Get, "/me", None);
    assert_eq!(r.status, 200);
}

/// The rules as a table over the demo's admins and a few more roles: who may disable and
/// delete whom (Entra's "Who can perform sensitive actions"), engine and REST alike.
#[test]
fn who_may_disable_and_delete_whom() {
    let mut base = demo();
    // More roles than the demo hands out: a limited admin and two privileged ones.
    grant(&mut base, Role::HelpdeskAdministrator, TRICIA);
    grant(&mut base, Role::PrivilegedRoleAdministrator, ALAIN);
    grant(&mut base, Role::PrivilegedAuthenticationAdministrator, ALEX);
    let actors = [
        ADMIN,
        ALEX,
        USER_ADMIN,
        LICENSE_ADMIN,
        TRICIA,
        ALAIN,
        BILLING_ADMIN,
        READER,
    ];
    let targets = [
        JANE,
        ADMIN,
        ALAIN,
        ALEX,
        USER_ADMIN,
        LICENSE_ADMIN,
        TRICIA,
        BILLING_ADMIN,
        READER,
    ];
    for actor_upn in actors {
        for target_upn in targets {
            let actor_roles = base.roles_of(actor(&base, actor_upn).id);
            let target_roles = base.roles_of(base.user(target_upn).unwrap().id);
            let higher = actor_roles.iter().any(|r| {
                matches!(
                    r,
                    Role::GlobalAdministrator | Role::PrivilegedAuthenticationAdministrator
                )
            });
            let user_admin = actor_roles.contains(&Role::UserAdministrator)
                && target_roles
                    .iter()
                    .all(|r| matches!(r, Role::UserAdministrator | Role::HelpdeskAdministrator));
            let allowed = higher || user_admin;
            let own = actor_upn == target_upn;
            let label = format!("{actor_upn} ({actor_roles:?}) on {target_upn} ({target_roles:?})");
            for (method, body) in [
                (Method::Patch, Some(json!({ "accountEnabled": false }))),
                (Method::Delete, None),
            ] {
                let mut t = base.clone();
                let before = snapshot(&t);
                let r = send(&mut t, actor_upn, method, &format!("/users/{}", path(target_upn)), body);
                match (allowed, own) {
                    (true, false) => assert_eq!(r.status, 204, "{label}: {:?}", r.json_body()),
                    (true, true) => {
                        assert_eq!(r.status, 400, "{label}: {:?}", r.json_body());
                        assert_eq!(r.json_body()["error"]["code"], "Request_BadRequest");
                        assert_eq!(snapshot(&t), before, "{label}");
                    }
                    (false, _) => {
                        assert_eq!(r.status, 403, "{label}: {:?}", r.json_body());
                        assert_eq!(r.json_body()["error"]["code"], "Authorization_RequestDenied");
                        assert_eq!(snapshot(&t), before, "{label}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_user_admin_may_act_on_limited_admins_and_a_privileged_auth_admin_on_anyone() {
    let mut t = demo();
    grant(&mut t, Role::HelpdeskAdministrator, TRICIA);
    grant(&mut t, Role::PrivilegedRoleAdministrator, ALAIN);
    grant(&mut t, Role::PrivilegedAuthenticationAdministrator, JANE);
    let ua = actor(&t, USER_ADMIN);
    t.update_user(&ua, TRICIA, &patch(&[("accountEnabled", json!(false))]))
        .unwrap();
    let before = snapshot(&t);
    let e = t.delete_user(&ua, ALAIN, NOW).unwrap_err();
    assert_engine_denied(&e, "holds the Privileged Role Administrator role");
    let e = t.delete_user(&ua, LICENSE_ADMIN, NOW).unwrap_err();
    assert_engine_denied(&e, "holds the License Administrator role");
    assert_eq!(snapshot(&t), before);
    // A Privileged Authentication Administrator may disable a Global admin, but changes no
    // ordinary properties.
    let paa = actor(&t, JANE);
    let e = t
        .update_user(&paa, ADMIN, &patch(&[("displayName", json!("X"))]))
        .unwrap_err();
    assert_engine_denied(&e, "User Administrator");
    assert_eq!(snapshot(&t), before);
    t.update_user(&paa, ADMIN, &patch(&[("accountEnabled", json!(false))]))
        .unwrap();
    assert_eq!(t.user(ADMIN).unwrap().account_enabled, Some(false));
    assert!(t.actor(ADMIN).is_none(), "a disabled admin can't sign in");
}

#[test]
fn roles_that_change_no_users_are_refused_on_anyone() {
    let mut t = demo();
    let before = snapshot(&t);
    for upn in [LICENSE_ADMIN, BILLING_ADMIN, READER] {
        let a = actor(&t, upn);
        let e = t
            .update_user(&a, JANE, &patch(&[("accountEnabled", json!(false))]))
            .unwrap_err();
        assert_engine_denied(&e, "User Administrator");
        let e = t.delete_user(&a, JANE, NOW).unwrap_err();
        assert_engine_denied(&e, "User Administrator");
    }
    // An empty patch is still a write.
    let e = t.update_user(&actor(&t, READER), JANE, &patch(&[])).unwrap_err();
    assert_eq!(e.status(), 403);
    assert_eq!(snapshot(&t), before);
}

// ---------------------------------------------------------------------------------------
// 2. `userType`, and licence rules that a property changed and changed back would get round.

#[test]
fn only_a_global_admin_changes_user_type_in_the_engine() {
    let mut t = demo();
    let ben = guest_upn(BEN);
    let before = snapshot(&t);
    for upn in [USER_ADMIN, LICENSE_ADMIN, BILLING_ADMIN, READER] {
        let a = actor(&t, upn);
        for p in [
            patch(&[("userType", json!("Member"))]),
            patch(&[("displayName", json!("Ben C.")), ("userType", json!("Member"))]),
        ] {
            let e = t.update_user(&a, &ben, &p).unwrap_err();
            assert_eq!(e.status(), 403, "{upn}");
            assert_eq!(e.code.as_str(), "Authorization_RequestDenied");
        }
        // Members can't be made guests either.
        let e = t
            .update_user(&a, JANE, &patch(&[("userType", json!("Guest"))]))
            .unwrap_err();
        assert_eq!(e.status(), 403, "{upn}");
    }
    let e = t
        .update_user(&actor(&t, USER_ADMIN), &ben, &patch(&[("userType", json!("Member"))]))
        .unwrap_err();
    assert_engine_denied(&e, "Global admin");
    assert_eq!(snapshot(&t), before);
    let ga = actor(&t, ADMIN);
    t.update_user(&ga, &ben, &patch(&[("userType", json!("Member"))]))
        .unwrap();
    assert!(!t.user(&ben).unwrap().is_guest());
}

/// The hole: make the guest a member, license them, make them a guest again. Each step a
/// User or License Administrator may not take on a guest is refused, the PATCH first.
#[test]
fn a_guest_cannot_be_licensed_by_turning_them_into_a_member_and_back() {
    for admin in [USER_ADMIN, LICENSE_ADMIN] {
        let mut t = demo();
        let ben = path(&guest_upn(BEN));
        let before = snapshot(&t);
        let r = send(
            &mut t,
            admin,
            Method::Patch,
            &format!("/users/{ben}"),
            Some(json!({ "userType": "Member" })),
        );
        assert_denied(&r, "Global admin");
        let r = send(
            &mut t,
            admin,
            Method::Post,
            &format!("/users/{ben}/assignLicense"),
            Some(
                json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }),
            ),
        );
        assert_denied(&r, "Global admin");
        let r = send(
            &mut t,
            admin,
            Method::Patch,
            &format!("/users/{ben}"),
            Some(json!({ "userType": "Guest" })),
        );
        assert_denied(&r, "Global admin");
        assert_eq!(snapshot(&t), before, "{admin}");
        assert!(t.user(&guest_upn(BEN)).unwrap().is_guest());
        assert!(!t.user(&guest_upn(BEN)).unwrap().holds(id("AAD_PREMIUM_P2")));
    }
}

/// A usage location is checked whenever it changes: moving a user out of China, licensing
/// a service China does not get, and moving them back is refused at the move back.
#[test]
fn a_location_bound_licence_cannot_be_had_by_moving_the_user_and_back() {
    let mut t = demo();
    let e5 =
        json!({ "addLicenses": [{ "skuId": id("ENTERPRISEPREMIUM"), "disabledPlans": [] }], "removeLicenses": [] });
    let wei = path(WEI);
    let r = send(
        &mut t,
        LICENSE_ADMIN,
        Method::Post,
        &format!("/users/{wei}/assignLicense"),
        Some(e5.clone()),
    );
    assert_eq!(r.status, 400, "the rule itself: {:?}", r.json_body());
    assert_eq!(
        r.json_body()["error"]["details"][0]["code"],
        "ProhibitedInUsageLocationViolation"
    );
    let r = send(
        &mut t,
        LICENSE_ADMIN,
        Method::Patch,
        &format!("/users/{wei}"),
        Some(json!({ "usageLocation": "US" })),
    );
    assert_eq!(r.status, 204);
    let r = send(
        &mut t,
        LICENSE_ADMIN,
        Method::Post,
        &format!("/users/{wei}/assignLicense"),
        Some(e5),
    );
    assert_eq!(r.status, 200, "{:?}", r.json_body());
    let before = snapshot(&t);
    for admin in [LICENSE_ADMIN, USER_ADMIN, ADMIN] {
        let r = send(
            &mut t,
            admin,
            Method::Patch,
            &format!("/users/{wei}"),
            Some(json!({ "usageLocation": "CN" })),
        );
        assert_eq!(r.status, 400, "{admin}");
        let e = &r.json_body()["error"];
        assert_eq!(e["code"], "Request_BadRequest");
        assert_eq!(e["details"][0]["code"], "ProhibitedInUsageLocationViolation");
        assert_eq!(snapshot(&t), before, "{admin}");
    }
    let e = t
        .update_user(&actor(&t, ADMIN), WEI, &patch(&[("usageLocation", json!("CN"))]))
        .unwrap_err();
    assert_eq!(
        e.license_error(),
        Some(tenant::LicenseError::ProhibitedInUsageLocationViolation)
    );
    assert_eq!(t.user(WEI).unwrap().usage_location.as_deref(), Some("US"));
    // A user already licensed where they are is held to the same rule.
    let e = t
        .update_user(
            &actor(&t, LICENSE_ADMIN),
            JANE,
            &patch(&[("usageLocation", json!("CN"))]),
        )
        .unwrap_err();
    assert_eq!(
        e.license_error(),
        Some(tenant::LicenseError::ProhibitedInUsageLocationViolation)
    );
    assert_eq!(snapshot(&t), before);
}

#[test]
fn a_move_is_allowed_once_the_services_not_offered_there_are_off() {
    let mut t = demo();
    let la = actor(&t, LICENSE_ADMIN);
    let sku = t.sku(id("ENTERPRISEPREMIUM")).unwrap();
    let off: Vec<&str> = ["MCOEV", "MCOMEETADV"].to_vec();
    let plans: Vec<uuid::Uuid> = sku
        .service_plans
        .iter()
        .filter(|p| off.contains(&p.service_plan_name.as_str()))
        .map(|p| p.service_plan_id)
        .collect();
    assert_eq!(plans.len(), 2);
    let e5 = tenant::model::AssignedLicense {
        sku_id: id("ENTERPRISEPREMIUM"),
        disabled_plans: plans,
    };
    t.update_user(&la, WEI, &patch(&[("usageLocation", json!("US"))]))
        .unwrap();
    t.assign_license(&la, WEI, &[e5], &[], NOW).unwrap();
    t.update_user(&la, WEI, &patch(&[("usageLocation", json!("CN"))]))
        .unwrap();
    assert_eq!(t.user(WEI).unwrap().usage_location.as_deref(), Some("CN"));
}

// ---------------------------------------------------------------------------------------
// 3. One's own account.

#[test]
fn an_admin_cannot_disable_or_delete_their_own_account() {
    let mut t = demo();
    let before = snapshot(&t);
    for upn in [ADMIN, USER_ADMIN] {
        let a = actor(&t, upn);
        let e = t
            .update_user(&a, upn, &patch(&[("accountEnabled", json!(false))]))
            .unwrap_err();
        assert_eq!(e.status(), 400);
        assert_eq!(e.code.as_str(), "Request_BadRequest");
        assert_eq!(e.message, "You can't disable your own account.");
        let e = t.delete_user(&a, upn, NOW).unwrap_err();
        assert_eq!(e.status(), 400);
        assert_eq!(e.message, "You can't delete your own account.");

        // Through REST, by name and by id, and by /users/{id} of oneself.
        for who in [path(upn), uid(&t, upn)] {
            let r = send(
                &mut t,
                upn,
                Method::Patch,
                &format!("/users/{who}"),
                Some(json!({ "accountEnabled": false })),
            );
            assert_eq!(r.status, 400, "{upn}");
            assert_eq!(r.json_body()["error"]["code"], "Request_BadRequest");
            assert_eq!(r.json_body()["error"]["message"], "You can't disable your own account.");
            let r = send(&mut t, upn, Method::Delete, &format!("/users/{who}"), None);
            assert_eq!(r.status, 400, "{upn}");
            assert_eq!(r.json_body()["error"]["message"], "You can't delete your own account.");
        }
        assert_eq!(snapshot(&t), before, "{upn}");
        // Still signed in; enabling oneself (a no-op) and other changes are fine.
        let r = send(
            &mut t,
            upn,
            Method::Patch,
            &format!("/users/{}", path(upn)),
            Some(json!({ "accountEnabled": true })),
        );
        assert_eq!(r.status, 204);
        assert!(t.actor(upn).is_some());
    }
}

// ---------------------------------------------------------------------------------------
// 4. Guest user principal names.

fn invitation(email: &str) -> InvitationRequest {
    InvitationRequest {
        invited_user_email_address: Some(email.into()),
        invite_redirect_url: Some("https://myapps.microsoft.com".into()),
        ..InvitationRequest::default()
    }
}

#[test]
fn guests_whose_names_collide_get_a_number_before_ext() {
    let mut t = demo();
    let ua = actor(&t, USER_ADMIN);
    let emails = ["a_b_c@x.com", "a_b@c_x.com", "A@b_c_x.com"];
    let mut ids = Vec::new();
    for e in emails {
        ids.push(t.invite(&ua, &invitation(e), NOW).unwrap().invited_user.id);
    }
    let upns: Vec<String> = ids
        .iter()
        .map(|id| t.user(&id.to_string()).unwrap().user_principal_name.clone())
        .collect();
    assert_eq!(
        upns,
        [
            "a_b_c_x.com#EXT#@contoso.onmicrosoft.com",
            "a_b_c_x.com1#EXT#@contoso.onmicrosoft.com",
            "A_b_c_x.com2#EXT#@contoso.onmicrosoft.com",
        ]
    );
    // Each name finds its own guest, with its own address.
    for ((upn, id), email) in upns.iter().zip(&ids).zip(emails) {
        let u = t.user(upn).unwrap();
        assert_eq!(u.id, *id);
        assert_eq!(u.mail.as_deref(), Some(email));
    }
    // A deleted guest keeps its name: the next one takes another.
    let first = t.invite(&ua, &invitation("p_q@x.com"), NOW).unwrap().invited_user.id;
    t.delete_user(&ua, &first.to_string(), NOW).unwrap();
    let id = t.invite(&ua, &invitation("p@q_x.com"), NOW).unwrap().invited_user.id;
    assert_eq!(
        t.user(&id.to_string()).unwrap().user_principal_name,
        "p_q_x.com1#EXT#@contoso.onmicrosoft.com"
    );
    // Restoring the deleted guest gives back the name it had.
    t.restore_user(&ua, &first.to_string(), NOW).unwrap();
    assert_eq!(t.user("p_q_x.com#EXT#@contoso.onmicrosoft.com").unwrap().id, first);
    check_names(&t);
}

#[test]
fn colliding_guests_through_rest_are_two_users() {
    let mut t = demo();
    let mut ids = Vec::new();
    for e in ["a_b@x.com", "a@b_x.com"] {
        let r = send(
            &mut t,
            USER_ADMIN,
            Method::Post,
            "/invitations",
            Some(json!({ "invitedUserEmailAddress": e, "inviteRedirectUrl": "https://myapps.microsoft.com" })),
        );
        assert_eq!(r.status, 201, "{:?}", r.json_body());
        ids.push(r.json_body()["invitedUser"]["id"].as_str().unwrap().to_owned());
    }
    assert_ne!(ids[0], ids[1]);
    for (upn, id, mail) in [
        ("a_b_x.com#EXT#@contoso.onmicrosoft.com", &ids[0], "a_b@x.com"),
        ("a_b_x.com1#EXT#@contoso.onmicrosoft.com", &ids[1], "a@b_x.com"),
    ] {
        let r = send(
            &mut t,
            ADMIN,
            Method::Get,
            &format!("/users/{}?$select=id,mail,userPrincipalName", path(upn)),
            None,
        );
        assert_eq!(r.status, 200, "{upn}");
        let b = r.json_body();
        assert_eq!(b["id"], id.as_str());
        assert_eq!(b["mail"], mail);
        assert_eq!(b["userPrincipalName"], upn);
    }
    // The same address twice is still the existing user, not a third one.
    let r = send(
        &mut t,
        USER_ADMIN,
        Method::Post,
        "/invitations",
        Some(json!({ "invitedUserEmailAddress": "A@B_X.COM", "inviteRedirectUrl": "https://myapps.microsoft.com" })),
    );
    assert_eq!(r.status, 400);
    check_names(&t);
}

/// Every user is found by its own name at its own place: no name stands for two users.
fn check_names(t: &Tenant) {
    let mut seen = std::collections::HashSet::new();
    for (i, u) in t.all_users().iter().enumerate() {
        assert_eq!(
            t.find_user(&u.user_principal_name),
            Some(i),
            "{}",
            u.user_principal_name
        );
        assert!(
            seen.insert(u.user_principal_name.to_lowercase()),
            "{}",
            u.user_principal_name
        );
    }
}

#[test]
fn the_demo_and_generated_tenants_still_build_with_unique_names() {
    let t = demo();
    assert!(t.all_users().len() > 40);
    check_names(&t);
    let g = tenant::generate::generated_tenant(3_000, 7);
    assert_eq!(g.all_users().len(), 3_000);
    check_names(&g);
}
