//! The in-memory tenant: its objects, their indexes and the operations on users.
//!
//! Licensing operations live in `licensing.rs`, group membership in `groups.rs`; all of them
//! act on this one store so that every rule sees the same state.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use uuid::Uuid;

use crate::error::GraphError;
use crate::ids::IdSource;
use crate::index::{flag_table, Facets, DELETED};
use crate::model::{DirectoryRole, Group, Invitation, InvitedUser, Organization, SubscribedSku, User};
use crate::query::UserQuery;
use crate::roles::{Action, Actor, Role};
use crate::time::Timestamp;
use crate::upn_index::{same_name, UpnIndex};

/// A group and its members, in the order they joined (the order group licensing processes
/// them in, which decides who gets the last seats).
#[derive(Debug, Clone)]
pub struct GroupRecord {
    /// The Graph group.
    pub group: Group,
    /// Member ids, in order of joining.
    pub members: Vec<Uuid>,
    pub(crate) member_set: HashSet<Uuid>,
}

/// A subscribed product. Whether it was bought through self-service purchase is the sku's
/// own `self_service_purchase` annotation, so the app and the engine read the same flag.
#[derive(Debug, Clone)]
pub struct SkuRecord {
    /// The Graph subscribedSku.
    pub sku: SubscribedSku,
}

/// An activated directory role and its members.
#[derive(Debug, Clone)]
pub struct RoleRecord {
    /// The Graph directoryRole.
    pub role: DirectoryRole,
    /// Which role it is.
    pub kind: Role,
    /// Member ids.
    pub members: Vec<Uuid>,
}

/// One page of a users list, as indexes into the tenant's users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPage {
    /// Indexes of the users on this page.
    pub items: Vec<usize>,
    /// All matches, when `$count=true` was asked as an advanced query.
    pub count: Option<usize>,
    /// Where the next page starts, if there is one.
    pub next_skip: Option<usize>,
}

/// The body of `POST /invitations`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InvitationRequest {
    /// Required: the guest's address.
    pub invited_user_email_address: Option<String>,
    /// Required: where the guest lands after accepting.
    pub invite_redirect_url: Option<String>,
    /// Name to give the guest.
    pub invited_user_display_name: Option<String>,
    /// `Guest` (default) or `Member`.
    pub invited_user_type: Option<String>,
    /// Whether to send the e-mail.
    pub send_invitation_message: bool,
}

/// How many users a lookup by name or by id searches in place while that index is not built.
const SCANNED_FIRST: usize = 1_000;

/// Positions of users by id.
type IdMap = HashMap<Uuid, usize, rustc_hash::FxBuildHasher>;

/// A Microsoft 365 / Entra tenant held in memory.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub(crate) org: Organization,
    // Only the store writes users (see `edit_user`): it keeps its indexes and the derived
    // licences right by itself.
    pub(in crate::store) users: Vec<User>,
    /// Ids are random or drawn from the tenant's own seeded source, never chosen by a
    /// caller, so a fast non-keyed hash is safe here; SipHash was a third of adding a user.
    /// Built when first needed, like the list index: the app's first requests look users up
    /// by id only among the first users, which are searched in place (see
    /// [`Tenant::index_of`]), and filling the map while the users were made (a write at a
    /// random place per user) was over a quarter of generating 1,000,000 users.
    by_id: OnceLock<IdMap>,
    /// Users by name, built when first needed too: filling it was another quarter (see
    /// [`Tenant::position_of`] for the lookups made before it is).
    by_upn: OnceLock<UpnIndex>,
    pub(crate) groups: Vec<GroupRecord>,
    pub(crate) skus: Vec<SkuRecord>,
    pub(crate) roles: Vec<RoleRecord>,
    pub(crate) ids: IdSource,
    pub(crate) queue: Vec<Uuid>,
    facets: OnceLock<Facets>,
    /// The Azure classic portal beside the tenant (see [`crate::azure`]).
    pub(crate) portal: crate::azure::world::Portal,
}

impl Tenant {
    /// An empty tenant for `org`; ids come from `seed`.
    pub fn new(org: Organization, seed: u64) -> Self {
        Tenant {
            org,
            users: Vec::new(),
            by_id: OnceLock::new(),
            by_upn: OnceLock::new(),
            groups: Vec::new(),
            skus: Vec::new(),
            roles: Vec::new(),
            ids: IdSource::new(seed),
            queue: Vec::new(),
            facets: OnceLock::new(),
            portal: crate::azure::world::Portal::default(),
        }
    }

    /// The list index, built when first needed after a change.
    fn facets(&self) -> &Facets {
        let f = self.facets.get_or_init(|| Facets::build(&self.users));
        debug_assert_eq!(f.len(), self.users.len());
        f
    }

    /// Users by id, built when first needed after the tenant was built.
    fn ids(&self) -> &IdMap {
        self.by_id.get_or_init(|| {
            let mut ids = IdMap::with_capacity_and_hasher(self.users.len(), Default::default());
            // Of two users with one id (never made: ids are the tenant's own), the first is
            // found, as by the search in place.
            for (i, u) in self.users.iter().enumerate() {
                ids.entry(u.id).or_insert(i);
            }
            ids
        })
    }

    /// Users by name, built when first needed after the tenant was built.
    fn upns(&self) -> &UpnIndex {
        self.by_upn.get_or_init(|| UpnIndex::build(&self.users))
    }

    /// The position of the user called `upn`, in any case, deleted or not. Until the name
    /// index is built, the first [`SCANNED_FIRST`] users are searched in place before it is
    /// (and so by id in [`Tenant::index_of`]): who acts is looked up by name on every
    /// request, the admins come first in a tenant (a generated one's are its first five), and
    /// so a large tenant answers its first pages without building either index.
    fn position_of(&self, upn: &str) -> Option<usize> {
        if self.by_upn.get().is_none() {
            if let Some(i) = self.among_first(|u| same_name(&u.user_principal_name, upn)) {
                return Some(i);
            }
        }
        self.upns().get(&self.users, upn)
    }

    /// The position of the first of the first [`SCANNED_FIRST`] users who `is`: the search
    /// made in place before an index is built.
    fn among_first(&self, is: impl Fn(&User) -> bool) -> Option<usize> {
        self.users.iter().take(SCANNED_FIRST).position(is)
    }

    /// Builds the list index now rather than at the first filtered query; a plain listing
    /// does not need it, so a large tenant shows its first page without waiting for it. The
    /// users by id and by name are left to the first lookup that needs them (at 1,000,000
    /// users about 0.4 s each, natively), so that a filter right after the first page does
    /// not wait for them.
    pub fn warm_up(&self) {
        self.facets();
    }

    /// Mends user `idx`'s entry in the list index (when it is built) after a change to
    /// their type, sign-in or deletion, or to their names when `renamed`; forgets the
    /// index once mending has left more old names in it than live ones.
    fn mend_index(&mut self, idx: usize, renamed: bool) {
        let Some(f) = self.facets.get_mut() else { return };
        f.set(idx, &self.users[idx], renamed);
        if f.worn() {
            self.facets = OnceLock::new();
        }
    }

    /// The users (live, or deleted when `deleted`) matching the query's filter and search,
    /// in store order: how many there are, and the indexes of at most `take` of them from
    /// the `skip`th on (`usize::MAX` for all). Filters the flags byte decides (the views
    /// and the plain listing) are counted from the index's tally and read only up to the
    /// page asked for, so a page of guests costs the same at 1,000,000 users as at 1,000.
    fn matching(&self, q: &UserQuery, deleted: bool, skip: usize, take: usize) -> (usize, Vec<usize>) {
        let alive = |flags: u8| (flags & DELETED != 0) == deleted;
        let by_flags = match &q.filter {
            None => Some(flag_table(|_| true)),
            Some(filter) => filter.flag_table(),
        };
        if q.search.is_none() {
            // A plain listing does not wait for the index to be built.
            if q.filter.is_none() && self.facets.get().is_none() {
                let hits = (0..self.users.len()).filter(|&i| self.users[i].deleted_date_time.is_some() == deleted);
                return window(hits, skip, take);
            }
            if let Some(table) = by_flags {
                let f = self.facets();
                let table = flag_table(|flags| alive(flags) && table[usize::from(flags)]);
                let items = f.kept(&table).skip(skip).take(take).collect();
                return (f.count(&table), items);
            }
        }
        let f = self.facets();
        let hits = (0..self.users.len())
            .filter(|&i| alive(f.flags(i)))
            .filter(|&i| {
                q.filter
                    .as_ref()
                    .is_none_or(|x| x.matches_indexed(f, i, &self.users[i]))
            })
            .filter(|&i| {
                q.search
                    .as_ref()
                    .is_none_or(|s| s.matches_indexed(f, i, &self.users[i]))
            });
        window(hits, skip, take)
    }

    /// The organization.
    pub fn org(&self) -> &Organization {
        &self.org
    }

    /// A new object id from the tenant's id source.
    pub fn new_id(&mut self) -> Uuid {
        self.ids.uuid()
    }

    /// All users, soft-deleted ones included (check `deleted_date_time`).
    pub fn all_users(&self) -> &[User] {
        &self.users
    }

    /// Users that are not deleted.
    pub fn users(&self) -> impl Iterator<Item = &User> {
        self.users.iter().filter(|u| u.deleted_date_time.is_none())
    }

    /// Subscribed products.
    pub fn skus(&self) -> &[SkuRecord] {
        &self.skus
    }

    /// Groups with their members.
    pub fn groups(&self) -> &[GroupRecord] {
        &self.groups
    }

    /// Activated roles with their members.
    pub fn roles(&self) -> &[RoleRecord] {
        &self.roles
    }

    /// Adds a user (for building demo, generated and scratch tenants); their licences are
    /// derived from their paths and counted in the products' seats.
    pub fn insert_user(&mut self, user: User) -> usize {
        let idx = self.users.len();
        if let Some(ids) = self.by_id.get_mut() {
            ids.entry(user.id).or_insert(idx);
        }
        self.users.push(user);
        // Seeds and scratch tenants never hold two users of one name (invitations make names
        // unique first); the index keeps the first if one ever did.
        if let Some(upns) = self.by_upn.get_mut() {
            let unique = upns.insert(&self.users, idx);
            debug_assert!(unique, "two users named {}", self.users[idx].user_principal_name);
        }
        self.rederive(idx);
        if let Some(f) = self.facets.get_mut() {
            f.push(&self.users[idx]);
        }
        idx
    }

    /// Changes one user: the one door through which a user changes, so the store keeps what
    /// depends on users right by itself: the licences derived from the paths with the
    /// products' seat counts, and the list index when an indexed property changed (a
    /// licence change leaves it be). The user principal name is not changed this way (no
    /// call changes it), so the name index needs nothing.
    pub(crate) fn edit_user<R>(&mut self, idx: usize, f: impl FnOnce(&mut User) -> R) -> R {
        let Some(user) = self.users.get_mut(idx) else {
            // An index from this store is always in range; a wrong one changes nothing.
            return f(&mut User::default());
        };
        let before = crate::index::fingerprint(user);
        #[cfg(debug_assertions)]
        let name = user.user_principal_name.clone();
        let out = f(user);
        #[cfg(debug_assertions)]
        debug_assert_eq!(name, user.user_principal_name, "the name index would be stale");
        let after = crate::index::fingerprint(user);
        self.rederive(idx);
        if before != after {
            self.mend_index(idx, before.1 != after.1);
        }
        out
    }

    /// Re-derives a user's `assignedLicenses` from the paths and moves the products' seat
    /// counts by what changed.
    fn rederive(&mut self, idx: usize) {
        let Some(user) = self.users.get(idx) else { return };
        let derived = crate::licensing::derived_licences(&user.license_assignment_states);
        let before: Vec<Uuid> = user.assigned_licenses.iter().map(|l| l.sku_id).collect();
        for sku in &before {
            if !derived.iter().any(|l| l.sku_id == *sku) {
                if let Some(i) = self.sku_index(*sku) {
                    self.skus[i].sku.consumed_units -= 1;
                }
            }
        }
        for l in &derived {
            if !before.contains(&l.sku_id) {
                if let Some(i) = self.sku_index(l.sku_id) {
                    self.skus[i].sku.consumed_units += 1;
                }
            }
        }
        self.users[idx].assigned_licenses = derived;
    }

    /// Makes room for `n` more users at once, so a large build does not rehash its indexes
    /// again and again.
    pub fn reserve_users(&mut self, n: usize) {
        self.users.reserve(n);
        if let Some(ids) = self.by_id.get_mut() {
            ids.reserve(n);
        }
        if let Some(upns) = self.by_upn.get_mut() {
            upns.reserve(&self.users, n);
        }
    }

    /// Adds a subscribed product.
    pub fn insert_sku(&mut self, sku: SubscribedSku) {
        self.skus.push(SkuRecord { sku });
    }

    /// Adds `seats` licences of the catalog product `part`, bought as a new subscription
    /// (an Office 365 trial, seed 001): to the product's seats when the tenant has it, else
    /// as a new product.
    pub fn add_subscription(&mut self, part: &str, seats: i32) {
        let Some(p) = crate::catalog::product_by_part(part) else {
            return;
        };
        let subscription = self.new_id().to_string();
        match self.skus.iter_mut().find(|r| r.sku.sku_id == p.sku_id) {
            Some(r) => {
                r.sku.prepaid_units.enabled += seats;
                r.sku.capability_status = "Enabled".into();
                r.sku.subscription_ids.push(subscription);
            }
            None => {
                let seats = crate::build::Seats {
                    enabled: seats,
                    ..crate::build::Seats::default()
                };
                crate::build::subscribe(self, part, seats, false);
            }
        }
    }

    /// The Azure classic portal beside the tenant: its accounts, other directories and
    /// Azure subscriptions.
    pub fn portal(&self) -> &crate::azure::world::Portal {
        &self.portal
    }

    /// Starts the portal over from `portal` (a builder's or a test's own world).
    pub fn set_portal(&mut self, portal: crate::azure::world::Portal) {
        self.portal = portal;
    }

    /// Changes to the portal, for [`crate::azure::changes`] and the builders.
    pub(crate) fn portal_mut(&mut self) -> &mut crate::azure::world::Portal {
        &mut self.portal
    }

    /// Adds a group with members.
    pub fn insert_group(&mut self, group: Group, members: Vec<Uuid>) {
        let member_set = members.iter().copied().collect();
        self.groups.push(GroupRecord {
            group,
            members,
            member_set,
        });
    }

    /// Gives `user` a directory role, activating the role in the tenant if needed.
    pub fn grant_role(&mut self, kind: Role, user: Uuid) {
        if let Some(r) = self.roles.iter_mut().find(|r| r.kind == kind) {
            if !r.members.contains(&user) {
                r.members.push(user);
            }
            return;
        }
        let role = DirectoryRole {
            id: self.ids.uuid(),
            display_name: kind.display_name().to_owned(),
            description: kind.description().to_owned(),
            role_template_id: kind.template_id(),
        };
        self.roles.push(RoleRecord {
            role,
            kind,
            members: vec![user],
        });
    }

    /// The roles `user` holds.
    pub fn roles_of(&self, user: Uuid) -> Vec<Role> {
        let mut roles: Vec<Role> = self
            .roles
            .iter()
            .filter(|r| r.members.contains(&user))
            .map(|r| r.kind)
            .collect();
        roles.sort();
        roles
    }

    /// The actor behind a development token's user principal name; `None` for unknown or
    /// deleted users.
    pub fn actor(&self, upn: &str) -> Option<Actor> {
        self.position_of(upn).and_then(|i| self.actor_at(i))
    }

    /// The actor behind a signed access token's object id (its `oid` claim, which Graph
    /// reads before any name, since a user's name can change); `None` for unknown, deleted
    /// or disabled users, as [`Tenant::actor`].
    pub fn actor_by_id(&self, id: Uuid) -> Option<Actor> {
        self.index_of(id).and_then(|i| self.actor_at(i))
    }

    /// The user at `idx` as an actor, if they can sign in.
    fn actor_at(&self, idx: usize) -> Option<Actor> {
        let u = &self.users[idx];
        if u.deleted_date_time.is_some() || u.account_enabled == Some(false) {
            return None;
        }
        Some(Actor {
            id: u.id,
            upn: u.user_principal_name.clone(),
            roles: self.roles_of(u.id),
        })
    }

    /// An actor with every right, for building tenants.
    pub fn system_actor() -> Actor {
        Actor {
            id: Uuid::nil(),
            upn: "system".into(),
            roles: vec![Role::GlobalAdministrator],
        }
    }

    /// The index of a user by id or user principal name, deleted or not.
    pub fn find_user(&self, id_or_upn: &str) -> Option<usize> {
        match Uuid::parse_str(id_or_upn) {
            Ok(id) => self.index_of(id),
            Err(_) => self.position_of(id_or_upn),
        }
    }

    /// The index of a user by id, deleted or not.
    pub fn index_of(&self, id: Uuid) -> Option<usize> {
        if self.by_id.get().is_none() {
            if let Some(i) = self.among_first(|u| u.id == id) {
                return Some(i);
            }
        }
        self.ids().get(&id).copied()
    }

    /// The index of a live user, or Graph's 404.
    pub fn live_user(&self, id_or_upn: &str) -> Result<usize, GraphError> {
        self.find_user(id_or_upn)
            .filter(|&i| self.users[i].deleted_date_time.is_none())
            .ok_or_else(|| GraphError::not_found(id_or_upn))
    }

    /// A live user, or Graph's 404.
    pub fn user(&self, id_or_upn: &str) -> Result<&User, GraphError> {
        self.live_user(id_or_upn).map(|i| &self.users[i])
    }

    /// The user at an index from a [`UserPage`].
    pub fn user_at(&self, idx: usize) -> &User {
        &self.users[idx]
    }

    /// `GET /users` (or the deleted users when `deleted`): filter, search, order and page,
    /// with Graph's advanced-query rules.
    pub fn list_users(&self, q: &UserQuery, eventual: bool, deleted: bool) -> Result<UserPage, GraphError> {
        q.check_advanced(eventual)?;
        let start = match &q.skip_token {
            None => 0,
            Some(t) => {
                decode_skip(t).ok_or_else(|| GraphError::bad_request("The $skiptoken is invalid or has expired."))?
            }
        };
        // A token is the caller's text: one past the last match (users were deleted since
        // the page was read) or near `usize::MAX` gives an empty page, never an overflow.
        let size = q.page_size();
        let (total, items) = match q.order_by {
            None => self.matching(q, deleted, start, size),
            Some(order) => {
                let (total, mut matches) = self.matching(q, deleted, 0, usize::MAX);
                let key = |i: &usize| -> String {
                    let u = &self.users[*i];
                    match order.prop {
                        crate::query::Prop::UserPrincipalName => u.user_principal_name.to_lowercase(),
                        _ => u.name().to_lowercase(),
                    }
                };
                matches.sort_by_cached_key(key);
                if order.desc {
                    matches.reverse();
                }
                (total, matches.into_iter().skip(start).take(size).collect())
            }
        };
        let end = start.saturating_add(items.len());
        Ok(UserPage {
            items,
            count: (q.count && eventual).then_some(total),
            next_skip: (end < total).then_some(end),
        })
    }

    /// `GET /users/$count`: needs `ConsistencyLevel: eventual`.
    pub fn count_users(&self, q: &UserQuery, eventual: bool) -> Result<usize, GraphError> {
        if !eventual {
            return Err(GraphError::bad_request("$count is not currently supported."));
        }
        let q = UserQuery {
            count: true,
            ..q.clone()
        };
        q.check_advanced(true)?;
        Ok(self.matching(&q, false, 0, 0).0)
    }

    /// `PATCH /users/{id}`: writable properties only; each property needs its own right
    /// (see `patch_actions`): a License Administrator may set only the usage location,
    /// only a Global Administrator may change `userType`, and the sensitive properties of an
    /// admin take a higher admin. Synced users take only cloud-mastered properties; no
    /// admin may disable their own account; a usage location where a licensed service is
    /// not offered is refused. A refused patch changes nothing.
    pub fn update_user(
        &mut self,
        actor: &Actor,
        id_or_upn: &str,
        patch: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), GraphError> {
        let idx = self.live_user(id_or_upn)?;
        let patch = &without_annotations(patch)?;
        let target = self.roles_of(self.users[idx].id);
        for action in patch_actions(patch, &target) {
            actor.check(action)?;
        }
        let synced = self.users[idx].on_premises_sync_enabled == Some(true);
        let mut user = self.users[idx].clone();
        for (key, value) in patch {
            let text = || -> Result<Option<String>, GraphError> {
                match value {
                    serde_json::Value::Null => Ok(None),
                    serde_json::Value::String(s) => Ok(Some(s.clone())),
                    _ => Err(invalid_value(key)),
                }
            };
            if synced && key != "usageLocation" {
                return Err(GraphError::bad_request(
                    "Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.",
                ));
            }
            match key.as_str() {
                "usageLocation" => {
                    let loc = text()?;
                    if let Some(l) = &loc {
                        if !crate::countries::is_country(l) {
                            return Err(invalid_value(key));
                        }
                    }
                    if loc.is_none() && !user.assigned_licenses.is_empty() {
                        return Err(GraphError::bad_request(
                            "The usage location can't be cleared while the user has licenses.",
                        ));
                    }
                    user.usage_location = loc.map(Into::into);
                }
                "displayName" => {
                    let name = text()?
                        .filter(|n| !n.trim().is_empty())
                        .ok_or_else(|| invalid_value(key))?;
                    user.display_name = Some(name);
                }
                "givenName" => user.given_name = text()?.map(Into::into),
                "surname" => user.surname = text()?.map(Into::into),
                "jobTitle" => user.job_title = text()?.map(Into::into),
                "department" => user.department = text()?.map(Into::into),
                "companyName" => user.company_name = text()?.map(Into::into),
                "city" => user.city = text()?.map(Into::into),
                "country" => user.country = text()?.map(Into::into),
                "officeLocation" => user.office_location = text()?,
                "mobilePhone" => user.mobile_phone = text()?,
                "accountEnabled" => {
                    let enabled = value.as_bool().ok_or_else(|| invalid_value(key))?;
                    if !enabled && user.id == actor.id {
                        return Err(GraphError::bad_request("You can't disable your own account."));
                    }
                    user.account_enabled = Some(enabled);
                }
                "userType" => match value.as_str() {
                    Some(t @ ("Member" | "Guest")) => user.user_type = Some(t.to_owned().into()),
                    _ => return Err(invalid_value(key)),
                },
                other => return Err(GraphError::bad_request(format!("Invalid property '{other}'."))),
            }
        }
        if user.usage_location != self.users[idx].usage_location {
            if let Some(loc) = user.usage_location.as_deref() {
                self.check_offered_in(&user, loc)?;
            }
        }
        self.edit_user(idx, |u| *u = user);
        Ok(())
    }

    /// `Ok` when every service `user`'s active licences turn on is offered in `location`,
    /// else the licence error Entra gives: a usage location is checked when it changes, so a
    /// licence cannot be got by moving the user elsewhere and back.
    fn check_offered_in(&self, user: &User, location: &str) -> Result<(), GraphError> {
        for s in user.license_assignment_states.iter().filter(|s| s.is_active()) {
            let Some(sku) = self.sku(s.sku_id) else { continue };
            for p in sku
                .service_plans
                .iter()
                .filter(|p| !s.disabled_plans.contains(&p.service_plan_id))
            {
                let barred = crate::catalog::LOCATION_RESTRICTIONS
                    .iter()
                    .any(|(plan, places)| *plan == p.service_plan_name && places.contains(&location));
                if barred {
                    return Err(GraphError::license(
                        crate::error::LicenseError::ProhibitedInUsageLocationViolation,
                        format!(
                            "The service {} isn't offered in the usage location {location}. Change the usage location or turn the service off.",
                            crate::catalog::plan_name(&p.service_plan_name)
                        ),
                        Some(s.sku_id.to_string()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// `DELETE /users/{id}`: a soft delete. A cloud user's licences are freed at once; a
    /// synced user (one that left sync scope) keeps its licences, marked suspended (seed 004).
    /// Deleting a user who holds an admin role takes a higher admin (see [`Action::DeleteUser`]);
    /// no admin may delete their own account.
    pub fn delete_user(&mut self, actor: &Actor, id_or_upn: &str, now: Timestamp) -> Result<(), GraphError> {
        let idx = self.live_user(id_or_upn)?;
        let target = self.roles_of(self.users[idx].id);
        actor.check(Action::DeleteUser { target: &target })?;
        if self.users[idx].id == actor.id {
            return Err(GraphError::bad_request("You can't delete your own account."));
        }
        self.edit_user(idx, |user| {
            user.deleted_date_time = Some(now.iso());
            if user.on_premises_sync_enabled != Some(true) {
                user.license_assignment_states.clear();
            }
        });
        Ok(())
    }

    /// `POST /directory/deletedItems/{id}/restore`: restoring a user who holds an admin role
    /// takes a higher admin, as deleting them does.
    pub fn restore_user(&mut self, actor: &Actor, id: &str, now: Timestamp) -> Result<usize, GraphError> {
        let idx = self.deleted_user(id)?;
        let target = self.roles_of(self.users[idx].id);
        actor.check(Action::DeleteUser { target: &target })?;
        let uid = self.edit_user(idx, |u| {
            u.deleted_date_time = None;
            u.id
        });
        for g in 0..self.groups.len() {
            if self.groups[g].member_set.contains(&uid) && !self.groups[g].group.assigned_licenses.is_empty() {
                self.apply_group_to_member(g, idx, now);
            }
        }
        Ok(idx)
    }

    /// The index of a soft-deleted user, or Graph's 404.
    fn deleted_user(&self, id: &str) -> Result<usize, GraphError> {
        self.find_user(id)
            .filter(|&i| self.users[i].deleted_date_time.is_some())
            .ok_or_else(|| GraphError::not_found(id))
    }

    /// `DELETE /directory/deletedItems/{id}`: gone for good; suspended seats are freed.
    /// Purging a user who holds an admin role takes a higher admin, as deleting them does.
    pub fn purge_user(&mut self, actor: &Actor, id: &str) -> Result<(), GraphError> {
        let idx = self.deleted_user(id)?;
        let target = self.roles_of(self.users[idx].id);
        actor.check(Action::DeleteUser { target: &target })?;
        self.edit_user(idx, |u| u.license_assignment_states.clear());
        if let Some(upns) = self.by_upn.get_mut() {
            upns.remove(&self.users, idx);
        }
        let last = self.users.len() - 1;
        let user = self.users.swap_remove(idx);
        if let Some(f) = self.facets.get_mut() {
            f.swap_remove(idx);
        }
        if let Some(ids) = self.by_id.get_mut() {
            ids.remove(&user.id);
            if let Some(moved) = self.users.get(idx) {
                ids.insert(moved.id, idx);
            }
        }
        if let Some(upns) = self.by_upn.get_mut().filter(|_| idx < self.users.len()) {
            upns.moved(&self.users, last, idx);
        }
        for g in &mut self.groups {
            g.members.retain(|m| *m != user.id);
            g.member_set.remove(&user.id);
        }
        for r in &mut self.roles {
            r.members.retain(|m| *m != user.id);
        }
        Ok(())
    }

    /// `POST /invitations`: creates a guest in `PendingAcceptance` at once.
    pub fn invite(&mut self, actor: &Actor, req: &InvitationRequest, now: Timestamp) -> Result<Invitation, GraphError> {
        actor.check(Action::Invite)?;
        let email = req
            .invited_user_email_address
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .ok_or_else(|| {
                GraphError::bad_request("Invalid input received for invitedUserEmailAddress: the address is required.")
            })?;
        if !is_email(email) {
            return Err(GraphError::bad_request(format!(
                "The specified email address '{email}' is invalid. Use an address like name@example.com."
            )));
        }
        let redirect = req
            .invite_redirect_url
            .as_deref()
            .filter(|r| r.starts_with("https://") || r.starts_with("http://"))
            .ok_or_else(|| {
                GraphError::bad_request(
                    "Invalid input received for inviteRedirectUrl: an absolute http(s) URL is required.",
                )
            })?;
        if let Some(existing) = self.users.iter().find(|u| {
            u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(email))
                || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(email))
                || u.user_principal_name.eq_ignore_ascii_case(email)
        }) {
            return Err(GraphError::bad_request(format!(
                "The invited user already exists in the directory as object ID {}.",
                existing.id
            )));
        }
        let user_type = match req.invited_user_type.as_deref() {
            None | Some("Guest") => "Guest",
            Some("Member") => "Member",
            Some(_) => {
                return Err(GraphError::bad_request(
                    "Invalid value for invitedUserType: use Guest or Member.",
                ))
            }
        };
        let id = self.ids.uuid();
        let domain = self.org.initial_domain().to_owned();
        let local = email.split('@').next().unwrap_or(email);
        let display = req
            .invited_user_display_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| local.to_owned());
        let user = User {
            id,
            display_name: Some(display.clone()),
            user_principal_name: self.free_guest_upn(email, &domain),
            mail: Some(email.to_owned()),
            other_mails: vec![email.to_owned()],
            user_type: Some(user_type.to_owned().into()),
            external_user_state: Some("PendingAcceptance".into()),
            external_user_state_change_date_time: Some(now.iso().into()),
            creation_type: Some("Invitation".into()),
            account_enabled: Some(true),
            created_date_time: Some(now.iso().into()),
            ..User::default()
        };
        self.insert_user(user);
        let invitation_id = self.ids.uuid();
        Ok(Invitation {
            id: invitation_id,
            invite_redeem_url: format!(
                "https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d{}%26user%3d{invitation_id}",
                self.org.id
            ),
            invited_user_display_name: req.invited_user_display_name.clone(),
            invited_user_type: user_type.to_owned(),
            invited_user_email_address: email.to_owned(),
            send_invitation_message: req.send_invitation_message,
            reset_redemption: false,
            invite_redirect_url: redirect.to_owned(),
            status: "PendingAcceptance".into(),
            invited_user: InvitedUser { id },
        })
    }

    /// A guest's user principal name as Graph makes it, `a_b.com#EXT#@tenant` for `a@b.com`;
    /// when another user (live or deleted) has it already, as `a_b.com` and `a@b_com` would,
    /// Graph puts a number before `#EXT#`: the first free of `a_b.com1#EXT#@...`,
    /// `a_b.com2#EXT#@...`...
    fn free_guest_upn(&self, email: &str, domain: &str) -> String {
        let base = email.replace('@', "_");
        let taken = |upn: &str| self.position_of(upn).is_some();
        let first = format!("{base}#EXT#@{domain}");
        if !taken(&first) {
            return first;
        }
        (1u64..)
            .map(|n| format!("{base}{n}#EXT#@{domain}"))
            .find(|upn| !taken(upn))
            .unwrap_or(first)
    }

    /// The guest follows the invitation link (a simulation step: in real life the guest
    /// does this, not an admin).
    pub fn redeem_invitation(&mut self, id_or_upn: &str, now: Timestamp) -> Result<(), GraphError> {
        let idx = self.live_user(id_or_upn)?;
        if self.users[idx].external_user_state.as_deref() != Some("PendingAcceptance") {
            return Err(GraphError::bad_request("This user has no pending invitation."));
        }
        self.edit_user(idx, |u| {
            u.external_user_state = Some("Accepted".into());
            u.external_user_state_change_date_time = Some(now.iso().into());
        });
        Ok(())
    }

    /// Groups and roles `user` belongs to (`GET /users/{id}/memberOf`).
    pub fn member_of(&self, user: Uuid) -> (Vec<&Group>, Vec<&DirectoryRole>) {
        let groups = self
            .groups
            .iter()
            .filter(|g| g.member_set.contains(&user))
            .map(|g| &g.group)
            .collect();
        let roles = self
            .roles
            .iter()
            .filter(|r| r.members.contains(&user))
            .map(|r| &r.role)
            .collect();
        (groups, roles)
    }
}

/// What a `PATCH /users/{id}` body asks to do, for a user holding `target`: each
/// property's own right, in a fixed order so the answer does not depend on the body's.
/// Unknown properties count as ordinary ones (and are refused as invalid once allowed).
fn patch_actions<'a>(patch: &serde_json::Map<String, serde_json::Value>, target: &'a [Role]) -> Vec<Action<'a>> {
    let has = |f: fn(&str) -> bool| patch.keys().any(|k| f(k));
    let mut actions = Vec::new();
    if has(|k| !matches!(k, "usageLocation" | "accountEnabled" | "mobilePhone" | "userType")) {
        actions.push(Action::UpdateUser);
    }
    if has(|k| k == "usageLocation") {
        actions.push(Action::SetUsageLocation);
    }
    if has(|k| matches!(k, "accountEnabled" | "mobilePhone")) {
        actions.push(Action::UpdateSensitive { target });
    }
    if has(|k| k == "userType") {
        actions.push(Action::SetUserType);
    }
    if actions.is_empty() {
        // An empty body changes nothing but is still a write: it takes the least right
        // that may patch a user.
        actions.push(Action::SetUsageLocation);
    }
    actions
}

/// A PATCH body without its instance annotations (`@odata.type`, `property@odata.type`),
/// which Graph accepts and Microsoft's own SDKs send: they describe the body, they change
/// nothing. An `@odata.type` that names another type than a user is refused.
fn without_annotations(
    patch: &serde_json::Map<String, serde_json::Value>,
) -> Result<serde_json::Map<String, serde_json::Value>, GraphError> {
    if let Some(t) = patch.get("@odata.type") {
        if t.as_str() != Some("#microsoft.graph.user") {
            return Err(GraphError::bad_request(format!(
                "The type '{}' of the request body is not 'microsoft.graph.user'.",
                t.as_str().unwrap_or_default()
            )));
        }
    }
    Ok(patch
        .iter()
        .filter(|(k, _)| !k.contains('@'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

fn invalid_value(key: &str) -> GraphError {
    GraphError::bad_request(format!(
        "Invalid value specified for property '{key}' of resource 'User'."
    ))
}

/// A plain check of an e-mail address: one `@`, a local part, and a dotted domain.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '"' | '(' | ')'))
}

/// The opaque `$skiptoken` for a page offset.
pub fn encode_skip(offset: usize) -> String {
    format!("X{offset:x}")
}

/// The offset in a token from [`encode_skip`]; `None` for anything else (only hex digits,
/// at most 16 of them, and a value that fits).
fn decode_skip(token: &str) -> Option<usize> {
    let hex = token.strip_prefix('X')?;
    if hex.is_empty() || hex.len() > 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    usize::from_str_radix(hex, 16).ok()
}

/// How many of `hits` there are, and at most `take` of them from the `skip`th on.
fn window(hits: impl Iterator<Item = usize>, skip: usize, take: usize) -> (usize, Vec<usize>) {
    let mut total = 0;
    let mut items = Vec::new();
    for i in hits {
        if total >= skip && items.len() < take {
            items.push(i);
        }
        total += 1;
    }
    (total, items)
}

#[cfg(test)]
mod tests {
    use crate::demo::demo_tenant;
    use crate::roles::Role;

    #[test]
    fn an_actor_is_found_by_id_as_by_name_and_only_if_they_can_sign_in() {
        let t = demo_tenant();
        for upn in [
            "admin@contoso.onmicrosoft.com",
            "meganb@contoso.com",
            "jane@contoso.com",
        ] {
            let by_name = t.actor(upn).expect("a demo user who can sign in");
            assert_eq!(t.actor_by_id(by_name.id).as_ref(), Some(&by_name), "{upn}");
        }
        let megan = t.actor("MeganB@Contoso.com").expect("names match in any case");
        assert_eq!(megan.roles, vec![Role::LicenseAdministrator]);
        let blocked = t.find_user("ravip@contoso.com").map(|i| t.user_at(i).id);
        assert!(
            blocked.is_some_and(|id| t.actor_by_id(id).is_none()),
            "a disabled user cannot act"
        );
        assert!(t.actor_by_id(uuid::Uuid::nil()).is_none());
    }

    /// Lookups made before the indexes are built (the first users searched in place) find
    /// what the indexes find after, in any case; a later name or an id builds them.
    #[test]
    fn lookups_before_and_after_the_indexes_are_built_agree() {
        let n = super::SCANNED_FIRST * 2 + 7;
        let fresh = || crate::generate::generated_tenant(n as u32, 3);
        let t = fresh();
        let names: Vec<String> = t.users().map(|u| u.user_principal_name.to_uppercase()).collect();
        let first = &names[super::SCANNED_FIRST - 1];
        assert_eq!(t.find_user(first), Some(super::SCANNED_FIRST - 1));
        assert!(t.by_upn.get().is_none(), "a name among the first is found in place");
        assert!(t.actor(&names[0]).is_some());
        assert!(t.by_upn.get().is_none() && t.by_id.get().is_none());
        assert_eq!(t.find_user(&names[n - 1]), Some(n - 1), "a later name builds the index");
        assert!(t.by_upn.get().is_some());
        for (i, name) in names.iter().enumerate().step_by(97) {
            assert_eq!(t.find_user(name), Some(i), "{name}");
            let id = t.user_at(i).id;
            assert_eq!(t.find_user(&id.to_string()), Some(i));
            assert_eq!(fresh().find_user(name), Some(i), "{name}, looked up first");
            assert_eq!(fresh().index_of(id), Some(i), "{id}, looked up first");
        }
        assert_eq!(fresh().find_user("nobody@contoso.com"), None);
        assert_eq!(t.find_user("nobody@contoso.com"), None);
        assert_eq!(fresh().index_of(uuid::Uuid::nil()), None);
    }

    /// The requests the app makes before its first page of users are answered without
    /// indexing a large tenant's users by id or by name (a second and more at 1,000,000).
    #[test]
    fn the_first_page_builds_no_index_of_users() {
        use crate::rest::{handle, GraphRequest, Method};
        let mut t = crate::generate::generated_tenant(super::SCANNED_FIRST as u32 * 3, 5);
        let ctx = crate::simulation::context(crate::time::Timestamp(1_796_000_000));
        for url in [
            "/organization",
            "/me?$select=id,displayName,userPrincipalName",
            "/subscribedSkus",
            "/directoryRoles",
            "/users?$select=id,displayName&$top=100&$count=true",
        ] {
            let req = GraphRequest::new(Method::Get, url)
                .header("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com")
                .header("ConsistencyLevel", "eventual");
            let res = handle(&mut t, &req, &ctx);
            assert_eq!(res.status, 200, "{url}: {res:?}");
        }
        // Then the shell asks who holds each admin role.
        for r in t.roles.iter().map(|r| r.role.id).collect::<Vec<_>>() {
            let req = GraphRequest::new(Method::Get, format!("/directoryRoles/{r}/members"))
                .header("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com");
            let res = handle(&mut t, &req, &ctx);
            assert_eq!(res.status, 200, "{r}: {res:?}");
        }
        assert!(t.by_id.get().is_none(), "users indexed by id");
        assert!(t.by_upn.get().is_none(), "users indexed by name");
        let me = handle(
            &mut t,
            &GraphRequest::new(Method::Get, "/me/memberOf")
                .header("Authorization", "Bearer dev:admin@contoso.onmicrosoft.com"),
            &ctx,
        );
        assert_eq!(me.status, 200);
    }
}
