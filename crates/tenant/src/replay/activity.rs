//! The activity log: the simulated tenant's journal told as changes an admin recognises
//! (who, when, what, the outcome), one line per change however many requests it took.

use serde_json::Value;

use crate::export::push_row;
use crate::rest::Method;
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
    /// What was asked, as data: the app words it in the admin's language.
    pub parts: Vec<ChangePart>,
    /// What was asked, in English words (the CSV export and the tests read it).
    pub what: String,
    /// `Succeeded`, or the reason it (partly) failed, in English.
    pub outcome: String,
    /// The same as data, for the app to word in the admin's language.
    pub result: Outcome,
    /// True when every request of the change succeeded.
    pub ok: bool,
}

/// One thing a change did, with the names and counts its words need: a change is told as
/// one or more of these, joined by "; ". The engine words them in English
/// ([`ChangePart::english`]); the app in the admin's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangePart {
    /// Licences of many users changed by one bulk change.
    LicencesChangedForUsers {
        /// How many users.
        users: usize,
    },
    /// Usage locations set by one bulk change.
    UsageLocationSetForUsers {
        /// How many users.
        users: usize,
    },
    /// One user's licences changed.
    UserLicences {
        /// The user, as the request named them.
        user: String,
        /// Products assigned.
        assigned: usize,
        /// Products removed.
        removed: usize,
    },
    /// A group's licences changed.
    GroupLicences {
        /// The group, as the request named it.
        group: String,
        /// Products assigned.
        assigned: usize,
        /// Products removed.
        removed: usize,
    },
    /// Licences reprocessed for a user or group.
    Reprocessed {
        /// Whom.
        target: String,
    },
    /// A guest invited.
    GuestInvited {
        /// The address invited.
        address: String,
    },
    /// A member added to a group.
    MemberAdded {
        /// The group.
        group: String,
    },
    /// A member removed from a group.
    MemberRemoved {
        /// The group.
        group: String,
    },
    /// A user's properties updated.
    UserUpdated {
        /// The user.
        user: String,
        /// The properties, as Graph names them.
        fields: Vec<String>,
    },
    /// A user deleted.
    UserDeleted {
        /// The user.
        user: String,
    },
    /// A deleted user restored.
    UserRestored {
        /// The user.
        user: String,
    },
    /// Azure: asked to use an existing directory.
    AzureLinkRequested,
    /// Azure: let a subscription's administrator use the directory.
    AzureLinkApproved,
    /// Azure: a subscription moved to another directory.
    AzureDirectoryChanged,
    /// Azure: a subscription transferred.
    AzureTransferred {
        /// The recipient's address.
        to: String,
    },
    /// Azure: the service administrator changed.
    AzureServiceAdminChanged {
        /// The new one's address.
        to: String,
    },
    /// Azure: a co-administrator added.
    AzureCoAdminAdded {
        /// Their address.
        address: String,
    },
    /// Azure: signed up for a free trial.
    AzureSignedUp,
    /// An Office 365 trial bought in the portal.
    Office365Bought {
        /// The product's name.
        product: String,
    },
    /// A request of no kind above: its method and path.
    Other {
        /// `POST`, `PATCH`...
        method: String,
        /// The path.
        url: String,
    },
}

impl ChangePart {
    /// The part in English.
    pub fn english(&self) -> String {
        use ChangePart::*;
        match self {
            LicencesChangedForUsers { users: n } => format!("Licenses changed for {}", users(*n)),
            UsageLocationSetForUsers { users: n } => format!("usage location set for {}", users(*n)),
            UserLicences {
                user,
                assigned,
                removed,
            } => format!("Licenses changed for {user} ({assigned} assigned, {removed} removed)"),
            GroupLicences {
                group,
                assigned,
                removed,
            } => format!("Group licenses changed for group {group} ({assigned} assigned, {removed} removed)"),
            Reprocessed { target } => format!("Licenses reprocessed for {target}"),
            GuestInvited { address } => format!("Guest invited: {address}"),
            MemberAdded { group } => format!("Member added to group {group}"),
            MemberRemoved { group } => format!("Member removed from group {group}"),
            UserUpdated { user, fields } => format!("User {user} updated ({})", fields.join(", ")),
            UserDeleted { user } => format!("User {user} deleted"),
            UserRestored { user } => format!("User {user} restored"),
            AzureLinkRequested => "Azure: asked to use an existing directory".into(),
            AzureLinkApproved => "Azure: let a subscription's administrator use the directory".into(),
            AzureDirectoryChanged => "Azure: subscription moved to another directory".into(),
            AzureTransferred { to } => format!("Azure: subscription transferred to {to}"),
            AzureServiceAdminChanged { to } => format!("Azure: service administrator changed to {to}"),
            AzureCoAdminAdded { address } => format!("Azure: co-administrator {address} added"),
            AzureSignedUp => "Azure: signed up for a free trial".into(),
            Office365Bought { product } => format!("Office 365 trial bought: {product}"),
            Other { method, url } => format!("{method} {url}"),
        }
    }
}

/// How a change ended, as data: Graph's own message stays as Graph wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every request succeeded.
    Succeeded,
    /// Some requests of a `$batch` failed; the first one's message.
    BatchFailed {
        /// How many failed.
        failed: usize,
        /// Of how many.
        of: usize,
        /// Graph's message for the first failure.
        message: String,
    },
    /// A request failed with Graph's message.
    Failed {
        /// Graph's message.
        message: String,
    },
    /// A request failed with a status and no message.
    Status {
        /// The HTTP status.
        status: u16,
    },
}

impl Outcome {
    /// Reads the journal's record of a failure (see `simulation::batch_failures`, which
    /// writes the `$batch` form).
    fn of(entry: Option<&JournalEntry>) -> Self {
        let Some(e) = entry else { return Outcome::Succeeded };
        let Some(error) = e.error.as_deref() else {
            return Outcome::Status { status: e.status };
        };
        let batch = error.split_once(" requests failed: ").and_then(|(counts, message)| {
            let (failed, of) = counts.split_once(" of ")?;
            Some(Outcome::BatchFailed {
                failed: failed.parse().ok()?,
                of: of.parse().ok()?,
                message: message.to_owned(),
            })
        });
        batch.unwrap_or_else(|| Outcome::Failed {
            message: error.to_owned(),
        })
    }
}

/// Parts joined as one line, in English.
pub fn english(parts: &[ChangePart]) -> String {
    capitalized(&parts.iter().map(ChangePart::english).collect::<Vec<_>>().join("; "))
}

/// `line` with its first letter upper case: a part that follows another starts lower case
/// ("usage location set for 2 users"), and starts the line upper case when it comes first.
pub fn capitalized(line: &str) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The journal as changes, newest first.
pub fn activities(entries: &[JournalEntry]) -> Vec<Activity> {
    let mut out: Vec<Activity> = Vec::new();
    for part in entries.chunk_by(|a, b| a.change == b.change) {
        let failed = part
            .iter()
            .find(|e| !(200..300).contains(&e.status) || e.error.is_some());
        let parts = describe(part);
        out.push(Activity {
            change: part[0].change,
            at: Timestamp(part[0].at).iso(),
            // A portal change is told as made by the account signed in to the portal.
            actor: part[0]
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(crate::azure::world::ACCOUNT_HEADER))
                .and_then(|(_, v)| crate::azure::world::Account::from_header(v))
                .map_or_else(|| part[0].actor.clone(), |a| a.address),
            what: english(&parts),
            parts,
            outcome: failed.map_or_else(
                || "Succeeded".into(),
                |e| e.error.clone().unwrap_or_else(|| format!("Failed ({})", e.status)),
            ),
            result: Outcome::of(failed),
            ok: failed.is_none(),
        });
    }
    out.reverse();
    out
}

/// A whole change in English words; see [`describe`].
pub fn describe_change(entries: &[JournalEntry]) -> String {
    english(&describe(entries))
}

/// A whole change as parts: a bulk change of many `$batch` requests is told as what it
/// did to how many users ("Licenses changed for 52 users; usage location set for 10
/// users"), a single request as itself.
pub fn describe(entries: &[JournalEntry]) -> Vec<ChangePart> {
    let mut requests: Vec<Request> = Vec::new();
    for e in entries {
        let url = path(&e.url);
        if e.method == Method::Post && url == "/$batch" {
            let items = e.body.as_ref().and_then(|b| b["requests"].as_array());
            for i in items.into_iter().flatten() {
                requests.push(Request {
                    method: i["method"].as_str().and_then(Method::parse).unwrap_or(Method::Post),
                    url: path(i["url"].as_str().unwrap_or_default()),
                    body: i.get("body").cloned(),
                });
            }
        } else {
            requests.push(Request {
                method: e.method,
                url: url.to_owned(),
                body: e.body.clone(),
            });
        }
    }
    if let [one] = requests.as_slice() {
        return vec![one.describe()];
    }
    let (mut licensed, mut located, mut others) = (Vec::new(), Vec::new(), Vec::<ChangePart>::new());
    for r in &requests {
        if r.is_user_licence_change() || r.is_usage_location_only() {
            let list = if r.is_user_licence_change() {
                &mut licensed
            } else {
                &mut located
            };
            let item = target(&r.url);
            if !list.contains(&item) {
                list.push(item);
            }
        } else {
            let item = r.describe();
            if !others.contains(&item) {
                others.push(item);
            }
        }
    }
    let mut parts = Vec::new();
    if !licensed.is_empty() {
        parts.push(ChangePart::LicencesChangedForUsers { users: licensed.len() });
    }
    if !located.is_empty() {
        parts.push(ChangePart::UsageLocationSetForUsers { users: located.len() });
    }
    parts.extend(others);
    parts
}

fn users(n: usize) -> String {
    if n == 1 {
        "1 user".into()
    } else {
        format!("{n} users")
    }
}

fn path(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_owned()
}

/// One request, on its own or out of a `$batch`.
struct Request {
    method: Method,
    url: String,
    body: Option<Value>,
}

impl Request {
    fn is_user_licence_change(&self) -> bool {
        self.method == Method::Post && self.url.starts_with("/users/") && self.url.ends_with("/assignLicense")
    }

    fn is_usage_location_only(&self) -> bool {
        self.method == Method::Patch
            && self.url.starts_with("/users/")
            && self
                .body
                .as_ref()
                .and_then(Value::as_object)
                .is_some_and(|o| o.len() == 1 && o.contains_key("usageLocation"))
    }

    fn describe(&self) -> ChangePart {
        use Method::*;
        let url = self.url.as_str();
        let who = target(url);
        match self.method {
            Post if url.starts_with("/users/") && url.ends_with("/assignLicense") => {
                let (assigned, removed) = licence_count(&self.body);
                ChangePart::UserLicences {
                    user: who,
                    assigned,
                    removed,
                }
            }
            Post if url.starts_with("/groups/") && url.ends_with("/assignLicense") => {
                let (assigned, removed) = licence_count(&self.body);
                ChangePart::GroupLicences {
                    group: who,
                    assigned,
                    removed,
                }
            }
            Post if url.ends_with("/reprocessLicenseAssignment") => ChangePart::Reprocessed { target: who },
            Post if url == "/invitations" => ChangePart::GuestInvited {
                address: self
                    .body
                    .as_ref()
                    .and_then(|b| b["invitedUserEmailAddress"].as_str())
                    .unwrap_or("?")
                    .to_owned(),
            },
            Post if url.ends_with("/members/$ref") => ChangePart::MemberAdded { group: who },
            Delete if url.ends_with("/$ref") => ChangePart::MemberRemoved { group: who },
            Patch if url.starts_with("/users/") => ChangePart::UserUpdated {
                user: who,
                fields: self
                    .body
                    .as_ref()
                    .and_then(|b| b.as_object())
                    .map(|o| o.keys().cloned().collect())
                    .unwrap_or_default(),
            },
            Delete if url.starts_with("/users/") => ChangePart::UserDeleted { user: who },
            Post if url.starts_with("/azure/") => self.describe_portal(url),
            Post if url.ends_with("/restore") => ChangePart::UserRestored {
                user: target(&url.replace("/directory/deletedItems", "")),
            },
            m => ChangePart::Other {
                method: m.as_str().to_owned(),
                url: url.to_owned(),
            },
        }
    }
}

impl Request {
    /// An Azure classic portal change ([`crate::azure::rest`]).
    fn describe_portal(&self, url: &str) -> ChangePart {
        let field = |k: &str| self.body.as_ref().and_then(|b| b[k].as_str()).unwrap_or("?").to_owned();
        if url == "/azure/directoryLinks" {
            ChangePart::AzureLinkRequested
        } else if url.ends_with("/approve") {
            ChangePart::AzureLinkApproved
        } else if url.ends_with("/changeDirectory") {
            ChangePart::AzureDirectoryChanged
        } else if url.ends_with("/transfer") {
            ChangePart::AzureTransferred { to: field("to") }
        } else if url.ends_with("/serviceAdministrator") {
            ChangePart::AzureServiceAdminChanged { to: field("address") }
        } else if url == "/azure/coAdministrators" {
            ChangePart::AzureCoAdminAdded {
                address: field("address"),
            }
        } else if url == "/azure/subscriptions" {
            ChangePart::AzureSignedUp
        } else if url == "/azure/office365" {
            ChangePart::Office365Bought {
                product: crate::catalog::product_name(&field("plan")).to_owned(),
            }
        } else {
            ChangePart::Other {
                method: "POST".into(),
                url: url.to_owned(),
            }
        }
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
        assert_eq!(
            list[0].result,
            Outcome::BatchFailed {
                failed: 1,
                of: 2,
                message: "no seats".into()
            }
        );
        assert_eq!(list[1].result, Outcome::Succeeded);
        assert_eq!(list[1].what, "Guest invited: eve@fabrikam.com");
        assert_eq!(list[1].at, "2025-11-22T08:26:40Z");
        let csv = activities_csv(&list);
        assert!(csv.starts_with("When,Who,What,Outcome\r\n"));
        assert_eq!(csv.lines().count(), 3);
    }

    #[test]
    fn a_bulk_change_over_several_batches_counts_each_user_once() {
        let request = |n: u32, method: &str, what: &str, body: Value| {
            let url = if what.is_empty() {
                format!("/users/u{n}")
            } else {
                format!("/users/u{n}/{what}")
            };
            json!({ "id": format!("{n}{what}"), "method": method, "url": url, "body": body })
        };
        let licence = json!({ "addLicenses": [{ "skuId": "x" }], "removeLicenses": [] });
        let location = json!({ "usageLocation": "US" });
        let first = json!({ "requests": [
            request(1, "PATCH", "", location.clone()),
            request(1, "POST", "assignLicense", licence.clone()),
            request(2, "POST", "assignLicense", licence.clone()),
        ]});
        let second = json!({ "requests": [
            request(3, "PATCH", "", location),
            request(3, "POST", "assignLicense", licence.clone()),
            request(2, "POST", "assignLicense", licence),
            request(4, "PATCH", "", json!({ "department": "Sales" })),
        ]});
        let list = activities(&[
            entry(7, Method::Post, "/$batch", first, 200, None),
            entry(7, Method::Post, "/$batch", second, 200, None),
        ]);
        assert_eq!(list.len(), 1);
        assert_eq!(
            list[0].what,
            "Licenses changed for 3 users; usage location set for 2 users; User u4 updated (department)"
        );
        assert!(list[0].ok);
        assert_eq!(list[0].outcome, "Succeeded");
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
            describe_change(std::slice::from_ref(&e)),
            "Licenses changed for ana.costa_fabrikam.com#EXT#@contoso.onmicrosoft.com (1 assigned, 0 removed)"
        );
        let list = activities(&[e]);
        assert!(!list[0].ok);
    }
}
