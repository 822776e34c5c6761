//! Licence assignment to users and groups, with Microsoft's rules.
//!
//! A user's `licenseAssignmentStates` hold one entry per path (direct, or one per group) and
//! are the truth; `assignedLicenses` and the products' `consumedUnits` are derived from them
//! after every change. One seat per product per user however many paths; the enabled plans
//! are the union over the active paths.

use uuid::Uuid;

use crate::catalog;
use crate::error::{GraphError, LicenseError};
use crate::model::{
    AssignedLicense, AssignedPlan, LicenseAssignmentState, LicenseDetails, LicenseProcessingState, ServicePlanInfo,
    SubscribedSku, User,
};
use crate::roles::{Action, Actor};
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// A product's counts as Entra's "All products" page shows them.
///
/// Mapping from Graph (Microsoft does not document it; this is the reading that fits the
/// page's definitions): Total = `prepaidUnits.enabled + prepaidUnits.warning` (bought and
/// still usable), Assigned = `consumedUnits`, Expiring soon = `prepaidUnits.warning`,
/// Available = Total − Assigned, never below zero. Suspended and locked-out units are not
/// counted: they cannot be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProductCounts {
    /// Licences bought and usable.
    pub total: i32,
    /// Licences held by users.
    pub assigned: i32,
    /// Licences that can still be assigned (expiring ones included).
    pub available: i32,
    /// Licences in their grace period.
    pub expiring_soon: i32,
}

impl ProductCounts {
    /// The counts of a subscribed product.
    pub fn of(sku: &SubscribedSku) -> Self {
        let total = sku.prepaid_units.enabled + sku.prepaid_units.warning;
        ProductCounts {
            total,
            assigned: sku.consumed_units,
            available: (total - sku.consumed_units).max(0),
            expiring_soon: sku.prepaid_units.warning,
        }
    }

    /// Seats a change can still take. Unlike `available`, it goes below zero when a tenant
    /// holds more than it bought (a subscription that shrank), so a plan counts from the
    /// truth.
    pub fn free(&self) -> i32 {
        self.total - self.assigned
    }
}

/// A user's `assignedLicenses` as Graph derives them from the paths: one per product held
/// by an active path, with only the plans every such path turns off turned off.
pub(crate) fn derived_licences(states: &[LicenseAssignmentState]) -> Vec<AssignedLicense> {
    // Room for one licence per path, not the four a first push makes room for: every user
    // keeps this list, and at 1,000,000 users that slack (with the generator's own) was
    // over a quarter of the tenant's memory.
    let mut derived: Vec<AssignedLicense> = Vec::with_capacity(states.len());
    for s in states.iter().filter(|s| s.is_active()) {
        match derived.iter_mut().find(|l| l.sku_id == s.sku_id) {
            Some(l) => l.disabled_plans.retain(|p| s.disabled_plans.contains(p)),
            None => derived.push(AssignedLicense {
                sku_id: s.sku_id,
                disabled_plans: s.disabled_plans.clone(),
            }),
        }
    }
    derived
}

/// Why a set of plans can't be on together for a user.
struct Breach {
    reason: LicenseError,
    message: String,
}

/// The plan rules: mutually exclusive plans, dependent plans, plans not offered where the
/// user is.
fn check_plans(enabled: &[(Uuid, &str)], location: Option<&str>) -> Result<(), Breach> {
    let on = |name: &str| enabled.iter().any(|(_, n)| *n == name);
    for set in catalog::MUTUALLY_EXCLUSIVE {
        let hits: Vec<&str> = set.iter().copied().filter(|n| on(n)).collect();
        if hits.len() > 1 {
            return Err(Breach {
                reason: LicenseError::MutuallyExclusiveViolation,
                message: format!(
                    "Conflicting service plans: {} and {} can't be assigned to the same user.",
                    catalog::plan_name(hits[0]),
                    catalog::plan_name(hits[1])
                ),
            });
        }
    }
    for (plan, needs) in catalog::DEPENDENCIES {
        if on(plan) && !needs.iter().any(|n| on(n)) {
            let needed: Vec<&str> = needs.iter().map(|n| catalog::plan_name(n)).collect();
            return Err(Breach {
                reason: LicenseError::DependencyViolation,
                message: format!(
                    "License operation failed. Make sure that the group or user has necessary services before adding or removing a dependent service. The service {} requires {} to be enabled as well.",
                    catalog::plan_name(plan),
                    needed.join(" or ")
                ),
            });
        }
    }
    if let Some(loc) = location {
        for (plan, places) in catalog::LOCATION_RESTRICTIONS {
            if on(plan) && places.contains(&loc) {
                return Err(Breach {
                    reason: LicenseError::ProhibitedInUsageLocationViolation,
                    message: format!(
                        "The service {} isn't offered in the usage location {loc}. Change the usage location or turn the service off.",
                        catalog::plan_name(plan)
                    ),
                });
            }
        }
    }
    Ok(())
}

impl Tenant {
    /// The subscribed product with `sku_id`.
    pub fn sku(&self, sku_id: Uuid) -> Option<&SubscribedSku> {
        self.skus.iter().find(|s| s.sku.sku_id == sku_id).map(|s| &s.sku)
    }

    pub(crate) fn sku_index(&self, sku_id: Uuid) -> Option<usize> {
        self.skus.iter().position(|s| s.sku.sku_id == sku_id)
    }

    /// Seats of a product that can still be assigned.
    pub fn available(&self, sku_id: Uuid) -> i32 {
        self.sku(sku_id).map(|s| ProductCounts::of(s).available).unwrap_or(0)
    }

    /// Whether a product was bought through self-service purchase.
    pub fn is_self_service(&self, sku_id: Uuid) -> bool {
        self.skus
            .iter()
            .any(|s| s.sku.sku_id == sku_id && s.sku.self_service_purchase)
    }

    /// The enabled plans (id, name) of a set of paths: the union over active paths.
    fn enabled_plans<'a>(&'a self, states: impl Iterator<Item = &'a LicenseAssignmentState>) -> Vec<(Uuid, &'a str)> {
        let mut out: Vec<(Uuid, &str)> = Vec::new();
        for s in states.filter(|s| s.is_active()) {
            let Some(sku) = self.sku(s.sku_id) else { continue };
            for p in &sku.service_plans {
                if !s.disabled_plans.contains(&p.service_plan_id) && !out.iter().any(|(id, _)| *id == p.service_plan_id)
                {
                    out.push((p.service_plan_id, p.service_plan_name.as_str()));
                }
            }
        }
        out
    }

    /// `assignedPlans` of a user, computed when asked (not stored: 100,000 users times
    /// twenty plans would not fit a browser tab comfortably).
    pub fn assigned_plans(&self, user: &User) -> Vec<AssignedPlan> {
        let suspended = user.deleted_date_time.is_some();
        let mut out: Vec<AssignedPlan> = Vec::new();
        for s in user.license_assignment_states.iter().filter(|s| s.is_active()) {
            let Some(sku) = self.sku(s.sku_id) else { continue };
            let sku_suspended = sku.capability_status == "Suspended";
            for p in &sku.service_plans {
                if s.disabled_plans.contains(&p.service_plan_id)
                    || out.iter().any(|a| a.service_plan_id == p.service_plan_id)
                {
                    continue;
                }
                let service = catalog::plan_by_id(p.service_plan_id)
                    .map(|c| c.service)
                    .unwrap_or("Unknown");
                out.push(AssignedPlan {
                    assigned_date_time: s.last_updated_date_time.clone(),
                    capability_status: if suspended || sku_suspended {
                        "Suspended"
                    } else {
                        "Enabled"
                    }
                    .into(),
                    service: service.into(),
                    service_plan_id: p.service_plan_id,
                });
            }
        }
        out
    }

    /// `GET /users/{id}/licenseDetails`.
    pub fn license_details(&self, user: &User) -> Vec<LicenseDetails> {
        user.assigned_licenses
            .iter()
            .filter_map(|l| {
                let sku = self.sku(l.sku_id)?;
                Some(LicenseDetails {
                    id: format!("{}_{}", user.id.simple(), l.sku_id.simple()),
                    sku_id: l.sku_id,
                    sku_part_number: sku.sku_part_number.clone(),
                    service_plans: sku
                        .service_plans
                        .iter()
                        .map(|p| ServicePlanInfo {
                            provisioning_status: if l.disabled_plans.contains(&p.service_plan_id) {
                                "Disabled"
                            } else {
                                "Success"
                            }
                            .into(),
                            ..p.clone()
                        })
                        .collect(),
                })
            })
            .collect()
    }

    fn check_product(&self, sku_id: Uuid, disabled: &[Uuid]) -> Result<(), GraphError> {
        let sku = self.sku(sku_id).ok_or_else(|| {
            GraphError::bad_request(format!(
                "License {sku_id} does not correspond to a valid company License."
            ))
        })?;
        if sku.applies_to != "User" {
            return Err(GraphError::bad_request(format!(
                "License {sku_id} cannot be assigned to a user."
            )));
        }
        self.check_not_self_service(sku_id)?;
        if let Some(p) = disabled
            .iter()
            .find(|p| !sku.service_plans.iter().any(|s| s.service_plan_id == **p))
        {
            return Err(GraphError::bad_request(format!(
                "Invalid disabled plan: service plan {p} is not part of License {sku_id}."
            )));
        }
        Ok(())
    }

    fn check_not_self_service(&self, sku_id: Uuid) -> Result<(), GraphError> {
        if self.is_self_service(sku_id) {
            return Err(GraphError::self_service_purchase(sku_id.to_string()));
        }
        Ok(())
    }

    /// `POST /users/{id}/assignLicense`: adds (with disabled plans) and removals in one
    /// atomic call. Sending a product the user already holds directly replaces its disabled
    /// plans. Either every change is made or none.
    pub fn assign_license(
        &mut self,
        actor: &Actor,
        id_or_upn: &str,
        add: &[AssignedLicense],
        remove: &[Uuid],
        now: Timestamp,
    ) -> Result<usize, GraphError> {
        let idx = self.live_user(id_or_upn)?;
        let user = self.user_at(idx);
        actor.check(Action::AssignLicense { guest: user.is_guest() })?;
        for (i, a) in add.iter().enumerate() {
            if add[..i].iter().any(|b| b.sku_id == a.sku_id) {
                return Err(GraphError::bad_request(format!(
                    "License {} is listed more than once.",
                    a.sku_id
                )));
            }
            if remove.contains(&a.sku_id) {
                return Err(GraphError::bad_request(format!(
                    "License {} can't be both added and removed.",
                    a.sku_id
                )));
            }
            self.check_product(a.sku_id, &a.disabled_plans)?;
        }
        for r in remove {
            if self.sku(*r).is_none() {
                return Err(GraphError::bad_request(format!(
                    "License {r} does not correspond to a valid company License."
                )));
            }
            self.check_not_self_service(*r)?;
            let paths: Vec<&LicenseAssignmentState> = user
                .license_assignment_states
                .iter()
                .filter(|s| s.sku_id == *r)
                .collect();
            if !paths.iter().any(|s| s.assigned_by_group.is_none()) {
                if let Some(g) = paths.iter().find_map(|s| s.group()) {
                    let name = self
                        .groups
                        .iter()
                        .find(|x| x.group.id == g)
                        .map(|x| x.group.display_name.clone())
                        .unwrap_or_default();
                    return Err(GraphError::inherited_license(&name, g.to_string()));
                }
                return Err(GraphError::bad_request("User does not have a corresponding license."));
            }
        }
        if !add.is_empty() && user.usage_location.is_none() {
            return Err(GraphError::usage_location_missing());
        }
        let mut states: Vec<LicenseAssignmentState> = user
            .license_assignment_states
            .iter()
            .filter(|s| {
                !(s.assigned_by_group.is_none()
                    && (remove.contains(&s.sku_id) || add.iter().any(|a| a.sku_id == s.sku_id)))
            })
            .cloned()
            .collect();
        for a in add {
            states.push(LicenseAssignmentState {
                sku_id: a.sku_id,
                assigned_by_group: None,
                disabled_plans: a.disabled_plans.clone(),
                state: "Active".into(),
                error: "None".into(),
                last_updated_date_time: Some(now.iso().into()),
            });
        }
        for a in add {
            if !user.holds(a.sku_id) && self.available(a.sku_id) < 1 {
                return Err(GraphError::license(
                    LicenseError::CountViolation,
                    format!(
                        "Subscription with SKU {} does not have any available licenses.",
                        a.sku_id
                    ),
                    Some(a.sku_id.to_string()),
                ));
            }
        }
        let enabled = self.enabled_plans(states.iter());
        if let Err(b) = check_plans(&enabled, user.usage_location.as_deref()) {
            return Err(GraphError::license(b.reason, b.message, None));
        }
        self.edit_user(idx, |u| u.license_assignment_states = states);
        Ok(idx)
    }

    /// `POST /groups/{id}/assignLicense`: checks the request, stores the group's licences and
    /// queues the group; members are processed by [`Tenant::process_queue`] (Graph answers
    /// 202 and works asynchronously).
    pub fn assign_group_license(
        &mut self,
        actor: &Actor,
        group_id: &str,
        add: &[AssignedLicense],
        remove: &[Uuid],
    ) -> Result<usize, GraphError> {
        actor.check(Action::AssignGroupLicense)?;
        let g = self.group_index(group_id)?;
        if !self.groups[g].group.security_enabled {
            return Err(GraphError::bad_request(
                "Licenses can only be assigned to security-enabled groups.",
            ));
        }
        for a in add {
            self.check_product(a.sku_id, &a.disabled_plans)?;
        }
        for r in remove {
            self.check_not_self_service(*r)?;
            if !self.groups[g].group.assigned_licenses.iter().any(|l| l.sku_id == *r) {
                return Err(GraphError::bad_request("Group does not have a corresponding license."));
            }
        }
        let group = &mut self.groups[g].group;
        group.assigned_licenses.retain(|l| !remove.contains(&l.sku_id));
        for a in add {
            match group.assigned_licenses.iter_mut().find(|l| l.sku_id == a.sku_id) {
                Some(l) => l.disabled_plans = a.disabled_plans.clone(),
                None => group.assigned_licenses.push(a.clone()),
            }
        }
        group.license_processing_state = Some(LicenseProcessingState {
            state: "QueuedForProcessing".into(),
        });
        let id = group.id;
        if !self.queue.contains(&id) {
            self.queue.push(id);
        }
        Ok(g)
    }

    /// Processes the queued groups: every member gets the group's licences, or an error
    /// state saying why not.
    pub fn process_queue(&mut self, now: Timestamp) {
        for gid in std::mem::take(&mut self.queue) {
            if let Some(g) = self.groups.iter().position(|x| x.group.id == gid) {
                self.process_group(g, now);
            }
        }
    }

    /// Whether groups wait for processing.
    pub fn has_queued(&self) -> bool {
        !self.queue.is_empty()
    }

    pub(crate) fn process_group(&mut self, g: usize, now: Timestamp) {
        let gid = self.groups[g].group.id;
        let members = self.groups[g].members.clone();
        // Members who left still carry the group's paths until processed.
        let former: Vec<usize> = self
            .all_users()
            .iter()
            .enumerate()
            .filter(|(_, u)| u.license_assignment_states.iter().any(|s| s.group() == Some(gid)))
            .filter(|(_, u)| !members.contains(&u.id))
            .map(|(i, _)| i)
            .collect();
        for m in members {
            if let Some(idx) = self.index_of(m) {
                self.apply_group_to_member(g, idx, now);
            }
        }
        for idx in former {
            self.apply_group_to_member(g, idx, now);
        }
        let carried = self
            .all_users()
            .iter()
            .any(|u| u.license_assignment_states.iter().any(|s| s.group() == Some(gid)));
        let group = &mut self.groups[g].group;
        group.license_processing_state = if group.assigned_licenses.is_empty() && !carried {
            None
        } else {
            Some(LicenseProcessingState {
                state: "ProcessingComplete".into(),
            })
        };
    }

    /// Brings one member's paths from group `g` in line with the group's licences and the
    /// rules. If one product of the group fails for the member, none of the group's products
    /// are applied to that member.
    pub(crate) fn apply_group_to_member(&mut self, g: usize, idx: usize, now: Timestamp) {
        let user = self.user_at(idx);
        if user.deleted_date_time.is_some() {
            return;
        }
        let group = &self.groups[g];
        let gid = group.group.id;
        let gid_text = gid.to_string();
        let wanted: Vec<AssignedLicense> = if group.member_set.contains(&user.id) {
            group.group.assigned_licenses.clone()
        } else {
            Vec::new()
        };
        let old: Vec<LicenseAssignmentState> = user
            .license_assignment_states
            .iter()
            .filter(|s| s.group() == Some(gid))
            .cloned()
            .collect();
        let mut states: Vec<LicenseAssignmentState> = user
            .license_assignment_states
            .iter()
            .filter(|s| s.group() != Some(gid))
            .cloned()
            .collect();
        let location = user
            .usage_location
            .clone()
            .unwrap_or_else(|| self.org.country_letter_code.clone().into());
        let mut candidates: Vec<LicenseAssignmentState> = wanted
            .iter()
            .map(|l| LicenseAssignmentState {
                sku_id: l.sku_id,
                assigned_by_group: Some(gid_text.clone()),
                disabled_plans: l.disabled_plans.clone(),
                state: "Active".into(),
                error: "None".into(),
                last_updated_date_time: old
                    .iter()
                    .find(|o| o.sku_id == l.sku_id && o.disabled_plans == l.disabled_plans && o.is_active())
                    .and_then(|o| o.last_updated_date_time.clone())
                    .or_else(|| Some(now.iso().into())),
            })
            .collect();
        let mut failure: Option<LicenseError> = None;
        for c in &candidates {
            let held_elsewhere = states.iter().any(|s| s.sku_id == c.sku_id && s.is_active());
            if !held_elsewhere && !user.holds(c.sku_id) && self.available(c.sku_id) < 1 {
                failure = Some(LicenseError::CountViolation);
                break;
            }
        }
        if failure.is_none() {
            let enabled = self.enabled_plans(states.iter().chain(candidates.iter()));
            if let Err(b) = check_plans(&enabled, Some(&location)) {
                failure = Some(b.reason);
            }
        }
        if let Some(reason) = failure {
            for c in &mut candidates {
                c.state = "Error".into();
                c.error = reason.as_str().into();
                c.last_updated_date_time = Some(now.iso().into());
            }
        }
        // Removing a product others depend on is refused for that member: the old path stays,
        // flagged, until the admin fixes the dependency and reprocesses.
        let dropped: Vec<LicenseAssignmentState> = old
            .into_iter()
            .filter(|o| o.is_active() && !candidates.iter().any(|c| c.sku_id == o.sku_id && c.is_active()))
            .collect();
        states.extend(candidates);
        if !dropped.is_empty() {
            let enabled = self.enabled_plans(states.iter());
            if let Err(b) = check_plans(&enabled, Some(&location)) {
                if b.reason == LicenseError::DependencyViolation {
                    for mut d in dropped {
                        states.retain(|s| !(s.group() == Some(gid) && s.sku_id == d.sku_id));
                        d.state = "ActiveWithError".into();
                        d.error = LicenseError::DependencyViolation.as_str().into();
                        states.push(d);
                    }
                }
            }
        }
        self.edit_user(idx, |u| u.license_assignment_states = states);
    }

    /// `POST /users/{id}/reprocessLicenseAssignment`: re-runs every group licence of the user,
    /// after the admin fixed what was wrong.
    pub fn reprocess_user(&mut self, actor: &Actor, id_or_upn: &str, now: Timestamp) -> Result<usize, GraphError> {
        actor.check(Action::AssignGroupLicense)?;
        let idx = self.live_user(id_or_upn)?;
        let uid = self.user_at(idx).id;
        for g in 0..self.groups.len() {
            let carries = self
                .user_at(idx)
                .license_assignment_states
                .iter()
                .any(|s| s.group() == Some(self.groups[g].group.id));
            if self.groups[g].member_set.contains(&uid) || carries {
                self.apply_group_to_member(g, idx, now);
            }
        }
        Ok(idx)
    }

    /// Re-runs a group's licences for all its members (Entra's **Reprocess** on a group).
    pub fn reprocess_group(&mut self, actor: &Actor, group_id: &str, now: Timestamp) -> Result<usize, GraphError> {
        actor.check(Action::AssignGroupLicense)?;
        let g = self.group_index(group_id)?;
        self.process_group(g, now);
        Ok(g)
    }
}
