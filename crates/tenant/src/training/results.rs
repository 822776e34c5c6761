//! The trainee's results file: what they did, how long it took, which criteria hold.

use serde::{Serialize, Serializer};

use super::evaluate::{all_passed, CriterionResult};
use super::format::Exercise;
use crate::time::Timestamp;

/// One attempt's results, as the trainee downloads them. The app supplies the times (the
/// engine reads no clock), so building it is pure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Results {
    /// The exercise's id.
    pub exercise_id: String,
    /// The exercise's title.
    pub title: String,
    /// Whether every criterion passed.
    pub completed: bool,
    /// When the trainee started.
    #[serde(serialize_with = "iso")]
    pub started_at: Timestamp,
    /// When the check that completed the exercise ran; absent while it is not completed.
    #[serde(serialize_with = "iso_opt", skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    /// Seconds from the start to the completion (or to this check, when not completed).
    pub seconds_taken: i64,
    /// How many hints the trainee opened.
    pub hints_used: u32,
    /// Each criterion's outcome.
    pub criteria: Vec<CriterionResult>,
}

impl Results {
    /// The results of a check run at `checked_at` on an attempt begun at `started_at`,
    /// with `hints_used` hints opened (counted at most once each).
    pub fn new(
        exercise: &Exercise,
        criteria: Vec<CriterionResult>,
        started_at: Timestamp,
        checked_at: Timestamp,
        hints_used: u32,
    ) -> Self {
        let completed = all_passed(&criteria);
        Results {
            exercise_id: exercise.id.clone(),
            title: exercise.title.clone(),
            completed,
            started_at,
            completed_at: completed.then_some(checked_at),
            seconds_taken: checked_at.0.saturating_sub(started_at.0).max(0),
            hints_used: hints_used.min(u32::try_from(exercise.hints.len()).unwrap_or(u32::MAX)),
            criteria,
        }
    }

    /// The results file's text: indented JSON, to be read by people too.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

fn iso<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.iso())
}

fn iso_opt<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.iso()),
        None => s.serialize_none(),
    }
}
