//! Every licensing rule, on the demo tenant.
mod common;

use common::*;
use tenant::LicenseError;

fn reason(e: &tenant::GraphError) -> Option<LicenseError> {
    e.license_error()
}

#[test]
fn direct_assignment_needs_a_usage_location() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let e = t
        .assign_license(&a, "christiec@contoso.com", &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap_err();
    assert_eq!(e.status(), 400);
    assert_eq!(
        e.message,
        "License assignment cannot be done for user with invalid usage location."
    );
    let mut patch = serde_json::Map::new();
    patch.insert("usageLocation".into(), "US".into());
    t.update_user(&a, "christiec@contoso.com", &patch).unwrap();
    t.assign_license(&a, "christiec@contoso.com", &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap();
    assert!(t.user("christiec@contoso.com").unwrap().holds(id("AAD_PREMIUM_P2")));
}

#[test]
fn group_assignment_uses_the_organizations_country_and_does_not_write_it() {
    let t = demo();
    // Christie Cline has no usage location and is in "Sales E3".
    let u = t.user("christiec@contoso.com").unwrap();
    assert!(u.usage_location.is_none());
    assert!(u.holds(id("ENTERPRISEPACK")));
    assert!(u.license_assignment_states.iter().all(|s| s.error == "None"));
}

#[test]
fn direct_assignment_fails_without_seats_and_changes_nothing() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // EMS E5 is fully used in the demo.
    assert_eq!(t.available(id("EMSPREMIUM")), 0);
    let before = t.user("alain@contoso.com").unwrap().clone();
    let e = t
        .assign_license(&a, "alain@contoso.com", &[lic("EMSPREMIUM")], &[], NOW)
        .unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "Subscription with SKU {} does not have any available licenses.",
            id("EMSPREMIUM")
        )
    );
    assert_eq!(reason(&e), Some(LicenseError::CountViolation));
    assert_eq!(t.user("alain@contoso.com").unwrap(), &before);
}

#[test]
fn group_members_that_do_not_fit_get_count_violation() {
    let t = demo();
    let g = t
        .groups()
        .iter()
        .position(|g| g.group.display_name == "EMS E5 pilot")
        .unwrap();
    let errors = t.members_with_license_errors(g);
    assert_eq!(errors.len(), 1);
    let state = errors[0]
        .license_assignment_states
        .iter()
        .find(|s| s.sku_id == id("EMSPREMIUM"))
        .unwrap();
    assert_eq!(state.state, "Error");
    assert_eq!(state.error, "CountViolation");
    assert!(!errors[0].holds(id("EMSPREMIUM")));
}

#[test]
fn mutually_exclusive_plans_fail_direct_and_group() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // Jane holds E3 (Exchange Plan 2); E1 brings Exchange Plan 1.
    let e = t
        .assign_license(&a, "jane@contoso.com", &[lic("STANDARDPACK")], &[], NOW)
        .unwrap_err();
    assert_eq!(reason(&e), Some(LicenseError::MutuallyExclusiveViolation));
    assert!(e.message.contains("Exchange Online (Plan 1)") && e.message.contains("Exchange Online (Plan 2)"));
    // Turning the conflicting plans off makes it fit.
    t.assign_license(
        &a,
        "jane@contoso.com",
        &[lic_off("STANDARDPACK", &["EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD"])],
        &[],
        NOW,
    )
    .unwrap();
    // Joni Sherman has E3 directly and is in "Frontline E1": the group licence is in error.
    let joni = t.user("jonis@contoso.com").unwrap();
    let e1 = joni
        .license_assignment_states
        .iter()
        .find(|s| s.sku_id == id("STANDARDPACK"))
        .unwrap();
    assert_eq!(e1.error, "MutuallyExclusiveViolation");
    assert!(!joni.holds(id("STANDARDPACK")));
}

#[test]
fn dependent_plans_need_their_prerequisite_both_ways() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // Audio Conferencing needs Skype for Business: Alain has E1 (with Skype) so he can get it...
    t.assign_license(&a, "alain@contoso.com", &[lic("MCOMEETADV")], &[], NOW)
        .unwrap();
    // ...but turning Skype off in E1 while Audio Conferencing is on is refused.
    let e = t
        .assign_license(
            &a,
            "alain@contoso.com",
            &[lic_off("STANDARDPACK", &["MCOSTANDARD"])],
            &[],
            NOW,
        )
        .unwrap_err();
    assert_eq!(reason(&e), Some(LicenseError::DependencyViolation));
    // Removing E1 altogether is refused too.
    let e = t
        .assign_license(&a, "alain@contoso.com", &[], &[id("STANDARDPACK")], NOW)
        .unwrap_err();
    assert_eq!(reason(&e), Some(LicenseError::DependencyViolation));
    // A user without Skype can't get Audio Conferencing alone.
    let e = t.assign_license(
        &a,
        "ben.carter_fabrikam.com#EXT#@contoso.onmicrosoft.com",
        &[],
        &[id("STANDARDPACK")],
        NOW,
    );
    assert!(e.is_ok());
    let e = t
        .assign_license(
            &a,
            "ben.carter_fabrikam.com#EXT#@contoso.onmicrosoft.com",
            &[lic("MCOMEETADV")],
            &[],
            NOW,
        )
        .unwrap_err();
    assert_eq!(reason(&e), Some(LicenseError::DependencyViolation));
}

#[test]
fn plans_not_offered_in_the_usage_location_are_refused() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // Wei Zhang is in China; E5 brings Phone System.
    let wei = t.user("weiz@contoso.com").unwrap();
    assert_eq!(
        wei.license_assignment_states[0].error,
        "ProhibitedInUsageLocationViolation"
    );
    let e = t
        .assign_license(&a, "weiz@contoso.com", &[lic("ENTERPRISEPREMIUM")], &[], NOW)
        .unwrap_err();
    assert_eq!(reason(&e), Some(LicenseError::ProhibitedInUsageLocationViolation));
    t.assign_license(
        &a,
        "weiz@contoso.com",
        &[lic_off("ENTERPRISEPREMIUM", &["MCOEV", "MCOMEETADV"])],
        &[],
        NOW,
    )
    .unwrap();
}

#[test]
fn inherited_licences_cannot_be_removed_on_the_user() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let e = t
        .assign_license(&a, "christiec@contoso.com", &[], &[id("ENTERPRISEPACK")], NOW)
        .unwrap_err();
    assert_eq!(
        e.message,
        "User license is inherited from a group membership and it cannot be removed directly from the user."
    );
    assert_eq!(e.details[0].target.as_deref(), Some(group_id(&t, "Sales E3").as_str()));
    let e = t
        .assign_license(&a, "christiec@contoso.com", &[], &[id("STANDARDPACK")], NOW)
        .unwrap_err();
    assert_eq!(e.message, "User does not have a corresponding license.");
}

#[test]
fn one_seat_per_product_whatever_the_paths_and_the_union_of_plans() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // Adele Vance has E3 directly and through "Sales E3": one seat.
    let adele = t.user("adelev@contoso.com").unwrap();
    assert_eq!(
        adele
            .license_assignment_states
            .iter()
            .filter(|s| s.sku_id == id("ENTERPRISEPACK"))
            .count(),
        2
    );
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), holders(&t, "ENTERPRISEPACK"));
    // Turning Sway off on the direct path changes nothing: the group path enables it.
    t.assign_license(
        &a,
        "adelev@contoso.com",
        &[lic_off("ENTERPRISEPACK", &["SWAY"])],
        &[],
        NOW,
    )
    .unwrap();
    let held = &t.user("adelev@contoso.com").unwrap().assigned_licenses;
    assert!(held
        .iter()
        .find(|l| l.sku_id == id("ENTERPRISEPACK"))
        .unwrap()
        .disabled_plans
        .is_empty());
    // Removing the direct path keeps the licence (group path) and the seat count.
    let before = consumed(&t, "ENTERPRISEPACK");
    t.assign_license(&a, "adelev@contoso.com", &[], &[id("ENTERPRISEPACK")], NOW)
        .unwrap();
    assert!(t.user("adelev@contoso.com").unwrap().holds(id("ENTERPRISEPACK")));
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), before);
    // Leaving the group takes the last path away and frees the seat.
    let sales = group_id(&t, "Sales E3");
    t.remove_member(&a, &sales, "adelev@contoso.com", NOW).unwrap();
    assert!(!t.user("adelev@contoso.com").unwrap().holds(id("ENTERPRISEPACK")));
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), before - 1);
}

#[test]
fn resending_a_held_product_replaces_its_disabled_plans() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let sway = tenant::catalog::plan_by_name("SWAY").unwrap().id;
    t.assign_license(
        &a,
        "jane@contoso.com",
        &[lic_off("ENTERPRISEPACK", &["SWAY", "YAMMER_ENTERPRISE"])],
        &[],
        NOW,
    )
    .unwrap();
    t.assign_license(
        &a,
        "jane@contoso.com",
        &[lic_off("ENTERPRISEPACK", &["SWAY"])],
        &[],
        NOW,
    )
    .unwrap();
    let l = t
        .user("jane@contoso.com")
        .unwrap()
        .assigned_licenses
        .iter()
        .find(|l| l.sku_id == id("ENTERPRISEPACK"))
        .cloned()
        .unwrap();
    assert_eq!(l.disabled_plans, vec![sway]);
}

#[test]
fn a_failing_product_keeps_all_of_the_groups_products_from_the_member() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    // Give "Finance E5" a second product; Wei (China) fails E5, so gets neither.
    let g = group_id(&t, "Finance E5");
    t.assign_group_license(&a, &g, &[lic("AAD_PREMIUM_P2")], &[]).unwrap();
    t.process_queue(NOW);
    let wei = t.user("weiz@contoso.com").unwrap();
    assert!(!wei.holds(id("AAD_PREMIUM_P2")));
    assert!(wei.license_assignment_states.iter().all(|s| s.state == "Error"));
    let emily = t.user("emilyb@contoso.com").unwrap();
    assert!(emily.holds(id("AAD_PREMIUM_P2")) && emily.holds(id("ENTERPRISEPREMIUM")));
}

#[test]
fn group_assignment_is_queued_then_processed_and_reprocess_fixes_errors() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let g = group_id(&t, "All staff");
    t.assign_group_license(&a, &g, &[lic("AAD_PREMIUM_P2")], &[]).unwrap();
    let gi = t.group_index(&g).unwrap();
    assert_eq!(
        t.groups()[gi].group.license_processing_state.as_ref().unwrap().state,
        "QueuedForProcessing"
    );
    assert!(t.has_queued());
    t.process_queue(NOW);
    assert_eq!(
        t.groups()[gi].group.license_processing_state.as_ref().unwrap().state,
        "ProcessingComplete"
    );
    assert!(t.group_members(gi).iter().all(|u| u.holds(id("AAD_PREMIUM_P2"))));
    // Wei's error is fixed by turning the plans off on the group, then reprocessing.
    let f = group_id(&t, "Finance E5");
    t.assign_group_license(&a, &f, &[lic_off("ENTERPRISEPREMIUM", &["MCOEV", "MCOMEETADV"])], &[])
        .unwrap();
    t.reprocess_group(&a, &f, NOW).unwrap();
    assert!(t.user("weiz@contoso.com").unwrap().holds(id("ENTERPRISEPREMIUM")));
}

#[test]
fn membership_changes_rerun_the_groups_licences() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let sales = group_id(&t, "Sales E3");
    assert!(!t
        .user("tricia@contoso.com")
        .unwrap()
        .license_assignment_states
        .iter()
        .any(|s| s.assigned_by_group.is_some()));
    t.add_member(&a, &sales, "alexw@contoso.com", NOW).unwrap();
    // Alex has E5 (Exchange Plan 2) and E3 brings the same plan: no conflict, same plan id.
    let alex = t.user("alexw@contoso.com").unwrap();
    assert!(alex.holds(id("ENTERPRISEPACK")));
    let e = t.add_member(&a, &sales, "alexw@contoso.com", NOW).unwrap_err();
    assert!(e
        .message
        .starts_with("One or more added object references already exist"));
}

#[test]
fn a_group_holding_licences_cannot_be_deleted() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let g = group_id(&t, "Sales E3");
    assert!(t.delete_group(&a, &g).is_err());
    let all = group_id(&t, "All staff");
    t.delete_group(&a, &all).unwrap();
    assert!(t.group_index(&all).is_err());
}

#[test]
fn company_products_unknown_products_and_foreign_plans_are_refused() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let e = t
        .assign_license(&a, "jane@contoso.com", &[lic("WINDOWS_STORE")], &[], NOW)
        .unwrap_err();
    assert_eq!(
        e.message,
        format!("License {} cannot be assigned to a user.", id("WINDOWS_STORE"))
    );
    let e = t
        .assign_license(&a, "jane@contoso.com", &[lic("SPE_E5")], &[], NOW)
        .unwrap_err();
    assert_eq!(
        e.message,
        format!(
            "License {} does not correspond to a valid company License.",
            id("SPE_E5")
        )
    );
    let e = t
        .assign_license(
            &a,
            "jane@contoso.com",
            &[lic_off("AAD_PREMIUM_P2", &["SWAY"])],
            &[],
            NOW,
        )
        .unwrap_err();
    assert!(e.message.starts_with("Invalid disabled plan"));
}

#[test]
fn self_service_purchases_cannot_be_assigned_by_an_admin() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let e = t
        .assign_license(&a, "jane@contoso.com", &[lic("POWER_BI_PRO")], &[], NOW)
        .unwrap_err();
    assert!(e.message.contains("self-service purchase"));
}

#[test]
fn roles_decide_who_may_assign() {
    let mut t = demo();
    let guest = guest_upn("ben.carter@fabrikam.com");
    let la = actor(&t, LICENSE_ADMIN);
    let e = t
        .assign_license(&la, &guest, &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap_err();
    assert_eq!(e.status(), 403);
    assert_eq!(e.code.as_str(), "Authorization_RequestDenied");
    assert!(e.details[0].message.contains("Global admin"));
    t.assign_license(&la, "jane@contoso.com", &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap();
    for upn in [BILLING_ADMIN, READER] {
        let r = actor(&t, upn);
        assert_eq!(
            t.assign_license(&r, "tricia@contoso.com", &[lic("AAD_PREMIUM_P2")], &[], NOW)
                .unwrap_err()
                .status(),
            403
        );
    }
    let ua = actor(&t, USER_ADMIN);
    t.assign_license(&ua, "tricia@contoso.com", &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap();
    let ga = actor(&t, ADMIN);
    t.assign_license(&ga, &guest, &[lic("AAD_PREMIUM_P2")], &[], NOW)
        .unwrap();
}

#[test]
fn deleting_frees_cloud_seats_and_suspends_synced_ones() {
    let mut t = demo();
    let a = actor(&t, ADMIN);
    let before = consumed(&t, "ENTERPRISEPACK");
    t.delete_user(&a, "jane@contoso.com", NOW).unwrap();
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), before - 1);
    assert!(t.user("jane@contoso.com").is_err());
    // Pieter Bakker is synced: leaving sync scope keeps his licence, suspended.
    t.delete_user(&a, "pieterb@contoso.com", NOW).unwrap();
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), before - 1);
    let idx = t.find_user("pieterb@contoso.com").unwrap();
    let pieter = t.user_at(idx);
    assert!(pieter.holds(id("ENTERPRISEPACK")));
    assert!(t
        .assigned_plans(pieter)
        .iter()
        .all(|p| p.capability_status == "Suspended"));
    let pid = pieter.id.to_string();
    t.restore_user(&a, &pid, NOW).unwrap();
    assert!(t
        .assigned_plans(t.user("pieterb@contoso.com").unwrap())
        .iter()
        .all(|p| p.capability_status == "Enabled"));
    // Purging a suspended synced user frees the seat.
    t.delete_user(&a, "pieterb@contoso.com", NOW).unwrap();
    t.purge_user(&a, &pid).unwrap();
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), before - 2);
    assert_eq!(consumed(&t, "ENTERPRISEPACK"), holders(&t, "ENTERPRISEPACK"));
}

#[test]
fn demo_counts_match_holders() {
    let t = demo();
    for s in t.skus() {
        let holders = t.all_users().iter().filter(|u| u.holds(s.sku.sku_id)).count() as i32;
        assert_eq!(s.sku.consumed_units, holders, "{}", s.sku.sku_part_number);
    }
}

#[test]
fn product_counts_follow_the_all_products_page() {
    let t = demo();
    let ems = t.sku(id("EMSPREMIUM")).unwrap();
    let c = tenant::ProductCounts::of(ems);
    assert_eq!(c.total, 8);
    assert_eq!(c.expiring_soon, 2);
    assert_eq!(c.available, c.total - c.assigned);
    let wpa = tenant::ProductCounts::of(t.sku(id("WORKPLACE_ANALYTICS")).unwrap());
    assert_eq!((wpa.total, wpa.available), (0, 0));
}

#[test]
fn error_kinds_come_from_codes_and_survive_the_wire() {
    use tenant::{ErrorCode, ErrorKind, GraphError, LicenseError};
    let round_trip = |e: &GraphError| GraphError::from_body(e.status(), &e.to_body("2026-01-01T00:00:00Z", "r"));
    for (e, kind) in [
        (GraphError::usage_location_missing(), ErrorKind::UsageLocationMissing),
        (
            GraphError::inherited_license("Sales", "g".into()),
            ErrorKind::InheritedLicense,
        ),
        (
            GraphError::self_service_purchase("s".into()),
            ErrorKind::SelfServicePurchase,
        ),
        (
            GraphError::license(LicenseError::CountViolation, "none left", None),
            ErrorKind::License(LicenseError::CountViolation),
        ),
        (GraphError::denied("role"), ErrorKind::Denied),
        (
            GraphError::new(ErrorCode::TooManyRequests, "slow down"),
            ErrorKind::Throttled,
        ),
        (
            GraphError::new(ErrorCode::ServiceUnavailable, "down"),
            ErrorKind::Unavailable,
        ),
        (GraphError::bad_request("bad value"), ErrorKind::Other),
    ] {
        assert_eq!(e.kind(), kind, "{e}");
        assert_eq!(round_trip(&e).kind(), kind, "{e} over the wire");
    }
    // Microsoft Graph sends this one with no detail code: its documented message is known.
    let graph = serde_json::json!({ "error": { "code": "Request_BadRequest",
        "message": "License assignment cannot be done for user with invalid usage location." } });
    assert_eq!(
        GraphError::from_body(400, &graph).kind(),
        ErrorKind::UsageLocationMissing
    );
    assert!(ErrorKind::Throttled.is_transient() && ErrorKind::Unavailable.is_transient());
    assert!(!ErrorKind::Other.is_transient());
}
