//! The simulated tenant's Web Worker: takes the app's commands (JSON text, see
//! `tenant::host`) one at a time, in the order they came, and posts each reply back. All
//! the engine's work (building the tenant, replaying a journal, a bulk change's requests)
//! happens here, not on the page's thread. Built by trunk (`data-type="worker"` in
//! index.html) and started by the app's `api::worker`.

use std::cell::RefCell;

use tenant::host::Host;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let host = RefCell::new(Host::default());
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        // Anything but text is not a command; the host refuses it like any other.
        let text = ev.data().as_string().unwrap_or_default();
        let reply = host.borrow_mut().handle_json(&text);
        // Only fails once the page is gone, when no one waits for the reply.
        let _ = reply_to.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page that started it.
    on_message.forget();
}
