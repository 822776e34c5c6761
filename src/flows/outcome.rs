//! What became of each user (or group) of a change: the preview's refusals and the runner's
//! answers in one list, keyed by id, failures first, ready for the table, the CSV and
//! **Retry failed**.

use std::collections::HashMap;

use tenant::plan::Plan;
use tenant::GraphError;
use uuid::Uuid;

use crate::api::runner::{Outcome, Report};
use crate::i18n::{tr, Key};

/// One user's or group's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Result {
    /// Saved.
    Succeeded,
    /// The preview showed nothing to change, so nothing was sent.
    NoChange,
    /// Refused (by the preview's rules or by the tenant), or retries ran out.
    Failed(GraphError),
    /// No answer came: it may or may not have been applied.
    Unknown(GraphError),
    /// The run was cancelled before it was sent.
    NotSent,
}

impl Result {
    /// Whether **Retry failed** takes it again.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed(_) | Self::Unknown(_) | Self::NotSent)
    }

    /// The error to explain, when there is one.
    pub fn error(&self) -> Option<&GraphError> {
        match self {
            Self::Failed(e) | Self::Unknown(e) => Some(e),
            _ => None,
        }
    }

    /// The short result word of the outcome table and the CSV.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Succeeded => tr(Key::Succeeded),
            Self::NoChange => tr(Key::NoChange),
            Self::Failed(_) => tr(Key::Failed),
            Self::Unknown(_) => tr(Key::Unknown),
            Self::NotSent => tr(Key::NotSent),
        }
    }
}

/// One row of the outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The user's (or group's) id: what **Retry failed** takes.
    pub id: Uuid,
    /// The name to show.
    pub name: String,
    /// What became of it.
    pub result: Result,
}

/// The outcome of a whole change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcomes(pub Vec<Row>);

impl Outcomes {
    /// Each planned user's outcome: the tenant's answer for those sent, the preview's
    /// refusal or "no change" for the others.
    pub fn of_plan(plan: &Plan, report: &Report) -> Self {
        let answers: HashMap<Uuid, &Outcome> = report.outcomes.iter().map(|(k, o)| (*k, o)).collect();
        let rows = plan
            .users
            .iter()
            .map(|u| {
                let result = match (&u.outcome, answers.get(&u.request.user)) {
                    (Err(e), _) => Result::Failed(e.clone()),
                    (Ok(()), Some(o)) => from_runner(o),
                    (Ok(()), None) => Result::NoChange,
                };
                Row {
                    id: u.request.user,
                    name: u.name.clone(),
                    result,
                }
            })
            .collect();
        Outcomes(rows)
    }

    /// How many succeeded (or needed no change) and how many did not.
    pub fn counts(&self) -> (usize, usize) {
        let failed = self.0.iter().filter(|r| r.result.is_failure()).count();
        (self.0.len() - failed, failed)
    }

    /// The ids **Retry failed** retries: exactly those that did not succeed.
    pub fn failed_ids(&self) -> Vec<Uuid> {
        self.0.iter().filter(|r| r.result.is_failure()).map(|r| r.id).collect()
    }

    /// The rows, failures first (stable otherwise), as the table lists them.
    pub fn failures_first(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.0.iter().collect();
        rows.sort_by_key(|r| !r.result.is_failure());
        rows
    }

    /// The outcome as CSV (User, Result, Reason), for **Download outcome**.
    pub fn csv(&self) -> String {
        let mut out = format!("{},{},{}\r\n", tr(Key::RoleUser), tr(Key::Result), tr(Key::Reason));
        for r in &self.0 {
            let reason = match &r.result {
                Result::NotSent => tr(Key::CancelledBeforeSent).to_owned(),
                other => other.error().map(|e| e.message.clone()).unwrap_or_default(),
            };
            tenant::export::push_row(
                &mut out,
                [r.name.clone(), r.result.label().to_owned(), reason].into_iter(),
            );
        }
        out
    }
}

/// What a finished change amounts to, for a page that embeds the app
/// (`tenantDesk.changed`): its name, whom it was for, how many succeeded and failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSummary {
    /// The change, in the dialog's words ("Assign more", "Assign licenses").
    pub change: String,
    /// The user principal names of the users it was for.
    pub users: Vec<String>,
    /// The ids of the groups whose licences it changed.
    pub groups: Vec<String>,
    /// How many users and groups succeeded (or needed no change), as the dialog says.
    pub succeeded: usize,
    /// How many did not.
    pub failed: usize,
}

impl Outcomes {
    /// The summary of this outcome: each row's user by `upn_of` its id, or, for an id
    /// that is not a user's, a group (by its id).
    pub fn summary(&self, change: impl Into<String>, upn_of: impl Fn(Uuid) -> Option<String>) -> ChangeSummary {
        let (succeeded, failed) = self.counts();
        let mut users = Vec::new();
        let mut groups = Vec::new();
        for r in &self.0 {
            match upn_of(r.id) {
                Some(upn) => users.push(upn),
                None => groups.push(r.id.to_string()),
            }
        }
        ChangeSummary {
            change: change.into(),
            users,
            groups,
            succeeded,
            failed,
        }
    }
}

/// The runner's outcome as a result.
pub fn from_runner(o: &Outcome) -> Result {
    match o {
        Outcome::Done => Result::Succeeded,
        Outcome::Failed(e) => Result::Failed(e.clone()),
        Outcome::Unknown(e) => Result::Unknown(e.clone()),
        Outcome::NotSent => Result::NotSent,
    }
}
