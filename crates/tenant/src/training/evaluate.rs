//! Checking an exercise on the trainee's tenant: each criterion against the tenant's state
//! (and, for the collateral-damage guard, against the start), with what is missing said
//! in the words the admin centers use: display names and friendly product names.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::format::{Exercise, Rule};
use super::start::{find_group, find_person, has_address};
use crate::catalog;
use crate::error::LicenseError;
use crate::model::User;
use crate::tenant::Tenant;

/// How many objects a message names before it says "and N more": a guard on a generated
/// tenant of 100,000 users must not write a novel.
pub const NAMED: usize = 5;

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
    /// The same as data, one part per thing missing: the app words it in the trainee's
    /// language (the results file keeps the English).
    #[serde(skip)]
    pub why: Vec<Missing>,
}

/// One thing a criterion finds missing, with the names its sentence needs (display names,
/// friendly product and plan names). [`Missing::english`] words it as the admin centers do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    /// `user` held `product` at the start and no longer does.
    NoLongerHas {
        /// Display name.
        user: String,
        /// Product name.
        product: String,
    },
    /// These users do not hold `product` yet.
    StillHaveNo {
        /// Display names.
        users: Vec<String>,
        /// Product name.
        product: String,
    },
    /// These users still hold `product`.
    StillHave {
        /// Display names.
        users: Vec<String>,
        /// Product name.
        product: String,
    },
    /// Held only through a group where a direct assignment is wanted.
    OnlyThroughGroup {
        /// Display name.
        user: String,
        /// Product name.
        product: String,
    },
    /// Assigned directly where it should come only through a group.
    AssignedDirectly {
        /// Display name.
        user: String,
        /// Product name.
        product: String,
    },
    /// Plans still on that should be off.
    StillOn {
        /// Display name.
        user: String,
        /// Plan names.
        plans: Vec<String>,
        /// Product name.
        product: String,
    },
    /// Plans off that should be on.
    TurnedOff {
        /// Display name.
        user: String,
        /// Plan names.
        plans: Vec<String>,
        /// Product name.
        product: String,
    },
    /// Another number of products than wanted.
    LicenceCount {
        /// Display name.
        user: String,
        /// How many now.
        has: usize,
        /// How many wanted.
        wanted: usize,
    },
    /// The group was deleted.
    GroupGone {
        /// The group's name.
        group: String,
    },
    /// Members of the group in a licence error state.
    GroupInError {
        /// The group's name.
        group: String,
        /// The product checked, if one.
        product: Option<String>,
        /// Each member's name and licence error code (`CountViolation`...).
        members: Vec<(String, String)>,
    },
    /// No usage location.
    NoUsageLocation {
        /// Display name.
        user: String,
    },
    /// Another usage location than wanted (country codes).
    WrongUsageLocation {
        /// Display name.
        user: String,
        /// Code now.
        actual: String,
        /// Code wanted.
        wanted: String,
    },
    /// No one with the address.
    NotInvited {
        /// The address.
        email: String,
    },
    /// The address is a user's who was not invited.
    NotByInvitation {
        /// The address.
        email: String,
        /// Its user's display name.
        user: String,
    },
    /// Invited as a member.
    InvitedAsMember {
        /// Display name.
        user: String,
    },
    /// The tenant no longer has the product.
    NotSubscribed {
        /// Product name.
        product: String,
    },
    /// More seats assigned than allowed.
    TooManyAssigned {
        /// Product name.
        product: String,
        /// Seats assigned.
        assigned: usize,
        /// The most allowed.
        units: u32,
    },
    /// No Azure subscription by that name.
    NoSuchSubscription {
        /// Its name.
        subscription: String,
    },
    /// The subscription is in another directory.
    StillInDirectory {
        /// Its name.
        subscription: String,
        /// Where it is.
        now_in: String,
        /// Where it should be.
        directory: String,
    },
    /// Not a co-administrator yet.
    NotCoAdministrator {
        /// The address.
        address: String,
        /// The subscription's name.
        subscription: String,
    },
    /// Users outside the exception lost products (the first [`NAMED`] of them).
    Lost {
        /// Display name and the products lost, per user.
        users: Vec<(String, Vec<String>)>,
        /// How many more users lost licences.
        more: usize,
    },
    /// No such user in the exercise's tenant.
    NoSuchUser {
        /// As the exercise names them.
        who: String,
    },
    /// The user is gone from the tenant.
    NoLongerInTenant {
        /// Display name.
        user: String,
    },
    /// The user was deleted.
    Deleted {
        /// Display name.
        user: String,
    },
}

impl Missing {
    /// The part in English.
    pub fn english(&self) -> String {
        use Missing::*;
        match self {
            NoLongerHas { user, product } => format!("{user} no longer has {product}"),
            StillHaveNo { users, product } => {
                let verb = if users.len() == 1 {
                    "still has no"
                } else {
                    "still have no"
                };
                format!("{} {verb} {product}", join(users))
            }
            StillHave { users, product } => {
                let verb = if users.len() == 1 { "still has" } else { "still have" };
                format!("{} {verb} {product}", join(users))
            }
            OnlyThroughGroup { user, product } => {
                format!("{user} has {product} only through a group, not assigned directly")
            }
            AssignedDirectly { user, product } => {
                format!("{user} has {product} assigned directly; it should come only through a group")
            }
            StillOn { user, plans, product } => format!("{user} still has {} on in {product}", join(plans)),
            TurnedOff { user, plans, product } => format!("{user} has {} off in {product}", join(plans)),
            LicenceCount { user, has, wanted } => {
                format!("{user} has {} instead of {}", licences(*has), licences(*wanted))
            }
            GroupGone { group } => format!("The group {group} no longer exists"),
            GroupInError {
                group,
                product,
                members,
            } => {
                let errors = match product {
                    Some(p) => format!("errors for {p}"),
                    None => "license errors".to_owned(),
                };
                let named: Vec<String> = members
                    .iter()
                    .map(|(name, code)| {
                        let reason = LicenseError::parse(code).map_or(code.as_str(), |e| e.title());
                        format!("{name} ({})", reason.to_lowercase())
                    })
                    .collect();
                format!(
                    "{group} still has {} with {errors}: {}",
                    if members.len() == 1 {
                        "a member".to_owned()
                    } else {
                        format!("{} members", members.len())
                    },
                    join(&named)
                )
            }
            NoUsageLocation { user } => format!("{user} has no usage location"),
            WrongUsageLocation { user, actual, wanted } => format!(
                "{user}'s usage location is {}, not {}",
                country_label(actual),
                country_label(wanted)
            ),
            NotInvited { email } => format!("No guest has been invited with the address {email}"),
            NotByInvitation { email, user } => format!("{email} belongs to {user}, who was not invited"),
            InvitedAsMember { user } => format!("{user} was invited as a member, not as a guest"),
            NotSubscribed { product } => format!("The tenant no longer subscribes to {product}"),
            TooManyAssigned {
                product,
                assigned,
                units,
            } => format!("{product} has {} assigned; at most {units} may be", licences(*assigned)),
            NoSuchSubscription { subscription } => format!("There is no Azure subscription named {subscription}"),
            StillInDirectory {
                subscription,
                now_in,
                directory,
            } => format!("{subscription} is still in {now_in}, not in {directory}"),
            NotCoAdministrator { address, subscription } => {
                format!("{address} is not a co-administrator of {subscription} yet")
            }
            Lost { users, more } => {
                let lost: Vec<String> = users
                    .iter()
                    .map(|(name, products)| format!("{name} lost {}", join(products)))
                    .collect();
                match more {
                    0 => lost.join("; "),
                    more => format!("{}; and {more} more users lost licenses", lost.join("; ")),
                }
            }
            NoSuchUser { who } => format!("There is no user {who} in this exercise's tenant"),
            NoLongerInTenant { user } => format!("{user} is no longer in the tenant"),
            Deleted { user } => format!("{user} was deleted"),
        }
    }
}

/// Parts in English, as one line.
pub fn english(parts: &[Missing]) -> String {
    parts.iter().map(Missing::english).collect::<Vec<_>>().join("; ")
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
                missing: outcome.as_ref().err().map(|w| english(w)),
                why: outcome.err().unwrap_or_default(),
            }
        })
        .collect()
}

/// Whether the exercise is done: every criterion passed (and there was one to pass).
pub fn all_passed(results: &[CriterionResult]) -> bool {
    !results.is_empty() && results.iter().all(|r| r.passed)
}

/// `Ok` when the rule holds, else what is missing.
fn evaluate(rule: &Rule, start: &Tenant, now: &Tenant) -> Result<(), Vec<Missing>> {
    evaluate_one(rule, start, now).map_err(|m| match m {
        Why::One(m) => vec![m],
        Why::Many(v) => v,
    })
}

/// What a rule finds missing: one thing, or (for a list of users) several.
enum Why {
    One(Missing),
    Many(Vec<Missing>),
}

impl From<Missing> for Why {
    fn from(m: Missing) -> Self {
        Why::One(m)
    }
}

fn evaluate_one(rule: &Rule, start: &Tenant, now: &Tenant) -> Result<(), Why> {
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
            let name = catalog::product_name(product).to_owned();
            let user = u.name().to_owned();
            let Some(held) = u.assigned_licenses.iter().find(|l| l.sku_id == sku) else {
                return Err(if at_start.holds(sku) {
                    Missing::NoLongerHas { user, product: name }
                } else {
                    Missing::StillHaveNo {
                        users: vec![user],
                        product: name,
                    }
                }
                .into());
            };
            let direct_path = u
                .license_assignment_states
                .iter()
                .any(|s| s.sku_id == sku && s.is_active() && s.assigned_by_group.is_none());
            match direct {
                Some(true) if !direct_path => return Err(Missing::OnlyThroughGroup { user, product: name }.into()),
                Some(false) if direct_path => return Err(Missing::AssignedDirectly { user, product: name }.into()),
                _ => {}
            }
            let off = |plan: &str| catalog::plan_by_name(plan).is_some_and(|p| held.disabled_plans.contains(&p.id));
            let still_on: Vec<String> = services_off
                .iter()
                .filter(|p| !off(p))
                .map(|p| catalog::plan_name(p).to_owned())
                .collect();
            if !still_on.is_empty() {
                return Err(Missing::StillOn {
                    user,
                    plans: still_on,
                    product: name,
                }
                .into());
            }
            let turned_off: Vec<String> = services_on
                .iter()
                .filter(|p| off(p))
                .map(|p| catalog::plan_name(p).to_owned())
                .collect();
            if !turned_off.is_empty() {
                return Err(Missing::TurnedOff {
                    user,
                    plans: turned_off,
                    product: name,
                }
                .into());
            }
            Ok(())
        }
        Rule::UserHasNoProduct { user, product } => {
            let (u, _) = person(start, now, user)?;
            if u.holds(sku_id(product)) {
                return Err(Missing::StillHave {
                    users: vec![u.name().to_owned()],
                    product: catalog::product_name(product).to_owned(),
                }
                .into());
            }
            Ok(())
        }
        Rule::UsersHaveProduct { users, product } => many(start, now, users, product, true),
        Rule::UsersHaveNoProduct { users, product } => many(start, now, users, product, false),
        Rule::UserLicenceCount { user, count } => {
            let (u, _) = person(start, now, user)?;
            let n = u.assigned_licenses.len();
            if n != *count as usize {
                return Err(Missing::LicenceCount {
                    user: u.name().to_owned(),
                    has: n,
                    wanted: *count as usize,
                }
                .into());
            }
            Ok(())
        }
        Rule::GroupHasNoErrors { group, product } => {
            // The file's group was found on the start when the exercise loaded.
            let g = find_group(start, group).map_err(|_| Missing::GroupGone { group: group.clone() })?;
            let gid = start.groups()[g].group.id;
            let Some(now_group) = now.groups().iter().find(|x| x.group.id == gid) else {
                return Err(Missing::GroupGone { group: group.clone() }.into());
            };
            let only = product.as_deref().map(sku_id);
            let in_error: Vec<(String, String)> = now
                .users()
                .filter_map(|u| {
                    let s = u
                        .license_assignment_states
                        .iter()
                        .find(|s| s.group() == Some(gid) && s.has_error() && only.is_none_or(|k| k == s.sku_id))?;
                    Some((u.name().to_owned(), s.error.to_string()))
                })
                .collect();
            if in_error.is_empty() {
                return Ok(());
            }
            Err(Missing::GroupInError {
                group: now_group.group.display_name.clone(),
                product: product.as_deref().map(|p| catalog::product_name(p).to_owned()),
                members: in_error,
            }
            .into())
        }
        Rule::UsageLocationSet { user, country } => {
            let (u, _) = person(start, now, user)?;
            match (u.usage_location.as_deref(), country) {
                (None, _) => Err(Missing::NoUsageLocation {
                    user: u.name().to_owned(),
                }
                .into()),
                (Some(actual), Some(wanted)) if actual != wanted => Err(Missing::WrongUsageLocation {
                    user: u.name().to_owned(),
                    actual: actual.to_owned(),
                    wanted: wanted.clone(),
                }
                .into()),
                _ => Ok(()),
            }
        }
        Rule::GuestInvited { email } => {
            let Some(u) = now.users().find(|u| has_address(u, email)) else {
                return Err(Missing::NotInvited { email: email.clone() }.into());
            };
            if u.creation_type.as_deref() != Some("Invitation") {
                return Err(Missing::NotByInvitation {
                    email: email.clone(),
                    user: u.name().to_owned(),
                }
                .into());
            }
            if !u.is_guest() {
                return Err(Missing::InvitedAsMember {
                    user: u.name().to_owned(),
                }
                .into());
            }
            Ok(())
        }
        Rule::ProductConsumedAtMost { product, units } => {
            let name = catalog::product_name(product).to_owned();
            let Some(sku) = now.sku(sku_id(product)) else {
                return Err(Missing::NotSubscribed { product: name }.into());
            };
            if i64::from(sku.consumed_units) > i64::from(*units) {
                return Err(Missing::TooManyAssigned {
                    product: name,
                    assigned: sku.consumed_units.max(0) as usize,
                    units: *units,
                }
                .into());
            }
            Ok(())
        }
        Rule::SubscriptionInDirectory {
            subscription,
            directory,
        } => {
            let Some(s) = now.portal().subscriptions.iter().find(|s| s.name == *subscription) else {
                return Err(Missing::NoSuchSubscription {
                    subscription: subscription.clone(),
                }
                .into());
            };
            let now_in = crate::azure::rules::directory_name(now, s.directory);
            if now_in == *directory {
                Ok(())
            } else {
                Err(Missing::StillInDirectory {
                    subscription: subscription.clone(),
                    now_in,
                    directory: directory.clone(),
                }
                .into())
            }
        }
        Rule::CoAdministrator { subscription, address } => {
            let Some(s) = now.portal().subscriptions.iter().find(|s| s.name == *subscription) else {
                return Err(Missing::NoSuchSubscription {
                    subscription: subscription.clone(),
                }
                .into());
            };
            if s.co_admins.iter().any(|c| c.address.eq_ignore_ascii_case(address)) {
                Ok(())
            } else {
                Err(Missing::NotCoAdministrator {
                    address: address.clone(),
                    subscription: subscription.clone(),
                }
                .into())
            }
        }
        Rule::NoOtherLicenceLost { except } => {
            let spared: Vec<Uuid> = except
                .iter()
                .filter_map(|w| find_person(start, w))
                .map(|i| start.user_at(i).id)
                .collect();
            let mut lost: Vec<(String, Vec<String>)> = Vec::new();
            for before in start.users().filter(|u| !spared.contains(&u.id)) {
                let after = now
                    .index_of(before.id)
                    .map(|i| now.user_at(i))
                    .filter(|u| u.deleted_date_time.is_none());
                let gone: Vec<String> = before
                    .assigned_licenses
                    .iter()
                    .filter(|l| after.is_none_or(|a| !a.holds(l.sku_id)))
                    .map(|l| product_label(start, l.sku_id).to_owned())
                    .collect();
                if !gone.is_empty() {
                    lost.push((before.name().to_owned(), gone));
                }
            }
            if lost.is_empty() {
                Ok(())
            } else {
                let n = lost.len();
                lost.truncate(NAMED);
                Err(Missing::Lost {
                    more: n - lost.len(),
                    users: lost,
                }
                .into())
            }
        }
    }
}

/// `usersHaveProduct` (`want` true) and `usersHaveNoProduct` (`want` false).
fn many(start: &Tenant, now: &Tenant, users: &[String], product: &str, want: bool) -> Result<(), Why> {
    let sku = sku_id(product);
    let mut wrong: Vec<String> = Vec::new();
    let mut other: Vec<Missing> = Vec::new();
    for who in users {
        match person(start, now, who) {
            Ok((u, _)) if u.holds(sku) != want => wrong.push(u.name().to_owned()),
            Ok(_) => {}
            Err(why) => other.push(why),
        }
    }
    let product = catalog::product_name(product).to_owned();
    let mut parts = Vec::new();
    if !wrong.is_empty() {
        parts.push(if want {
            Missing::StillHaveNo { users: wrong, product }
        } else {
            Missing::StillHave { users: wrong, product }
        });
    }
    parts.extend(other);
    if parts.is_empty() {
        Ok(())
    } else {
        Err(Why::Many(parts))
    }
}

/// The user a criterion names, now and at the start; or why they can't be checked.
fn person<'a>(start: &'a Tenant, now: &'a Tenant, who: &str) -> Result<(&'a User, &'a User), Missing> {
    let before = find_person(start, who)
        .map(|i| start.user_at(i))
        .ok_or_else(|| Missing::NoSuchUser { who: who.to_owned() })?;
    match now.index_of(before.id).map(|i| now.user_at(i)) {
        None => Err(Missing::NoLongerInTenant {
            user: before.name().to_owned(),
        }),
        Some(u) if u.deleted_date_time.is_some() => Err(Missing::Deleted {
            user: before.name().to_owned(),
        }),
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
