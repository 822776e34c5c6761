//! One tab at a time: the browser's Web Locks, so that two tabs of the simulated tenant never
//! read, change and write its saved journal at the same time (the last writer would win and
//! the other tab's change would be lost). Where the browser has no Web Locks (a page not
//! served from a secure context), the work runs without one.

use std::future::Future;

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
    let callback = Closure::once_into_js(move |_lock: JsValue| {
        wasm_bindgen_futures::future_to_promise(async move {
            work.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let _ = JsFuture::from(locks.request(name, callback.unchecked_ref())).await;
}
