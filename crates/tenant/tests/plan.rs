//! Planned licence changes: the preview says what saving does, and saving does it.
mod common;

use common::*;
use tenant::plan::{direct_licences, needs_usage_location, Mode, Plan, Planner};
use tenant::roles::Role;
use tenant::{ErrorKind, LicenseError, Tenant};

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

/// A planner over the demo tenant as the app would read it, acting with `roles`.
fn planner(t: &Tenant, roles: &[Role]) -> Planner {
    Planner::new(t.org().clone(), products(t), roles.to_vec(), NOW)
}

fn plan_for(t: &Tenant, mode: Mode, upns: &[&str], chosen: &[tenant::model::AssignedLicense], roles: &[Role]) -> Plan {
    planner(t, roles).users(mode, &users(t, upns), chosen, None)
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
    let planner = planner(&t, &[Role::GlobalAdministrator]);
    let p2 = [lic("AAD_PREMIUM_P2")];
    assert!(needs_usage_location(Mode::AssignMore, &p2, &nobody));
    assert!(!needs_usage_location(Mode::UnassignAll, &p2, &nobody));
    let p = planner.users(Mode::AssignMore, &nobody, &p2, None);
    let e = p.users[0].outcome.as_ref().unwrap_err();
    assert_eq!(
        e.message,
        "License assignment cannot be done for user with invalid usage location."
    );
    assert_eq!(e.kind(), tenant::ErrorKind::UsageLocationMissing);
    let p = planner.users(Mode::AssignMore, &nobody, &p2, Some("NL"));
    assert_eq!(p.users[0].request.usage_location.as_deref(), Some("NL"));
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
        Planner::new(t.org().clone(), skus.clone(), vec![role], NOW).group(&group, &members, &[lic(part)], &[])
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
    let direct = users(&t, &["jane@contoso.com", "meganb@contoso.com"]);
    let e5 = [lic("ENTERPRISEPREMIUM")];
    let admin = [Role::GlobalAdministrator];
    let whole = planner(&t, &admin).assignment(&direct, &[(group.clone(), members.clone())], &e5);
    let first = whole.users.clone().expect("the users' part");
    assert_eq!(first.failures(), 0);
    first.give_to(&mut members);
    let second = whole.groups[0].1.clone();
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

#[test]
fn seats_are_counted_once_over_users_and_groups() {
    // Two users and a group take E5 in one change: the summary starts from the seats free
    // before it, adds every part's take, and what is missing is exactly who fails.
    let t = demo();
    let (_, _, group, members) = group_and_members(&t, "All staff");
    let direct = users(&t, &["jane@contoso.com", "meganb@contoso.com"]);
    let e5 = [lic("ENTERPRISEPREMIUM")];
    let whole = planner(&t, &[Role::GlobalAdministrator]).assignment(&direct, &[(group, members)], &e5);
    let seat = whole
        .seats
        .iter()
        .find(|s| s.sku == id("ENTERPRISEPREMIUM"))
        .expect("E5 seats");
    let sku = t.sku(id("ENTERPRISEPREMIUM")).expect("E5");
    assert_eq!(seat.available, tenant::ProductCounts::of(sku).free());
    let users_take = whole
        .users
        .as_ref()
        .map_or(0, |p| p.users.iter().filter(|u| !u.gains.is_empty()).count());
    assert_eq!(users_take, 2);
    let group_part = &whole.groups[0].1;
    let group_take = group_part.users.iter().filter(|u| !u.gains.is_empty()).count();
    let group_short = group_part.failures();
    assert_eq!(seat.needed as usize, users_take + group_take + group_short);
    assert_eq!(seat.missing() as usize, group_short);
    assert_eq!(whole.failures(), group_short);
}

#[test]
fn two_groups_in_one_assignment_do_not_both_count_a_shared_member() {
    // A member of both groups takes one seat, not two: the second group's plan sees what
    // the first gave.
    let t = demo();
    let (_, _, a, a_members) = group_and_members(&t, "All staff");
    let (_, _, b, b_members) = group_and_members(&t, "Sales E3");
    let shared = b_members
        .iter()
        .filter(|m| a_members.iter().any(|x| x.id == m.id))
        .count();
    assert!(shared > 0, "the demo groups share members");
    let ems = [lic("AAD_PREMIUM_P2")];
    let whole =
        planner(&t, &[Role::GlobalAdministrator]).assignment(&[], &[(a, a_members), (b, b_members.clone())], &ems);
    assert!(whole.users.is_none());
    let second = &whole.groups[1].1;
    for m in second
        .users
        .iter()
        .filter(|u| a_members_contains(&whole.groups[0].1, u.request.user))
    {
        assert!(m.gains.is_empty(), "{} already got EMS from the first group", m.name);
    }
    let taken: i32 = whole
        .groups
        .iter()
        .map(|(_, p)| p.users.iter().filter(|u| !u.gains.is_empty()).count() as i32)
        .sum();
    let short: i32 = whole
        .groups
        .iter()
        .flat_map(|(_, p)| &p.users)
        .filter_map(|u| u.outcome.as_ref().err())
        .filter(|e| e.kind() == ErrorKind::License(LicenseError::CountViolation))
        // A member already short of another of the group's products (Sales E3's E3) gets
        // none of them, and asks no P2 seat.
        .filter(|e| {
            e.details
                .iter()
                .any(|d| d.target.as_deref() == Some(id("AAD_PREMIUM_P2").to_string().as_str()))
        })
        .count() as i32;
    let seat = whole
        .seats
        .iter()
        .find(|s| s.sku == id("AAD_PREMIUM_P2"))
        .expect("P2 seats");
    assert_eq!(seat.needed, taken + short);
}

fn a_members_contains(p: &Plan, user: uuid::Uuid) -> bool {
    p.users.iter().any(|u| u.request.user == user && u.outcome.is_ok())
}

#[test]
fn replacing_keeps_a_licence_held_through_a_group() {
    // Adele holds E3 directly and through Sales E3: Replace with EMS removes the direct E3,
    // and she keeps E3 through the group, so she loses nothing.
    let t = demo();
    let p = plan_for(
        &t,
        Mode::Replace,
        &["adelev@contoso.com"],
        &[lic("AAD_PREMIUM_P2")],
        &[Role::GlobalAdministrator],
    );
    let adele = &p.users[0];
    assert!(adele.outcome.is_ok(), "{:?}", adele.outcome);
    assert!(adele.request.remove.contains(&id("ENTERPRISEPACK")));
    assert!(!adele.loses.contains(&id("ENTERPRISEPACK")));
    assert_eq!(
        adele.kept_through_group().collect::<Vec<_>>(),
        vec![id("ENTERPRISEPACK")]
    );
}

#[test]
fn one_users_licences_start_from_the_direct_ones() {
    let t = demo();
    let adele = t.user("adelev@contoso.com").expect("Adele");
    let direct = direct_licences(adele);
    assert!(direct.iter().any(|l| l.sku_id == id("ENTERPRISEPACK")));
    let group_only: Vec<_> = adele
        .license_assignment_states
        .iter()
        .filter(|s| s.assigned_by_group.is_some())
        .filter(|s| {
            !adele
                .license_assignment_states
                .iter()
                .any(|d| d.sku_id == s.sku_id && d.assigned_by_group.is_none())
        })
        .map(|s| s.sku_id)
        .collect();
    assert!(group_only.iter().all(|g| !direct.iter().any(|d| d.sku_id == *g)));
    // Saving them as they are changes nothing.
    let p = planner(&t, &[Role::GlobalAdministrator]).users(Mode::Replace, std::slice::from_ref(adele), &direct, None);
    assert!(!p.users[0].changes());
    assert!(p.to_send().is_empty());
}

#[test]
fn a_global_admin_may_license_a_guest_with_a_usage_location() {
    let t = demo();
    let guest = t
        .users()
        .find(|u| u.is_guest() && u.usage_location.is_some() && !u.holds(id("AAD_PREMIUM_P2")))
        .cloned()
        .expect("a located guest");
    let p = planner(&t, &[Role::GlobalAdministrator]).users(Mode::AssignMore, &[guest], &[lic("AAD_PREMIUM_P2")], None);
    assert!(p.users[0].outcome.is_ok(), "{:?}", p.users[0].outcome);
    assert_eq!(p.users[0].gains, vec![id("AAD_PREMIUM_P2")]);
}

#[test]
fn a_location_is_only_set_for_users_who_have_none_and_get_a_licence() {
    let t = demo();
    let with = t
        .users()
        .find(|u| u.usage_location.is_some() && !u.is_guest())
        .cloned()
        .expect("located");
    let without = t
        .users()
        .find(|u| u.usage_location.is_none() && !u.is_guest())
        .cloned()
        .expect("unlocated");
    let planner = planner(&t, &[Role::GlobalAdministrator]);
    let reqs = planner.requests(
        Mode::AssignMore,
        &[with.clone(), without.clone()],
        &[lic("AAD_PREMIUM_P2")],
        Some("FR"),
    );
    assert_eq!(reqs[0].usage_location, None);
    assert_eq!(reqs[1].usage_location.as_deref(), Some("FR"));
    let reqs = planner.requests(Mode::UnassignAll, &[without], &[], Some("FR"));
    assert_eq!(reqs[0].usage_location, None, "nothing assigned, nothing to locate");
}
