//! The activity log: the simulated tenant's journal told as changes an admin recognises
//! (who, when, what, the outcome), one line per change however many requests it took.

use serde_json::Value;

use crate::export::push_row;
use crate::simulation::JournalEntry;
use crate::time::Timestamp;

/// One change in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// The change id (undo takes a change back as a whole).
    pub change: u64,
    /// When it started, ISO 8601.
    pub at: String,
    /// The acting admin.
    pub actor: String,
    /// What was asked, in words.
    pub what: String,
    /// `Succeeded`, or the reason it (partly) failed.
    pub outcome: String,
    /// True when every request of the change succeeded.
    pub ok: bool,
}

/// The journal as changes, newest first.
pub fn activities(entries: &[JournalEntry]) -> Vec<Activity> {
    let mut out: Vec<Activity> = Vec::new();
    for e in entries {
        let what = describe(e);
        let ok = (200..300).contains(&e.status) && e.error.is_none();
        let outcome = e.error.clone().unwrap_or_else(|| "Succeeded".into());
        match out.last_mut() {
            Some(last) if last.change == e.change => {
                last.what = merge(&last.what, &what);
                if !ok {
                    last.ok = false;
                    last.outcome = if last.outcome == "Succeeded" {
                        outcome
                    } else {
                        last.outcome.clone()
                    };
                }
            }
            _ => out.push(Activity {
                change: e.change,
                at: Timestamp(e.at).iso(),
                actor: e.actor.clone(),
                what,
                outcome,
                ok,
            }),
        }
    }
    out.reverse();
    out
}

fn merge(a: &str, b: &str) -> String {
    if a == b {
        a.to_owned()
    } else {
        format!("{a}; {b}")
    }
}

fn target(url: &str) -> String {
    let path = url.split('?').next().unwrap_or(url);
    let seg: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    seg.get(1)
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .unwrap_or_default()
}

fn licence_count(body: &Option<Value>) -> (usize, usize) {
    let b = body.as_ref();
    let n = |k: &str| b.and_then(|b| b[k].as_array()).map_or(0, Vec::len);
    (n("addLicenses"), n("removeLicenses"))
}

/// One request in words.
pub fn describe(e: &JournalEntry) -> String {
    use crate::rest::Method::*;
    let url = e.url.split('?').next().unwrap_or(&e.url);
    let who = target(url);
    match e.method {
        Post if url.ends_with("/$batch") => {
            let items = e
                .body
                .as_ref()
                .and_then(|b| b["requests"].as_array())
                .cloned()
                .unwrap_or_default();
            let licences = items
                .iter()
                .filter(|i| i["url"].as_str().is_some_and(|u| u.ends_with("/assignLicense")))
                .count();
            if licences == items.len() && licences > 0 {
                format!("Licenses changed for {licences} users")
            } else {
                format!("{} requests in a batch", items.len())
            }
        }
        Post if url.starts_with("/users/") && url.ends_with("/assignLicense") => {
            let (add, remove) = licence_count(&e.body);
            format!("Licenses changed for {who} ({add} assigned, {remove} removed)")
        }
        Post if url.starts_with("/groups/") && url.ends_with("/assignLicense") => {
            let (add, remove) = licence_count(&e.body);
            format!("Group licenses changed for group {who} ({add} assigned, {remove} removed)")
        }
        Post if url.ends_with("/reprocessLicenseAssignment") => format!("Licenses reprocessed for {who}"),
        Post if url == "/invitations" => format!(
            "Guest invited: {}",
            e.body
                .as_ref()
                .and_then(|b| b["invitedUserEmailAddress"].as_str())
                .unwrap_or("?")
        ),
        Post if url.ends_with("/members/$ref") => format!("Member added to group {who}"),
        Delete if url.ends_with("/$ref") => format!("Member removed from group {who}"),
        Patch if url.starts_with("/users/") => {
            let fields: Vec<String> = e
                .body
                .as_ref()
                .and_then(|b| b.as_object())
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            format!("User {who} updated ({})", fields.join(", "))
        }
        Delete if url.starts_with("/users/") => format!("User {who} deleted"),
        Post if url.ends_with("/restore") => {
            format!("User {} restored", target(&url.replace("/directory/deletedItems", "")))
        }
        m => format!("{} {url}", m.as_str()),
    }
}

/// The log as CSV (When, Who, What, Outcome), newest first.
pub fn activities_csv(list: &[Activity]) -> String {
    let mut out = String::from("When,Who,What,Outcome\r\n");
    for a in list {
        push_row(
            &mut out,
            [a.at.clone(), a.actor.clone(), a.what.clone(), a.outcome.clone()].into_iter(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::Method;
    use serde_json::json;

    fn entry(change: u64, method: Method, url: &str, body: Value, status: u16, error: Option<&str>) -> JournalEntry {
        JournalEntry {
            at: 1_763_800_000,
            actor: "admin@contoso.onmicrosoft.com".into(),
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Some(body),
            status,
            error: error.map(str::to_owned),
            change,
        }
    }

    #[test]
    fn a_bulk_change_is_one_line_with_its_failures() {
        let batch = json!({ "requests": [
            { "id": "a0", "method": "POST", "url": "/users/1/assignLicense" },
            { "id": "a1", "method": "POST", "url": "/users/2/assignLicense" }
        ]});
        let list = activities(&[
            entry(
                1,
                Method::Post,
                "/invitations",
                json!({ "invitedUserEmailAddress": "eve@fabrikam.com" }),
                201,
                None,
            ),
            entry(2, Method::Post, "/$batch", batch.clone(), 200, None),
            entry(
                2,
                Method::Post,
                "/$batch",
                batch,
                200,
                Some("1 of 2 requests failed: no seats"),
            ),
        ]);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].what, "Licenses changed for 2 users");
        assert!(!list[0].ok);
        assert_eq!(list[0].outcome, "1 of 2 requests failed: no seats");
        assert_eq!(list[1].what, "Guest invited: eve@fabrikam.com");
        assert_eq!(list[1].at, "2025-11-22T08:26:40Z");
        let csv = activities_csv(&list);
        assert!(csv.starts_with("When,Who,What,Outcome\r\n"));
        assert_eq!(csv.lines().count(), 3);
    }

    #[test]
    fn single_requests_are_told_in_words() {
        let e = entry(
            3,
            Method::Post,
            "/users/ana.costa_fabrikam.com%23EXT%23@contoso.onmicrosoft.com/assignLicense",
            json!({ "addLicenses": [{}], "removeLicenses": [] }),
            403,
            Some("Insufficient privileges to complete the operation."),
        );
        assert_eq!(
            describe(&e),
            "Licenses changed for ana.costa_fabrikam.com#EXT#@contoso.onmicrosoft.com (1 assigned, 0 removed)"
        );
        let list = activities(&[e]);
        assert!(!list[0].ok);
    }
}
