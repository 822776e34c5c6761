//! Training: exercises as data, each with a goal, hints, a start and checks on the tenant.
//!
//! A static training site drops exercise files in `public/scenarios/` (one JSON file per
//! exercise, and `index.json` listing them; the format is described in that folder's
//! README). The app fetches them, validates them here ([`parse_index`], [`parse_exercise`],
//! [`check_unique_ids`]), builds each exercise's own tenant ([`Exercise::start_simulation`])
//! and asks [`check`] whether the trainee reached the goal. Checks read the tenant's
//! *state*, never the clicks that led there, so any valid way to the goal passes: one user
//! at a time or many at once, the Microsoft 365 admin center or the Entra admin center, a
//! group or a direct assignment when the goal allows either.
//!
//! ```
//! use tenant::training::{all_passed, check, parse_exercise};
//! let text = r#"{
//!   "id": "p2-for-jane", "title": "Give Jane Microsoft Entra ID P2", "level": "beginner",
//!   "minutes": 3, "goal": "Jane Clayton needs Microsoft Entra ID P2.",
//!   "start": { "tenant": { "kind": "demo" } },
//!   "hints": ["Open **Billing > Licenses** and select **Microsoft Entra ID P2**."],
//!   "check": [{ "name": "Jane has P2", "kind": "userHasProduct",
//!               "user": "jane@contoso.com", "product": "AAD_PREMIUM_P2" }]
//! }"#;
//! let exercise = parse_exercise("p2-for-jane.json", text).unwrap();
//! let start = exercise.start_tenant().unwrap();
//! let results = check(&exercise, &start, &start);
//! assert!(!all_passed(&results));
//! assert_eq!(results[0].missing.as_deref(), Some("Jane Clayton still has no Microsoft Entra ID P2"));
//! ```

mod evaluate;
mod format;
mod mistake;
mod parse;
mod results;
mod start;

pub use evaluate::{all_passed, check, CriterionResult, Missing, NAMED};
pub use format::{
    Criterion, Exercise, Index, Level, Rule, SetupCall, Start, Texts, Translation, INDEX_FILE, MAX_CRITERIA,
    MAX_EXERCISES, MAX_FILE_BYTES, MAX_GENERATED_USERS, MAX_HINTS, MAX_ID, MAX_INDEX_BYTES, MAX_LIST, MAX_MINUTES,
    MAX_NAME, MAX_SETUP_CALLS, MAX_TEXT, MAX_URL,
};
pub use mistake::{Mistake, ScenarioError};
pub use parse::{check_unique_ids, parse_exercise, parse_index};
pub use results::Results;
pub use start::{global_admin, START_AT};
