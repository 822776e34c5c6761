//! **Manage product licenses** (and one user's **Licenses and apps**, and a product page's
//! **Assign licenses** and **Unassign licenses**): the choices, the usage-location rule, the
//! plan, the calls to send and, after the run, each user's outcome and **Retry failed**.

use std::collections::{HashMap, HashSet};

use tenant::model::{AssignedLicense, User};
use tenant::plan::{direct_licences, needs_usage_location, Mode, Plan, Planner};
use uuid::Uuid;

use crate::api::changes::plan_work;
use crate::api::runner::{Report, Work};
use crate::flows::outcome::{ChangeSummary, Outcomes};
use crate::i18n::{number, tf, tr, Key};

/// What the admin asked for so far.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenceChange {
    users: Vec<User>,
    single: bool,
    /// How existing licences are treated.
    pub mode: Mode,
    /// The ticked products with their services turned off.
    pub chosen: Vec<AssignedLicense>,
    /// The usage location for users who have none (a country code, empty until chosen).
    pub usage_location: String,
}

/// Why the change cannot be reviewed yet, in the admin center's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// Some users have no usage location and none was chosen.
    UsageLocation,
    /// Nothing is ticked for a change that needs something ticked.
    NothingChosen,
}

impl NotReady {
    /// What the dialog says.
    pub fn message(self) -> Key {
        match self {
            Self::UsageLocation => Key::NoUsageLocation,
            Self::NothingChosen => Key::SelectAtLeastOne,
        }
    }
}

impl LicenceChange {
    /// A change for `users`. One user (`single`) starts from their own direct licences, and
    /// saving makes them exactly what is ticked (Replace); several start as `start` with
    /// `preset` ticked (a product page's Assign or Unassign).
    pub fn new(users: Vec<User>, single: bool, start: Mode, preset: Option<Uuid>) -> Self {
        let (mode, chosen) = if single {
            (Mode::Replace, users.first().map(direct_licences).unwrap_or_default())
        } else {
            let chosen = preset
                .map(|sku_id| AssignedLicense {
                    sku_id,
                    disabled_plans: Vec::new(),
                })
                .into_iter()
                .collect();
            (start, chosen)
        };
        LicenceChange {
            users,
            single,
            mode,
            chosen,
            usage_location: String::new(),
        }
    }

    /// The dialog's title.
    pub fn title(&self) -> String {
        match (self.single, self.users.len()) {
            (true, _) => tr(Key::LicensesAndApps).to_owned(),
            (false, 1) => tr(Key::ManageForOneUser).to_owned(),
            (false, n) => tf(Key::ManageForNUsers, &[&number(n as f64)]),
        }
    }

    /// The users it changes.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Whether the flow must ask for a usage location.
    pub fn needs_usage_location(&self) -> bool {
        needs_usage_location(self.mode, &self.chosen, &self.users)
    }

    /// Whether Apps and services mean anything in `mode` (not when products are removed).
    pub fn offers_services(mode: Mode) -> bool {
        matches!(mode, Mode::AssignMore | Mode::Replace)
    }

    /// The plan to preview, or why there is none yet.
    pub fn review(&self, planner: &Planner) -> Result<Plan, NotReady> {
        if self.needs_usage_location() && self.usage_location.is_empty() {
            return Err(NotReady::UsageLocation);
        }
        if !self.single && self.chosen.is_empty() && matches!(self.mode, Mode::AssignMore | Mode::Unassign) {
            return Err(NotReady::NothingChosen);
        }
        let location = Some(self.usage_location.as_str()).filter(|l| !l.is_empty());
        Ok(planner.users(self.mode, &self.users, &self.chosen, location))
    }

    /// Exactly the calls the preview showed succeeding.
    pub fn work(plan: &Plan) -> Vec<Work> {
        plan_work(plan)
    }

    /// Each user's outcome after the run.
    pub fn outcomes(plan: &Plan, report: &Report) -> Outcomes {
        Outcomes::of_plan(plan, report)
    }

    /// The change's name, as the dialog offers it: one user's **Licenses and apps**, else
    /// the mode chosen.
    pub fn name(&self) -> &'static str {
        match (self.single, self.mode) {
            (true, _) => "Licenses and apps",
            (false, Mode::AssignMore) => "Assign more",
            (false, Mode::Replace) => "Replace",
            (false, Mode::Unassign) => "Unassign",
            (false, Mode::UnassignAll) => "Unassign all",
        }
    }

    /// What the finished change amounts to, for a page that embeds the app.
    /// Looks each user up by id once (a bulk change holds 10,000 users or more: a search
    /// per outcome took a third of a second on the page's thread).
    pub fn change_summary(&self, outcomes: &Outcomes) -> ChangeSummary {
        let upns: HashMap<Uuid, &str> = self
            .users
            .iter()
            .map(|u| (u.id, u.user_principal_name.as_str()))
            .collect();
        outcomes.summary(self.name(), |id| upns.get(&id).map(|upn| (*upn).to_owned()))
    }

    /// **Retry failed**: the same choices for exactly the users that failed, as read
    /// again (`fresh`, in any order; users that are gone are left out).
    pub fn retry(&self, outcomes: &Outcomes, fresh: Vec<User>) -> LicenceChange {
        let failed: HashSet<Uuid> = outcomes.failed_ids().into_iter().collect();
        let mut users: Vec<User> = fresh.into_iter().filter(|u| failed.contains(&u.id)).collect();
        users.sort_by(|a, b| a.name().cmp(b.name()).then(a.id.cmp(&b.id)));
        LicenceChange {
            users,
            usage_location: self.usage_location.clone(),
            chosen: self.chosen.clone(),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use tenant::build::{licence, sku};
    use tenant::roles::Role;
    use tenant::{ErrorKind, GraphError};

    use super::*;
    use crate::api::runner::Outcome;
    use crate::flows::outcome::Result as R;
    use crate::flows::testing::Demo;

    const GA: &[Role] = &[Role::GlobalAdministrator];

    #[test]
    fn one_user_starts_from_their_direct_licences_and_saving_them_changes_nothing() {
        let demo = Demo::new();
        let adele = demo.user("adelev@contoso.com");
        let c = LicenceChange::new(vec![adele.clone()], true, Mode::AssignMore, None);
        assert_eq!(c.mode, Mode::Replace);
        assert_eq!(c.title(), "Licenses and apps");
        assert_eq!(c.chosen, direct_licences(&adele));
        let plan = c.review(&demo.planner(GA)).expect("ready");
        assert!(LicenceChange::work(&plan).is_empty(), "nothing to send");
    }

    #[test]
    fn several_users_start_with_the_preset_and_need_something_ticked() {
        let demo = Demo::new();
        let us = vec![demo.user("jane@contoso.com"), demo.user("tricia@contoso.com")];
        let c = LicenceChange::new(us.clone(), false, Mode::Unassign, Some(sku("ENTERPRISEPACK")));
        assert_eq!(c.title(), "Manage product licenses for 2 users");
        assert_eq!(c.chosen[0].sku_id, sku("ENTERPRISEPACK"));
        let mut none = LicenceChange::new(us, false, Mode::AssignMore, None);
        assert_eq!(none.review(&demo.planner(GA)), Err(NotReady::NothingChosen));
        none.mode = Mode::UnassignAll;
        assert!(
            none.review(&demo.planner(GA)).is_ok(),
            "Unassign all needs nothing ticked"
        );
    }

    #[test]
    fn a_missing_usage_location_is_asked_for_then_set_before_the_licence() {
        let demo = Demo::new();
        let t = &demo.0.borrow().tenant.clone();
        let nobody = t
            .users()
            .find(|u| u.usage_location.is_none() && !u.is_guest() && !u.holds(sku("AAD_PREMIUM_P2")))
            .cloned()
            .expect("a user without a usage location");
        let mut c = LicenceChange::new(vec![nobody.clone()], false, Mode::AssignMore, None);
        c.chosen = vec![licence("AAD_PREMIUM_P2", &[])];
        assert!(c.needs_usage_location());
        assert_eq!(c.review(&demo.planner(GA)), Err(NotReady::UsageLocation));
        c.usage_location = "NL".into();
        let plan = c.review(&demo.planner(GA)).expect("ready");
        let work = LicenceChange::work(&plan);
        assert_eq!(work.len(), 1);
        assert_eq!(work[0].calls.len(), 2, "PATCH the location, then assign");
        let report = demo.run(work);
        assert_eq!(report.outcome(nobody.id), Some(&Outcome::Done));
        let after = demo.user(&nobody.user_principal_name);
        assert_eq!(after.usage_location.as_deref(), Some("NL"));
        assert!(after.holds(sku("AAD_PREMIUM_P2")));
    }

    #[test]
    fn each_user_gets_their_own_outcome_keyed_by_id() {
        // Three users take E5: the preview refuses the one short of a seat (never sent),
        // the others are saved, and the outcome says so per user.
        let demo = Demo::new();
        let t = demo.0.borrow().tenant.clone();
        let free = tenant::ProductCounts::of(t.sku(sku("ENTERPRISEPREMIUM")).expect("E5")).free() as usize;
        let takers: Vec<_> = t
            .users()
            .filter(|u| !u.is_guest() && u.usage_location.is_some() && !u.holds(sku("ENTERPRISEPREMIUM")))
            .take(free + 1)
            .cloned()
            .collect();
        let mut c = LicenceChange::new(takers.clone(), false, Mode::AssignMore, None);
        c.chosen = vec![licence("ENTERPRISEPREMIUM", &[])];
        let plan = c.review(&demo.planner(GA)).expect("ready");
        assert_eq!(plan.failures(), 1);
        let report = demo.run(LicenceChange::work(&plan));
        let out = LicenceChange::outcomes(&plan, &report);
        assert_eq!(out.counts(), (free, 1));
        let failed = out.failed_ids();
        assert_eq!(failed.len(), 1);
        let loser = out.0.iter().find(|r| r.id == failed[0]).expect("row");
        let e = loser.result.error().expect("why");
        assert_eq!(e.kind(), ErrorKind::License(tenant::LicenseError::CountViolation));
        for u in takers.iter().filter(|u| u.id != failed[0]) {
            assert!(
                demo.user(&u.user_principal_name).holds(sku("ENTERPRISEPREMIUM")),
                "{}",
                u.name()
            );
        }
        assert_eq!(out.failures_first()[0].id, failed[0]);
        let summary = c.change_summary(&out);
        assert_eq!(summary.change, "Assign more");
        assert_eq!(
            summary.users,
            takers.iter().map(|u| u.user_principal_name.clone()).collect::<Vec<_>>()
        );
        assert!(summary.groups.is_empty());
        assert_eq!((summary.succeeded, summary.failed), (free, 1));
    }

    #[test]
    fn retry_failed_takes_exactly_the_failed_ids_when_two_users_share_a_name() {
        let demo = Demo::new();
        let alex = demo.user("alexw@contoso.com");
        let mut twin = alex.clone();
        twin.id = uuid::Uuid::from_u128(42);
        twin.user_principal_name = "alex.wilber2@contoso.com".into();
        let c = LicenceChange::new(
            vec![alex.clone(), twin.clone()],
            false,
            Mode::AssignMore,
            Some(sku("AAD_PREMIUM_P2")),
        );
        let plan = c.review(&demo.planner(GA)).expect("ready");
        let report = Report {
            outcomes: vec![
                (alex.id, Outcome::Done),
                (twin.id, Outcome::Failed(GraphError::bad_request("no"))),
            ],
            requests_sent: 2,
        };
        let out = LicenceChange::outcomes(&plan, &report);
        assert_eq!(out.failed_ids(), vec![twin.id]);
        let again = c.retry(&out, vec![alex.clone(), twin.clone()]);
        assert_eq!(again.users.iter().map(|u| u.id).collect::<Vec<_>>(), vec![twin.id]);
        assert_eq!(again.title(), "Manage product licenses for 1 user");
        assert_eq!(again.chosen, c.chosen, "the same choices");
    }

    #[test]
    fn cancelled_and_unanswered_users_count_as_failed_and_are_retried() {
        let demo = Demo::new();
        let us = vec![demo.user("jane@contoso.com"), demo.user("tricia@contoso.com")];
        let c = LicenceChange::new(us.clone(), false, Mode::AssignMore, Some(sku("AAD_PREMIUM_P2")));
        let plan = c.review(&demo.planner(GA)).expect("ready");
        let report = Report {
            outcomes: vec![
                (us[0].id, Outcome::NotSent),
                (us[1].id, Outcome::Unknown(GraphError::bad_request("no answer"))),
            ],
            requests_sent: 1,
        };
        let out = LicenceChange::outcomes(&plan, &report);
        assert_eq!(out.counts(), (0, 2));
        assert!(matches!(out.0[0].result, R::NotSent));
        assert!(out.csv().contains("Not sent"), "{}", out.csv());
        assert_eq!(c.retry(&out, us).users.len(), 2);
    }
}
