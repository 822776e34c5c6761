//! The clock and timer the change runner waits with.
//!
//! The runner never reads the browser's clock itself: it is handed a [`Timer`], as the
//! engine is handed its clock, so its tests run on virtual time (a throttled save that
//! waits five minutes is checked in microseconds) and the app runs on the browser's.

use super::transport::LocalFuture;

/// The clock and timer the runner waits with; from the caller, as the engine's clock is, so
/// tests run on virtual time.
pub trait Timer {
    /// Resolves after `ms` milliseconds; `sleep(0)` lets the browser paint and run its events
    /// before the caller goes on.
    fn sleep(&self, ms: u64) -> LocalFuture<()>;

    /// Milliseconds on a clock that only moves forward, to know when to yield to the browser.
    fn now_ms(&self) -> f64;

    /// A number in [0, 1) for jitter, so clients throttled together do not retry together.
    fn random(&self) -> f64;
}

/// The browser's: setTimeout, Date.now, Math.random. It compiles natively too (the crate's
/// tests are native) but only works in a browser.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTimer;

impl Timer for BrowserTimer {
    fn sleep(&self, ms: u64) -> LocalFuture<()> {
        Box::pin(sleep_ms(i32::try_from(ms).unwrap_or(i32::MAX)))
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// Waits `ms` milliseconds on the browser's timer, letting it paint meanwhile.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
