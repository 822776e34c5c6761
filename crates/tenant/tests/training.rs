//! Training exercises: the built-in files load, start as authored, fail untouched, pass
//! when solved (by more than one way where there is more than one), and catch damage; every
//! criterion kind and every kind of mistake in a file says what it should.

use std::path::PathBuf;

use serde_json::{json, Value};
use tenant::azure::demo::PAYG_ID;
use tenant::catalog;
use tenant::demo::demo_tenant;
use tenant::rest::{handle_as, GraphRequest, GraphResponse, Method};
use tenant::simulation::{context, JournalError, Simulation, TenantSeed};
use tenant::training::{
    all_passed, check, check_unique_ids, global_admin, parse_exercise, parse_index, Exercise, Mistake, Results,
    ScenarioError, START_AT,
};
use tenant::{Tenant, Timestamp};

const NOW: Timestamp = Timestamp(1_763_800_000);

// ---------------------------------------------------------------------------------------
// Helpers: the folder, Graph calls as the Global admin, licence bodies.

fn scenarios() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/scenarios")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(scenarios().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn listed() -> Vec<String> {
    parse_index(&read("index.json")).expect("the index is valid").exercises
}

fn load(name: &str) -> Exercise {
    parse_exercise(name, &read(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// Sends a request as the Global admin, as the in-browser tenant does (groups processed at
/// once), and returns the response.
fn send(t: &mut Tenant, method: Method, url: &str, body: Option<Value>) -> GraphResponse {
    let admin = global_admin(t).expect("a Global admin");
    let mut req = GraphRequest::new(method, url);
    req.body = body;
    handle_as(t, &admin, &req, &context(NOW))
}

/// An Azure portal request as `account` (`work:...` or `microsoft:...`), which must succeed;
/// returns its answer.
fn portal(t: &mut Tenant, account: &str, url: &str, body: Value) -> Value {
    let admin = global_admin(t).expect("a Global admin");
    let req = GraphRequest::new(Method::Post, url)
        .header("X-Portal-Account", account)
        .json(body);
    let r = handle_as(t, &admin, &req, &context(NOW));
    assert!(r.ok(), "POST {url}: {} {}", r.status, r.json_body());
    r.json_body()
}

/// [`send`], which must succeed (every item of a `$batch` too).
fn ok(t: &mut Tenant, method: Method, url: &str, body: Option<Value>) {
    let r = send(t, method, url, body);
    assert!(r.ok(), "{} {url}: {} {}", method.as_str(), r.status, r.json_body());
    if let Some(items) = r.json_body()["responses"].as_array() {
        for i in items {
            let status = i["status"].as_u64().unwrap_or(0);
            assert!((200..300).contains(&status), "batch item {}: {}", i["id"], i["body"]);
        }
    }
}

fn sku(part: &str) -> String {
    catalog::product_by_part(part)
        .expect("a catalog product")
        .sku_id
        .to_string()
}

fn plan(name: &str) -> String {
    catalog::plan_by_name(name).expect("a catalog plan").id.to_string()
}

/// An `assignLicense` body: products to add (with plans off) and to remove.
fn licences(add: &[(&str, &[&str])], remove: &[&str]) -> Value {
    json!({
        "addLicenses": add.iter().map(|(p, off)| json!({
            "skuId": sku(p),
            "disabledPlans": off.iter().map(|n| plan(n)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "removeLicenses": remove.iter().map(|p| sku(p)).collect::<Vec<_>>(),
    })
}

fn assign(t: &mut Tenant, user: &str, add: &[(&str, &[&str])], remove: &[&str]) {
    let id = uid(t, user);
    ok(
        t,
        Method::Post,
        &format!("/users/{id}/assignLicense"),
        Some(licences(add, remove)),
    );
}

/// A user's object id, from their user principal name or mail.
fn uid(t: &Tenant, who: &str) -> String {
    t.users()
        .find(|u| {
            u.user_principal_name.eq_ignore_ascii_case(who)
                || u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(who))
        })
        .map(|u| u.id.to_string())
        .unwrap_or_else(|| panic!("no user {who}"))
}

fn gid(t: &Tenant, name: &str) -> String {
    t.groups()
        .iter()
        .find(|g| g.group.display_name == name)
        .map(|g| g.group.id.to_string())
        .unwrap_or_else(|| panic!("no group {name}"))
}

fn remove_member(t: &mut Tenant, group: &str, who: &str) {
    let (g, u) = (gid(t, group), uid(t, who));
    ok(t, Method::Delete, &format!("/groups/{g}/members/{u}/$ref"), None);
}

fn reprocess_group(t: &mut Tenant, group: &str) {
    let g = gid(t, group);
    ok(
        t,
        Method::Post,
        &format!("/groups/{g}/reprocessLicenseAssignment"),
        None,
    );
}

/// What is missing, criterion by criterion, for the failures.
fn missing(e: &Exercise, start: &Tenant, now: &Tenant) -> Vec<String> {
    check(e, start, now).into_iter().filter_map(|r| r.missing).collect()
}

// ---------------------------------------------------------------------------------------
// The built-in exercises.

/// The scripted solution of each built-in exercise: Graph requests as the Global admin, as
/// the app's controls would send them. An exercise without one fails the test.
fn solve(id: &str, t: &mut Tenant) {
    match id {
        "guests-find-and-invite" => ok(
            t,
            Method::Post,
            "/invitations",
            Some(json!({
                "invitedUserEmailAddress": "noor.haddad@fabrikam.com",
                "invitedUserDisplayName": "Noor Haddad",
                "inviteRedirectUrl": "https://myapps.microsoft.com",
                "sendInvitationMessage": true,
            })),
        ),
        "guest-licence-without-exchange" => assign(
            t,
            "gabriel.dubois@litware.com",
            &[("STANDARDPACK", &["EXCHANGE_S_STANDARD"])],
            &[],
        ),
        "licenses-page-assign-three" => {
            for u in ["jane@contoso.com", "tricia@contoso.com", "pattif@contoso.com"] {
                assign(t, u, &[("AAD_PREMIUM_P2", &[])], &[]);
            }
        }
        "active-users-assign-more" => {
            for u in [
                "diegos@contoso.com",
                "henriettam@contoso.com",
                "lynner@contoso.com",
                "debrab@contoso.com",
            ] {
                assign(t, u, &[("MCOMEETADV", &[])], &[]);
            }
        }
        "replace-e1-with-e3" => {
            for u in ["fatimak@contoso.com", "alain@contoso.com"] {
                assign(t, u, &[("ENTERPRISEPACK", &[])], &["STANDARDPACK"]);
            }
        }
        "turn-off-an-app" => assign(
            t,
            "lidiah@contoso.com",
            &[("ENTERPRISEPACK", &["YAMMER_ENTERPRISE"])],
            &[],
        ),
        "group-error-reprocess" => {
            assign(t, "sofiar@contoso.com", &[], &["STANDARDPACK"]);
            reprocess_group(t, "Sales E3");
        }
        "remove-inherited-licence" => remove_member(t, "Sales E3", "isaiahl@contoso.com"),
        "usage-location-first" => {
            let id = uid(t, "daanj@contoso.com");
            ok(
                t,
                Method::Patch,
                &format!("/users/{id}"),
                Some(json!({ "usageLocation": "NL" })),
            );
            assign(t, "daanj@contoso.com", &[("AAD_PREMIUM_P2", &[])], &[]);
        }
        "free-a-seat" => {
            assign(t, "ravip@contoso.com", &[], &["ENTERPRISEPACK"]);
            assign(t, "mateo.ruiz@fabrikam.com", &[("ENTERPRISEPACK", &[])], &[]);
        }
        "group-seat-reprocess" => {
            remove_member(t, "EMS E5 pilot", "yukit@contoso.com");
            reprocess_group(t, "EMS E5 pilot");
        }
        "link-office-365-to-azure" => {
            let kelley = "microsoft:kelley@outlook.com";
            let r = portal(t, kelley, "/azure/directoryLinks", json!({ "subscription": PAYG_ID }));
            let link = r["id"].as_str().unwrap_or_default().to_owned();
            portal(
                t,
                "work:admin@contoso.onmicrosoft.com",
                &format!("/azure/directoryLinks/{link}/approve"),
                json!({}),
            );
            let org = t.org().id;
            portal(
                t,
                kelley,
                &format!("/azure/subscriptions/{PAYG_ID}/changeDirectory"),
                json!({ "directory": org }),
            );
            portal(
                t,
                kelley,
                "/azure/coAdministrators",
                json!({ "address": "admin@contoso.onmicrosoft.com", "subscriptions": [PAYG_ID] }),
            );
        }
        "same-account-power-bi-azure" => {
            portal(
                t,
                "microsoft:kelley@outlook.com",
                "/azure/coAdministrators",
                json!({ "address": "admin@contoso.onmicrosoft.com", "subscriptions": [PAYG_ID] }),
            );
        }
        other => panic!("no scripted solution for the exercise {other}: write one in solve()"),
    }
}

#[test]
fn every_listed_exercise_starts_fails_untouched_and_passes_when_solved() {
    let names = listed();
    assert!(
        names.len() >= 10,
        "at least ten built-in exercises, found {}",
        names.len()
    );
    let exercises: Vec<Exercise> = names.iter().map(|n| load(n)).collect();
    check_unique_ids(&exercises).expect("ids are unique");
    for e in &exercises {
        assert_eq!(format!("{}.json", e.id), e.file, "a file is named after its exercise");
        assert!(!e.hints.is_empty(), "{}: hints", e.id);
        let start = e.start_tenant().unwrap_or_else(|err| panic!("{err}"));

        let untouched = check(e, &start, &start);
        assert!(!all_passed(&untouched), "{}: passes untouched", e.id);
        for r in &untouched {
            assert_eq!(r.passed, r.missing.is_none(), "{}: {}", e.id, r.name);
        }
        assert!(
            untouched
                .iter()
                .filter_map(|r| r.missing.as_deref())
                .all(|m| !m.is_empty()),
            "{}: a failure says what is missing",
            e.id
        );

        let mut now = start.clone();
        solve(&e.id, &mut now);
        let results = check(e, &start, &now);
        assert!(
            all_passed(&results),
            "{}: still missing {:?}",
            e.id,
            missing(e, &start, &now)
        );
    }
}

#[test]
fn an_untouched_start_names_what_is_missing() {
    let expect: &[(&str, &[&str])] = &[
        (
            "guests-find-and-invite.json",
            &["No guest has been invited with the address noor.haddad@fabrikam.com"],
        ),
        ("guest-licence-without-exchange.json", &["Gabriel Dubois still has no Office 365 E1"]),
        (
            "licenses-page-assign-three.json",
            &["Jane Clayton, Tricia Nguyen and Patti Fernandez still have no Microsoft Entra ID P2"],
        ),
        (
            "active-users-assign-more.json",
            &["Diego Siciliani, Henrietta Mueller, Lynne Robbins and Debra Berger still have no Microsoft 365 Audio Conferencing"],
        ),
        (
            "replace-e1-with-e3.json",
            &[
                "Fatima Khan and Alain Charon still have no Office 365 E3",
                "Fatima Khan and Alain Charon still have Office 365 E1",
            ],
        ),
        (
            "turn-off-an-app.json",
            &["Lidia Holloway still has Yammer Enterprise on in Office 365 E3"],
        ),
        (
            "group-error-reprocess.json",
            &[
                "Sales E3 still has a member with license errors: Sofia Rossi (conflicting service plans)",
                "Sofia Rossi still has no Office 365 E3",
                "Sofia Rossi still has Office 365 E1",
            ],
        ),
        ("remove-inherited-licence.json", &["Isaiah Langer still has Office 365 E3"]),
        (
            "usage-location-first.json",
            &["Daan Jansen has no usage location", "Daan Jansen still has no Microsoft Entra ID P2"],
        ),
        ("free-a-seat.json", &["Mateo Ruiz still has no Office 365 E3"]),
        (
            "group-seat-reprocess.json",
            &[
                "EMS E5 pilot still has a member with errors for Enterprise Mobility + Security E5: Grady Archie (not enough licenses)",
                "Grady Archie still has no Enterprise Mobility + Security E5",
            ],
        ),
        (
            "link-office-365-to-azure.json",
            &[
                "Pay-As-You-Go is still in Default Directory, not in Contoso",
                "admin@contoso.onmicrosoft.com is not a co-administrator of Pay-As-You-Go yet",
            ],
        ),
        (
            "same-account-power-bi-azure.json",
            &["admin@contoso.onmicrosoft.com is not a co-administrator of Pay-As-You-Go yet"],
        ),
    ];
    assert_eq!(
        expect.len(),
        listed().len(),
        "every listed exercise has its expectation here"
    );
    for (file, want) in expect {
        let e = load(file);
        let start = e.start_tenant().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(missing(&e, &start, &start), *want, "{file}");
    }
}

#[test]
fn a_second_valid_way_to_the_goal_passes_too() {
    // Assign to three users in one $batch instead of one by one.
    let e = load("licenses-page-assign-three.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let requests: Vec<Value> = ["jane@contoso.com", "tricia@contoso.com", "pattif@contoso.com"]
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({ "id": (i + 1).to_string(), "method": "POST", "url": format!("/users/{u}/assignLicense"),
                    "headers": { "Content-Type": "application/json" }, "body": licences(&[("AAD_PREMIUM_P2", &[])], &[]) })
        })
        .collect();
    ok(&mut now, Method::Post, "/$batch", Some(json!({ "requests": requests })));
    assert!(all_passed(&check(&e, &start, &now)), "{:?}", missing(&e, &start, &now));

    // Replace in two steps per user, E1 out then E3 in, in a $batch with dependsOn.
    let e = load("replace-e1-with-e3.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let requests = json!([
        { "id": "1", "method": "POST", "url": "/users/fatimak@contoso.com/assignLicense", "body": licences(&[], &["STANDARDPACK"]) },
        { "id": "2", "method": "POST", "url": "/users/fatimak@contoso.com/assignLicense", "body": licences(&[("ENTERPRISEPACK", &[])], &[]), "dependsOn": ["1"] },
        { "id": "3", "method": "POST", "url": "/users/alain@contoso.com/assignLicense", "body": licences(&[], &["STANDARDPACK"]) },
        { "id": "4", "method": "POST", "url": "/users/alain@contoso.com/assignLicense", "body": licences(&[("ENTERPRISEPACK", &[])], &[]), "dependsOn": ["3"] }
    ]);
    ok(&mut now, Method::Post, "/$batch", Some(json!({ "requests": requests })));
    assert!(all_passed(&check(&e, &start, &now)), "{:?}", missing(&e, &start, &now));

    // Reprocess the user instead of the group.
    let e = load("group-error-reprocess.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    assign(&mut now, "sofiar@contoso.com", &[], &["STANDARDPACK"]);
    ok(
        &mut now,
        Method::Post,
        "/users/sofiar@contoso.com/reprocessLicenseAssignment",
        None,
    );
    assert!(all_passed(&check(&e, &start, &now)), "{:?}", missing(&e, &start, &now));

    // The same, for the pilot group's seat: Grady reprocessed on his own.
    let e = load("group-seat-reprocess.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    remove_member(&mut now, "EMS E5 pilot", "yukit@contoso.com");
    ok(
        &mut now,
        Method::Post,
        "/users/gradya@contoso.com/reprocessLicenseAssignment",
        None,
    );
    assert!(all_passed(&check(&e, &start, &now)), "{:?}", missing(&e, &start, &now));

    // The other departed user's seat does as well.
    let e = load("free-a-seat.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    assign(&mut now, "noral@contoso.com", &[], &["ENTERPRISEPACK"]);
    assign(&mut now, "mateo.ruiz@fabrikam.com", &[("ENTERPRISEPACK", &[])], &[]);
    assert!(all_passed(&check(&e, &start, &now)), "{:?}", missing(&e, &start, &now));
}

#[test]
fn a_solution_that_does_damage_fails_the_guard() {
    // Taking the licence from the whole group reaches Isaiah, and every other member.
    let e = load("remove-inherited-licence.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let g = gid(&now, "Sales E3");
    ok(
        &mut now,
        Method::Post,
        &format!("/groups/{g}/assignLicense"),
        Some(licences(&[], &["ENTERPRISEPACK"])),
    );
    assert_eq!(
        missing(&e, &start, &now),
        vec!["Miriam Graham lost Office 365 E3; Christie Cline lost Office 365 E3; Sanne de Vries lost Office 365 E3; Lucas Silva lost Office 365 E3"]
    );

    // Freeing a seat by taking Jane's, who still works here.
    let e = load("free-a-seat.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    assign(&mut now, "pattif@contoso.com", &[], &["ENTERPRISEPACK"]);
    assign(&mut now, "mateo.ruiz@fabrikam.com", &[("ENTERPRISEPACK", &[])], &[]);
    assert_eq!(missing(&e, &start, &now), vec!["Patti Fernandez lost Office 365 E3"]);

    // Replace instead of Assign more, with another product checked by mistake: Replace
    // alone is refused (Audio Conferencing needs E3's Skype for Business), but with E5
    // checked it goes through and Debra loses her E3.
    let e = load("active-users-assign-more.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let r = send(
        &mut now,
        Method::Post,
        "/users/diegos@contoso.com/assignLicense",
        Some(licences(&[("MCOMEETADV", &[])], &["ENTERPRISEPACK"])),
    );
    assert_eq!(r.status, 400, "Audio Conferencing alone depends on a plan of E3");
    for u in ["diegos@contoso.com", "henriettam@contoso.com", "lynner@contoso.com"] {
        assign(&mut now, u, &[("MCOMEETADV", &[])], &[]);
    }
    assign(
        &mut now,
        "debrab@contoso.com",
        &[("MCOMEETADV", &[]), ("ENTERPRISEPREMIUM", &[])],
        &["ENTERPRISEPACK"],
    );
    assert_eq!(missing(&e, &start, &now), vec!["Debra Berger lost Office 365 E3"]);

    // Replace that forgets Alain's P2.
    let e = load("replace-e1-with-e3.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    assign(
        &mut now,
        "fatimak@contoso.com",
        &[("ENTERPRISEPACK", &[])],
        &["STANDARDPACK"],
    );
    assign(
        &mut now,
        "alain@contoso.com",
        &[("ENTERPRISEPACK", &[])],
        &["STANDARDPACK", "AAD_PREMIUM_P2"],
    );
    assert_eq!(
        missing(&e, &start, &now),
        vec!["Alain Charon no longer has Microsoft Entra ID P2"]
    );
}

#[test]
fn a_wrong_way_leaves_the_exercise_unfinished() {
    // A co-administrator added before the change of directory is removed by it.
    let e = load("link-office-365-to-azure.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let kelley = "microsoft:kelley@outlook.com";
    portal(
        &mut now,
        kelley,
        "/azure/coAdministrators",
        json!({ "address": "admin@contoso.onmicrosoft.com", "subscriptions": [PAYG_ID] }),
    );
    let link = portal(
        &mut now,
        kelley,
        "/azure/directoryLinks",
        json!({ "subscription": PAYG_ID }),
    )["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    portal(
        &mut now,
        "work:admin@contoso.onmicrosoft.com",
        &format!("/azure/directoryLinks/{link}/approve"),
        json!({}),
    );
    let org = now.org().id;
    portal(
        &mut now,
        kelley,
        &format!("/azure/subscriptions/{PAYG_ID}/changeDirectory"),
        json!({ "directory": org }),
    );
    assert_eq!(
        missing(&e, &start, &now),
        vec!["admin@contoso.onmicrosoft.com is not a co-administrator of Pay-As-You-Go yet"]
    );

    // Without a usage location the assignment is refused, and nothing is checked off.
    let e = load("usage-location-first.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    let r = send(
        &mut now,
        Method::Post,
        "/users/daanj@contoso.com/assignLicense",
        Some(licences(&[("AAD_PREMIUM_P2", &[])], &[])),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        missing(&e, &start, &now),
        vec![
            "Daan Jansen has no usage location",
            "Daan Jansen still has no Microsoft Entra ID P2"
        ]
    );

    // Reprocessing before fixing the cause changes nothing.
    let e = load("group-error-reprocess.json");
    let start = e.start_tenant().unwrap();
    let mut now = start.clone();
    reprocess_group(&mut now, "Sales E3");
    assert!(!all_passed(&check(&e, &start, &now)));
    // Removing E1 without reprocessing leaves the group's error.
    assign(&mut now, "sofiar@contoso.com", &[], &["STANDARDPACK"]);
    assert_eq!(
        missing(&e, &start, &now),
        vec![
            "Sales E3 still has a member with license errors: Sofia Rossi (conflicting service plans)",
            "Sofia Rossi still has no Office 365 E3",
        ]
    );
}

// ---------------------------------------------------------------------------------------
// The start: deterministic, and journaled so the app can save, restore and undo on top.

#[test]
fn a_start_is_deterministic_and_journals_its_setup_apart() {
    let e = load("free-a-seat.json");
    let a = e.start_simulation().unwrap();
    let b = e.start_simulation().unwrap();
    assert_eq!(a.tenant.all_users(), b.tenant.all_users());
    assert_eq!(a.journal.setup, b.journal.setup);
    assert_eq!(a.journal.setup.len(), 2);
    assert!(a.journal.entries.is_empty());
    assert!(a
        .journal
        .setup
        .iter()
        .all(|s| s.at == START_AT.0 && s.actor == "admin@contoso.onmicrosoft.com"));
    // Placeholders are resolved in what was run and journaled.
    assert!(a.journal.setup[0]
        .body
        .as_ref()
        .is_some_and(|b| b.to_string().contains(&sku("ENTERPRISEPACK"))));
    let e3 = catalog::product_by_part("ENTERPRISEPACK").unwrap().sku_id;
    assert_eq!(a.tenant.sku(e3).map(|s| s.consumed_units), Some(28));
}

#[test]
fn the_app_journals_the_trainees_work_on_top_of_the_start() {
    let e = load("free-a-seat.json");
    let mut sim = e.start_simulation().unwrap();
    let start = sim.tenant.clone();
    let seed = sim.journal.seed.clone();
    let setup = sim.journal.setup.clone();
    let auth = ("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com");
    let r = sim.request(
        &GraphRequest::new(Method::Post, "/users/ravip@contoso.com/assignLicense")
            .header(auth.0, auth.1)
            .json(licences(&[], &["ENTERPRISEPACK"])),
        NOW,
    );
    assert_eq!(r.status, 200);
    let mateo = uid(&sim.tenant, "mateo.ruiz@fabrikam.com");
    let r = sim.request(
        &GraphRequest::new(Method::Post, format!("/users/{mateo}/assignLicense"))
            .header(auth.0, auth.1)
            .json(licences(&[("ENTERPRISEPACK", &[])], &[])),
        NOW,
    );
    assert_eq!(r.status, 200);
    assert!(all_passed(&check(&e, &start, &sim.tenant)));

    // Saved and restored for this start, it is the same tenant.
    let saved = sim.to_json();
    let back = Simulation::restore_for_start(&saved, &seed, &setup).unwrap();
    assert_eq!(back.tenant.all_users(), sim.tenant.all_users());
    assert!(all_passed(&check(&e, &start, &back.tenant)));
    // Not as a plain demo, nor for another exercise's start.
    assert!(matches!(
        Simulation::restore_for(&saved, &TenantSeed::Demo),
        Err(JournalError::OtherStart(_))
    ));
    let other = load("group-error-reprocess.json").start_simulation().unwrap();
    assert!(matches!(
        Simulation::restore_for_start(&saved, &seed, &other.journal.setup),
        Err(JournalError::OtherStart(_))
    ));
    // A start that no longer builds as recorded is refused, not replayed.
    let tampered = saved.replacen("\"status\":200", "\"status\":400", 1);
    assert_eq!(
        Simulation::restore(&tampered).err(),
        Some(JournalError::OtherStart(
            "setup call 1 (POST /users/ravip@contoso.com/assignLicense) ended with 400 then and 200 now".into()
        ))
    );
    let from_start = Simulation::from_start(seed.clone(), setup.clone()).unwrap();
    assert_eq!(from_start.tenant.all_users(), start.all_users());

    // Undo takes back the trainee's changes, never the start.
    let mut sim = back;
    assert!(sim.undo().is_some());
    assert!(sim.undo().is_some());
    assert!(sim.undo().is_none(), "the setup is not undone");
    assert_eq!(sim.tenant.all_users(), start.all_users());
    assert_eq!(sim.journal.setup, setup);
}

#[test]
fn a_plain_simulations_stored_form_is_unchanged() {
    let sim = Simulation::new(TenantSeed::Demo);
    let stored: Value = serde_json::from_str(&sim.to_json()).unwrap();
    assert_eq!(
        stored,
        json!({ "version": 1, "seed": { "kind": "demo" }, "entries": [] })
    );
    let generated = Simulation::new(TenantSeed::Generated { users: 5, seed: 3 });
    assert!(generated
        .to_json()
        .contains(r#""seed":{"kind":"generated","users":5,"seed":3}"#));
}

// ---------------------------------------------------------------------------------------
// Every criterion kind, passing and failing, with its exact words.

/// An exercise on the demo with these criteria (and this setup).
fn exercise(check: Value, setup: Value) -> Exercise {
    let text = json!({
        "id": "probe", "title": "Probe", "level": "beginner", "minutes": 1, "goal": "Probe the criteria.",
        "start": { "tenant": { "kind": "demo" }, "setup": setup },
        "hints": [], "check": check,
    })
    .to_string();
    parse_exercise("probe.json", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// The outcome of one criterion on `now`, against the demo as the start.
fn outcome(criterion: Value, now: &Tenant) -> Option<String> {
    let mut c = criterion;
    c["name"] = json!("probe");
    let e = exercise(json!([c]), json!([]));
    let start = e.start_tenant().unwrap_or_else(|err| panic!("{err}"));
    let r = check(&e, &start, now).remove(0);
    assert_eq!(r.passed, r.missing.is_none());
    r.missing
}

#[test]
fn user_has_product_checks_the_product_its_services_and_its_path() {
    let demo = demo_tenant();
    let c = json!({ "kind": "userHasProduct", "user": "jane@contoso.com", "product": "AAD_PREMIUM_P2" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Jane Clayton still has no Microsoft Entra ID P2")
    );
    let mut now = demo.clone();
    assign(&mut now, "jane@contoso.com", &[("AAD_PREMIUM_P2", &[])], &[]);
    assert_eq!(outcome(c, &now), None);

    // Held at the start and taken away since.
    let c = json!({ "kind": "userHasProduct", "user": "PattiF@contoso.com", "product": "ENTERPRISEPACK" });
    assert_eq!(outcome(c.clone(), &demo), None, "names match in any case");
    let mut now = demo.clone();
    assign(&mut now, "pattif@contoso.com", &[], &["ENTERPRISEPACK"]);
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Patti Fernandez no longer has Office 365 E3")
    );

    // Services off and on.
    let c = json!({ "kind": "userHasProduct", "user": "jane@contoso.com", "product": "ENTERPRISEPACK",
                    "servicesOff": ["YAMMER_ENTERPRISE", "SWAY"], "servicesOn": ["TEAMS1"] });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Jane Clayton still has Yammer Enterprise and Sway on in Office 365 E3")
    );
    let mut now = demo.clone();
    assign(
        &mut now,
        "jane@contoso.com",
        &[("ENTERPRISEPACK", &["YAMMER_ENTERPRISE", "SWAY"])],
        &[],
    );
    assert_eq!(outcome(c.clone(), &now), None);
    assign(
        &mut now,
        "jane@contoso.com",
        &[("ENTERPRISEPACK", &["YAMMER_ENTERPRISE", "SWAY", "TEAMS1"])],
        &[],
    );
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Jane Clayton has Microsoft Teams off in Office 365 E3")
    );

    // Direct, or only through a group.
    let c =
        json!({ "kind": "userHasProduct", "user": "isaiahl@contoso.com", "product": "ENTERPRISEPACK", "direct": true });
    assert_eq!(
        outcome(c, &demo).as_deref(),
        Some("Isaiah Langer has Office 365 E3 only through a group, not assigned directly")
    );
    let c = json!({ "kind": "userHasProduct", "user": "isaiahl@contoso.com", "product": "ENTERPRISEPACK", "direct": false });
    assert_eq!(outcome(c, &demo), None);
    let c =
        json!({ "kind": "userHasProduct", "user": "adelev@contoso.com", "product": "ENTERPRISEPACK", "direct": false });
    assert_eq!(
        outcome(c, &demo).as_deref(),
        Some("Adele Vance has Office 365 E3 assigned directly; it should come only through a group")
    );
    let c =
        json!({ "kind": "userHasProduct", "user": "adelev@contoso.com", "product": "ENTERPRISEPACK", "direct": true });
    assert_eq!(outcome(c, &demo), None);

    // A user deleted since can't pass.
    let mut now = demo.clone();
    ok(&mut now, Method::Delete, "/users/tricia@contoso.com", None);
    let c = json!({ "kind": "userHasProduct", "user": "tricia@contoso.com", "product": "ENTERPRISEPACK" });
    assert_eq!(outcome(c, &now).as_deref(), Some("Tricia Nguyen was deleted"));
}

#[test]
fn user_has_no_product_and_the_lists() {
    let demo = demo_tenant();
    let c = json!({ "kind": "userHasNoProduct", "user": "pattif@contoso.com", "product": "ENTERPRISEPACK" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Patti Fernandez still has Office 365 E3")
    );
    let mut now = demo.clone();
    assign(&mut now, "pattif@contoso.com", &[], &["ENTERPRISEPACK"]);
    assert_eq!(outcome(c, &now), None);

    let c = json!({ "kind": "usersHaveProduct", "users": ["jane@contoso.com", "tricia@contoso.com"], "product": "AAD_PREMIUM_P2" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Jane Clayton and Tricia Nguyen still have no Microsoft Entra ID P2")
    );
    let mut now = demo.clone();
    assign(&mut now, "jane@contoso.com", &[("AAD_PREMIUM_P2", &[])], &[]);
    assert_eq!(
        outcome(c.clone(), &now).as_deref(),
        Some("Tricia Nguyen still has no Microsoft Entra ID P2")
    );
    assign(&mut now, "tricia@contoso.com", &[("AAD_PREMIUM_P2", &[])], &[]);
    assert_eq!(outcome(c, &now), None);

    let c = json!({ "kind": "usersHaveNoProduct", "users": ["admin@contoso.onmicrosoft.com", "alain@contoso.com", "jane@contoso.com"], "product": "AAD_PREMIUM_P2" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Kelley Wall and Alain Charon still have Microsoft Entra ID P2")
    );
    let mut now = demo.clone();
    assign(&mut now, "admin@contoso.onmicrosoft.com", &[], &["AAD_PREMIUM_P2"]);
    assert_eq!(
        outcome(c.clone(), &now).as_deref(),
        Some("Alain Charon still has Microsoft Entra ID P2")
    );
    assign(&mut now, "alain@contoso.com", &[], &["AAD_PREMIUM_P2"]);
    assert_eq!(outcome(c, &now), None);
}

#[test]
fn user_licence_count() {
    let demo = demo_tenant();
    let c = json!({ "kind": "userLicenceCount", "user": "jane@contoso.com", "count": 2 });
    assert_eq!(outcome(c, &demo), None);
    let c = json!({ "kind": "userLicenceCount", "user": "jane@contoso.com", "count": 3 });
    assert_eq!(
        outcome(c, &demo).as_deref(),
        Some("Jane Clayton has 2 licenses instead of 3 licenses")
    );
    let c = json!({ "kind": "userLicenceCount", "user": "pattif@contoso.com", "count": 0 });
    assert_eq!(
        outcome(c, &demo).as_deref(),
        Some("Patti Fernandez has 1 license instead of 0 licenses")
    );
}

#[test]
fn group_has_no_errors_names_the_members_in_error() {
    let demo = demo_tenant();
    let c = json!({ "kind": "groupHasNoErrors", "group": "Frontline E1" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Frontline E1 still has a member with license errors: Joni Sherman (conflicting service plans)")
    );
    let mut now = demo.clone();
    remove_member(&mut now, "Frontline E1", "jonis@contoso.com");
    assert_eq!(outcome(c, &now), None);

    let c = json!({ "kind": "groupHasNoErrors", "group": "ems e5 pilot", "product": "EMSPREMIUM" });
    assert_eq!(
        outcome(c, &demo).as_deref(),
        Some("EMS E5 pilot still has a member with errors for Enterprise Mobility + Security E5: Grady Archie (not enough licenses)")
    );
    let c = json!({ "kind": "groupHasNoErrors", "group": "Sales E3" });
    assert_eq!(outcome(c, &demo), None);

    // Two members in error.
    let mut now = demo.clone();
    let (g, jane) = (gid(&now, "Frontline E1"), uid(&now, "jane@contoso.com"));
    ok(
        &mut now,
        Method::Post,
        &format!("/groups/{g}/members/$ref"),
        Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{jane}") })),
    );
    let c = json!({ "kind": "groupHasNoErrors", "group": "Frontline E1" });
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Frontline E1 still has 2 members with license errors: Jane Clayton (conflicting service plans) and Joni Sherman (conflicting service plans)")
    );
}

#[test]
fn usage_location_set() {
    let demo = demo_tenant();
    let c = json!({ "kind": "usageLocationSet", "user": "daanj@contoso.com" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Daan Jansen has no usage location")
    );
    let mut now = demo.clone();
    ok(
        &mut now,
        Method::Patch,
        "/users/daanj@contoso.com",
        Some(json!({ "usageLocation": "DE" })),
    );
    assert_eq!(outcome(c, &now), None);
    let c = json!({ "kind": "usageLocationSet", "user": "daanj@contoso.com", "country": "NL" });
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Daan Jansen's usage location is Germany (DE), not Netherlands (NL)")
    );
    let c = json!({ "kind": "usageLocationSet", "user": "jane@contoso.com", "country": "US" });
    assert_eq!(outcome(c, &demo), None);
}

#[test]
fn guest_invited() {
    let demo = demo_tenant();
    let c = json!({ "kind": "guestInvited", "email": "noor.haddad@fabrikam.com" });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("No guest has been invited with the address noor.haddad@fabrikam.com")
    );
    let invite = |t: &mut Tenant, kind: &str| {
        ok(
            t,
            Method::Post,
            "/invitations",
            Some(
                json!({ "invitedUserEmailAddress": "Noor.Haddad@fabrikam.com", "invitedUserDisplayName": "Noor Haddad",
                         "inviteRedirectUrl": "https://myapps.microsoft.com", "invitedUserType": kind }),
            ),
        )
    };
    let mut now = demo.clone();
    invite(&mut now, "Guest");
    assert_eq!(outcome(c.clone(), &now), None, "addresses match in any case");
    let mut now = demo.clone();
    invite(&mut now, "Member");
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Noor Haddad was invited as a member, not as a guest")
    );
}

#[test]
fn product_consumed_at_most() {
    let demo = demo_tenant();
    let c = json!({ "kind": "productConsumedAtMost", "product": "ENTERPRISEPACK", "units": 26 });
    assert_eq!(outcome(c, &demo), None);
    let c = json!({ "kind": "productConsumedAtMost", "product": "ENTERPRISEPACK", "units": 25 });
    assert_eq!(
        outcome(c.clone(), &demo).as_deref(),
        Some("Office 365 E3 has 26 licenses assigned; at most 25 may be")
    );
    let mut now = demo.clone();
    assign(&mut now, "pattif@contoso.com", &[], &["ENTERPRISEPACK"]);
    assert_eq!(outcome(c, &now), None);
}

#[test]
fn no_other_licence_lost_compares_with_the_start() {
    let demo = demo_tenant();
    let c = json!({ "kind": "noOtherLicenceLost" });
    assert_eq!(outcome(c.clone(), &demo), None);
    let mut now = demo.clone();
    assign(&mut now, "jane@contoso.com", &[], &["ENTERPRISEPACK", "MCOMEETADV"]);
    assert_eq!(
        outcome(c.clone(), &now).as_deref(),
        Some("Jane Clayton lost Office 365 E3 and Microsoft 365 Audio Conferencing")
    );
    let spared = json!({ "kind": "noOtherLicenceLost", "except": ["jane@contoso.com"] });
    assert_eq!(outcome(spared, &now), None);
    // Gaining a licence or a plan turned off is no loss; a deleted user lost everything.
    let mut now = demo.clone();
    assign(
        &mut now,
        "jane@contoso.com",
        &[("AAD_PREMIUM_P2", &[]), ("ENTERPRISEPACK", &["SWAY"])],
        &[],
    );
    assert_eq!(outcome(c.clone(), &now), None);
    ok(&mut now, Method::Delete, "/users/tricia@contoso.com", None);
    assert_eq!(
        outcome(c.clone(), &now).as_deref(),
        Some("Tricia Nguyen lost Office 365 E3 and Power BI (free)")
    );
    // Many users: the first five are named.
    let mut now = demo.clone();
    for u in [
        "henriettam@contoso.com",
        "tricia@contoso.com",
        "pattif@contoso.com",
        "leeg@contoso.com",
        "diegos@contoso.com",
        "gradya@contoso.com",
        "debrab@contoso.com",
    ] {
        assign(&mut now, u, &[], &["ENTERPRISEPACK"]);
    }
    assert_eq!(
        outcome(c, &now).as_deref(),
        Some("Tricia Nguyen lost Office 365 E3; Patti Fernandez lost Office 365 E3; Lee Gu lost Office 365 E3; Diego Siciliani lost Office 365 E3; Grady Archie lost Office 365 E3; and 2 more users lost licenses")
    );
}

// ---------------------------------------------------------------------------------------
// Every kind of mistake in a file: its file, place and words.

/// A valid exercise, to break one thing at a time.
fn valid() -> Value {
    json!({
        "id": "give-p2", "title": "Give P2", "level": "beginner", "minutes": 3, "goal": "Jane needs P2.",
        "start": { "tenant": { "kind": "demo" }, "setup": [] },
        "hints": ["Open **Billing > Licenses**."],
        "check": [{ "name": "Jane has P2", "kind": "userHasProduct", "user": "jane@contoso.com", "product": "AAD_PREMIUM_P2" }]
    })
}

/// The error of `valid()` changed by `edit`, whether found reading or building the start.
fn mistake(edit: impl FnOnce(&mut Value)) -> ScenarioError {
    let mut v = valid();
    edit(&mut v);
    match parse_exercise("give-p2.json", &v.to_string()) {
        Err(e) => e,
        Ok(e) => e.start_tenant().expect_err("a mistake"),
    }
}

fn push_check(v: &mut Value, c: Value) {
    v["check"].as_array_mut().expect("a list").push(c);
}

/// A mistake's kind, file, place and words.
type Said<'a> = (Mistake, &'a str, &'a str, &'a str);

fn said(e: &ScenarioError) -> Said<'_> {
    (e.kind, e.file.as_str(), e.place.as_str(), e.what.as_str())
}

/// Every shipped exercise has Dutch for every text a trainee reads: a missing or
/// untranslated one fails here, not in front of a Dutch trainee.
#[test]
fn every_shipped_exercise_is_in_dutch_too() {
    let mut problems = Vec::new();
    for file in listed() {
        let e = load(&file);
        let Some(nl) = e.translations.get("nl") else {
            problems.push(format!("{file}: no translations.nl"));
            continue;
        };
        for (field, present) in [
            ("title", nl.title.is_some()),
            ("goal", nl.goal.is_some()),
            ("hints", nl.hints.is_some()),
            ("check", nl.check.is_some()),
        ] {
            if !present {
                problems.push(format!("{file}: translations.nl.{field} is missing"));
            }
        }
        let texts = e.texts("nl-NL");
        let english = e.texts("en");
        if texts.title == english.title || texts.goal == english.goal {
            problems.push(format!("{file}: the Dutch title or goal is the English one"));
        }
        for (i, (nl, en)) in texts.hints.iter().zip(&english.hints).enumerate() {
            if nl == en {
                problems.push(format!("{file}: hint {i} is not translated"));
            }
        }
        for (i, (nl, en)) in texts.check.iter().zip(&english.check).enumerate() {
            if nl == en {
                problems.push(format!("{file}: criterion {i}'s name is not translated"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn translations_fall_back_to_english_and_follow_the_english_lists() {
    let mut v = valid();
    v["translations"] = json!({ "nl": { "title": "Jane P2 geven" } });
    let e = parse_exercise("give-p2.json", &v.to_string()).unwrap();
    let nl = e.texts("nl-BE");
    assert_eq!(nl.title, "Jane P2 geven");
    assert_eq!(nl.goal, e.goal, "no Dutch goal: the English one");
    assert_eq!(nl.hints, vec!["Open **Billing > Licenses**."]);
    assert_eq!(nl.check, vec!["Jane has P2"]);
    assert_eq!(e.texts("fr").title, e.title);

    let e = mistake(|v| v["translations"] = json!({ "nl": { "hints": ["Een", "Twee"] } }));
    assert_eq!(
        said(&e),
        (
            Mistake::BadValue,
            "give-p2.json",
            "/translations/nl/hints",
            "2 hints translated; the exercise has 1"
        )
    );
    let e = mistake(|v| v["translations"] = json!({ "nl": { "check": [""] } }));
    assert_eq!(
        said(&e),
        (
            Mistake::BadValue,
            "give-p2.json",
            "/translations/nl/check/0",
            "the text is empty"
        )
    );
    let e = mistake(|v| v["translations"] = json!({ "nl": { "titel": "x" } }));
    assert_eq!(
        (e.kind, e.place.as_str()),
        (Mistake::UnknownField, "/translations/nl/titel")
    );
    let e = mistake(|v| v["translations"] = json!({ "Dutch": {} }));
    assert_eq!((e.kind, e.place.as_str()), (Mistake::BadValue, "/translations/Dutch"));
}

#[test]
fn the_valid_probe_is_valid() {
    let e = parse_exercise("give-p2.json", &valid().to_string()).unwrap();
    assert!(e.start_tenant().is_ok());
}

#[test]
fn each_mistake_in_a_file_has_its_message() {
    let e = parse_exercise("broken.json", "{\n  \"id\": \"x\",\n  \"title\" \"y\"\n}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "broken.json: not JSON: expected `:` at line 3, column 11"
    );
    assert_eq!(e.kind, Mistake::NotJson);

    let cases: Vec<(ScenarioError, Said)> = vec![
        (
            mistake(|v| drop(v.as_object_mut().unwrap().remove("goal"))),
            (Mistake::MissingField, "give-p2.json", "/goal", "the field 'goal' is missing"),
        ),
        (
            mistake(|v| drop(v["check"][0].as_object_mut().unwrap().remove("product"))),
            (Mistake::MissingField, "give-p2.json", "/check/0/product", "the field 'product' is missing"),
        ),
        (
            mistake(|v| v["minutes"] = json!("ten")),
            (Mistake::WrongType, "give-p2.json", "/minutes", "expected a whole number, found a string"),
        ),
        (
            mistake(|v| v["hints"] = json!("Open Billing")),
            (Mistake::WrongType, "give-p2.json", "/hints", "expected a list, found a string"),
        ),
        (
            mistake(|v| v["check"][0]["direct"] = json!("yes")),
            (Mistake::WrongType, "give-p2.json", "/check/0/direct", "expected true or false, found a string"),
        ),
        (
            mistake(|v| v["hint"] = json!([])),
            (
                Mistake::UnknownField,
                "give-p2.json",
                "/hint",
                "unknown field 'hint'; the fields here are id, title, level, minutes, goal, start, hints, check, translations",
            ),
        ),
        (
            mistake(|v| v["check"][0]["kind"] = json!("userHasLicence")),
            (
                Mistake::UnknownCriterion,
                "give-p2.json",
                "/check/0/kind",
                "unknown criterion kind 'userHasLicence'; the kinds are userHasProduct, userHasNoProduct, usersHaveProduct, usersHaveNoProduct, userLicenceCount, groupHasNoErrors, usageLocationSet, guestInvited, productConsumedAtMost, noOtherLicenceLost, subscriptionInDirectory, coAdministrator",
            ),
        ),
        (
            mistake(|v| v["check"][0]["product"] = json!("AAD_PREMIUM_P3")),
            (
                Mistake::UnknownProduct,
                "give-p2.json",
                "/check/0/product",
                "no product has the part number 'AAD_PREMIUM_P3' (use a skuPartNumber such as ENTERPRISEPACK)",
            ),
        ),
        (
            mistake(|v| v["check"][0]["product"] = json!("SPE_E3")),
            (
                Mistake::UnknownProduct,
                "give-p2.json",
                "/check/0/product",
                "the start tenant does not subscribe to Microsoft 365 E3 (SPE_E3)",
            ),
        ),
        (
            mistake(|v| v["check"][0]["servicesOff"] = json!(["AAD_PREMIUM", "YAMMER_ENTERPRISE"])),
            (
                Mistake::UnknownServicePlan,
                "give-p2.json",
                "/check/0/servicesOff/1",
                "'YAMMER_ENTERPRISE' is not a service plan of Microsoft Entra ID P2 (AAD_PREMIUM_P2); its plans are AAD_PREMIUM, ADALLOM_S_DISCOVERY, EXCHANGE_S_FOUNDATION, MFA_PREMIUM, AAD_PREMIUM_P2",
            ),
        ),
        (
            mistake(|v| v["check"][0]["user"] = json!("megan@contoso.com")),
            (
                Mistake::UnknownUser,
                "give-p2.json",
                "/check/0/user",
                "no user 'megan@contoso.com' in the start tenant (name users by user principal name or mail)",
            ),
        ),
        (
            mistake(|v| {
                push_check(v, json!({ "name": "Guard", "kind": "noOtherLicenceLost", "except": ["jane@contoso.com", "olivers@contoso.com"] }))
            }),
            (
                Mistake::UnknownUser,
                "give-p2.json",
                "/check/1/except/1",
                "no user 'olivers@contoso.com' in the start tenant (name users by user principal name or mail)",
            ),
        ),
        (
            mistake(|v| v["check"][0] = json!({ "name": "No errors", "kind": "groupHasNoErrors", "group": "Sales E4" })),
            (Mistake::UnknownGroup, "give-p2.json", "/check/0/group", "no group named 'Sales E4' in the start tenant"),
        ),
        (
            mistake(|v| v["id"] = json!("Give P2")),
            (
                Mistake::BadId,
                "give-p2.json",
                "/id",
                "'Give P2' is not a slug: use lowercase letters, digits and single hyphens, like guests-export",
            ),
        ),
        (
            mistake(|v| v["id"] = json!("give--p2")),
            (
                Mistake::BadId,
                "give-p2.json",
                "/id",
                "'give--p2' is not a slug: use lowercase letters, digits and single hyphens, like guests-export",
            ),
        ),
        (
            mistake(|v| v["level"] = json!("expert")),
            (
                Mistake::BadValue,
                "give-p2.json",
                "/level",
                "the level must be beginner, intermediate or advanced, not 'expert'",
            ),
        ),
        (
            mistake(|v| v["minutes"] = json!(0)),
            (Mistake::BadValue, "give-p2.json", "/minutes", "0 is out of range: use 1 to 240"),
        ),
        (
            mistake(|v| v["check"][0] = json!({ "name": "Where", "kind": "usageLocationSet", "user": "jane@contoso.com", "country": "Netherlands" })),
            (
                Mistake::BadValue,
                "give-p2.json",
                "/check/0/country",
                "'Netherlands' is not a country code: use ISO 3166 alpha-2 in capitals, like NL",
            ),
        ),
        (
            mistake(|v| v["check"][0] = json!({ "name": "Invited", "kind": "guestInvited", "email": "ben.carter@fabrikam.com" })),
            (
                Mistake::BadValue,
                "give-p2.json",
                "/check/0/email",
                "Ben Carter already has the address ben.carter@fabrikam.com at the start, so an invitation can't be checked",
            ),
        ),
        (
            mistake(|v| v["start"]["setup"] = json!([{ "method": "GET", "url": "/users" }])),
            (
                Mistake::BadValue,
                "give-p2.json",
                "/start/setup/0/method",
                "a setup call changes the tenant: its method is PATCH, POST or DELETE, not 'GET'",
            ),
        ),
        (
            mistake(|v| v["start"]["setup"] = json!([{ "method": "POST", "url": "/groups/{grp:Sales E3}/reprocessLicenseAssignment" }])),
            (
                Mistake::BadValue,
                "give-p2.json",
                "/start/setup/0/url",
                "unknown placeholder '{grp:'; use {group:…}, {user:…}, {sku:…} or {plan:…}",
            ),
        ),
        (
            mistake(|v| push_check(v, json!({ "name": "Jane has P2", "kind": "noOtherLicenceLost" }))),
            (Mistake::Duplicate, "give-p2.json", "/check/1/name", "another criterion is already named 'Jane has P2'"),
        ),
        (
            mistake(|v| v["check"] = json!([])),
            (
                Mistake::NoCriteria,
                "give-p2.json",
                "/check",
                "the exercise checks nothing: give at least one criterion",
            ),
        ),
        (
            mistake(|v| v["hints"] = json!(vec!["Select **Next**."; 21])),
            (Mistake::TooBig, "give-p2.json", "/hints", "21 items; the limit is 20"),
        ),
        (
            mistake(|v| {
                let c = v["check"][0].clone();
                v["check"] = Value::Array((0..31).map(|i| { let mut c = c.clone(); c["name"] = json!(format!("c{i}")); c }).collect());
            }),
            (Mistake::TooBig, "give-p2.json", "/check", "31 items; the limit is 30"),
        ),
        (
            mistake(|v| v["start"]["setup"] = json!(vec![json!({ "method": "PATCH", "url": "/users/jane@contoso.com", "body": {} }); 51])),
            (Mistake::TooBig, "give-p2.json", "/start/setup", "51 items; the limit is 50"),
        ),
        (
            mistake(|v| v["title"] = json!("x".repeat(201))),
            (Mistake::TooBig, "give-p2.json", "/title", "the text is longer than 200 characters"),
        ),
        (
            mistake(|v| v["start"]["tenant"] = json!({ "kind": "generated", "users": 10_000_000, "seed": 1 })),
            (Mistake::BadValue, "give-p2.json", "/start/tenant/users", "10000000 is out of range: use 1 to 100000"),
        ),
    ];
    for (got, want) in &cases {
        assert_eq!(said(got), *want);
    }
    assert_eq!(
        cases[0].0.to_string(),
        "give-p2.json: at /goal: the field 'goal' is missing"
    );

    let huge = format!("{{\"id\": \"{}\"}}", "x".repeat(70_000));
    let e = parse_exercise("huge.json", &huge).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::TooBig,
            "huge.json",
            "",
            "the file is 70010 bytes; the limit is 65536"
        )
    );
    assert_eq!(e.to_string(), "huge.json: the file is 70010 bytes; the limit is 65536");
}

#[test]
fn a_setup_call_that_fails_on_the_seed_is_named_with_graphs_message() {
    let e = mistake(|v| {
        v["start"]["setup"] = json!([
            { "method": "PATCH", "url": "/users/jane@contoso.com", "body": { "jobTitle": "CFO" } },
            { "method": "POST", "url": "/users/christiec@contoso.com/assignLicense",
              "body": { "addLicenses": [{ "skuId": "{sku:AAD_PREMIUM_P2}", "disabledPlans": [] }], "removeLicenses": [] } }
        ])
    });
    assert_eq!(
        said(&e),
        (
            Mistake::SetupFailed,
            "give-p2.json",
            "/start/setup/1",
            "setup call 2 (POST /users/christiec@contoso.com/assignLicense) failed on the start tenant: 400 License assignment cannot be done for user with invalid usage location."
        )
    );
    // A $batch whose item fails is a failed call too.
    let e = mistake(|v| {
        v["start"]["setup"] = json!([{ "method": "POST", "url": "/$batch", "body": { "requests": [
            { "id": "1", "method": "POST", "url": "/users/jane@contoso.com/assignLicense",
              "body": { "addLicenses": [{ "skuId": "{sku:STANDARDPACK}", "disabledPlans": [] }], "removeLicenses": [] } }
        ] } }])
    });
    assert_eq!(e.kind, Mistake::SetupFailed);
    assert_eq!(e.place, "/start/setup/0");
    assert!(
        e.what.contains("1 of 1 requests failed: Conflicting service plans"),
        "{}",
        e.what
    );
    // A placeholder naming nothing in the tenant.
    let e = mistake(|v| {
        v["start"]["setup"] =
            json!([{ "method": "POST", "url": "/groups/{group:Sales E4}/reprocessLicenseAssignment" }])
    });
    assert_eq!(
        said(&e),
        (
            Mistake::UnknownGroup,
            "give-p2.json",
            "/start/setup/0/url",
            "no group named 'Sales E4' in the start tenant"
        )
    );
    let e = mistake(|v| {
        v["start"]["setup"] = json!([{ "method": "POST", "url": "/groups/{group:Sales E3}/members/$ref",
                                       "body": { "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{user:nobody@contoso.com}" } }])
    });
    assert_eq!(
        said(&e),
        (
            Mistake::UnknownUser,
            "give-p2.json",
            "/start/setup/0/body",
            "no user 'nobody@contoso.com' in the start tenant"
        )
    );
}

#[test]
fn the_index_and_the_set_are_validated() {
    assert_eq!(
        parse_index(r#"{ "exercises": ["a.json", "b.json"] }"#)
            .unwrap()
            .exercises,
        vec!["a.json", "b.json"]
    );
    let e = parse_index(r#"{ "exercises": ["a.json", "a.json"] }"#).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::Duplicate,
            "index.json",
            "/exercises/1",
            "a.json is listed more than once"
        )
    );
    let e = parse_index(r#"{ "exercises": ["../secrets.json"] }"#).unwrap_err();
    assert_eq!(e.kind, Mistake::BadValue);
    assert_eq!(e.place, "/exercises/0");
    assert!(e
        .what
        .starts_with("'../secrets.json' is not a file name in this folder"));
    let e = parse_index(r#"{ "exercises": [3] }"#).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::WrongType,
            "index.json",
            "/exercises/0",
            "expected a file name (a string), found a number"
        )
    );
    let e = parse_index(r#"{ "exercise": [] }"#).unwrap_err();
    assert_eq!(e.kind, Mistake::UnknownField);
    let e = parse_index(r#"{ }"#).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::MissingField,
            "index.json",
            "/exercises",
            "the field 'exercises' is missing"
        )
    );
    let e = parse_index("[").unwrap_err();
    assert_eq!(e.kind, Mistake::NotJson);
    assert_eq!(
        e.to_string(),
        "index.json: not JSON: EOF while parsing a list at line 1, column 1"
    );
    let many: Vec<String> = (0..201).map(|i| format!("e{i}.json")).collect();
    let e = parse_index(&json!({ "exercises": many }).to_string()).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::TooBig,
            "index.json",
            "/exercises",
            "201 items; the limit is 200"
        )
    );

    let a = parse_exercise("a.json", &valid().to_string()).unwrap();
    let b = parse_exercise("b.json", &valid().to_string()).unwrap();
    let e = check_unique_ids(&[a.clone(), b]).unwrap_err();
    assert_eq!(
        said(&e),
        (
            Mistake::Duplicate,
            "b.json",
            "/id",
            "the id 'give-p2' is already used by a.json"
        )
    );
    assert!(check_unique_ids(&[a]).is_ok());
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("{{\"id\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let e = parse_exercise("deep.json", &deep).unwrap_err();
    assert_eq!(e.kind, Mistake::TooBig);
    let deep = format!("{{\"id\": {}{}}}", "[".repeat(20_000), "]".repeat(20_000));
    let e = parse_exercise("deep.json", &deep).unwrap_err();
    assert_eq!(e.kind, Mistake::NotJson);
    assert!(e.what.contains("recursion limit"), "{}", e.what);
}

// ---------------------------------------------------------------------------------------
// The trainee's results file.

#[test]
fn results_say_what_was_done_and_how_long_it_took() {
    let e = load("turn-off-an-app.json");
    let start = e.start_tenant().unwrap();
    let begun = Timestamp(1_763_800_000);
    let r = Results::new(&e, check(&e, &start, &start), begun, Timestamp(begun.0 + 90), 2);
    assert!(!r.completed);
    let v: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["exerciseId"], "turn-off-an-app");
    assert_eq!(v["title"], "Turn off an app for one user");
    assert_eq!(v["completed"], false);
    assert_eq!(v["startedAt"], "2025-11-22T08:26:40Z");
    assert!(v.get("completedAt").is_none());
    assert_eq!(v["secondsTaken"], 90);
    assert_eq!(v["hintsUsed"], 2);
    assert_eq!(
        v["criteria"][0],
        json!({ "name": "Yammer Enterprise is off for Lidia Holloway", "passed": false,
                "missing": "Lidia Holloway still has Yammer Enterprise on in Office 365 E3" })
    );
    assert_eq!(
        v["criteria"][1],
        json!({ "name": "No one lost a license", "passed": true })
    );

    let mut now = start.clone();
    solve(&e.id, &mut now);
    let r = Results::new(&e, check(&e, &start, &now), begun, Timestamp(begun.0 + 300), 99);
    let v: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["completed"], true);
    assert_eq!(v["completedAt"], "2025-11-22T08:31:40Z");
    assert_eq!(v["secondsTaken"], 300);
    assert_eq!(v["hintsUsed"], 5, "at most the hints there are");
}

#[test]
fn the_readme_example_is_a_built_in_exercise_as_it_stands() {
    let readme = read("README.md");
    let after = readme
        .split_once("A complete example (`group-error-reprocess.json`):")
        .map(|(_, rest)| rest)
        .expect("the README has its example");
    let example = after
        .split_once("```json")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("a json block");
    let shown: Value = serde_json::from_str(example).expect("the example is JSON");
    let file: Value = serde_json::from_str(&read("group-error-reprocess.json")).unwrap();
    assert_eq!(shown, file);
    assert!(parse_exercise("group-error-reprocess.json", example).is_ok());
}

/// The project README's example is a working exercise: valid, startable, failing untouched.
#[test]
fn the_project_readme_example_is_a_working_exercise() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("the README");
    let example = readme
        .split_once("## Training")
        .and_then(|(_, rest)| rest.split_once("```json"))
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("the Training section has a json block");
    let exercise = parse_exercise("p2-for-jane.json", example).expect("the example is valid");
    let start = exercise.start_tenant().expect("the example starts");
    let results = tenant::training::check(&exercise, &start, &start);
    assert!(!tenant::training::all_passed(&results));
    assert_eq!(
        results[0].missing.as_deref(),
        Some("Jane Clayton still has no Microsoft Entra ID P2")
    );
}
