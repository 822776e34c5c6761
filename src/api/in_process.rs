use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use tenant::rest::{GraphRequest, GraphResponse};
use tenant::simulation::{JournalEntry, Simulation, TenantSeed, SIMULATED_ROOT};

use super::stored_journal;
use super::transport::{Journal, LocalFuture, Transport};

/// The simulated tenant, compiled into the app and kept in the browser: a seed plus the
/// journal of write requests, saved to localStorage after every write and replayed on load.
pub struct InProcess {
    sim: RefCell<Simulation>,
    seed: TenantSeed,
    load_error: RefCell<Option<String>>,
    /// During a bulk change the journal is saved once at the end, not after each request.
    holding: Cell<bool>,
    /// Why the last save failed (the browser's storage is full), until one succeeds. A
    /// signal, since saving finishes after the request that caused it.
    save_error: RwSignal<Option<String>>,
    /// Counts saves, so that a slow compression never overwrites a newer journal.
    saves: Rc<Cell<u64>>,
}

impl InProcess {
    /// Starts from the saved journal (as read by [`stored_journal::read`]), or from `seed`
    /// when there is none or it was made from another seed. A saved tenant that can't be
    /// read is left in storage untouched and reported by [`InProcess::load_error`] until
    /// reset.
    pub fn load(seed: TenantSeed, saved: Result<Option<String>, String>) -> Self {
        let (sim, load_error) = match saved {
            Ok(None) => (Simulation::new(seed.clone()), None),
            Ok(Some(json)) => match Simulation::restore(&json) {
                Ok(sim) if sim.journal.seed == seed => (sim, None),
                Ok(_) => (Simulation::new(seed.clone()), None),
                Err(e) => (Simulation::new(seed.clone()), Some(e.to_string())),
            },
            Err(e) => (Simulation::new(seed.clone()), Some(e)),
        };
        InProcess {
            sim: RefCell::new(sim),
            seed,
            load_error: RefCell::new(load_error),
            holding: Cell::new(false),
            save_error: RwSignal::new(None),
            saves: Rc::new(Cell::new(0)),
        }
    }

    /// Takes back the last successful change; `None` when there is none.
    pub fn undo(&self) -> Option<Vec<JournalEntry>> {
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
        self.save_error.set(None);
        self.saves.set(self.saves.get() + 1);
        stored_journal::clear();
    }

    /// Saves the journal. A small one is written at once as plain JSON; a large one (only
    /// bulk changes make those) is compressed in the background first, and written only if
    /// no later save began meanwhile.
    fn save(&self) {
        if self.load_error.borrow().is_some() || self.holding.get() {
            return;
        }
        let json = self.sim.borrow().to_json();
        let this_save = self.saves.get() + 1;
        self.saves.set(this_save);
        if json.len() <= stored_journal::PLAIN_LIMIT {
            self.save_error.set(stored_journal::store(&json).err());
            return;
        }
        let (saves, save_error) = (self.saves.clone(), self.save_error);
        leptos::task::spawn_local(async move {
            // After the views have taken the change (a bulk change's outcome first).
            super::timer::sleep_ms(0).await;
            if saves.get() != this_save {
                return;
            }
            let written = match stored_journal::encode(&json).await {
                Ok(encoded) if saves.get() == this_save => stored_journal::store(&encoded),
                Ok(_) => return,
                Err(e) => Err(format!("the journal could not be compressed ({e})")),
            };
            if saves.get() == this_save {
                save_error.set(written.err());
            }
        });
    }

    /// Why the tenant's latest changes are not saved in the browser, if they are not.
    /// Tracked: a view that reads it updates when a save ends.
    pub fn save_error(&self) -> Option<String> {
        self.save_error.get()
    }
}

impl Transport for InProcess {
    fn send(&self, mut req: GraphRequest) -> LocalFuture<GraphResponse> {
        if let Some(rel) = req.url.strip_prefix(SIMULATED_ROOT) {
            req.url = rel.to_owned();
        }
        let res = self.sim.borrow_mut().request(&req, super::now());
        if req.writes() {
            self.save();
        }
        Box::pin(std::future::ready(res))
    }
}

impl Journal for InProcess {
    fn begin_change(&self) {
        self.sim.borrow_mut().begin_change();
        self.holding.set(true);
    }

    fn end_change(&self) {
        self.sim.borrow_mut().end_change();
        self.holding.set(false);
        self.save();
    }
}
