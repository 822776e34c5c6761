//! One tab at a time: the browser's Web Locks, so that two tabs of the simulated tenant never
//! read, change and write its saved journal at the same time (the last writer would win and
//! the other tab's change would be lost). Where the browser has no Web Locks (a page not
//! served from a secure context) or refuses them (a frame of another site, under its
//! third-party storage rules), the work runs without one.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// web-sys has the Lock Manager only behind its unstable-APIs flag; the one call needed is
// bound here.
#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;
    #[wasm_bindgen(method)]
    fn request(this: &LockManager, name: &str, callback: &js_sys::Function) -> js_sys::Promise;
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Runs `work` while holding the lock `name` (a saved tenant's key); other tabs' work under
/// the same name waits until it is done.
pub async fn exclusive<F>(name: &str, work: F)
where
    F: Future<Output = ()> + 'static,
{
    let Some(locks) = lock_manager() else {
        work.await;
        return;
    };
    // The work goes to the lock's callback, or, when the browser refuses the lock without
    // calling it, runs here after all.
    let slot = Rc::new(RefCell::new(Some(work)));
    let given = slot.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        let work = given.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                work.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let granted = JsFuture::from(locks.request(name, callback.unchecked_ref())).await;
    let left = slot.borrow_mut().take();
    if let (Err(_), Some(work)) = (granted, left) {
        work.await;
    }
}
