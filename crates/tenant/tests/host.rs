//! The simulated tenant driven by messages, as the app's Web Worker runs it: opening from a
//! seed, a saved journal or an exercise; requests, changes, undo, saving; two tabs' changes
//! taken in; and messages that are not commands.
mod common;

use common::*;
use serde_json::json;
use tenant::host::{Checked, Command, Envelope, Host, Reply, Start};
use tenant::rest::{GraphRequest, GraphResponse, Method};
use tenant::simulation::TenantSeed;

fn as_admin(req: GraphRequest) -> GraphRequest {
    req.header("Authorization", format!("Bearer dev:{ADMIN}"))
}

fn assign(upn: &str, part: &str) -> Command {
    let body = json!({ "addLicenses": [{ "skuId": id(part), "disabledPlans": [] }], "removeLicenses": [] });
    Command::Request {
        request: as_admin(GraphRequest::new(Method::Post, format!("/users/{upn}/assignLicense")).json(body)),
        now: NOW.0,
    }
}

fn get(url: &str) -> Command {
    Command::Request {
        request: as_admin(GraphRequest::new(Method::Get, url)),
        now: NOW.0,
    }
}

fn response(reply: Reply) -> GraphResponse {
    match reply {
        Reply::Response(r) => r,
        other => panic!("expected a response, got {other:?}"),
    }
}

fn open(host: &mut Host, saved: Option<String>) -> Reply {
    host.handle(Command::Open {
        start: Start::Sandbox(TenantSeed::Demo),
        saved,
    })
}

fn saved(host: &mut Host) -> (String, usize) {
    match host.handle(Command::Save) {
        Reply::Saved { json, entries } => (json, entries),
        other => panic!("expected the journal, got {other:?}"),
    }
}

fn entries(host: &mut Host) -> usize {
    match host.handle(Command::Journal) {
        Reply::Entries(e) => e.open().expect("the journal reads back").len(),
        other => panic!("expected entries, got {other:?}"),
    }
}

fn licence_count(host: &mut Host, upn: &str) -> usize {
    let body = response(host.handle(get(&format!("/users/{upn}?$select=assignedLicenses")))).into_json_body();
    body["assignedLicenses"].as_array().map_or(0, Vec::len)
}

#[test]
fn nothing_runs_before_the_tenant_is_open() {
    let mut host = Host::default();
    assert!(matches!(host.handle(get("/users")), Reply::Refused(_)));
    assert!(matches!(host.handle(Command::Undo), Reply::Refused(_)));
}

#[test]
fn requests_are_answered_and_writes_journaled_then_saved_and_reopened() {
    let mut host = Host::default();
    assert_eq!(
        open(&mut host, None),
        Reply::Opened {
            load_error: None,
            entries: 0
        }
    );
    let users = response(host.handle(get("/users?$top=5")));
    assert_eq!(users.status, 200);
    assert_eq!(entries(&mut host), 0, "a read is not journaled");
    let before = licence_count(&mut host, "jane@contoso.com");
    assert_eq!(
        response(host.handle(assign("jane@contoso.com", "AAD_PREMIUM_P2"))).status,
        200
    );
    assert_eq!(licence_count(&mut host, "jane@contoso.com"), before + 1);
    let (json, n) = saved(&mut host);
    assert_eq!(n, 1);

    let mut reloaded = Host::default();
    assert_eq!(
        open(&mut reloaded, Some(json)),
        Reply::Opened {
            load_error: None,
            entries: 1
        }
    );
    assert_eq!(licence_count(&mut reloaded, "jane@contoso.com"), before + 1);
}

#[test]
fn links_to_graphs_own_root_are_taken_as_relative() {
    let mut host = Host::default();
    open(&mut host, None);
    let absolute = response(host.handle(get("https://graph.microsoft.com/v1.0/users?$top=1")));
    let relative = response(host.handle(get("/users?$top=1")));
    assert_eq!(absolute.status, 200);
    assert_eq!(absolute.into_json_body()["value"], relative.into_json_body()["value"]);
}

#[test]
fn a_change_of_many_requests_is_undone_as_one() {
    let mut host = Host::default();
    open(&mut host, None);
    let (jane, adele) = (
        licence_count(&mut host, "jane@contoso.com"),
        licence_count(&mut host, "adelev@contoso.com"),
    );
    assert_eq!(host.handle(Command::BeginChange), Reply::Done);
    response(host.handle(assign("jane@contoso.com", "AAD_PREMIUM_P2")));
    response(host.handle(assign("adelev@contoso.com", "AAD_PREMIUM_P2")));
    assert_eq!(host.handle(Command::EndChange), Reply::Done);
    match host.handle(Command::Undo) {
        Reply::Undone(Some(undone)) => assert_eq!(undone.open().expect("the entries read back").len(), 2),
        other => panic!("expected the change undone, got {other:?}"),
    }
    assert_eq!(licence_count(&mut host, "jane@contoso.com"), jane);
    assert_eq!(licence_count(&mut host, "adelev@contoso.com"), adele);
    assert_eq!(host.handle(Command::Undo), Reply::Undone(None));
}

#[test]
fn a_saved_journal_that_cannot_be_used_is_reported_and_the_tenant_starts_afresh() {
    for bad in ["{not json", r#"{"version":99}"#] {
        let mut host = Host::default();
        match open(&mut host, Some(bad.into())) {
            Reply::Opened {
                load_error: Some(why),
                entries: 0,
            } => assert!(!why.is_empty()),
            other => panic!("expected a load error for {bad}, got {other:?}"),
        }
        assert_eq!(response(host.handle(get("/users?$top=1"))).status, 200);
    }
}

#[test]
fn another_tabs_changes_are_taken_in_under_this_tabs_unsaved_ones() {
    let (mut one, mut two) = (Host::default(), Host::default());
    open(&mut one, None);
    open(&mut two, None);
    response(one.handle(assign("jane@contoso.com", "AAD_PREMIUM_P2")));
    let (theirs, _) = saved(&mut one);
    response(two.handle(assign("adelev@contoso.com", "AAD_PREMIUM_P2")));

    assert_eq!(
        two.handle(Command::TakeIn {
            theirs: Some(theirs),
            saved: 0
        }),
        Reply::TookIn { saved: 1 }
    );
    assert_eq!(entries(&mut two), 2, "both tabs' changes, neither lost");
    assert_eq!(
        licence_count(&mut two, "jane@contoso.com"),
        licence_count(&mut one, "jane@contoso.com")
    );

    // The other tab reset: back to the start, with this tab's unsaved change on top.
    assert_eq!(
        two.handle(Command::TakeIn { theirs: None, saved: 1 }),
        Reply::TookIn { saved: 0 }
    );
    assert_eq!(entries(&mut two), 1);
    // A journal this tab cannot read is refused; the tenant stays as it was.
    assert!(matches!(
        two.handle(Command::TakeIn {
            theirs: Some("[]".into()),
            saved: 0
        }),
        Reply::Refused(_)
    ));
    assert_eq!(entries(&mut two), 1);
}

#[test]
fn reset_goes_back_to_the_start() {
    let mut host = Host::default();
    open(&mut host, None);
    let before = licence_count(&mut host, "jane@contoso.com");
    response(host.handle(assign("jane@contoso.com", "AAD_PREMIUM_P2")));
    assert_eq!(host.handle(Command::Reset), Reply::Done);
    assert_eq!(entries(&mut host), 0);
    assert_eq!(licence_count(&mut host, "jane@contoso.com"), before);
}

fn exercise_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/scenarios/free-a-seat.json"
    ))
    .expect("the shipped exercise")
}

/// Opens exercise file `file`, reading `text`, with nothing saved.
fn open_exercise(host: &mut Host, file: &str, text: String) -> Reply {
    host.handle(Command::Open {
        start: Start::Exercise {
            file: file.into(),
            text,
        },
        saved: None,
    })
}

fn checked(host: &mut Host) -> Vec<Checked> {
    match host.handle(Command::Check) {
        Reply::Checked(c) => c.open().expect("the checks read back"),
        other => panic!("expected the check, got {other:?}"),
    }
}

#[test]
fn an_exercise_opens_on_its_start_and_is_checked_there() {
    let mut host = Host::default();
    let opened = open_exercise(&mut host, "free-a-seat.json", exercise_text());
    assert_eq!(
        opened,
        Reply::Opened {
            load_error: None,
            entries: 0
        }
    );
    let first = checked(&mut host);
    assert_eq!(first.len(), 3);
    assert!(!first[0].passed, "Mateo has no E3 yet");
    assert!(
        !first[0].why.is_empty(),
        "what is missing comes as data for the page to word"
    );

    // Free Ravi's seat, give it to Mateo: the exercise passes.
    let free = json!({ "addLicenses": [], "removeLicenses": [id("ENTERPRISEPACK")] });
    let req = as_admin(GraphRequest::new(Method::Post, "/users/ravip@contoso.com/assignLicense").json(free));
    assert_eq!(
        response(host.handle(Command::Request {
            request: req,
            now: NOW.0
        }))
        .status,
        200
    );
    assert_eq!(
        response(host.handle(assign(&guest_upn("mateo.ruiz@fabrikam.com"), "ENTERPRISEPACK"))).status,
        200
    );
    assert!(checked(&mut host).iter().all(|c| c.passed));
    let (json, _) = saved(&mut host);

    // Starting over builds the exercise's start again: its setup run, the trainee's work gone.
    assert_eq!(host.handle(Command::Reset), Reply::Done);
    assert_eq!(checked(&mut host), first);
    assert_eq!(entries(&mut host), 0);

    // The sandbox has no exercise to check; an exercise's saved work does not open the sandbox.
    let mut sandbox = Host::default();
    assert!(matches!(
        open(&mut sandbox, Some(json)),
        Reply::Opened {
            load_error: Some(_),
            ..
        }
    ));
    assert!(matches!(sandbox.handle(Command::Check), Reply::Refused(_)));
}

#[test]
fn an_exercise_that_cannot_start_is_refused_with_its_file_named() {
    let mut host = Host::default();
    let reply = open_exercise(&mut host, "broken.json", "{".into());
    match reply {
        Reply::Refused(why) => assert!(why.contains("broken.json"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_wire_pairs_replies_with_commands_and_refuses_what_is_not_one() {
    let mut host = Host::default();
    let open = serde_json::to_string(&Envelope {
        id: 3,
        body: Command::Open {
            start: Start::Sandbox(TenantSeed::Demo),
            saved: None,
        },
    })
    .unwrap();
    let reply: Envelope<Reply> = serde_json::from_str(&host.handle_json(&open)).unwrap();
    assert_eq!(reply.id, 3);
    assert!(matches!(reply.body, Reply::Opened { .. }));

    let req = serde_json::to_string(&Envelope {
        id: 4,
        body: get("/users?$top=2"),
    })
    .unwrap();
    let reply: Envelope<Reply> = serde_json::from_str(&host.handle_json(&req)).unwrap();
    assert_eq!(reply.id, 4);
    assert_eq!(
        response(reply.body).into_json_body()["value"].as_array().map(Vec::len),
        Some(2)
    );

    for (text, id) in [
        ("", 0),
        ("[[[[[[[[[[", 0),
        (r#"{"id":9,"body":"launchMissiles"}"#, 9),
        (r#"{"id":10}"#, 10),
    ] {
        let reply: Envelope<Reply> = serde_json::from_str(&host.handle_json(text)).unwrap();
        assert_eq!(reply.id, id, "{text}");
        assert!(matches!(reply.body, Reply::Refused(_)), "{text}");
    }
    let deep = format!(r#"{{"id":11,"body":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let reply: Envelope<Reply> = serde_json::from_str(&host.handle_json(&deep)).unwrap();
    assert!(matches!(reply.body, Reply::Refused(_)));
    // Still answering.
    assert_eq!(response(host.handle(get("/users?$top=1"))).status, 200);
}
