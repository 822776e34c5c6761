//! Planned licence changes: the preview says what saving does, and saving does it.
mod common;

use common::*;
use tenant::plan::{plan, requests_for, Mode, Plan};
use tenant::roles::Role;
use tenant::Tenant;

fn users(t: &Tenant, upns: &[&str]) -> Vec<tenant::model::User> {
    upns.iter().map(|u| t.user(u).expect("demo user").clone()).collect()
}

/// The subscribed products as the app reads them.
fn products(t: &Tenant) -> Vec<tenant::model::SubscribedSku> {
    t.skus().iter().map(|s| s.sku.clone()).collect()
}

/// A demo group as the app reads it: its id, its index in the tenant, the group and its
/// members.
fn group_and_members(t: &Tenant, name: &str) -> (String, usize, tenant::model::Group, Vec<tenant::model::User>) {
    let gid = group_id(t, name);
    let g = t.group_index(&gid).expect("demo group");
    let members = t.groups()[g]
        .members
        .iter()
        .filter_map(|id| t.user(&id.to_string()).ok().cloned())
        .collect();
    (gid, g, t.groups()[g].group.clone(), members)
}

fn plan_for(t: &Tenant, mode: Mode, upns: &[&str], chosen: &[tenant::model::AssignedLicense], roles: &[Role]) -> Plan {
    let us = users(t, upns);
    let skus = products(t);
    plan(t.org(), &skus, &us, roles, &requests_for(mode, &us, chosen), NOW)
}

#[test]
fn not_enough_seats_names_how_many_are_missing_and_who_fails() {
    let t = demo();
    let before = consumed(&t, "ENTERPRISEPREMIUM");
    let p = plan_for(
        &t,
        Mode::AssignMore,
        &["jane@contoso.com", "tricia@contoso.com", "meganb@contoso.com"],
        &[lic("ENTERPRISEPREMIUM")],
        &[Role::GlobalAdministrator],
    );
    let seat = p
        .seats
        .iter()
        .find(|s| s.sku == id("ENTERPRISEPREMIUM"))
        .expect("E5 seats");
    assert_eq!(seat.available, 2);
    assert_eq!(seat.needed, 3);
    assert_eq!(seat.missing(), 1);
    assert_eq!(p.failures(), 1);
    let failed = p.users.iter().find(|u| u.outcome.is_err()).expect("one fails");
    assert_eq!(failed.name, "Megan Bowen");
    assert!(failed
        .outcome
        .as_ref()
        .unwrap_err()
        .message
        .contains("does not have any available licenses"));
    // The preview changed nothing.
    assert_eq!(consumed(&t, "ENTERPRISEPREMIUM"), before);
}

#[test]
fn saving_the_plan_gives_exactly_what_it_showed() {
    let mut t = demo();
    let upns = [
        "jane@contoso.com",
        "tricia@contoso.com",
        "meganb@contoso.com",
        "alain@contoso.com",
    ];
    let p = plan_for(
        &t,
        Mode::Replace,
        &upns,
        &[lic_off("STANDARDPACK", &["SHAREPOINTSTANDARD"])],
        &[Role::LicenseAdministrator],
    );
    let admin = actor(&t, LICENSE_ADMIN);
    for r in p.to_send() {
        t.assign_license(&admin, &r.user.to_string(), &r.add, &r.remove, NOW)
            .expect("the preview said this succeeds");
    }
    for u in &p.users {
        let now = t.user(&u.request.user.to_string()).expect("user");
        for g in &u.gains {
            assert!(
                now.assigned_licenses.iter().any(|l| l.sku_id == *g),
                "{} gained {g}",
                u.name
            );
        }
        for l in &u.loses {
            assert!(
                !now.assigned_licenses.iter().any(|a| a.sku_id == *l),
                "{} lost {l}",
                u.name
            );
        }
    }
    let jane = p.users.iter().find(|u| u.name.starts_with("Jane")).expect("Jane");
    assert!(jane.loses.contains(&id("ENTERPRISEPACK")));
    assert!(jane.gains.contains(&id("STANDARDPACK")));
}

#[test]
fn unassign_all_leaves_group_licences_alone() {
    let t = demo();
    // Adele holds E3 directly and through Sales E3: she keeps it through the group.
    let p = plan_for(
        &t,
        Mode::UnassignAll,
        &["adelev@contoso.com"],
        &[],
        &[Role::GlobalAdministrator],
    );
    let adele = &p.users[0];
    assert!(adele.outcome.is_ok());
    assert!(adele.request.remove.contains(&id("ENTERPRISEPACK")));
    assert!(
        adele.loses.is_empty(),
        "still licensed through the group: {:?}",
        adele.loses
    );
    assert!(p.seats.is_empty());
}

#[test]
fn unassign_removes_only_the_chosen_product_and_only_where_assigned_directly() {
    let t = demo();
    let tricia = t.user("tricia@contoso.com").expect("Tricia");
    assert!(tricia.assigned_licenses.len() > 1, "Tricia holds more than E3");
    let guest = "ana.costa_fabrikam.com#EXT#@contoso.onmicrosoft.com";
    let p = plan_for(
        &t,
        Mode::Unassign,
        &["tricia@contoso.com", "jane@contoso.com", "adelev@contoso.com", guest],
        &[lic("ENTERPRISEPACK")],
        &[Role::GlobalAdministrator],
    );
    let user = |name: &str| p.users.iter().find(|u| u.name.starts_with(name)).expect(name);
    // Tricia loses E3 and keeps everything else.
    let tricia = user("Tricia");
    assert_eq!(tricia.request.remove, vec![id("ENTERPRISEPACK")]);
    assert_eq!(tricia.loses, vec![id("ENTERPRISEPACK")]);
    assert!(tricia.gains.is_empty());
    assert!(tricia.outcome.is_ok());
    // Jane's Audio Conferencing needs E3's Skype for Business: refused, with the reason.
    let jane = user("Jane");
    let e = jane.outcome.as_ref().expect_err("Jane's add-on depends on E3");
    assert_eq!(e.license_error(), Some(tenant::LicenseError::DependencyViolation));
    // Adele's direct E3 goes, and she keeps the licence through Sales E3; Ana has no E3.
    let adele = user("Adele");
    assert_eq!(adele.request.remove, vec![id("ENTERPRISEPACK")]);
    assert!(adele.loses.is_empty(), "{:?}", adele.loses);
    assert_eq!(
        adele.kept_through_group().collect::<Vec<_>>(),
        vec![id("ENTERPRISEPACK")]
    );
    assert!(adele.changes());
    assert!(!user("Ana").changes());
    assert_eq!(p.failures(), 1);
    // What changes is sent: Tricia's and Adele's calls, not Ana's or Jane's.
    let mut sent: Vec<_> = p.to_send().iter().map(|r| r.user).collect();
    sent.sort();
    let mut expected = vec![tricia.request.user, adele.request.user];
    expected.sort();
    assert_eq!(sent, expected);
    // Saved, Tricia has no E3 and Adele holds it only through the group.
    let mut saved = t.clone();
    let admin = actor(&saved, "admin@contoso.onmicrosoft.com");
    for r in p.to_send() {
        saved
            .assign_license(&admin, &r.user.to_string(), &r.add, &r.remove, NOW)
            .expect("the preview said this succeeds");
    }
    let e3 = |upn: &str| -> Vec<bool> {
        saved
            .user(upn)
            .expect("user")
            .license_assignment_states
            .iter()
            .filter(|s| s.sku_id == id("ENTERPRISEPACK"))
            .map(|s| s.assigned_by_group.is_some())
            .collect()
    };
    assert_eq!(e3("tricia@contoso.com"), Vec::<bool>::new());
    assert_eq!(e3("adelev@contoso.com"), vec![true]);
}

#[test]
fn a_missing_usage_location_is_set_inside_the_flow() {
    let t = demo();
    let nobody: Vec<_> = t
        .users()
        .filter(|u| {
            u.usage_location.is_none()
                && !u.is_guest()
                && !u.assigned_licenses.iter().any(|l| l.sku_id == id("AAD_PREMIUM_P2"))
        })
        .take(1)
        .cloned()
        .collect();
    let skus = products(&t);
    let mut reqs = requests_for(Mode::AssignMore, &nobody, &[lic("AAD_PREMIUM_P2")]);
    let p = plan(t.org(), &skus, &nobody, &[Role::GlobalAdministrator], &reqs, NOW);
    assert_eq!(
        p.users[0].outcome.as_ref().unwrap_err().message,
        "License assignment cannot be done for user with invalid usage location."
    );
    reqs[0].usage_location = Some("NL".into());
    let p = plan(t.org(), &skus, &nobody, &[Role::GlobalAdministrator], &reqs, NOW);
    assert!(p.users[0].outcome.is_ok());
    assert_eq!(p.users[0].gains, vec![id("AAD_PREMIUM_P2")]);
}

#[test]
fn only_a_global_admin_may_license_a_guest() {
    let t = demo();
    let guest = "ana.costa_fabrikam.com#EXT#@contoso.onmicrosoft.com";
    let p = plan_for(
        &t,
        Mode::AssignMore,
        &[guest],
        &[lic("AAD_PREMIUM_P2")],
        &[Role::LicenseAdministrator],
    );
    let e = p.users[0].outcome.as_ref().unwrap_err();
    assert_eq!(e.code.as_str(), "Authorization_RequestDenied");
}

#[test]
fn a_group_plan_names_the_members_that_would_end_in_error() {
    let t = demo();
    let (gid, g, group, members) = group_and_members(&t, "All staff");
    let skus = products(&t);
    let group_plan = |role: Role, part: &str| {
        tenant::plan::plan_group(t.org(), &skus, &group, &members, &[role], &[lic(part)], &[], NOW)
    };
    let p = group_plan(Role::LicenseAdministrator, "ENTERPRISEPREMIUM");
    assert_eq!(p.users.len(), members.len());
    let failing = p.failures();
    let reasons: Vec<_> = p
        .users
        .iter()
        .filter_map(|u| u.outcome.as_ref().err())
        .map(|e| e.license_error())
        .collect();
    let no_seat = reasons
        .iter()
        .filter(|r| **r == Some(tenant::LicenseError::CountViolation))
        .count();
    let seat = p
        .seats
        .iter()
        .find(|s| s.sku == id("ENTERPRISEPREMIUM"))
        .expect("E5 seats");
    assert_eq!(seat.available, 2);
    assert!(no_seat > 0, "more members than seats: {reasons:?}");
    assert_eq!(seat.missing() as usize, no_seat);
    // Saving it on the real tenant gives the same members in error.
    let mut real = t.clone();
    real.assign_group_license(&actor(&real, LICENSE_ADMIN), &gid, &[lic("ENTERPRISEPREMIUM")], &[])
        .expect("accepted");
    real.process_queue(NOW);
    assert_eq!(real.members_with_license_errors(g).len(), failing);

    // A Billing admin may not: every member carries the refusal.
    let p = group_plan(Role::BillingAdministrator, "AAD_PREMIUM_P2");
    assert_eq!(p.failures(), members.len());
}

#[test]
fn a_self_service_purchase_is_refused_in_the_preview_too() {
    let t = demo();
    let p = plan_for(
        &t,
        Mode::AssignMore,
        &["lidiah@contoso.com"],
        &[lic("POWER_BI_PRO")],
        &[Role::GlobalAdministrator],
    );
    let e = p.users[0].outcome.as_ref().expect_err("self-service purchase");
    assert!(e.message.contains("self-service purchase"), "{}", e.message);
}

#[test]
fn users_and_groups_in_one_change_share_the_seats() {
    // Entra's Assign to users and groups at once: the users' part takes the last two E5
    // seats, so the group's members who do not hold E5 find none left; the two users, if
    // members, hold it already and take no second seat.
    let t = demo();
    let (gid, g, group, mut members) = group_and_members(&t, "All staff");
    let mut skus = products(&t);
    let direct = users(&t, &["jane@contoso.com", "meganb@contoso.com"]);
    let e5 = [lic("ENTERPRISEPREMIUM")];
    let admin = [Role::GlobalAdministrator];
    let first = plan(
        t.org(),
        &skus,
        &direct,
        &admin,
        &requests_for(Mode::AssignMore, &direct, &e5),
        NOW,
    );
    assert_eq!(first.failures(), 0);
    first.take_seats(&mut skus);
    first.give_to(&mut members);
    let second = tenant::plan::plan_group(t.org(), &skus, &group, &members, &admin, &e5, &[], NOW);
    let seat = second
        .seats
        .iter()
        .find(|s| s.sku == id("ENTERPRISEPREMIUM"))
        .expect("E5 seats");
    assert_eq!(seat.available, 0, "the users' part took the free seats");
    let holders: Vec<_> = direct.iter().map(|u| u.id).collect();
    let without_e5 = members
        .iter()
        .filter(|m| !m.holds(id("ENTERPRISEPREMIUM")) && !holders.contains(&m.id))
        .count();
    assert!(without_e5 > 0);
    assert_eq!(seat.missing() as usize, without_e5);
    for u in second.users.iter().filter(|u| holders.contains(&u.request.user)) {
        assert!(u.outcome.is_ok(), "{} holds E5 directly: {:?}", u.name, u.outcome);
        assert!(u.gains.is_empty());
    }

    // Saving both parts on the real tenant ends the same way.
    let mut real = t.clone();
    for u in &direct {
        real.assign_license(&actor(&real, ADMIN), &u.id.to_string(), &e5, &[], NOW)
            .expect("a seat each");
    }
    real.assign_group_license(&actor(&real, ADMIN), &gid, &e5, &[])
        .expect("accepted");
    real.process_queue(NOW);
    assert_eq!(real.members_with_license_errors(g).len(), second.failures());
}
