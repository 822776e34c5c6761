use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use tenant::rest::{GraphRequest, GraphResponse};
use tenant::simulation::{JournalEntry, Simulation, TenantSeed, SIMULATED_ROOT};
use tenant::{ErrorCode, GraphError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::stored_journal::{self, Shelf};
use super::tab_lock;
use super::transport::{Journal, LocalFuture, Transport};

/// The simulated tenant, compiled into the app and kept in the browser: a seed plus the
/// journal of write requests, saved to localStorage with every write and replayed on load.
///
/// Several tabs may have it open. A write takes the site's lock, first takes in what other
/// tabs saved since (their journal, with this tab's unsaved changes run on top), then
/// applies and saves, all before it answers: so no tab's change is lost, and a reload right
/// after a change finds it saved.
pub struct InProcess {
    inner: Rc<Inner>,
}

struct Inner {
    sim: RefCell<Simulation>,
    /// Where it is saved.
    shelf: Shelf,
    /// How it starts, and which saved journals are its own.
    start: TenantStart,
    load_error: RefCell<Option<String>>,
    /// During a bulk change the journal is saved once at the end, not after each request.
    holding: Cell<bool>,
    /// Why the last save failed (the browser's storage is full), until one succeeds.
    save_error: RwSignal<Option<String>>,
    /// The stored version this tab's tenant matches.
    seen: Cell<u64>,
    /// How many journal entries are saved; those after were made in this tab since.
    saved: Cell<usize>,
    /// Bumped whenever another tab's changes were taken in, so the views reload.
    outside: RwSignal<u64>,
}

impl InProcess {
    /// Starts from the journal saved on `shelf` (as read by [`Shelf::read`]), or from
    /// `start` when there is none. A saved tenant that can't be loaded (damaged, from
    /// another version, made from another start, or replaying otherwise than it was made)
    /// is left in storage untouched and reported by [`InProcess::load_error`] until the
    /// admin chooses.
    pub fn load(shelf: Shelf, start: TenantStart, saved: Result<Option<String>, String>) -> Self {
        let (sim, load_error) = match saved {
            Ok(None) => (start.fresh.clone(), None),
            Ok(Some(json)) => match (start.restore)(&json) {
                Ok(sim) => (sim, None),
                Err(e) => (start.fresh.clone(), Some(e)),
            },
            Err(e) => (start.fresh.clone(), Some(e)),
        };
        let saved_entries = sim.journal.entries.len();
        let inner = Rc::new(Inner {
            sim: RefCell::new(sim),
            seen: Cell::new(shelf.version()),
            shelf,
            start,
            load_error: RefCell::new(load_error),
            holding: Cell::new(false),
            save_error: RwSignal::new(None),
            saved: Cell::new(saved_entries),
            outside: RwSignal::new(0),
        });
        listen_to_other_tabs(&inner);
        InProcess { inner }
    }

    /// Takes back the last successful change; `None` when there is none.
    pub async fn undo(&self) -> Option<Vec<JournalEntry>> {
        let inner = self.inner.clone();
        let undone = Rc::new(RefCell::new(None));
        let out = undone.clone();
        let lock = inner.shelf.key().to_owned();
        tab_lock::exclusive(&lock, async move {
            inner.take_in_others().await;
            let u = inner.sim.borrow_mut().undo();
            if u.is_some() {
                inner.save().await;
            }
            *out.borrow_mut() = u;
        })
        .await;
        undone.take()
    }

    /// Reads the tenant as it is now.
    pub fn with_tenant<R>(&self, f: impl FnOnce(&tenant::Tenant) -> R) -> R {
        f(&self.inner.sim.borrow().tenant)
    }

    /// Builds the tenant's list index ahead of the first filter.
    pub fn warm_up(&self) {
        self.inner.sim.borrow().tenant.warm_up();
    }

    /// The activity so far, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.inner.sim.borrow().journal.entries.clone()
    }

    /// Why the saved tenant could not be loaded, if it could not.
    pub fn load_error(&self) -> Option<String> {
        self.inner.load_error.borrow().clone()
    }

    /// Back to the starting tenant; the saved journal is dropped (in every tab).
    pub fn reset(&self) {
        let i = &self.inner;
        *i.sim.borrow_mut() = i.start.fresh.clone();
        *i.load_error.borrow_mut() = None;
        i.save_error.set(None);
        i.seen.set(i.shelf.clear());
        i.saved.set(0);
    }

    /// **Keep a copy and start fresh**: the saved journal that could not be loaded is kept
    /// aside in storage, then the tenant starts again.
    pub fn set_aside_and_reset(&self) -> Result<(), String> {
        self.inner.shelf.set_aside()?;
        self.reset();
        Ok(())
    }

    /// Why the tenant's latest changes are not saved in the browser, if they are not.
    /// Tracked: a view that reads it updates when a save ends.
    pub fn save_error(&self) -> Option<String> {
        self.inner.save_error.get()
    }

    /// Counts the times another tab's changes were taken in (tracked).
    pub fn outside_changes(&self) -> u64 {
        self.inner.outside.get()
    }
}

/// How a simulated tenant starts, and which saved journals are its own: the sandbox's seed,
/// or an exercise's start (its seed with the exercise's setup run on it).
pub struct TenantStart {
    /// The tenant as it starts, cloned to start afresh.
    fresh: Simulation,
    /// Reads a saved journal, refusing one made from another start.
    restore: Box<Restore>,
}

/// Reads a saved journal into a simulation, or says why it is not this tenant's.
type Restore = dyn Fn(&str) -> Result<Simulation, String>;

impl TenantStart {
    /// The free sandbox, from `seed`.
    pub fn seed(seed: TenantSeed) -> TenantStart {
        TenantStart {
            fresh: Simulation::new(seed.clone()),
            restore: Box::new(move |json| Simulation::restore_for(json, &seed).map_err(|e| e.to_string())),
        }
    }

    /// A tenant that starts as `fresh` and takes saved journals `restore` accepts.
    pub fn new(fresh: Simulation, restore: impl Fn(&str) -> Result<Simulation, String> + 'static) -> TenantStart {
        TenantStart {
            fresh,
            restore: Box::new(restore),
        }
    }
}

impl Inner {
    fn apply(&self, mut req: GraphRequest) -> GraphResponse {
        if let Some(rel) = req.url.strip_prefix(SIMULATED_ROOT) {
            req.url = rel.to_owned();
        }
        self.sim.borrow_mut().request(&req, super::now())
    }

    /// Takes in what other tabs saved since this tab last read or wrote: their journal, with
    /// this tab's unsaved changes run on top. Call it holding the lock.
    async fn take_in_others(&self) {
        if self.holding.get() || self.load_error.borrow().is_some() {
            return;
        }
        let stored = self.shelf.version();
        if stored == self.seen.get() {
            return;
        }
        let theirs = match self.shelf.read().await {
            Ok(None) => Ok(self.start.fresh.clone()),
            Ok(Some(json)) => (self.start.restore)(&json),
            Err(e) => Err(e),
        };
        match theirs {
            Ok(mut theirs) => {
                let mine: Vec<JournalEntry> = {
                    let sim = self.sim.borrow();
                    // After an undo whose save failed, fewer entries than were saved.
                    let start = self.saved.get().min(sim.journal.entries.len());
                    sim.journal.entries[start..].to_vec()
                };
                let saved = theirs.journal.entries.len();
                theirs.rebase(&mine);
                *self.sim.borrow_mut() = theirs;
                self.saved.set(saved);
                self.seen.set(stored);
                self.outside.update(|n| *n += 1);
            }
            Err(why) => self.save_error.set(Some(format!(
                "another tab saved a tenant this tab can't read ({why}); reload the page"
            ))),
        }
    }

    /// Saves the journal: plain JSON when small, gzip-compressed when large (only bulk
    /// changes make those). Call it holding the lock.
    async fn save(&self) {
        if self.load_error.borrow().is_some() {
            return;
        }
        let (json, entries) = {
            let sim = self.sim.borrow();
            (sim.to_json(), sim.journal.entries.len())
        };
        let encoded = if json.len() <= stored_journal::PLAIN_LIMIT {
            Ok(json)
        } else {
            stored_journal::encode(&json)
                .await
                .map_err(|e| format!("the journal could not be compressed ({e})"))
        };
        match encoded.and_then(|e| self.shelf.store(&e)) {
            Ok(version) => {
                self.seen.set(version);
                self.saved.set(entries);
                self.save_error.set(None);
            }
            Err(e) => self.save_error.set(Some(e)),
        }
    }
}

/// Another tab saved (the version key changed): take its changes in now, so this tab shows
/// them and its next change builds on them.
fn listen_to_other_tabs(inner: &Rc<Inner>) {
    let Some(window) = web_sys::window() else { return };
    let inner = inner.clone();
    let on_storage = Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |ev: web_sys::StorageEvent| {
        // `key` is None when another tab cleared all of the site's storage.
        if ev.key().is_some_and(|k| k != inner.shelf.version_key()) {
            return;
        }
        let inner = inner.clone();
        let lock = inner.shelf.key().to_owned();
        leptos::task::spawn_local(async move {
            tab_lock::exclusive(&lock, async move { inner.take_in_others().await }).await
        });
    });
    let _ = window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
    // The tenant lives as long as the page.
    on_storage.forget();
}

impl Transport for InProcess {
    fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse> {
        if !req.writes() {
            return Box::pin(std::future::ready(self.inner.apply(req)));
        }
        let inner = self.inner.clone();
        Box::pin(async move {
            let answer = Rc::new(RefCell::new(None));
            let out = answer.clone();
            let lock = inner.shelf.key().to_owned();
            tab_lock::exclusive(&lock, async move {
                inner.take_in_others().await;
                let res = inner.apply(req);
                if !inner.holding.get() {
                    inner.save().await;
                }
                *out.borrow_mut() = Some(res);
            })
            .await;
            answer.take().unwrap_or_else(|| {
                let e = GraphError::new(
                    ErrorCode::ServiceUnavailable,
                    "The simulated tenant did not take the change.",
                );
                GraphResponse::error(&e, &tenant::simulation::context(super::now()))
            })
        })
    }
}

impl Journal for InProcess {
    fn begin_change(&self) {
        self.inner.sim.borrow_mut().begin_change();
        self.inner.holding.set(true);
    }

    fn end_change(&self) -> LocalFuture<()> {
        self.inner.sim.borrow_mut().end_change();
        self.inner.holding.set(false);
        let inner = self.inner.clone();
        Box::pin(async move {
            let lock = inner.shelf.key().to_owned();
            tab_lock::exclusive(&lock, async move {
                inner.take_in_others().await;
                inner.save().await;
            })
            .await
        })
    }
}
