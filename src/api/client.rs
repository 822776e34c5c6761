use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tenant::model::{DirectoryRole, Group, Invitation, Organization, SubscribedSku, User};
use tenant::query::UserQuery;
use tenant::rest::{GraphRequest, GraphResponse, Method};
use tenant::GraphError;
use uuid::Uuid;

use futures::future::{select, Either};

use super::runner::{self, Cancel, Progress, Report, Work};
use super::timer::BrowserTimer;
use super::transport::{Journal, Transport};

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
    journal: StoredValue<Option<Rc<dyn Journal>>, LocalStorage>,
    actor: RwSignal<String>,
    dev_tokens: bool,
    revision: RwSignal<u64>,
}

impl Api {
    /// A client over `transport`, acting as `actor` (a user principal name); `journal`
    /// groups a bulk change into one entry where the tenant keeps one. With `dev_tokens`,
    /// requests carry `graph-server`'s development token for `actor` (the simulated tenant,
    /// or `graph-server` without sign-in); without, the transport signs them itself.
    pub fn new(
        transport: Rc<dyn Transport>,
        journal: Option<Rc<dyn Journal>>,
        actor: String,
        dev_tokens: bool,
    ) -> Self {
        Api {
            transport: StoredValue::new_local(transport),
            journal: StoredValue::new_local(journal),
            actor: RwSignal::new(actor),
            dev_tokens,
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

    /// The acting admin's development `Authorization` header, when the backend takes them.
    fn authorization(&self) -> Option<(String, String)> {
        self.dev_tokens.then(|| {
            let actor = self.actor.get_untracked();
            ("Authorization".into(), format!("Bearer dev:{actor}"))
        })
    }

    /// Sends a request as the acting admin; a non-2xx answer becomes a [`GraphError`]. A
    /// read that is throttled or meets an outage is sent again ([`runner::read`]).
    pub async fn send(&self, mut req: GraphRequest) -> Result<GraphResponse, GraphError> {
        req.headers.extend(self.authorization());
        let transport = self.transport.get_value();
        // Reads wait out throttling as the runner does for writes; a single write is the
        // caller's to retry (it may have been applied), except after a 401 for want of a
        // sign-in: nothing was applied, so it goes again once the admin has signed in.
        let res = if req.writes() {
            let res = write_once(transport.as_ref(), req.clone()).await?;
            match transport.ready() {
                Some(signed_in) if res.status == 401 => {
                    signed_in.await;
                    write_once(transport.as_ref(), req).await?
                }
                _ => res,
            }
        } else {
            runner::read(transport.as_ref(), &BrowserTimer, req, &runner::Options::default()).await
        };
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

    pub(super) async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, GraphError> {
        let res = self.send(GraphRequest::new(Method::Get, url)).await?;
        serde_json::from_value(res.into_json_body())
            .map_err(|e| GraphError::bad_request(format!("Unexpected response from {url}: {e}")))
    }

    /// Every item of a collection, following `@odata.nextLink` (Graph pages groups, members
    /// and roles by 100), up to [`MAX_PAGES`] pages.
    async fn collection<T: DeserializeOwned>(&self, url: &str) -> Result<Vec<T>, GraphError> {
        #[derive(serde::Deserialize)]
        struct Coll<T> {
            value: Vec<T>,
            #[serde(rename = "@odata.nextLink")]
            next: Option<String>,
        }
        let mut page = self.get::<Coll<T>>(url).await?;
        let mut items = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(next) = page.next.take() {
            if pages >= MAX_PAGES {
                return Err(GraphError::bad_request(format!(
                    "{url} has more than {MAX_PAGES} pages; the app stops there."
                )));
            }
            page = self.get::<Coll<T>>(&next).await?;
            items.append(&mut page.value);
            pages += 1;
        }
        Ok(items)
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
        self.memberships(&format!("/users/{}/memberOf", encode_segment(id)))
            .await
    }

    /// The signed-in admin's groups and admin roles (`/me/memberOf`): what the app offers
    /// them (Graph's 403 still has the last word).
    pub async fn my_memberships(&self) -> Result<(Vec<Group>, Vec<DirectoryRole>), GraphError> {
        self.memberships("/me/memberOf").await
    }

    async fn memberships(&self, url: &str) -> Result<(Vec<Group>, Vec<DirectoryRole>), GraphError> {
        let all: Vec<Value> = self.collection(url).await?;
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

impl Api {
    /// Sends the previewed calls through the one change runner (`$batch`es of 20, a few in
    /// flight, Retry-After, backoff, timeouts, cancel) as the acting admin, as one change of
    /// the simulated tenant's journal; every view reloads after. `progress` follows the run
    /// and may belong to a view that is gone by the time the run ends: it is only set while
    /// it still exists.
    pub async fn run(&self, work: Vec<Work>, progress: RwSignal<Progress>, cancel: &Cancel) -> Report {
        let transport = self.transport.get_value();
        let journal = self.journal.get_value();
        let headers: Vec<(String, String)> = self.authorization().into_iter().collect();
        if let Some(j) = &journal {
            j.begin_change();
        }
        let report = runner::run(
            transport.as_ref(),
            &BrowserTimer,
            &headers,
            work,
            &runner::Options::default(),
            cancel,
            &move |p| {
                let _ = progress.try_set(p);
            },
        )
        .await;
        if let Some(j) = &journal {
            j.end_change().await;
        }
        self.changed();
        report
    }

    /// Every user `q` matches, following next links `MAX_TOP` at a time; `progress` hears
    /// how many are read and, once known, how many there are. Stops at the first error,
    /// handing back what was read with it, and at `cancel` at once (the page being read
    /// is abandoned), handing back what was read before.
    pub async fn all_users(
        &self,
        q: &UserQuery,
        progress: impl Fn(usize, Option<usize>),
        cancel: &Cancel,
    ) -> (Vec<User>, Option<GraphError>) {
        let q = UserQuery {
            top: Some(tenant::query::MAX_TOP),
            count: true,
            ..q.clone()
        };
        let mut users = Vec::new();
        let mut total = None;
        let mut next: Option<String> = None;
        loop {
            let read = async {
                match &next {
                    None => self.list_users(&q).await,
                    Some(link) => self.next_users(link).await,
                }
            };
            let page = match select(Box::pin(read), Box::pin(cancel.cancelled())).await {
                Either::Left((page, _)) => page,
                Either::Right(_) => return (users, None),
            };
            match page {
                Err(e) => return (users, Some(e)),
                Ok(mut p) => {
                    users.append(&mut p.items);
                    total = p.count.or(total);
                    progress(users.len(), total);
                    match p.next {
                        Some(link) => next = Some(link),
                        None => return (users, None),
                    }
                }
            }
        }
    }

    /// Several users by id, read with the properties the panels show, 20 to a `$batch`.
    /// Users that no longer exist are left out. Items Graph throttles (429, or 503 and
    /// other 5xx) inside a batch are asked again after their `Retry-After` (else a short
    /// backoff), a bounded number of times; any other error stops.
    pub async fn users_by_id(&self, ids: &[Uuid]) -> Result<Vec<User>, GraphError> {
        /// Rounds of asking again for throttled items before giving up with their error.
        const MAX_ROUNDS: u32 = 20;
        let opts = runner::Options::default();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(tenant::rest::MAX_BATCH) {
            let mut pending: Vec<Uuid> = chunk.to_vec();
            let mut round = 0;
            while !pending.is_empty() {
                let requests: Vec<Value> = pending
                    .iter()
                    .enumerate()
                    .map(|(i, id)| json!({ "id": i.to_string(), "method": "GET", "url": format!("/users/{id}?$select={USER_DETAIL}") }))
                    .collect();
                let mut body = self
                    .send(GraphRequest::new(Method::Post, "/$batch").json(json!({ "requests": requests })))
                    .await?
                    .into_json_body();
                let Value::Array(answers) = body["responses"].take() else {
                    return Err(GraphError::bad_request("Unexpected batch answer: no responses."));
                };
                let mut again = Vec::new();
                let mut wait_ms = 0u64;
                let mut last = None;
                for mut a in answers {
                    let Some(id) = a["id"]
                        .as_str()
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| pending.get(i))
                    else {
                        continue;
                    };
                    let status = a["status"].as_u64().unwrap_or(0) as u16;
                    if (200..300).contains(&status) {
                        if let Ok(u) = serde_json::from_value::<User>(a["body"].take()) {
                            out.push(u);
                        }
                    } else if runner::retryable(status) {
                        again.push(*id);
                        // Without a Retry-After, a second before asking again.
                        let asked = runner::retry_after_item(&a, opts.max_retry_after_ms).unwrap_or(1_000);
                        wait_ms = wait_ms.max(asked);
                        last = Some(GraphError::from_body(status, &a["body"]));
                    } else if status != 404 {
                        return Err(GraphError::from_body(status, &a["body"]));
                    }
                }
                round += 1;
                if !again.is_empty() {
                    if round >= MAX_ROUNDS {
                        return Err(last.unwrap_or_else(|| GraphError::bad_request("The tenant kept throttling.")));
                    }
                    crate::api::timer::sleep_ms(i32::try_from(wait_ms).unwrap_or(i32::MAX)).await;
                }
                pending = again;
            }
        }
        // Graph may answer in any order: put them back in the order asked.
        let order: std::collections::HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        out.sort_by_key(|u| order.get(&u.id).copied().unwrap_or(usize::MAX));
        Ok(out)
    }

    /// Members in a licence error state across every licensed group, each once: the
    /// **Users with errors** view.
    pub async fn users_with_license_errors(&self) -> Result<Vec<User>, GraphError> {
        let mut items: Vec<User> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for g in self
            .groups()
            .await?
            .into_iter()
            .filter(|g| !g.assigned_licenses.is_empty())
        {
            for u in self.members_with_license_errors(g.id).await? {
                if seen.insert(u.id) {
                    items.push(u);
                }
            }
        }
        Ok(items)
    }
}

/// Sends one write, bounded by the runner's timeout: no answer in time means it may or may
/// not have been applied, which is what the error says.
async fn write_once(transport: &dyn Transport, req: GraphRequest) -> Result<GraphResponse, GraphError> {
    use super::timer::Timer;
    let timeout = runner::Options::default().timeout_ms;
    match select(transport.send(req), BrowserTimer.sleep(timeout)).await {
        Either::Left((res, _)) => Ok(res),
        Either::Right(_) => Err(GraphError::new(
            tenant::ErrorCode::ServiceUnavailable,
            format!(
                "The tenant did not answer within {} seconds, so the change may or may not have been applied: refresh and check.",
                timeout / 1000
            ),
        )),
    }
}

/// The most pages one collection read follows (100,000 items at Graph's 100 a page): a
/// server that never stops paging cannot keep the app reading for ever.
const MAX_PAGES: usize = 1000;

/// Properties a users list row shows.
pub const USER_ROW: &str = "id,displayName,userPrincipalName,mail,userType,externalUserState,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates,creationType,department,companyName,createdDateTime";

/// Properties the user panel shows.
pub const USER_DETAIL: &str = "id,displayName,givenName,surname,userPrincipalName,mail,otherMails,userType,externalUserState,externalUserStateChangeDateTime,creationType,accountEnabled,usageLocation,department,jobTitle,companyName,city,country,createdDateTime,onPremisesSyncEnabled,assignedLicenses,assignedPlans,licenseAssignmentStates";

/// Percent-encodes a path segment (guest sign-in names hold `#`).
pub fn encode_segment(s: &str) -> String {
    tenant::query::encode(s).replace('/', "%2F").replace('?', "%3F")
}
