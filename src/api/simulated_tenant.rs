//! The simulated tenant as the page reaches it: a [`Transport`](super::Transport) whose
//! requests the engine answers in its Web Worker, with the journal's storage and the tabs'
//! lock kept on the page, where a worker cannot reach them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::future::{FutureExt, Shared};
use leptos::prelude::*;
use tenant::host::{Command, Reply, Start};
use tenant::rest::{GraphRequest, GraphResponse};
use tenant::simulation::JournalEntry;
use tenant::training::CriterionResult;
use tenant::{ErrorCode, GraphError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::stored_journal::Shelf;
use super::tab_lock;
use super::transport::{Journal, LocalFuture, Transport};
use super::worker::TenantWorker;

/// The simulated tenant, run by the engine in its own Web Worker ([`TenantWorker`]) and
/// kept in the browser: a seed plus the journal of write requests, saved to localStorage
/// with every write and replayed on load. The page keeps what a worker has not (storage,
/// the tabs' lock, the `storage` event) and the worker everything that costs time.
///
/// Several tabs may have it open. A write takes the site's lock, first takes in what other
/// tabs saved since (their journal, with this tab's unsaved changes run on top), then
/// applies and saves, all before it answers: so no tab's change is lost, and a reload right
/// after a change finds it saved. A bulk change does that once, when it ends
/// ([`Journal::end_change`]), not per request.
pub struct SimulatedTenant {
    inner: Rc<Inner>,
}

struct Inner {
    worker: TenantWorker,
    /// Where it is saved.
    shelf: Shelf,
    /// Why the saved tenant could not be loaded (tracked), until the admin chooses.
    load_error: RwSignal<Option<String>>,
    /// During a bulk change the journal is saved once at the end, not after each request,
    /// and its requests do not take the tabs' lock.
    holding: Cell<bool>,
    /// Why the last save failed (the browser's storage is full), until one succeeds.
    save_error: RwSignal<Option<String>>,
    /// The stored version this tab's tenant matches.
    seen: Cell<u64>,
    /// How many journal entries are saved; those after were made in this tab since.
    saved: Cell<usize>,
    /// Bumped whenever another tab's changes were taken in, so the views reload.
    outside: RwSignal<u64>,
    /// The worker's answer to opening the tenant.
    opened: Shared<LocalFuture<Reply>>,
}

impl SimulatedTenant {
    /// Opens the tenant in `worker` from the journal saved on `shelf` (`saved`, as
    /// [`Shelf::read`] read it), or from `start` when there is none; returns at once, while the
    /// worker builds it (the requests sent meanwhile wait in the worker's queue). A saved
    /// tenant that can't be loaded (damaged, from another version, made from another start,
    /// or replaying otherwise than it was made) is left in storage untouched and reported by
    /// [`SimulatedTenant::load_error`] until the admin chooses.
    pub fn open(worker: TenantWorker, shelf: Shelf, start: Start, saved: Option<String>) -> Self {
        let opened = worker.call(Command::Open { start, saved }).shared();
        let inner = Rc::new(Inner {
            worker,
            seen: Cell::new(shelf.version()),
            shelf,
            load_error: RwSignal::new(None),
            holding: Cell::new(false),
            save_error: RwSignal::new(None),
            saved: Cell::new(0),
            outside: RwSignal::new(0),
            opened: opened.clone(),
        });
        let me = inner.clone();
        leptos::task::spawn_local(async move {
            // Anything else is a worker that stopped: every request says so (see
            // `unavailable`); the saved tenant is not at fault.
            if let Reply::Opened { load_error, entries } = opened.await {
                me.saved.set(entries);
                if load_error.is_some() {
                    me.load_error.set(load_error);
                }
            }
        });
        listen_to_other_tabs(&inner);
        SimulatedTenant { inner }
    }

    /// Resolves once the tenant is open: `Err` says why it could not be (an exercise whose
    /// setup fails on its seed, a worker that would not start).
    pub async fn opened(&self) -> Result<(), String> {
        match self.inner.opened.clone().await {
            Reply::Opened { .. } => Ok(()),
            Reply::Refused(why) => Err(why),
            other => Err(format!("the simulated tenant answered {other:?} to opening")),
        }
    }

    /// Takes back the last successful change; `None` when there is none.
    pub async fn undo(&self) -> Option<Vec<JournalEntry>> {
        let inner = self.inner.clone();
        let undone = Rc::new(RefCell::new(None));
        let out = undone.clone();
        let lock = inner.shelf.key().to_owned();
        tab_lock::exclusive(&lock, async move {
            inner.take_in_others().await;
            let Reply::Undone(Some(u)) = inner.worker.call(Command::Undo).await else {
                return;
            };
            // Undone in the worker: saved and reported as undone, whatever the page makes of
            // the entries (none shown when they cannot be read).
            inner.save().await;
            *out.borrow_mut() = Some(u.open().unwrap_or_default());
        })
        .await;
        undone.take()
    }

    /// The open exercise's criteria, checked on the tenant as it is now.
    pub async fn check(&self) -> Result<Vec<CriterionResult>, String> {
        match self.inner.worker.call(Command::Check).await {
            Reply::Checked(c) => match c.open() {
                Ok(c) => Ok(c.into_iter().map(CriterionResult::from).collect()),
                Err(e) => Err(format!("its checks could not be read ({e})")),
            },
            Reply::Refused(why) => Err(why),
            other => Err(format!("the simulated tenant answered {other:?} to a check")),
        }
    }

    /// Builds the tenant's list index ahead of the first filter.
    pub fn warm_up(&self) {
        self.inner.worker.post(Command::WarmUp);
    }

    /// The activity so far, oldest first.
    pub async fn journal(&self) -> Vec<JournalEntry> {
        match self.inner.worker.call(Command::Journal).await {
            Reply::Entries(e) => e.open().unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Why the saved tenant could not be loaded, if it could not (tracked).
    pub fn load_error(&self) -> Option<String> {
        self.inner.load_error.get()
    }

    /// Back to the starting tenant; the saved journal is dropped (in every tab).
    pub fn reset(&self) {
        let i = &self.inner;
        i.worker.post(Command::Reset);
        i.load_error.set(None);
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

/// A refusal from the worker as Graph would answer a request it cannot serve.
fn unavailable(why: &str) -> GraphResponse {
    let e = GraphError::new(
        ErrorCode::ServiceUnavailable,
        format!("The simulated tenant did not answer: {why}."),
    );
    GraphResponse::error(&e, &tenant::simulation::context(super::now()))
}

impl Inner {
    async fn apply(&self, request: GraphRequest) -> GraphResponse {
        let now = super::now().0;
        match self.worker.call(Command::Request { request, now }).await {
            Reply::Response(r) => r,
            Reply::Refused(why) => unavailable(&why),
            other => unavailable(&format!("{other:?}")),
        }
    }

    /// Takes in what other tabs saved since this tab last read or wrote: their journal, with
    /// this tab's unsaved changes run on top. Call it holding the lock.
    async fn take_in_others(&self) {
        if self.holding.get() || self.load_error.get_untracked().is_some() {
            return;
        }
        let stored = self.shelf.version();
        if stored == self.seen.get() {
            return;
        }
        let theirs = self.worker.call(Command::TakeIn {
            theirs: self.shelf.read(),
            saved: self.saved.get(),
        });
        match theirs.await {
            Reply::TookIn { saved } => {
                self.saved.set(saved);
                self.seen.set(stored);
                self.outside.update(|n| *n += 1);
            }
            Reply::Refused(why) => self.save_error.set(Some(format!(
                "another tab saved a tenant this tab can't read ({why}); reload the page"
            ))),
            _ => {}
        }
    }

    /// Saves the journal in the form the worker made (plain JSON when small, compressed
    /// when large: only bulk changes make those). Call it holding the lock.
    async fn save(&self) {
        if self.load_error.get_untracked().is_some() {
            return;
        }
        let (stored, entries) = match self.worker.call(Command::Save).await {
            Reply::Saved { json, entries } => (json, entries),
            Reply::Refused(why) => return self.save_error.set(Some(why)),
            _ => return,
        };
        match self.shelf.store(&stored) {
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

impl Transport for SimulatedTenant {
    fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse> {
        let inner = self.inner.clone();
        // Within a change of many requests nothing is taken in or saved per request (the
        // change ends with both, under the lock), so its writes need no lock either: they
        // queue in the worker as the runner sends them, several batches in flight, instead
        // of one at a time behind the lock.
        if !req.writes() || inner.holding.get() {
            return Box::pin(async move { inner.apply(req).await });
        }
        Box::pin(async move {
            let answer = Rc::new(RefCell::new(None));
            let out = answer.clone();
            let lock = inner.shelf.key().to_owned();
            tab_lock::exclusive(&lock, async move {
                inner.take_in_others().await;
                let res = inner.apply(req).await;
                if !inner.holding.get() {
                    inner.save().await;
                }
                *out.borrow_mut() = Some(res);
            })
            .await;
            answer.take().unwrap_or_else(|| unavailable("the change was not taken"))
        })
    }

    fn gone(&self) -> bool {
        self.inner.worker.has_stopped()
    }
}

impl Journal for SimulatedTenant {
    fn begin_change(&self) {
        self.inner.worker.post(Command::BeginChange);
        self.inner.holding.set(true);
    }

    fn end_change(&self) -> LocalFuture<()> {
        self.inner.worker.post(Command::EndChange);
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
