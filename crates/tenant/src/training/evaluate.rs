//! Checking an exercise on the trainee's tenant: each criterion against the tenant's state
//! (and, for the collateral-damage guard, against the start), with what is missing said
//! in the words the admin centers use: display names and friendly product names.

use serde::Serialize;
use uuid::Uuid;

use super::format::{Exercise, Rule};
use super::start::{find_group, find_person, has_address};
use crate::catalog;
use crate::error::LicenseError;
use crate::model::User;
use crate::tenant::Tenant;

/// How many objects a message names before it says "and N more": a guard on a generated
/// tenant of 100,000 users must not write a novel.
const NAMED: usize = 5;

/// One criterion's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriterionResult {
    /// The criterion's name, as the exercise gives it.
    pub name: String,
    /// Whether it holds.
    pub passed: bool,
    /// When it does not: what is missing, naming the object ("Megan Bowen still has no
    /// Office 365 E3").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// Checks every criterion of `exercise` on `now`, the trainee's tenant; `start` is the
/// exercise's start tenant ([`Exercise::start_tenant`]), which names resolve against and
/// which the guard compares with. Pure: it reads both tenants and changes neither.
pub fn check(exercise: &Exercise, start: &Tenant, now: &Tenant) -> Vec<CriterionResult> {
    exercise
        .check
        .iter()
        .map(|c| {
            let outcome = evaluate(&c.rule, start, now);
            CriterionResult {
                name: c.name.clone(),
                passed: outcome.is_ok(),
                missing: outcome.err(),
            }
        })
        .collect()
}

/// Whether the exercise is done: every criterion passed (and there was one to pass).
pub fn all_passed(results: &[CriterionResult]) -> bool {
    !results.is_empty() && results.iter().all(|r| r.passed)
}

/// `Ok` when the rule holds, else what is missing.
fn evaluate(rule: &Rule, start: &Tenant, now: &Tenant) -> Result<(), String> {
    match rule {
        Rule::UserHasProduct {
            user,
            product,
            services_off,
            services_on,
            direct,
        } => {
            let (u, at_start) = person(start, now, user)?;
            let sku = sku_id(product);
            let name = catalog::product_name(product);
            let Some(held) = u.assigned_licenses.iter().find(|l| l.sku_id == sku) else {
                return Err(if at_start.holds(sku) {
                    format!("{} no longer has {name}", u.name())
                } else {
                    format!("{} still has no {name}", u.name())
                });
            };
            let direct_path = u
                .license_assignment_states
                .iter()
                .any(|s| s.sku_id == sku && s.is_active() && s.assigned_by_group.is_none());
            match direct {
                Some(true) if !direct_path => {
                    return Err(format!(
                        "{} has {name} only through a group, not assigned directly",
                        u.name()
                    ))
                }
                Some(false) if direct_path => {
                    return Err(format!(
                        "{} has {name} assigned directly; it should come only through a group",
                        u.name()
                    ))
                }
                _ => {}
            }
            let off = |plan: &str| catalog::plan_by_name(plan).is_some_and(|p| held.disabled_plans.contains(&p.id));
            let still_on: Vec<&str> = services_off
                .iter()
                .filter(|p| !off(p))
                .map(|p| catalog::plan_name(p))
                .collect();
            if !still_on.is_empty() {
                return Err(format!("{} still has {} on in {name}", u.name(), join(&still_on)));
            }
            let turned_off: Vec<&str> = services_on
                .iter()
                .filter(|p| off(p))
                .map(|p| catalog::plan_name(p))
                .collect();
            if !turned_off.is_empty() {
                return Err(format!("{} has {} off in {name}", u.name(), join(&turned_off)));
            }
            Ok(())
        }
        Rule::UserHasNoProduct { user, product } => {
            let (u, _) = person(start, now, user)?;
            if u.holds(sku_id(product)) {
                return Err(format!("{} still has {}", u.name(), catalog::product_name(product)));
            }
            Ok(())
        }
        Rule::UsersHaveProduct { users, product } => many(start, now, users, product, true),
        Rule::UsersHaveNoProduct { users, product } => many(start, now, users, product, false),
        Rule::UserLicenceCount { user, count } => {
            let (u, _) = person(start, now, user)?;
            let n = u.assigned_licenses.len();
            if n != *count as usize {
                return Err(format!(
                    "{} has {} instead of {}",
                    u.name(),
                    licences(n),
                    licences(*count as usize)
                ));
            }
            Ok(())
        }
        Rule::GroupHasNoErrors { group, product } => {
            let g = find_group(start, group)?;
            let gid = start.groups()[g].group.id;
            let Some(now_group) = now.groups().iter().find(|x| x.group.id == gid) else {
                return Err(format!("The group {group} no longer exists"));
            };
            let only = product.as_deref().map(sku_id);
            let in_error: Vec<String> = now
                .users()
                .filter_map(|u| {
                    let s = u
                        .license_assignment_states
                        .iter()
                        .find(|s| s.group() == Some(gid) && s.has_error() && only.is_none_or(|k| k == s.sku_id))?;
                    let reason = LicenseError::parse(&s.error).map_or(&*s.error, |e| e.title());
                    Some(format!("{} ({})", u.name(), reason.to_lowercase()))
                })
                .collect();
            if in_error.is_empty() {
                return Ok(());
            }
            let errors = match &product {
                Some(p) => format!("errors for {}", catalog::product_name(p)),
                None => "license errors".to_owned(),
            };
            Err(format!(
                "{} still has {} with {errors}: {}",
                now_group.group.display_name,
                if in_error.len() == 1 {
                    "a member".to_owned()
                } else {
                    format!("{} members", in_error.len())
                },
                join(&in_error)
            ))
        }
        Rule::UsageLocationSet { user, country } => {
            let (u, _) = person(start, now, user)?;
            match (u.usage_location.as_deref(), country) {
                (None, _) => Err(format!("{} has no usage location", u.name())),
                (Some(actual), Some(wanted)) if actual != wanted => Err(format!(
                    "{}'s usage location is {}, not {}",
                    u.name(),
                    country_label(actual),
                    country_label(wanted)
                )),
                _ => Ok(()),
            }
        }
        Rule::GuestInvited { email } => {
            let Some(u) = now.users().find(|u| has_address(u, email)) else {
                return Err(format!("No guest has been invited with the address {email}"));
            };
            if u.creation_type.as_deref() != Some("Invitation") {
                return Err(format!("{email} belongs to {}, who was not invited", u.name()));
            }
            if !u.is_guest() {
                return Err(format!("{} was invited as a member, not as a guest", u.name()));
            }
            Ok(())
        }
        Rule::ProductConsumedAtMost { product, units } => {
            let name = catalog::product_name(product);
            let Some(sku) = now.sku(sku_id(product)) else {
                return Err(format!("The tenant no longer subscribes to {name}"));
            };
            if i64::from(sku.consumed_units) > i64::from(*units) {
                return Err(format!(
                    "{name} has {} assigned; at most {units} may be",
                    licences(sku.consumed_units.max(0) as usize)
                ));
            }
            Ok(())
        }
        Rule::SubscriptionInDirectory {
            subscription,
            directory,
        } => {
            let Some(s) = now.portal().subscriptions.iter().find(|s| s.name == *subscription) else {
                return Err(format!("There is no Azure subscription named {subscription}"));
            };
            let now_in = crate::azure::rules::directory_name(now, s.directory);
            if now_in == *directory {
                Ok(())
            } else {
                Err(format!("{subscription} is still in {now_in}, not in {directory}"))
            }
        }
        Rule::CoAdministrator { subscription, address } => {
            let Some(s) = now.portal().subscriptions.iter().find(|s| s.name == *subscription) else {
                return Err(format!("There is no Azure subscription named {subscription}"));
            };
            if s.co_admins.iter().any(|c| c.address.eq_ignore_ascii_case(address)) {
                Ok(())
            } else {
                Err(format!("{address} is not a co-administrator of {subscription} yet"))
            }
        }
        Rule::NoOtherLicenceLost { except } => {
            let spared: Vec<Uuid> = except
                .iter()
                .filter_map(|w| find_person(start, w))
                .map(|i| start.user_at(i).id)
                .collect();
            let mut lost: Vec<String> = Vec::new();
            for before in start.users().filter(|u| !spared.contains(&u.id)) {
                let after = now
                    .index_of(before.id)
                    .map(|i| now.user_at(i))
                    .filter(|u| u.deleted_date_time.is_none());
                let gone: Vec<&str> = before
                    .assigned_licenses
                    .iter()
                    .filter(|l| after.is_none_or(|a| !a.holds(l.sku_id)))
                    .map(|l| product_label(start, l.sku_id))
                    .collect();
                if !gone.is_empty() {
                    lost.push(format!("{} lost {}", before.name(), join(&gone)));
                }
            }
            if lost.is_empty() {
                Ok(())
            } else {
                let n = lost.len();
                lost.truncate(NAMED);
                Err(match n - lost.len() {
                    0 => lost.join("; "),
                    more => format!("{}; and {more} more users lost licenses", lost.join("; ")),
                })
            }
        }
    }
}

/// `usersHaveProduct` (`want` true) and `usersHaveNoProduct` (`want` false).
fn many(start: &Tenant, now: &Tenant, users: &[String], product: &str, want: bool) -> Result<(), String> {
    let sku = sku_id(product);
    let mut wrong: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for who in users {
        match person(start, now, who) {
            Ok((u, _)) if u.holds(sku) != want => wrong.push(u.name().to_owned()),
            Ok(_) => {}
            Err(why) => other.push(why),
        }
    }
    let name = catalog::product_name(product);
    let mut parts = Vec::new();
    if !wrong.is_empty() {
        let verb = match (want, wrong.len()) {
            (true, 1) => "still has no",
            (true, _) => "still have no",
            (false, 1) => "still has",
            (false, _) => "still have",
        };
        parts.push(format!("{} {verb} {name}", join(&wrong)));
    }
    parts.extend(other);
    if parts.is_empty() {
        Ok(())
    } else {
        Err(parts.join("; "))
    }
}

/// The user a criterion names, now and at the start; or why they can't be checked.
fn person<'a>(start: &'a Tenant, now: &'a Tenant, who: &str) -> Result<(&'a User, &'a User), String> {
    let before = find_person(start, who)
        .map(|i| start.user_at(i))
        .ok_or_else(|| format!("There is no user {who} in this exercise's tenant"))?;
    match now.index_of(before.id).map(|i| now.user_at(i)) {
        None => Err(format!("{} is no longer in the tenant", before.name())),
        Some(u) if u.deleted_date_time.is_some() => Err(format!("{} was deleted", before.name())),
        Some(u) => Ok((u, before)),
    }
}

/// A product's id from its part number (the parser made sure the catalog knows it).
fn sku_id(part: &str) -> Uuid {
    catalog::product_by_part(part).map(|p| p.sku_id).unwrap_or_default()
}

/// The friendly name of a product a tenant holds.
fn product_label(t: &Tenant, sku: Uuid) -> &str {
    match t.sku(sku) {
        Some(s) => catalog::product_name(&s.sku_part_number),
        None => catalog::product(sku).map_or("a product", |p| p.name),
    }
}

/// `Netherlands (NL)`, or the code alone for one the list lacks.
fn country_label(code: &str) -> String {
    match crate::countries::country_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

/// `1 license`, `3 licenses`.
fn licences(n: usize) -> String {
    if n == 1 {
        "1 license".to_owned()
    } else {
        format!("{n} licenses")
    }
}

/// `A`, `A and B`, `A, B and C`; past [`NAMED`] items, `A, B, C, D, E and 3 more`.
fn join<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items.iter().take(NAMED).map(AsRef::as_ref).collect();
    let more = items.len() - shown.len();
    if more > 0 {
        return format!("{} and {more} more", shown.join(", "));
    }
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, first)) => format!("{} and {last}", first.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(join(&["A"]), "A");
        assert_eq!(join(&["A", "B"]), "A and B");
        assert_eq!(join(&["A", "B", "C"]), "A, B and C");
        let seven = ["A", "B", "C", "D", "E", "F", "G"];
        assert_eq!(join(&seven), "A, B, C, D, E and 2 more");
        assert_eq!(licences(1), "1 license");
        assert_eq!(licences(0), "0 licenses");
        assert_eq!(country_label("NL"), "Netherlands (NL)");
    }
}
