//! The simulated tenant's own features (undo, the journal, reset, save errors) behind a
//! handle of their own: Graph has none of them, so they are not the transport's business
//! and a view asks for them with [`use_simulation`], which is `None` on Graph.

use std::rc::Rc;

use leptos::prelude::*;
use tenant::simulation::JournalEntry;
use tenant::training::CriterionResult;

use crate::api::SimulatedTenant;

/// The simulated tenant, as views reach it. `Copy` (an arena handle) so views capture it.
#[derive(Clone, Copy)]
pub struct Simulation(StoredValue<Rc<SimulatedTenant>, LocalStorage>);

impl Simulation {
    fn with<R>(&self, f: impl FnOnce(&SimulatedTenant) -> R) -> R {
        self.0.with_value(|s| f(s))
    }

    /// Takes back the last successful change; `None` when there is none.
    pub async fn undo(&self) -> Option<Vec<JournalEntry>> {
        let sim = self.0.get_value();
        sim.undo().await
    }

    /// The activity so far, oldest first.
    pub async fn journal(&self) -> Vec<JournalEntry> {
        let sim = self.0.get_value();
        sim.journal().await
    }

    /// Back to the starting tenant.
    pub fn reset(&self) {
        self.with(SimulatedTenant::reset)
    }

    /// Keeps the saved tenant that could not be loaded aside in storage, then starts fresh.
    pub fn set_aside_and_reset(&self) -> Result<(), String> {
        self.with(SimulatedTenant::set_aside_and_reset)
    }

    /// Counts the times another tab's changes were taken in (tracked), so views reload.
    pub fn outside_changes(&self) -> u64 {
        self.with(SimulatedTenant::outside_changes)
    }

    /// Why the saved tenant could not be loaded, if it could not (tracked).
    pub fn load_error(&self) -> Option<String> {
        self.with(SimulatedTenant::load_error)
    }

    /// Why the latest changes are not saved in the browser (tracked).
    pub fn save_error(&self) -> Option<String> {
        self.with(SimulatedTenant::save_error)
    }

    /// The open exercise's criteria, checked on the tenant as it is now.
    pub async fn check(&self) -> Result<Vec<CriterionResult>, String> {
        let sim = self.0.get_value();
        sim.check().await
    }

    /// Builds the tenant's list index ahead of the first filter.
    pub fn warm_up(&self) {
        self.with(SimulatedTenant::warm_up)
    }
}

/// Provides the simulated tenant to the views.
pub fn provide_simulation(sim: Rc<SimulatedTenant>) {
    provide_context(Simulation(StoredValue::new_local(sim)));
}

/// The simulated tenant, or `None` on Graph.
pub fn use_simulation() -> Option<Simulation> {
    use_context::<Simulation>()
}
