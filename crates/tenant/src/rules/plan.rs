//! Licence changes planned before they are saved: what each user gains and loses, the
//! seats they use, and who would fail and why.
//!
//! The plan is worked out by running the engine's own `assignLicense` on a scratch tenant
//! built from what the app has read (the users, the subscribed products, the acting admin's
//! roles), so it works the same against Graph and the simulated tenant, and saving sends
//! exactly the requests the preview ran, in the same order.

use serde_json::Value;
use uuid::Uuid;

use crate::error::{ErrorKind, GraphError, LicenseError};
use crate::licensing::ProductCounts;
use crate::model::{AssignedLicense, Group, LicenseAssignmentState, Organization, SubscribedSku, User};
use crate::roles::{Actor, Role};
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// How a bulk change treats the licences users already hold (the admin center's three
/// choices in **Manage product licenses**).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// **Assign more**: keep the existing licences and add the chosen ones.
    AssignMore,
    /// **Replace**: the chosen licences replace the directly assigned ones.
    Replace,
    /// **Unassign all**: remove every directly assigned licence.
    UnassignAll,
    /// **Unassign licenses** on a product's page: remove the chosen licences where they are
    /// assigned directly, keep the rest. A licence a user has only through a group is not
    /// theirs to remove; the plan leaves it.
    Unassign,
}

/// One user's `assignLicense` call.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenseRequest {
    /// The user.
    pub user: Uuid,
    /// `addLicenses`.
    pub add: Vec<AssignedLicense>,
    /// `removeLicenses`.
    pub remove: Vec<Uuid>,
    /// A usage location to set first (`PATCH /users/{id}`), asked for in the flow when the
    /// user has none, instead of letting the assignment fail.
    pub usage_location: Option<String>,
}

impl LicenseRequest {
    /// The request body as Graph takes it.
    pub fn body(&self) -> Value {
        crate::rest::assign_license_body(&self.add, &self.remove)
    }
}

/// The calls a bulk change makes: one per user, `chosen` being the licences ticked with
/// their services turned off.
pub fn requests_for(mode: Mode, users: &[User], chosen: &[AssignedLicense]) -> Vec<LicenseRequest> {
    users
        .iter()
        .map(|u| {
            let direct: Vec<Uuid> = u
                .license_assignment_states
                .iter()
                .filter(|s| s.assigned_by_group.is_none())
                .map(|s| s.sku_id)
                .collect();
            let (add, remove) = match mode {
                Mode::AssignMore => (chosen.to_vec(), Vec::new()),
                Mode::Replace => (
                    chosen.to_vec(),
                    direct
                        .iter()
                        .filter(|d| !chosen.iter().any(|c| c.sku_id == **d))
                        .copied()
                        .collect(),
                ),
                Mode::UnassignAll => (Vec::new(), direct),
                Mode::Unassign => (
                    Vec::new(),
                    direct
                        .iter()
                        .filter(|d| chosen.iter().any(|c| c.sku_id == **d))
                        .copied()
                        .collect(),
                ),
            };
            LicenseRequest {
                user: u.id,
                add,
                remove,
                usage_location: None,
            }
        })
        .collect()
}

/// What one user's call does.
#[derive(Debug, Clone, PartialEq)]
pub struct UserPlan {
    /// The user's display name, for the preview table.
    pub name: String,
    /// The call.
    pub request: LicenseRequest,
    /// Products the user gets.
    pub gains: Vec<Uuid>,
    /// Products the user loses.
    pub loses: Vec<Uuid>,
    /// Products the user keeps with other services on or off.
    pub services_changed: Vec<Uuid>,
    /// `Ok`, or the error the call gets.
    pub outcome: Result<(), GraphError>,
}

impl UserPlan {
    /// True when the call changes anything: the user's licences or services, or a direct
    /// assignment that goes while the licence stays through a group (the admin asked for
    /// it, and the user then depends on the group alone).
    pub fn changes(&self) -> bool {
        !(self.gains.is_empty()
            && self.loses.is_empty()
            && self.services_changed.is_empty()
            && self.request.remove.is_empty())
    }

    /// Products whose direct assignment goes while the user keeps them through a group.
    pub fn kept_through_group(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.request
            .remove
            .iter()
            .copied()
            .filter(|sku| !self.loses.contains(sku))
    }
}

/// Seats a change uses in one product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatPlan {
    /// The product.
    pub sku: Uuid,
    /// Seats free before the change.
    pub available: i32,
    /// Seats the change would take (net of seats it frees).
    pub needed: i32,
}

impl SeatPlan {
    /// How many seats must be bought for everyone to get the product.
    pub fn missing(&self) -> i32 {
        (self.needed - self.available).max(0)
    }
}

/// A planned change: per user and per product.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// One entry per user, in the order the calls are sent.
    pub users: Vec<UserPlan>,
    /// Products whose seat use changes.
    pub seats: Vec<SeatPlan>,
    /// Why a group's call itself would be refused (rights, a product that cannot go to
    /// users); its members then carry the same error and nothing is sent.
    pub refused: Option<GraphError>,
}

impl Plan {
    /// The calls to send on save: those that the preview showed succeeding and that change
    /// something.
    pub fn to_send(&self) -> Vec<&LicenseRequest> {
        self.users
            .iter()
            .filter(|u| u.outcome.is_ok() && u.changes())
            .map(|u| &u.request)
            .collect()
    }

    /// How many users would fail.
    pub fn failures(&self) -> usize {
        self.users.iter().filter(|u| u.outcome.is_err()).count()
    }

    /// Takes from `skus` the seats this plan would use, for planning the next part of the
    /// same change (Entra's Assign to users and groups at once) on what is left.
    pub fn take_seats(&self, skus: &mut [SubscribedSku]) {
        for u in self.users.iter().filter(|u| u.outcome.is_ok()) {
            for (list, by) in [(&u.gains, 1), (&u.loses, -1)] {
                for sku in list {
                    if let Some(s) = skus.iter_mut().find(|s| s.sku_id == *sku) {
                        s.consumed_units += by;
                    }
                }
            }
        }
    }

    /// Gives the users among `users` what this plan would give them, for planning the next
    /// part of the same change: a product they get is held (as a direct assignment, which
    /// is what seats and services of the next part depend on), with the usage location set.
    pub fn give_to(&self, users: &mut [User]) {
        for u in self.users.iter().filter(|u| u.outcome.is_ok()) {
            let Some(user) = users.iter_mut().find(|x| x.id == u.request.user) else {
                continue;
            };
            if let Some(code) = &u.request.usage_location {
                user.usage_location = Some(code.clone().into());
            }
            for sku in &u.gains {
                let disabled_plans = u
                    .request
                    .add
                    .iter()
                    .find(|a| a.sku_id == *sku)
                    .map(|a| a.disabled_plans.clone())
                    .unwrap_or_default();
                user.license_assignment_states.push(LicenseAssignmentState {
                    sku_id: *sku,
                    disabled_plans: disabled_plans.clone(),
                    state: "Active".into(),
                    error: "None".into(),
                    ..LicenseAssignmentState::default()
                });
                // Held already, so the scratch tenant of the next part counts no new seat.
                user.assigned_licenses.push(AssignedLicense {
                    sku_id: *sku,
                    disabled_plans,
                });
            }
        }
    }
}

/// Works out `requests` on a scratch tenant made of `users` and `skus`, as `roles` would
/// act. Users not among `users` are not needed: a call only touches its own user and the
/// product's seat counts.
fn plan(
    org: &Organization,
    skus: &[SubscribedSku],
    users: &[User],
    roles: &[Role],
    requests: &[LicenseRequest],
    now: Timestamp,
) -> Plan {
    let mut t = scratch(org, skus, users);
    let actor = Actor {
        id: Uuid::nil(),
        upn: "planner".into(),
        roles: roles.to_vec(),
    };
    let free = |t: &Tenant, sku: Uuid| t.sku(sku).map_or(0, |s| ProductCounts::of(s).free());
    let mut seats: Vec<SeatPlan> = Vec::new();
    let touched = |sku: Uuid, t: &Tenant, seats: &mut Vec<SeatPlan>| {
        if !seats.iter().any(|s| s.sku == sku) {
            seats.push(SeatPlan {
                sku,
                available: free(t, sku),
                needed: 0,
            });
        }
    };
    let mut out = Vec::with_capacity(requests.len());
    for r in requests {
        let id = r.user.to_string();
        let Ok(idx) = t.live_user(&id) else {
            out.push(UserPlan {
                name: id.clone(),
                request: r.clone(),
                gains: Vec::new(),
                loses: Vec::new(),
                services_changed: Vec::new(),
                outcome: Err(GraphError::new(
                    crate::error::ErrorCode::NotFound,
                    format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
                )),
            });
            continue;
        };
        for sku in r.add.iter().map(|a| a.sku_id).chain(r.remove.iter().copied()) {
            touched(sku, &t, &mut seats);
        }
        let before = t.user_at(idx).assigned_licenses.clone();
        let name = t.user_at(idx).name().to_owned();
        // The planner wants every user's own outcome: the seat check must count what earlier
        // users in this change already took, which the scratch tenant does by applying them.
        let located = match &r.usage_location {
            Some(code) => {
                let mut patch = serde_json::Map::new();
                patch.insert("usageLocation".into(), Value::String(code.clone()));
                t.update_user(&actor, &id, &patch)
            }
            None => Ok(()),
        };
        let outcome = located.and_then(|_| t.assign_license(&actor, &id, &r.add, &r.remove, now).map(|_| ()));
        let after = &t.user_at(idx).assigned_licenses;
        let held = |set: &[AssignedLicense], sku: Uuid| set.iter().any(|l| l.sku_id == sku);
        let (gains, loses, services_changed) = if outcome.is_ok() {
            let (gains, loses, changed) = diff(&before, after);
            for g in &gains {
                if let Some(s) = seats.iter_mut().find(|s| s.sku == *g) {
                    s.needed += 1;
                }
            }
            for l in &loses {
                if let Some(s) = seats.iter_mut().find(|s| s.sku == *l) {
                    s.needed -= 1;
                }
            }
            (gains, loses, changed)
        } else {
            // A failed call for lack of seats still shows the seat it asked for, so the
            // preview can say how many to buy.
            let wanted: Vec<Uuid> = r
                .add
                .iter()
                .filter(|a| !held(&before, a.sku_id))
                .map(|a| a.sku_id)
                .collect();
            if outcome
                .as_ref()
                .err()
                .is_some_and(|e| e.kind() == ErrorKind::License(LicenseError::CountViolation))
            {
                for g in &wanted {
                    if let Some(s) = seats.iter_mut().find(|s| s.sku == *g) {
                        s.needed += 1;
                    }
                }
            }
            (Vec::new(), Vec::new(), Vec::new())
        };
        out.push(UserPlan {
            name,
            request: r.clone(),
            gains,
            loses,
            services_changed,
            outcome,
        });
    }
    seats.retain(|s| s.needed != 0);
    Plan {
        users: out,
        seats,
        refused: None,
    }
}

/// A tenant holding only what the app has read: enough for the rules of one change.
fn scratch(org: &Organization, skus: &[SubscribedSku], users: &[User]) -> Tenant {
    let mut t = Tenant::new(org.clone(), 1);
    for s in skus {
        t.insert_sku(s.clone());
    }
    t.reserve_users(users.len());
    for u in users {
        t.insert_user(u.clone());
    }
    t
}

/// What a user gained, lost, and kept with other services, between two licence sets.
fn diff(before: &[AssignedLicense], after: &[AssignedLicense]) -> (Vec<Uuid>, Vec<Uuid>, Vec<Uuid>) {
    let find = |set: &[AssignedLicense], sku: Uuid| set.iter().find(|l| l.sku_id == sku).cloned();
    let gains = after
        .iter()
        .filter(|a| find(before, a.sku_id).is_none())
        .map(|a| a.sku_id)
        .collect();
    let loses = before
        .iter()
        .filter(|b| find(after, b.sku_id).is_none())
        .map(|b| b.sku_id)
        .collect();
    let changed = after
        .iter()
        .filter(|a| find(before, a.sku_id).is_some_and(|b| !same_plans(&b.disabled_plans, &a.disabled_plans)))
        .map(|a| a.sku_id)
        .collect();
    (gains, loses, changed)
}

fn same_plans(a: &[Uuid], b: &[Uuid]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Works out a group licence change for each member, on a scratch tenant of the group and
/// its members: who gains and loses what, the seats, and the members who would end in an
/// error state (not enough licences, conflicting services, a location where a service is
/// not offered), each with the reason. If the call itself is refused (rights, a product
/// that cannot go to users), every member carries that error and nothing would change.
#[allow(clippy::too_many_arguments)]
fn plan_group(
    org: &Organization,
    skus: &[SubscribedSku],
    group: &Group,
    members: &[User],
    roles: &[Role],
    add: &[AssignedLicense],
    remove: &[Uuid],
    now: Timestamp,
) -> Plan {
    let mut t = scratch(org, skus, members);
    t.insert_group(group.clone(), members.iter().map(|u| u.id).collect());
    let actor = Actor {
        id: Uuid::nil(),
        upn: "planner".into(),
        roles: roles.to_vec(),
    };
    let free_before: Vec<(Uuid, i32)> = t
        .skus()
        .iter()
        .map(|s| (s.sku.sku_id, ProductCounts::of(&s.sku).free()))
        .collect();
    let before: Vec<Vec<AssignedLicense>> = members
        .iter()
        .map(|u| {
            t.user(&u.id.to_string())
                .map(|u| u.assigned_licenses.clone())
                .unwrap_or_default()
        })
        .collect();
    let gid = group.id.to_string();
    let call = t.assign_group_license(&actor, &gid, add, remove);
    if call.is_ok() {
        t.process_queue(now);
    }
    let mut users = Vec::with_capacity(members.len());
    let mut needed: Vec<(Uuid, i32)> = Vec::new();
    let mut bump = |sku: Uuid, by: i32| match needed.iter_mut().find(|(s, _)| *s == sku) {
        Some((_, n)) => *n += by,
        None => needed.push((sku, by)),
    };
    for (u, before) in members.iter().zip(before) {
        let request = LicenseRequest {
            user: u.id,
            add: add.to_vec(),
            remove: remove.to_vec(),
            usage_location: None,
        };
        let plan = match &call {
            Err(e) => UserPlan {
                name: u.name().to_owned(),
                request,
                gains: Vec::new(),
                loses: Vec::new(),
                services_changed: Vec::new(),
                outcome: Err(e.clone()),
            },
            Ok(_) => {
                let now_user = t.user(&u.id.to_string()).cloned().unwrap_or_default();
                let after = &now_user.assigned_licenses;
                let (gains, loses, services_changed) = diff(&before, after);
                gains.iter().for_each(|g| bump(*g, 1));
                loses.iter().for_each(|l| bump(*l, -1));
                let failed = now_user
                    .license_assignment_states
                    .iter()
                    .find(|s| s.assigned_by_group.as_deref() == Some(gid.as_str()) && s.has_error());
                let outcome = match failed {
                    None => Ok(()),
                    Some(s) => {
                        if s.error == "CountViolation" {
                            bump(s.sku_id, 1);
                        }
                        let reason = LicenseError::parse(&s.error).unwrap_or(LicenseError::Other);
                        Err(GraphError::license(
                            reason,
                            format!("{}. {}", reason.title(), reason.fix()),
                            Some(s.sku_id.to_string()),
                        ))
                    }
                };
                UserPlan {
                    name: u.name().to_owned(),
                    request,
                    gains,
                    loses,
                    services_changed,
                    outcome,
                }
            }
        };
        users.push(plan);
    }
    let seats = needed
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(sku, n)| SeatPlan {
            sku,
            available: free_before.iter().find(|(s, _)| *s == sku).map_or(0, |(_, f)| *f),
            needed: n,
        })
        .collect();
    Plan {
        users,
        seats,
        refused: call.err(),
    }
}

/// Everything a licence change is planned from, as the app read it: the organization, the
/// subscribed products, the acting admin's roles and the time. One value, so every flow
/// (Manage product licenses, a product's Assign, Entra's Assign, a group's licences) plans
/// by the same rules from the same facts, and a flow cannot plan before the products are
/// known (the app builds a `Planner` only once they are).
#[derive(Debug, Clone)]
pub struct Planner {
    org: Organization,
    skus: Vec<SubscribedSku>,
    roles: Vec<Role>,
    now: Timestamp,
}

/// Entra's **Assign** of one product to users and groups at once, planned as one change:
/// each part on what the parts before it leave, in the order saving sends them, and the
/// seats counted once over the whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assignment {
    /// The users picked one by one, when any.
    pub users: Option<Plan>,
    /// Each group with what its members get.
    pub groups: Vec<(Group, Plan)>,
    /// Seats over the whole change: free before it, and taken by all its parts.
    pub seats: Vec<SeatPlan>,
}

impl Assignment {
    /// How many users and members would fail.
    pub fn failures(&self) -> usize {
        self.users.iter().map(Plan::failures).sum::<usize>()
            + self.groups.iter().map(|(_, p)| p.failures()).sum::<usize>()
    }
}

impl Planner {
    /// A planner over what the app read.
    pub fn new(org: Organization, skus: Vec<SubscribedSku>, roles: Vec<Role>, now: Timestamp) -> Self {
        Planner { org, skus, roles, now }
    }

    /// The products as read, for pickers and names.
    pub fn skus(&self) -> &[SubscribedSku] {
        &self.skus
    }

    /// The calls **Manage product licenses** makes for `users`: `mode` applied to `chosen`,
    /// and `usage_location` set first for users who have none and get a licence (the flow
    /// asks for it, see [`needs_usage_location`]).
    pub fn requests(
        &self,
        mode: Mode,
        users: &[User],
        chosen: &[AssignedLicense],
        usage_location: Option<&str>,
    ) -> Vec<LicenseRequest> {
        let mut reqs = requests_for(mode, users, chosen);
        if let Some(code) = usage_location.filter(|c| !c.is_empty()) {
            for (r, u) in reqs.iter_mut().zip(users) {
                if u.usage_location.is_none() && !r.add.is_empty() {
                    r.usage_location = Some(code.to_owned());
                }
            }
        }
        reqs
    }

    /// Plans a change to users: what each gains and loses, the seats, who would fail.
    pub fn users(&self, mode: Mode, users: &[User], chosen: &[AssignedLicense], usage_location: Option<&str>) -> Plan {
        let reqs = self.requests(mode, users, chosen, usage_location);
        plan(&self.org, &self.skus, users, &self.roles, &reqs, self.now)
    }

    /// Plans a group's licence change for each of its `members`.
    pub fn group(&self, group: &Group, members: &[User], add: &[AssignedLicense], remove: &[Uuid]) -> Plan {
        plan_group(
            &self.org,
            &self.skus,
            group,
            members,
            &self.roles,
            add,
            remove,
            self.now,
        )
    }

    /// Plans Entra's **Assign** of `add` to `users` and to each group with its members, as
    /// one change (see [`Assignment`]).
    pub fn assignment(&self, users: &[User], groups: &[(Group, Vec<User>)], add: &[AssignedLicense]) -> Assignment {
        let mut skus = self.skus.clone();
        let mut parts: Vec<&Plan> = Vec::new();
        let users_plan = (!users.is_empty()).then(|| {
            let reqs = requests_for(Mode::AssignMore, users, add);
            plan(&self.org, &skus, users, &self.roles, &reqs, self.now)
        });
        if let Some(p) = &users_plan {
            p.take_seats(&mut skus);
        }
        let mut group_plans: Vec<(Group, Plan)> = Vec::with_capacity(groups.len());
        for (g, members) in groups {
            let mut members = members.clone();
            users_plan.iter().for_each(|p| p.give_to(&mut members));
            group_plans.iter().for_each(|(_, p)| p.give_to(&mut members));
            let p = plan_group(&self.org, &skus, g, &members, &self.roles, add, &[], self.now);
            p.take_seats(&mut skus);
            group_plans.push((g.clone(), p));
        }
        parts.extend(users_plan.iter());
        parts.extend(group_plans.iter().map(|(_, p)| p));
        let mut seats: Vec<SeatPlan> = Vec::new();
        for s in parts.iter().flat_map(|p| &p.seats) {
            match seats.iter_mut().find(|x| x.sku == s.sku) {
                Some(x) => x.needed += s.needed,
                None => seats.push(SeatPlan {
                    sku: s.sku,
                    available: self
                        .skus
                        .iter()
                        .find(|k| k.sku_id == s.sku)
                        .map_or(0, |k| ProductCounts::of(k).free()),
                    needed: s.needed,
                }),
            }
        }
        seats.retain(|s| s.needed != 0);
        Assignment {
            users: users_plan,
            groups: group_plans,
            seats,
        }
    }
}

/// Whether **Manage product licenses** must ask for a usage location before planning:
/// something is assigned and some of the users have none (Graph refuses a licence without
/// one, so the flow asks instead of letting every such user fail).
pub fn needs_usage_location(mode: Mode, chosen: &[AssignedLicense], users: &[User]) -> bool {
    matches!(mode, Mode::AssignMore | Mode::Replace)
        && !chosen.is_empty()
        && users.iter().any(|u| u.usage_location.is_none())
}

/// The licences a user holds directly, with their services off: where one user's
/// **Licenses and apps** starts (group-held ones are not the admin's to change there).
pub fn direct_licences(user: &User) -> Vec<AssignedLicense> {
    user.license_assignment_states
        .iter()
        .filter(|s| s.assigned_by_group.is_none())
        .map(|s| AssignedLicense {
            sku_id: s.sku_id,
            disabled_plans: s.disabled_plans.clone(),
        })
        .collect()
}
