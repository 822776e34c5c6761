//! The simulated tenant's Web Worker as the page reaches it: [`TenantWorker::call`] posts a
//! command (`tenant::host`) and resolves with the worker's reply. The worker answers one
//! command at a time, in the order they were posted, so a command posted without waiting
//! ([`TenantWorker::post`]) still comes before every later one.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use tenant::host::{Command, Envelope, Reply};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::transport::LocalFuture;

/// Where boot.js says the worker's script is (the build hashes its name).
const URL_GLOBAL: &str = "tenantDeskWorker";
/// The worker boot.js started as soon as the configuration named the simulated tenant.
const EARLY_GLOBAL: &str = "tenantDeskEarlyWorker";

/// A started worker. Clones talk to the same one.
#[derive(Clone)]
pub struct TenantWorker {
    inner: Rc<Inner>,
}

struct Inner {
    /// `None` when it never started.
    worker: Option<web_sys::Worker>,
    next: Cell<u64>,
    waiting: RefCell<HashMap<u64, oneshot::Sender<Reply>>>,
    /// Why the worker stopped, once it did: every command after is refused with it.
    stopped: RefCell<Option<String>>,
}

impl TenantWorker {
    /// Takes the worker boot.js started, once; else starts the one the build made. Fails
    /// when the page names none (a build without scripts/finish-build.mjs) or the browser
    /// will not start it.
    pub fn start() -> Result<TenantWorker, String> {
        let window = web_sys::window().ok_or("no browser window")?;
        let early = JsValue::from_str(EARLY_GLOBAL);
        let started = js_sys::Reflect::get(&window, &early)
            .ok()
            .and_then(|w| w.dyn_into::<web_sys::Worker>().ok());
        let _ = js_sys::Reflect::delete_property(&window, &early);
        let worker = match started {
            Some(w) => w,
            None => {
                let url = js_sys::Reflect::get(&window, &JsValue::from_str(URL_GLOBAL))
                    .ok()
                    .and_then(|v| v.as_string())
                    .ok_or("this build names no worker for the simulated tenant (boot.js sets none)")?;
                web_sys::Worker::new(&url).map_err(crate::js_text::js_text)?
            }
        };
        let inner = Rc::new(Inner {
            worker: Some(worker),
            next: Cell::new(1),
            waiting: RefCell::new(HashMap::new()),
            stopped: RefCell::new(None),
        });
        listen(&inner);
        Ok(TenantWorker { inner })
    }

    /// A worker that never started, for `why`: every command is refused with it, so each
    /// page says why instead of waiting.
    pub fn stopped(why: String) -> TenantWorker {
        TenantWorker {
            inner: Rc::new(Inner {
                worker: None,
                next: Cell::new(1),
                waiting: RefCell::new(HashMap::new()),
                stopped: RefCell::new(Some(why)),
            }),
        }
    }

    /// Ends the worker (a tenant given up on): what waits is refused.
    pub fn stop(&self) {
        if let Some(w) = &self.inner.worker {
            w.terminate();
        }
        self.inner.stop("it was stopped".into());
    }

    /// Posts `command`; resolves with its reply, or with a refusal saying why the worker
    /// stopped when it did.
    pub fn call(&self, command: Command) -> LocalFuture<Reply> {
        let (tx, rx) = oneshot::channel();
        if let Some(id) = self.inner.post(&command) {
            self.inner.waiting.borrow_mut().insert(id, tx);
        } else {
            let _ = tx.send(self.inner.refusal());
        }
        let inner = self.inner.clone();
        Box::pin(async move { rx.await.unwrap_or_else(|_| inner.refusal()) })
    }

    /// Whether it stopped: it will answer nothing again.
    pub fn has_stopped(&self) -> bool {
        self.inner.stopped.borrow().is_some()
    }

    /// Posts `command` without waiting for its reply (which is dropped).
    pub fn post(&self, command: Command) {
        self.inner.post(&command);
    }
}

impl Inner {
    fn post(&self, command: &Command) -> Option<u64> {
        if self.stopped.borrow().is_some() {
            return None;
        }
        let worker = self.worker.as_ref()?;
        let id = self.next.get();
        self.next.set(id + 1);
        let text = serde_json::to_string(&Envelope { id, body: command }).ok()?;
        match worker.post_message(&JsValue::from_str(&text)) {
            Ok(()) => Some(id),
            Err(e) => {
                self.stop(crate::js_text::js_text(e));
                None
            }
        }
    }

    fn refusal(&self) -> Reply {
        let why = self.stopped.borrow().clone().unwrap_or_else(|| "no answer".into());
        Reply::Refused(format!("its worker stopped ({why}); reload the page"))
    }

    /// The worker failed: everyone waiting gets the refusal, and so does every later command.
    /// The reason goes to the console too (a panic in the worker reads "RuntimeError").
    fn stop(&self, why: String) {
        web_sys::console::error_1(&JsValue::from_str(&format!(
            "The simulated tenant's worker stopped: {why}"
        )));
        self.stopped.replace(Some(why));
        let waiting: Vec<_> = self.waiting.borrow_mut().drain().collect();
        for (_, tx) in waiting {
            let _ = tx.send(self.refusal());
        }
    }

    fn answer(&self, text: &str) {
        let Ok(reply) = serde_json::from_str::<Envelope<Reply>>(text) else {
            return self.stop("it sent a message that is not a reply".into());
        };
        let waiter = self.waiting.borrow_mut().remove(&reply.id);
        if let Some(tx) = waiter {
            let _ = tx.send(reply.body);
        }
    }
}

fn listen(inner: &Rc<Inner>) {
    let Some(worker) = &inner.worker else { return };
    let me = inner.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        me.answer(&ev.data().as_string().unwrap_or_default());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // The worker's script failed to load, or its wasm trapped (a panic).
    let me = inner.clone();
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let why = js_sys::Reflect::get(&ev, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .filter(|m| !m.is_empty());
        me.stop(why.unwrap_or_else(|| "its script could not be loaded".into()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}
