//! The stored simulation: replay, undo, versions, and the generator's determinism.
mod common;

use common::*;
use serde_json::json;
use tenant::generate::generated_tenant;
use tenant::rest::{GraphRequest, Method};
use tenant::simulation::{JournalError, Simulation, TenantSeed};

fn post(url: &str, body: serde_json::Value) -> GraphRequest {
    GraphRequest::new(Method::Post, url)
        .header("Authorization", format!("Bearer dev:{ADMIN}"))
        .json(body)
}

#[test]
fn replaying_the_journal_rebuilds_the_same_tenant() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let r = sim.request(&post("/invitations", json!({ "invitedUserEmailAddress": "new.guest@contoso-partner.com", "inviteRedirectUrl": "https://myapps.microsoft.com" })), NOW);
    assert_eq!(r.status, 201);
    let r = sim.request(
        &post(
            "/users/jane@contoso.com/assignLicense",
            json!({ "addLicenses": [{ "skuId": id("STANDARDPACK"), "disabledPlans": [] }], "removeLicenses": [] }),
        ),
        NOW,
    );
    assert_eq!(r.status, 400, "E1 conflicts with Jane's E3");
    let stored = sim.to_json();
    let again = Simulation::restore(&stored).unwrap();
    assert_eq!(again.tenant.all_users(), sim.tenant.all_users());
    assert_eq!(again.journal.entries.len(), 2);
    assert_eq!(again.journal.entries[1].status, 400);
    assert!(again.journal.entries[1]
        .error
        .as_deref()
        .unwrap()
        .contains("Conflicting service plans"));
    assert!(!stored.contains("Bearer"), "no tokens are stored");
}

#[test]
fn undo_reverts_the_last_successful_change() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let before = consumed(&sim.tenant, "AAD_PREMIUM_P2");
    sim.request(
        &post(
            "/users/jane@contoso.com/assignLicense",
            json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }),
        ),
        NOW,
    );
    assert_eq!(consumed(&sim.tenant, "AAD_PREMIUM_P2"), before + 1);
    let undone = sim.undo().unwrap();
    assert_eq!(undone.len(), 1);
    assert!(undone[0].url.ends_with("assignLicense"));
    assert_eq!(consumed(&sim.tenant, "AAD_PREMIUM_P2"), before);
    assert!(sim.undo().is_none());
}

#[test]
fn corrupt_and_old_journals_are_errors_not_panics() {
    assert!(matches!(
        Simulation::restore("{not json"),
        Err(JournalError::Corrupt(_))
    ));
    assert!(matches!(
        Simulation::restore("{\"version\":0}"),
        Err(JournalError::OldVersion(0))
    ));
    assert!(matches!(
        Simulation::restore("{\"version\":1,\"seed\":{\"kind\":\"mars\"}}"),
        Err(JournalError::Corrupt(_))
    ));
}

#[test]
fn the_generator_is_deterministic_and_within_seats() {
    let a = generated_tenant(2_000, 42);
    let b = generated_tenant(2_000, 42);
    let c = generated_tenant(2_000, 43);
    assert_eq!(a.all_users(), b.all_users());
    assert_ne!(a.all_users(), c.all_users());
    assert_eq!(a.all_users().len(), 2_000);
    let guests = a.users().filter(|u| u.is_guest()).count();
    assert!((100..400).contains(&guests), "{guests} guests");
    for s in a.skus() {
        let c = tenant::ProductCounts::of(&s.sku);
        assert!(c.assigned <= c.total, "{}", s.sku.sku_part_number);
        assert_eq!(
            s.sku.consumed_units,
            a.all_users().iter().filter(|u| u.holds(s.sku.sku_id)).count() as i32
        );
    }
    assert!(a.actor(ADMIN).is_some());
    let upns: std::collections::HashSet<_> = a
        .all_users()
        .iter()
        .map(|u| u.user_principal_name.to_lowercase())
        .collect();
    assert_eq!(upns.len(), 2_000);
}

#[test]
fn undo_takes_back_a_bulk_change_as_a_whole() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let p2 = |upn: &str| {
        post(
            &format!("/users/{upn}/assignLicense"),
            json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }),
        )
    };
    let before = consumed(&sim.tenant, "AAD_PREMIUM_P2");
    sim.begin_change();
    let batch = json!({ "requests": [
        { "id": "1", "method": "POST", "url": "/users/jane@contoso.com/assignLicense", "headers": { "Content-Type": "application/json" },
          "body": { "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] } },
        { "id": "2", "method": "POST", "url": "/users/ana.costa_fabrikam.com%23EXT%23@contoso.onmicrosoft.com/assignLicense", "headers": { "Content-Type": "application/json" },
          "body": { "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] } }
    ]});
    assert_eq!(sim.request(&post("/$batch", batch), NOW).status, 200);
    assert!(sim.request(&p2("tricia@contoso.com"), NOW).ok());
    sim.end_change();
    assert!(sim.request(&p2("meganb@contoso.com"), NOW).ok());
    // The batch's failed item (a guest without usage location) is summarised in the journal.
    assert!(sim.journal.entries[0]
        .error
        .as_deref()
        .unwrap_or("")
        .starts_with("1 of 2 requests failed"));
    assert_eq!(consumed(&sim.tenant, "AAD_PREMIUM_P2"), before + 3);
    // The log tells the bulk change as one line about the three users it asked for.
    let log = tenant::activity::activities(&sim.journal.entries);
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].what, "Licenses changed for 3 users");
    assert!(!log[1].ok);

    sim.undo().expect("Megan's assignment is undone");
    assert_eq!(consumed(&sim.tenant, "AAD_PREMIUM_P2"), before + 2);
    let undone = sim.undo().expect("the bulk change is undone");
    assert_eq!(undone.len(), 2);
    assert_eq!(
        tenant::activity::describe_change(&undone),
        "Licenses changed for 3 users"
    );
    assert_eq!(consumed(&sim.tenant, "AAD_PREMIUM_P2"), before);
    assert!(sim.journal.entries.is_empty());
    assert!(sim.undo().is_none());
}

#[test]
fn a_batch_of_reads_is_not_journaled_but_a_batch_with_a_write_is() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let jane = sim.tenant.user("jane@contoso.com").unwrap().id;
    let reads = post(
        "/$batch",
        json!({ "requests": [
            { "id": "1", "method": "GET", "url": format!("/users/{jane}") },
            { "id": "2", "method": "get", "url": "/users/tricia@contoso.com" },
        ] }),
    );
    assert!(!reads.writes());
    let r = sim.request(&reads, NOW);
    assert_eq!(r.status, 200);
    assert!(sim.journal.entries.is_empty(), "reading users is not a change");
    let mixed = post(
        "/$batch",
        json!({ "requests": [
            { "id": "1", "method": "GET", "url": format!("/users/{jane}") },
            { "id": "2", "method": "PATCH", "url": format!("/users/{jane}"), "body": { "department": "Sales" } },
        ] }),
    );
    assert!(mixed.writes());
    sim.request(&mixed, NOW);
    assert_eq!(sim.journal.entries.len(), 1);
    assert!(!GraphRequest::new(Method::Get, "/users").writes());
}

#[test]
fn a_journal_that_replays_otherwise_or_from_another_seed_is_refused() {
    let mut sim = Simulation::new(TenantSeed::Demo);
    let r = sim.request(
        &post(
            "/users/jane@contoso.com/assignLicense",
            json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }),
        ),
        NOW,
    );
    assert_eq!(r.status, 200);
    let good = sim.to_json();
    assert!(Simulation::restore_for(&good, &TenantSeed::Demo).is_ok());
    let other = TenantSeed::Generated { users: 10, seed: 1 };
    assert_eq!(
        Simulation::restore_for(&good, &other).err(),
        Some(JournalError::OtherSeed(TenantSeed::Demo))
    );
    // The same journal as if the engine had answered 400 then.
    let tampered = good.replacen("\"status\":200", "\"status\":400", 1);
    match Simulation::restore(&tampered) {
        Err(JournalError::Diverged {
            entry,
            recorded,
            replayed,
            ..
        }) => {
            assert_eq!((entry, recorded, replayed), (0, 400, 200));
        }
        other => panic!(
            "expected a divergence, got {:?}",
            other.map(|s| s.journal.entries.len())
        ),
    }
}

#[test]
fn two_tabs_changes_add_up_when_one_rebases_on_the_other() {
    // Both tabs start from the same saved tenant; each makes a change; the second to save
    // runs its change on top of the first's, so the tenant ends with both.
    let base = Simulation::new(TenantSeed::Demo);
    let (mut a, mut b) = (base.clone(), base);
    let assign = |sim: &mut Simulation, upn: &str| {
        sim.request(
            &post(
                &format!("/users/{upn}/assignLicense"),
                json!({ "addLicenses": [{ "skuId": id("AAD_PREMIUM_P2"), "disabledPlans": [] }], "removeLicenses": [] }),
            ),
            NOW,
        )
        .status
    };
    assert_eq!(assign(&mut a, "jane@contoso.com"), 200);
    assert_eq!(assign(&mut b, "tricia@contoso.com"), 200);
    let saved_by_a = a.to_json();
    let mut merged = Simulation::restore(&saved_by_a).unwrap();
    merged.rebase(&b.journal.entries);
    for upn in ["jane@contoso.com", "tricia@contoso.com"] {
        assert!(merged.tenant.user(upn).unwrap().holds(id("AAD_PREMIUM_P2")), "{upn}");
    }
    assert_eq!(merged.journal.entries.len(), 2);
    let changes: Vec<u64> = merged.journal.entries.iter().map(|e| e.change).collect();
    assert_ne!(changes[0], changes[1], "two changes, undone one at a time");
    // And the merged journal replays to the same tenant.
    let again = Simulation::restore(&merged.to_json()).unwrap();
    assert_eq!(again.tenant.all_users(), merged.tenant.all_users());
}
