//! The Entra admin center's **Assign** of one product (seed 004): users and groups picked,
//! the product's services chosen under **Assignment options**, one preview over both, then
//! one run that assigns the users directly and each group its licence, and an outcome for
//! every user and every group.

use tenant::model::{AssignedLicense, Group, User};
use tenant::plan::{Assignment, Planner};
use uuid::Uuid;

use crate::api::changes::{group_work, plan_work};
use crate::api::runner::{Report, Work};
use crate::flows::outcome::{from_runner, ChangeSummary, Outcomes, Result, Row};
use crate::i18n::{number, tf, Key};

/// What the admin picked.
#[derive(Debug, Clone, PartialEq)]
pub struct EntraAssign {
    /// The product, with the services turned off under Assignment options.
    pub licence: AssignedLicense,
    /// Whether the product is ticked under Assignment options.
    pub product_on: bool,
    /// Users picked one by one.
    pub users: Vec<User>,
    /// Groups picked.
    pub groups: Vec<Group>,
}

impl EntraAssign {
    /// Nothing picked yet, the product on with all its services.
    pub fn new(sku: Uuid) -> Self {
        EntraAssign {
            licence: AssignedLicense {
                sku_id: sku,
                disabled_plans: Vec::new(),
            },
            product_on: true,
            users: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// What the dialog's status line says.
    pub fn summary(&self) -> String {
        tf(
            Key::UsersGroupsSelected,
            &[&number(self.users.len() as f64), &number(self.groups.len() as f64)],
        )
    }

    /// Ticks or unticks a group.
    pub fn toggle_group(&mut self, g: &Group) {
        match self.groups.iter().position(|x| x.id == g.id) {
            Some(i) => {
                self.groups.remove(i);
            }
            None => self.groups.push(g.clone()),
        }
    }

    /// Whether **Assign** may preview: someone picked and the product on.
    pub fn ready(&self) -> std::result::Result<(), Key> {
        if self.users.is_empty() && self.groups.is_empty() {
            return Err(Key::SelectUsersOrGroupsFirst);
        }
        if !self.product_on {
            return Err(Key::TurnProductOn);
        }
        Ok(())
    }

    /// The preview, given each picked group's members as read.
    pub fn preview(&self, planner: &Planner, members: Vec<Vec<User>>) -> Assignment {
        let groups: Vec<(Group, Vec<User>)> = self.groups.iter().cloned().zip(members).collect();
        planner.assignment(&self.users, &groups, std::slice::from_ref(&self.licence))
    }

    /// The calls: the users' assignments the preview showed succeeding, then each group's
    /// licence unless the preview showed the group's call refused.
    pub fn work(&self, a: &Assignment) -> Vec<Work> {
        let mut work = a.users.as_ref().map(plan_work).unwrap_or_default();
        for (g, p) in &a.groups {
            if p.refused.is_none() {
                work.push(group_work(g.id, std::slice::from_ref(&self.licence), &[]));
            }
        }
        work
    }

    /// What the finished change amounts to, for a page that embeds the app: the users
    /// picked by name, the groups by id.
    pub fn change_summary(&self, outcomes: &Outcomes) -> ChangeSummary {
        outcomes.summary("Assign licenses", |id| {
            self.users
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.user_principal_name.clone())
        })
    }

    /// Every user's outcome, then every group's (accepted means its members are processed
    /// in the background, as Graph does).
    pub fn outcomes(a: &Assignment, report: &Report) -> Outcomes {
        let mut out = a
            .users
            .as_ref()
            .map(|p| Outcomes::of_plan(p, report))
            .unwrap_or_default();
        for (g, p) in &a.groups {
            let result = match (&p.refused, report.outcome(g.id)) {
                (Some(e), _) => Result::Failed(e.clone()),
                (None, Some(o)) => from_runner(o),
                (None, None) => Result::NotSent,
            };
            out.0.push(Row {
                id: g.id,
                name: tf(Key::GroupNamed, &[&g.display_name]),
                result,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use tenant::build::sku;
    use tenant::roles::Role;

    use super::*;
    use crate::flows::testing::Demo;

    fn group(demo: &Demo, name: &str) -> (Group, Vec<User>) {
        let sim = demo.0.borrow();
        let g = sim
            .tenant
            .groups()
            .iter()
            .find(|g| g.group.display_name == name)
            .expect("demo group");
        let members = g
            .members
            .iter()
            .filter_map(|id| sim.tenant.user(&id.to_string()).ok().cloned())
            .collect();
        (g.group.clone(), members)
    }

    #[test]
    fn nothing_picked_or_the_product_off_is_not_ready() {
        let mut f = EntraAssign::new(sku("AAD_PREMIUM_P2"));
        assert!(f.ready().is_err());
        let demo = Demo::new();
        f.users.push(demo.user("jane@contoso.com"));
        assert!(f.ready().is_ok());
        f.product_on = false;
        assert_eq!(f.ready(), Err(Key::TurnProductOn));
        assert_eq!(f.summary(), "1 users and 0 groups selected");
    }

    #[test]
    fn users_and_a_group_are_saved_in_one_run_with_an_outcome_each() {
        let demo = Demo::new();
        let (g, members) = group(&demo, "Sales E3");
        let mut f = EntraAssign::new(sku("AAD_PREMIUM_P2"));
        f.users = vec![demo.user("jane@contoso.com"), demo.user("tricia@contoso.com")];
        f.toggle_group(&g);
        let a = f.preview(&demo.planner(&[Role::GlobalAdministrator]), vec![members]);
        let work = f.work(&a);
        assert_eq!(work.len(), 3, "two users and the group");
        let report = demo.run(work);
        let out = EntraAssign::outcomes(&a, &report);
        assert_eq!(out.counts(), (3, 0), "{out:?}");
        assert_eq!(out.0[2].name, "Group Sales E3");
        let summary = f.change_summary(&out);
        assert_eq!(summary.users, ["jane@contoso.com", "tricia@contoso.com"]);
        assert_eq!(summary.groups, [g.id.to_string()]);
        assert_eq!((summary.succeeded, summary.failed), (3, 0));
        assert!(demo.user("jane@contoso.com").holds(sku("AAD_PREMIUM_P2")));
        let sim = demo.0.borrow();
        let held = sim.tenant.groups().iter().find(|x| x.group.id == g.id).expect("group");
        assert!(held
            .group
            .assigned_licenses
            .iter()
            .any(|l| l.sku_id == sku("AAD_PREMIUM_P2")));
    }

    #[test]
    fn a_group_call_the_preview_refuses_is_not_sent_and_fails() {
        // A Billing admin may not license groups: the group is reported failed with
        // Graph's code, and only the users' part is sent.
        let demo = Demo::new();
        let (g, members) = group(&demo, "Sales E3");
        let mut f = EntraAssign::new(sku("AAD_PREMIUM_P2"));
        f.toggle_group(&g);
        let a = f.preview(&demo.planner(&[Role::BillingAdministrator]), vec![members]);
        assert!(a.groups[0].1.refused.is_some());
        assert!(f.work(&a).is_empty());
        let out = EntraAssign::outcomes(&a, &demo.run(Vec::new()));
        let row = out.0.iter().find(|r| r.id == g.id).expect("group row");
        assert_eq!(
            row.result.error().map(|e| e.code.as_str()),
            Some("Authorization_RequestDenied")
        );
    }
}
