//! Building an exercise's start: its seed, then its setup calls run as the Global admin at
//! a fixed time, so every trainee (and every replay) starts from the same tenant.

use serde_json::Value;

use super::format::{Exercise, Rule};
use super::mistake::{Mistake, ScenarioError};
use crate::catalog;
use crate::rest::GraphRequest;
use crate::roles::{Actor, Role};
use crate::simulation::Simulation;
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// When setup calls run: a fixed instant (2025-01-01T09:00:00Z), so a start's dates and
/// ids are the same on every build.
pub const START_AT: Timestamp = Timestamp(1_735_722_000);

/// The placeholder kinds a setup URL or body may hold, `{kind:name}`.
const PLACEHOLDERS: &[&str] = &["group", "user", "sku", "plan"];

impl Exercise {
    /// The exercise's start as a simulation: the seed, then the setup calls, recorded as the
    /// journal's setup (see [`Simulation::from_start`]). The app journals the trainee's
    /// requests on top, saves it with [`Simulation::to_json`] and restores it with
    /// [`Simulation::restore_for_start`] given this start's seed and setup; undo never
    /// reaches into the start. Fails when a setup call fails on the seed, or when a
    /// criterion names a user, group or product the start tenant does not hold.
    pub fn start_simulation(&self) -> Result<Simulation, ScenarioError> {
        let mut sim = Simulation::new(self.start.tenant.clone());
        let admin = global_admin(&sim.tenant).ok_or_else(|| {
            ScenarioError::new(
                Mistake::SetupFailed,
                &self.file,
                "/start/tenant",
                "the start tenant has no Global admin who can sign in to run the setup",
            )
        })?;
        for (i, call) in self.start.setup.iter().enumerate() {
            let place = format!("/start/setup/{i}");
            let unknown = |what: &str, (kind, why): (Mistake, String)| {
                ScenarioError::new(kind, &self.file, &format!("{place}/{what}"), why)
            };
            let url = substitute(&call.url, |kind, name| resolve(&sim.tenant, kind, name))
                .map_err(|why| unknown("url", why))?;
            let body = match &call.body {
                None => None,
                Some(b) => Some(substitute_body(&sim.tenant, b).map_err(|why| unknown("body", why))?),
            };
            let req = GraphRequest {
                method: call.method,
                url,
                headers: Vec::new(),
                body,
            };
            let res = sim.run_setup(&admin, &req, START_AT);
            let failure = sim.journal.setup.last().and_then(|e| e.error.clone());
            if !res.ok() || failure.is_some() {
                return Err(ScenarioError::new(
                    Mistake::SetupFailed,
                    &self.file,
                    &place,
                    format!(
                        "setup call {} ({} {}) failed on the start tenant: {} {}",
                        i + 1,
                        call.method.as_str(),
                        call.url,
                        res.status,
                        failure.unwrap_or_default()
                    ),
                ));
            }
        }
        self.check_names(&sim.tenant)?;
        Ok(sim)
    }

    /// The tenant the exercise starts from (the [`Exercise::start_simulation`]'s tenant):
    /// what [`super::check`] compares the trainee's tenant with.
    pub fn start_tenant(&self) -> Result<Tenant, ScenarioError> {
        Ok(self.start_simulation()?.tenant)
    }

    /// Every user, group and product the criteria name is in the start tenant.
    fn check_names(&self, t: &Tenant) -> Result<(), ScenarioError> {
        for (i, c) in self.check.iter().enumerate() {
            let at = |field: &str| format!("/check/{i}/{field}");
            let user = |who: &str, place: String| -> Result<(), ScenarioError> {
                find_person(t, who).map(|_| ()).ok_or_else(|| {
                    ScenarioError::new(
                        Mistake::UnknownUser,
                        &self.file,
                        &place,
                        format!("no user '{who}' in the start tenant (name users by user principal name or mail)"),
                    )
                })
            };
            let users = |list: &[String], field: &str| -> Result<(), ScenarioError> {
                for (j, who) in list.iter().enumerate() {
                    user(who, format!("/check/{i}/{field}/{j}"))?;
                }
                Ok(())
            };
            let product = |part: &str| -> Result<(), ScenarioError> {
                let subscribed = catalog::product_by_part(part).is_some_and(|p| t.sku(p.sku_id).is_some());
                if subscribed {
                    Ok(())
                } else {
                    Err(ScenarioError::new(
                        Mistake::UnknownProduct,
                        &self.file,
                        &at("product"),
                        format!(
                            "the start tenant does not subscribe to {} ({part})",
                            catalog::product_name(part)
                        ),
                    ))
                }
            };
            match &c.rule {
                Rule::UserHasProduct {
                    user: u, product: p, ..
                }
                | Rule::UserHasNoProduct { user: u, product: p } => {
                    user(u, at("user"))?;
                    product(p)?;
                }
                Rule::UsersHaveProduct { users: us, product: p }
                | Rule::UsersHaveNoProduct { users: us, product: p } => {
                    users(us, "users")?;
                    product(p)?;
                }
                Rule::UserLicenceCount { user: u, .. } | Rule::UsageLocationSet { user: u, .. } => user(u, at("user"))?,
                Rule::GroupHasNoErrors { group, product: p } => {
                    find_group(t, group)
                        .map_err(|why| ScenarioError::new(Mistake::UnknownGroup, &self.file, &at("group"), why))?;
                    if let Some(p) = p {
                        product(p)?;
                    }
                }
                Rule::GuestInvited { email } => {
                    if let Some(existing) = t.all_users().iter().find(|u| has_address(u, email)) {
                        return Err(ScenarioError::new(
                            Mistake::BadValue,
                            &self.file,
                            &at("email"),
                            format!(
                                "{} already has the address {email} at the start, so an invitation can't be checked",
                                existing.name()
                            ),
                        ));
                    }
                }
                Rule::ProductConsumedAtMost { product: p, .. } => product(p)?,
                Rule::NoOtherLicenceLost { except } => users(except, "except")?,
                Rule::SubscriptionInDirectory {
                    subscription,
                    directory,
                } => {
                    azure_subscription(t, subscription, &self.file, &at("subscription"))?;
                    let known = t.org().display_name == *directory
                        || t.portal().directories.iter().any(|d| d.name == *directory);
                    if !known {
                        return Err(ScenarioError::new(
                            Mistake::BadValue,
                            &self.file,
                            &at("directory"),
                            format!("the start tenant has no directory named '{directory}'"),
                        ));
                    }
                }
                Rule::CoAdministrator { subscription, .. } => {
                    azure_subscription(t, subscription, &self.file, &at("subscription"))?;
                }
            }
        }
        Ok(())
    }
}

/// The Global admin who runs an exercise's setup: the first member of the Global
/// Administrator role who can sign in.
pub fn global_admin(t: &Tenant) -> Option<Actor> {
    t.roles()
        .iter()
        .filter(|r| r.kind == Role::GlobalAdministrator)
        .flat_map(|r| r.members.iter())
        .find_map(|id| t.actor_by_id(*id))
}

/// A live user named by user principal name or mail (case-insensitive).
pub(super) fn find_person(t: &Tenant, who: &str) -> Option<usize> {
    if let Some(i) = t.find_user(who) {
        if t.user_at(i).deleted_date_time.is_none() {
            return Some(i);
        }
    }
    t.all_users()
        .iter()
        .position(|u| u.deleted_date_time.is_none() && u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(who)))
}

/// Whether the user has `address` as mail, other mail or user principal name.
pub(super) fn has_address(u: &crate::model::User, address: &str) -> bool {
    u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(address))
        || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(address))
        || u.user_principal_name.eq_ignore_ascii_case(address)
}

/// The index of the one group with this display name (case-insensitive), or why not.
pub(super) fn find_group(t: &Tenant, name: &str) -> Result<usize, String> {
    let mut found = t
        .groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| g.group.display_name.eq_ignore_ascii_case(name))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Ok(i),
        (None, _) => Err(format!("no group named '{name}' in the start tenant")),
        (Some(_), Some(_)) => Err(format!(
            "more than one group is named '{name}'; name groups that are unique"
        )),
    }
}

/// Why a placeholder or a name could not be resolved: the kind of mistake and the words.
pub(super) type Unresolved = (Mistake, String);

/// The id a placeholder stands for, on the tenant as it is when the call runs.
fn resolve(t: &Tenant, kind: &str, name: &str) -> Result<String, Unresolved> {
    match kind {
        "group" => find_group(t, name)
            .map(|g| t.groups()[g].group.id.to_string())
            .map_err(|why| (Mistake::UnknownGroup, why)),
        "user" => find_person(t, name)
            .map(|i| t.user_at(i).id.to_string())
            .ok_or_else(|| (Mistake::UnknownUser, format!("no user '{name}' in the start tenant"))),
        "sku" => catalog::product_by_part(name)
            .map(|p| p.sku_id.to_string())
            .ok_or_else(|| {
                (
                    Mistake::UnknownProduct,
                    format!("no product has the part number '{name}'"),
                )
            }),
        _ => catalog::plan_by_name(name).map(|p| p.id.to_string()).ok_or_else(|| {
            (
                Mistake::UnknownServicePlan,
                format!("no service plan is named '{name}'"),
            )
        }),
    }
}

/// Replaces the placeholders of every string in a body, walking it with a stack.
fn substitute_body(t: &Tenant, body: &Value) -> Result<Value, Unresolved> {
    let mut out = body.clone();
    let mut stack = vec![&mut out];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => *s = substitute(s, |kind, name| resolve(t, kind, name))?,
            Value::Array(a) => stack.extend(a.iter_mut()),
            Value::Object(m) => stack.extend(m.values_mut()),
            _ => {}
        }
    }
    Ok(out)
}

/// Replaces each `{kind:name}` of `text` by what `lookup` gives for it; `{` not followed by
/// a word and a colon is kept as written. Refuses an unknown kind, an empty name and a
/// placeholder that is not closed. (With a lookup that resolves nothing it checks a text's
/// placeholders without a tenant, as reading a file does.)
pub(super) fn substitute(
    text: &str,
    lookup: impl Fn(&str, &str) -> Result<String, Unresolved>,
) -> Result<String, Unresolved> {
    let bad = |why: String| (Mistake::BadValue, why);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let word_len = after.bytes().take_while(u8::is_ascii_lowercase).count();
        if word_len == 0 || !after[word_len..].starts_with(':') {
            out.push('{');
            rest = after;
            continue;
        }
        let kind = &after[..word_len];
        if !PLACEHOLDERS.contains(&kind) {
            return Err(bad(format!(
                "unknown placeholder '{{{kind}:'; use {{group:…}}, {{user:…}}, {{sku:…}} or {{plan:…}}"
            )));
        }
        let tail = &after[word_len + 1..];
        let close = tail
            .find('}')
            .ok_or_else(|| bad(format!("the placeholder '{{{kind}:' is not closed with }}")))?;
        let name = &tail[..close];
        if name.trim().is_empty() {
            return Err(bad(format!("the placeholder '{{{kind}:}}' names nothing")));
        }
        out.push_str(&lookup(kind, name)?);
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks that the start tenant's Azure portal has a subscription named `name`.
fn azure_subscription(t: &Tenant, name: &str, file: &str, at: &str) -> Result<(), ScenarioError> {
    if t.portal().subscriptions.iter().any(|s| s.name == name) {
        Ok(())
    } else {
        Err(ScenarioError::new(
            Mistake::BadValue,
            file,
            at,
            format!("the start tenant has no Azure subscription named '{name}'"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_and_other_braces_kept() {
        let look = |k: &str, n: &str| Ok(format!("<{k}={n}>"));
        assert_eq!(
            substitute("/groups/{group:Sales E3}/members/{user:a@b.com}", look),
            Ok("/groups/<group=Sales E3>/members/<user=a@b.com>".to_owned())
        );
        assert_eq!(
            substitute("{ not one } {x} {", look),
            Ok("{ not one } {x} {".to_owned())
        );
        let why = |text: &str| substitute(text, look).err().map(|(_, w)| w).unwrap_or_default();
        assert!(why("{grp:Sales}").contains("unknown placeholder '{grp:'"));
        assert!(why("{group:Sales").contains("not closed"));
        assert!(why("{group: }").contains("names nothing"));
    }

    #[test]
    fn the_demo_has_a_global_admin_to_run_setups() {
        let t = crate::demo::demo_tenant();
        assert_eq!(
            global_admin(&t).map(|a| a.upn),
            Some("admin@contoso.onmicrosoft.com".to_owned())
        );
    }
}
