use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tenant::model::{AssignedLicense, DirectoryRole, Group, Invitation, Organization, SubscribedSku, User};
use tenant::plan::LicenseRequest;
use tenant::query::UserQuery;
use tenant::rest::{GraphRequest, GraphResponse, Method};
use tenant::GraphError;
use uuid::Uuid;

use super::in_process::InProcess;
use super::transport::Transport;

/// One page of a Graph collection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// `@odata.count`, when asked for.
    pub count: Option<usize>,
    /// `@odata.nextLink`, followed verbatim for the next page.
    pub next: Option<String>,
}

/// The typed Graph client every page uses. It is `Copy` (arena handles) so views capture it
/// freely; the transport itself stays on the browser thread.
#[derive(Clone, Copy)]
pub struct Api {
    transport: StoredValue<Rc<dyn Transport>, LocalStorage>,
    actor: RwSignal<String>,
    revision: RwSignal<u64>,
}

impl Api {
    /// A client over `transport`, acting as `actor` (a user principal name).
    pub fn new(transport: Rc<dyn Transport>, actor: String) -> Self {
        Api {
            transport: StoredValue::new_local(transport),
            actor: RwSignal::new(actor),
            revision: RwSignal::new(0),
        }
    }

    /// The acting admin's user principal name (the simulated tenant's "act as" switch).
    pub fn actor(&self) -> RwSignal<String> {
        self.actor
    }

    /// Changes after every successful write; reading it makes a view reload then.
    pub fn revision(&self) -> u64 {
        self.revision.get()
    }

    /// Tells every view that the tenant changed.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Runs `f` on the simulated tenant, when the backend is one.
    pub fn simulation<R>(&self, f: impl FnOnce(&InProcess) -> R) -> Option<R> {
        self.transport.with_value(|t| t.simulation().map(f))
    }

    /// Sends a request as the acting admin; a non-2xx answer becomes a [`GraphError`].
    pub async fn send(&self, mut req: GraphRequest) -> Result<GraphResponse, GraphError> {
        let actor = self.actor.get_untracked();
        req.headers
            .push(("Authorization".into(), format!("Bearer dev:{actor}")));
        let fut = self.transport.with_value(|t| t.send(req));
        let res = fut.await;
        if res.ok() {
            Ok(res)
        } else {
            Err(GraphError::from_body(res.status, &res.json_body()))
        }
    }

    /// A write; on success every view reloads.
    pub async fn write(
        &self,
        method: Method,
        url: impl Into<String>,
        body: Option<Value>,
    ) -> Result<GraphResponse, GraphError> {
        let mut req = GraphRequest::new(method, url);
        req.body = body;
        let res = self.send(req).await;
        if res.is_ok() {
            self.changed();
        }
        res
    }

    async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, GraphError> {
        let res = self.send(GraphRequest::new(Method::Get, url)).await?;
        serde_json::from_value(res.into_json_body())
            .map_err(|e| GraphError::bad_request(format!("Unexpected response from {url}: {e}")))
    }

    async fn collection<T: DeserializeOwned>(&self, url: &str) -> Result<Vec<T>, GraphError> {
        #[derive(serde::Deserialize)]
        struct Coll<T> {
            value: Vec<T>,
        }
        Ok(self.get::<Coll<T>>(url).await?.value)
    }

    /// `GET /users` with typed options; sends `ConsistencyLevel: eventual` whenever the query
    /// is an advanced one, as Graph requires.
    pub async fn list_users(&self, q: &UserQuery) -> Result<Page<User>, GraphError> {
        self.users_page(format!("/users?{}", q.to_query_string()), true).await
    }

    /// The deleted users (`/directory/deletedItems/microsoft.graph.user`).
    pub async fn deleted_users(&self, q: &UserQuery) -> Result<Page<User>, GraphError> {
        self.users_page(
            format!("/directory/deletedItems/microsoft.graph.user?{}", q.to_query_string()),
            true,
        )
        .await
    }

    /// Follows an `@odata.nextLink`.
    pub async fn next_users(&self, next: &str) -> Result<Page<User>, GraphError> {
        self.users_page(next.to_owned(), true).await
    }

    async fn users_page(&self, url: String, eventual: bool) -> Result<Page<User>, GraphError> {
        let mut req = GraphRequest::new(Method::Get, url);
        if eventual {
            req.headers.push(("ConsistencyLevel".into(), "eventual".into()));
        }
        let mut body = self.send(req).await?.into_json_body();
        let items = serde_json::from_value(body["value"].take())
            .map_err(|e| GraphError::bad_request(format!("Unexpected users page: {e}")))?;
        Ok(Page {
            items,
            count: body["@odata.count"].as_u64().map(|n| n as usize),
            next: body["@odata.nextLink"].as_str().map(str::to_owned),
        })
    }

    /// One user with the properties the panels show.
    pub async fn user(&self, id: &str) -> Result<User, GraphError> {
        self.get(&format!("/users/{}?$select={}", encode_segment(id), USER_DETAIL))
            .await
    }

    /// A deleted user (`/directory/deletedItems/{id}`), as the Deleted users panel shows it.
    pub async fn deleted_user(&self, id: &str) -> Result<User, GraphError> {
        self.get(&format!(
            "/directory/deletedItems/{}?$select={},deletedDateTime",
            encode_segment(id),
            USER_DETAIL
        ))
        .await
    }

    /// Groups and admin roles a user belongs to.
    pub async fn member_of(&self, id: &str) -> Result<(Vec<Group>, Vec<DirectoryRole>), GraphError> {
        let all: Vec<Value> = self
            .collection(&format!("/users/{}/memberOf", encode_segment(id)))
            .await?;
        let mut groups = Vec::new();
        let mut roles = Vec::new();
        for v in all {
            if v["@odata.type"] == "#microsoft.graph.directoryRole" {
                roles.extend(serde_json::from_value(v).ok());
            } else {
                groups.extend(serde_json::from_value(v).ok());
            }
        }
        Ok((groups, roles))
    }

    /// The organization.
    pub async fn organization(&self) -> Result<Organization, GraphError> {
        self.collection::<Organization>("/organization")
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| GraphError::bad_request("The tenant returned no organization."))
    }

    /// The signed-in (acting) admin.
    pub async fn me(&self) -> Result<User, GraphError> {
        self.get(&format!("/me?$select={USER_DETAIL}")).await
    }

    /// Subscribed products.
    pub async fn skus(&self) -> Result<Vec<SubscribedSku>, GraphError> {
        self.collection("/subscribedSkus").await
    }

    /// Groups.
    pub async fn groups(&self) -> Result<Vec<Group>, GraphError> {
        self.collection("/groups").await
    }

    /// One group.
    pub async fn group(&self, id: &str) -> Result<Group, GraphError> {
        self.get(&format!("/groups/{}", encode_segment(id))).await
    }

    /// A group's members, with what licence planning needs.
    pub async fn group_members(&self, id: &str) -> Result<Vec<User>, GraphError> {
        self.collection(&format!("/groups/{}/members?$select={USER_DETAIL}", encode_segment(id)))
            .await
    }

    /// `POST /groups/{id}/assignLicense`: accepted, processed later.
    pub async fn assign_group_license(
        &self,
        id: &str,
        add: &[AssignedLicense],
        remove: &[Uuid],
    ) -> Result<(), GraphError> {
        let body = tenant::rest::assign_license_body(add, remove);
        self.write(
            Method::Post,
            format!("/groups/{}/assignLicense", encode_segment(id)),
            Some(body),
        )
        .await
        .map(|_| ())
    }

    /// **Reprocess**: runs the group's licences again for every member.
    pub async fn reprocess_group(&self, id: &str) -> Result<(), GraphError> {
        self.write(
            Method::Post,
            format!("/groups/{}/reprocessLicenseAssignment", encode_segment(id)),
            None,
        )
        .await
        .map(|_| ())
    }

    /// Members of a group whose licences from it are in error.
    pub async fn members_with_license_errors(&self, id: Uuid) -> Result<Vec<User>, GraphError> {
        self.collection(&format!("/groups/{id}/membersWithLicenseErrors?$select={USER_ROW}"))
            .await
    }

    /// Activated admin roles with their members.
    pub async fn directory_roles(&self) -> Result<Vec<(DirectoryRole, Vec<User>)>, GraphError> {
        let roles: Vec<DirectoryRole> = self.collection("/directoryRoles").await?;
        let mut out = Vec::new();
        for r in roles {
            let members = self.collection(&format!("/directoryRoles/{}/members", r.id)).await?;
            out.push((r, members));
        }
        Ok(out)
    }

    /// `POST /invitations`.
    pub async fn invite(&self, email: &str, name: &str) -> Result<Invitation, GraphError> {
        let mut body = json!({ "invitedUserEmailAddress": email, "inviteRedirectUrl": "https://myapplications.microsoft.com", "sendInvitationMessage": true });
        if !name.trim().is_empty() {
            body["invitedUserDisplayName"] = json!(name.trim());
        }
        let res = self.write(Method::Post, "/invitations", Some(body)).await?;
        serde_json::from_value(res.into_json_body())
            .map_err(|e| GraphError::bad_request(format!("Unexpected invitation: {e}")))
    }
}

/// The outcome of one user's licence call in a bulk change.
pub type LicenseOutcome = (Uuid, Result<(), GraphError>);

impl Api {
    /// Sends licence calls as Graph clients should: in `$batch`es of at most 20 requests,
    /// setting a missing usage location first (`dependsOn`), retrying throttled requests
    /// after their `Retry-After`. `progress` hears how many users are done. The page stays
    /// responsive: the loop yields to the browser every few milliseconds.
    pub async fn assign_licenses(&self, requests: &[LicenseRequest], progress: impl Fn(usize)) -> Vec<LicenseOutcome> {
        let mut outcomes: Vec<LicenseOutcome> = Vec::with_capacity(requests.len());
        let mut slice_start = now_ms();
        // A queue: taking from the front of a Vec moves every other request each time,
        // which at 10,000 users was most of the save.
        let mut pending: std::collections::VecDeque<&LicenseRequest> = requests.iter().collect();
        while !pending.is_empty() {
            let mut items = Vec::new();
            let mut chunk = Vec::new();
            while let Some(&r) = pending.front() {
                let needs = if r.usage_location.is_some() { 2 } else { 1 };
                if items.len() + needs > tenant::rest::MAX_BATCH {
                    break;
                }
                let i = chunk.len();
                let url = format!("/users/{}", r.user);
                let mut item = json!({ "id": format!("a{i}"), "method": "POST", "url": format!("{url}/assignLicense"),
                    "headers": { "Content-Type": "application/json" }, "body": r.body() });
                if let Some(code) = &r.usage_location {
                    items.push(json!({ "id": format!("l{i}"), "method": "PATCH", "url": url,
                        "headers": { "Content-Type": "application/json" }, "body": { "usageLocation": code } }));
                    item["dependsOn"] = json!([format!("l{i}")]);
                }
                items.push(item);
                chunk.push(r);
                pending.pop_front();
            }
            let answer = self
                .send(GraphRequest::new(Method::Post, "/$batch").json(json!({ "requests": items })))
                .await;
            let mut throttled = Vec::new();
            match answer {
                Err(e) => outcomes.extend(chunk.iter().map(|r| (r.user, Err(e.clone())))),
                Ok(res) => {
                    let mut body = res.into_json_body();
                    let responses = match body["responses"].take() {
                        serde_json::Value::Array(a) => a,
                        _ => Vec::new(),
                    };
                    let find = |id: &str| responses.iter().find(|x| x["id"] == id);
                    for (i, r) in chunk.iter().enumerate() {
                        let Some(a) = find(&format!("a{i}")) else {
                            outcomes.push((
                                r.user,
                                Err(GraphError::bad_request("The batch answer left this user out.")),
                            ));
                            continue;
                        };
                        let status = a["status"].as_u64().unwrap_or(0) as u16;
                        let result = match status {
                            200..=299 => Ok(()),
                            429 | 503 => {
                                throttled.push(*r);
                                continue;
                            }
                            424 => Err(find(&format!("l{i}"))
                                .map(|l| GraphError::from_body(l["status"].as_u64().unwrap_or(400) as u16, &l["body"]))
                                .unwrap_or_else(|| GraphError::bad_request("Setting the usage location failed."))),
                            _ => Err(GraphError::from_body(status, &a["body"])),
                        };
                        outcomes.push((r.user, result));
                    }
                }
            }
            if !throttled.is_empty() {
                sleep_ms(2_000).await;
                for r in throttled.into_iter().rev() {
                    pending.push_front(r);
                }
            }
            progress(outcomes.len());
            // Let the page paint the progress now and then: each yield costs at least the
            // browser's 4 ms timer clamp, so slices of 40 ms (under the 50 ms of a "long
            // task") keep the bar moving smoothly without doubling the time of a save.
            if now_ms() - slice_start > 40.0 {
                sleep_ms(0).await;
                slice_start = now_ms();
            }
        }
        self.changed();
        outcomes
    }

    /// Builds the simulated tenant's list index now, while the user looks at the page.
    pub fn warm_up(&self) {
        self.simulation(|s| s.warm_up());
    }

    /// Groups the next writes into one change for undo (the simulated tenant only).
    pub fn begin_change(&self) {
        self.simulation(|s| s.begin_change());
    }

    /// Ends the change begun by [`Api::begin_change`].
    pub fn end_change(&self) {
        self.simulation(|s| s.end_change());
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Waits `ms` milliseconds on the browser's timer, letting it paint meanwhile.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Properties a users list row shows.
pub const USER_ROW: &str = "id,displayName,userPrincipalName,mail,userType,externalUserState,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates,creationType,department,companyName,createdDateTime";

/// Properties the user panel shows.
pub const USER_DETAIL: &str = "id,displayName,givenName,surname,userPrincipalName,mail,otherMails,userType,externalUserState,externalUserStateChangeDateTime,creationType,accountEnabled,usageLocation,department,jobTitle,companyName,city,country,createdDateTime,onPremisesSyncEnabled,assignedLicenses,assignedPlans,licenseAssignmentStates";

/// Percent-encodes a path segment (guest sign-in names hold `#`).
pub fn encode_segment(s: &str) -> String {
    tenant::query::encode(s).replace('/', "%2F").replace('?', "%3F")
}
