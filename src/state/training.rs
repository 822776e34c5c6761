//! The open training exercise: which one (kept for the tab, so the whole app runs on the
//! exercise's own tenant until the trainee leaves it), its progress (kept in the browser,
//! so it survives a reload), and checking, hints, reset and results. The rules are the
//! engine's (`tenant::training`); this is where the page keeps them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tenant::training::{all_passed, CriterionResult, Exercise, Results};
use tenant::Timestamp;

use crate::api::now;
use crate::state::Simulation;

/// The tab's open exercise (an exercise id, not a secret): the app runs on its tenant.
const ACTIVE_KEY: &str = "tenant-desk.exercise";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The exercise the app should run on: the one a `/training/<id>` link opens (it becomes
/// the tab's open exercise), else the tab's open exercise, else none (the sandbox).
pub fn active_exercise_id() -> Option<String> {
    let path = web_sys::window()?.location().pathname().ok()?;
    let storage = session_storage();
    if let Some(id) = crate::site::app_path(&path)
        .strip_prefix("/training/")
        .filter(|id| !id.is_empty() && !id.contains('/'))
    {
        if let Some(s) = &storage {
            let _ = s.set_item(ACTIVE_KEY, id);
        }
        return Some(id.to_owned());
    }
    storage?.get_item(ACTIVE_KEY).ok()?
}

/// Forgets the tab's open exercise (it could not be loaded, or the trainee left it).
pub fn forget_active_exercise() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(ACTIVE_KEY);
    }
}

/// **Leave exercise**: back to the training list, on the sandbox.
pub fn leave_exercise() {
    forget_active_exercise();
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(&crate::site::url("/training"));
    }
}

/// One exercise's progress, kept in local storage beside its tenant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// When the trainee first opened it (seconds since the epoch).
    pub started_at: i64,
    /// How many hints they revealed.
    pub hints_used: u32,
    /// When every criterion first passed.
    pub completed_at: Option<i64>,
}

impl Progress {
    fn key(id: &str) -> String {
        format!("tenant-desk.training.{id}.progress")
    }

    /// The saved progress of exercise `id`, `None` when it was never opened.
    pub fn load(id: &str) -> Option<Progress> {
        let text = local_storage()?.get_item(&Self::key(id)).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn save(&self, id: &str) {
        if let (Some(s), Ok(text)) = (local_storage(), serde_json::to_string(self)) {
            let _ = s.set_item(&Self::key(id), &text);
        }
    }

    /// Not started, in progress or completed, as the Training list says it.
    pub fn state_of(id: &str) -> &'static str {
        match Self::load(id) {
            None => "Not started",
            Some(p) if p.completed_at.is_some() => "Completed",
            Some(_) => "In progress",
        }
    }
}

/// The open exercise, as views reach it. `Copy` (arena handles) so views capture it.
#[derive(Clone, Copy)]
pub struct Training {
    exercise: StoredValue<Exercise, LocalStorage>,
    /// Progress (tracked).
    pub progress: RwSignal<Progress>,
    /// The last check's results, criterion by criterion.
    pub results: RwSignal<Option<Vec<CriterionResult>>>,
}

impl Training {
    /// Reads the exercise.
    pub fn with<R>(&self, f: impl FnOnce(&Exercise) -> R) -> R {
        self.exercise.with_value(f)
    }

    /// **Check my work**: the engine's criteria on the tenant as it is now (in the
    /// simulated tenant's worker, which holds the exercise's start too). The first time all
    /// pass, the exercise is completed.
    pub async fn check(&self, sim: Simulation) -> Result<(), String> {
        let results = sim.check().await?;
        if all_passed(&results) && self.progress.get_untracked().completed_at.is_none() {
            self.update(|p| p.completed_at = Some(now().0));
        }
        self.results.set(Some(results));
        Ok(())
    }

    /// **Hint**: reveals one more.
    pub fn hint(&self) {
        let total = self.with(|e| e.hints.len()) as u32;
        self.update(|p| p.hints_used = (p.hints_used + 1).min(total));
    }

    /// **Reset exercise**: the exercise's tenant as it started, and its progress afresh.
    pub fn reset(&self, sim: Simulation) {
        sim.reset();
        self.update(|p| {
            *p = Progress {
                started_at: now().0,
                ..Progress::default()
            }
        });
        self.results.set(None);
    }

    /// **Download my results**: what the trainee hands in, as of a check now.
    pub async fn results_json(&self, sim: Simulation) -> Result<String, String> {
        self.check(sim).await?;
        let p = self.progress.get_untracked();
        let criteria = self.results.get_untracked().unwrap_or_default();
        let checked = p.completed_at.unwrap_or_else(|| now().0);
        Ok(self
            .with(|e| Results::new(e, criteria, Timestamp(p.started_at), Timestamp(checked), p.hints_used).to_json()))
    }

    fn update(&self, f: impl FnOnce(&mut Progress)) {
        self.progress.update(f);
        let p = self.progress.get_untracked();
        self.with(|e| p.save(&e.id));
    }
}

/// Provides the open exercise to the views; its progress starts now if it never did.
pub fn provide_training(exercise: Exercise) -> Training {
    let progress = Progress::load(&exercise.id).unwrap_or_else(|| {
        let p = Progress {
            started_at: now().0,
            ..Progress::default()
        };
        p.save(&exercise.id);
        p
    });
    let t = Training {
        exercise: StoredValue::new_local(exercise),
        progress: RwSignal::new(progress),
        results: RwSignal::new(None),
    };
    provide_context(t);
    t
}

/// The open exercise, or `None` on the sandbox.
pub fn use_training() -> Option<Training> {
    use_context::<Training>()
}
