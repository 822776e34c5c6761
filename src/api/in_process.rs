use std::cell::RefCell;

use tenant::rest::{GraphRequest, GraphResponse, Method};
use tenant::simulation::{JournalEntry, Simulation, TenantSeed, SIMULATED_ROOT};

use super::transport::{LocalFuture, Transport};

/// Where the simulated tenant's journal is kept.
pub const STORAGE_KEY: &str = "tenant-desk.simulation";

/// The simulated tenant, compiled into the app and kept in the browser: a seed plus the
/// journal of write requests, saved to localStorage after every write and replayed on load.
pub struct InProcess {
    sim: RefCell<Simulation>,
    seed: TenantSeed,
    load_error: RefCell<Option<String>>,
    /// During a bulk change the journal is saved once at the end, not after each request.
    holding: std::cell::Cell<bool>,
    /// Why the last save failed (the browser's storage is full), until one succeeds.
    save_error: RefCell<Option<String>>,
}

impl InProcess {
    /// Loads the saved tenant, or starts `seed` fresh. A saved tenant that can't be read is
    /// left in storage untouched and reported by [`InProcess::load_error`] until reset.
    pub fn load(seed: TenantSeed) -> Self {
        let (sim, load_error) = match read_storage() {
            None => (Simulation::new(seed.clone()), None),
            Some(json) => match Simulation::restore(&json) {
                Ok(sim) if sim.journal.seed == seed => (sim, None),
                Ok(_) => (Simulation::new(seed.clone()), None),
                Err(e) => (Simulation::new(seed.clone()), Some(e.to_string())),
            },
        };
        InProcess {
            sim: RefCell::new(sim),
            seed,
            load_error: RefCell::new(load_error),
            holding: std::cell::Cell::new(false),
            save_error: RefCell::new(None),
        }
    }

    /// Starts a change made of many requests: one entry for undo, one save at the end.
    pub fn begin_change(&self) {
        self.sim.borrow_mut().begin_change();
        self.holding.set(true);
    }

    /// Ends the change and saves it.
    pub fn end_change(&self) {
        self.sim.borrow_mut().end_change();
        self.holding.set(false);
        self.save();
    }

    /// Takes back the last successful change; `None` when there is none.
    pub fn undo(&self) -> Option<JournalEntry> {
        let undone = self.sim.borrow_mut().undo();
        self.save();
        undone
    }

    /// Builds the tenant's list index ahead of the first filter.
    pub fn warm_up(&self) {
        self.sim.borrow().tenant.warm_up();
    }

    /// The activity so far, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.sim.borrow().journal.entries.clone()
    }

    /// Why the saved tenant could not be loaded, if it could not.
    pub fn load_error(&self) -> Option<String> {
        self.load_error.borrow().clone()
    }

    /// Back to the starting tenant; the saved journal is dropped.
    pub fn reset(&self) {
        *self.sim.borrow_mut() = Simulation::new(self.seed.clone());
        *self.load_error.borrow_mut() = None;
        *self.save_error.borrow_mut() = None;
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }

    fn save(&self) {
        if self.load_error.borrow().is_some() || self.holding.get() {
            return;
        }
        let Some(s) = storage() else {
            *self.save_error.borrow_mut() = Some("this browser keeps no local storage for the page".into());
            return;
        };
        *self.save_error.borrow_mut() = s
            .set_item(STORAGE_KEY, &self.sim.borrow().to_json())
            .err()
            .map(|_| "the browser's storage for this site is full".into());
    }

    /// Why the tenant's latest changes are not saved in the browser, if they are not.
    pub fn save_error(&self) -> Option<String> {
        self.save_error.borrow().clone()
    }
}

impl Transport for InProcess {
    fn send(&self, mut req: GraphRequest) -> LocalFuture<GraphResponse> {
        if let Some(rel) = req.url.strip_prefix(SIMULATED_ROOT) {
            req.url = rel.to_owned();
        }
        let res = self.sim.borrow_mut().request(&req, super::now());
        if req.method != Method::Get {
            self.save();
        }
        Box::pin(std::future::ready(res))
    }

    fn simulation(&self) -> Option<&InProcess> {
        Some(self)
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read_storage() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}
