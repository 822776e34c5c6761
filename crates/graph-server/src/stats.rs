//! Request counters, so a benchmark can count the HTTP requests a client sent.
//!
//! `GET /_stats` answers them as JSON, outside `/v1.0`, never delayed nor faulted (so
//! reading them changes neither them nor the fault sequence):
//! `{"requests": N, "batches": N, "batchItems": N, "throttled": N, "unavailable": N}`.
//! `requests` counts every request under `/v1.0` (faulted or not, good or bad), `batches`
//! the `POST /v1.0/$batch` among them, `batchItems` the entries of their `requests` lists,
//! and `throttled` and `unavailable` the 429s and 503s injected, for whole responses and
//! batch items alike.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

/// The counters, shared by every request.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicU64,
    batches: AtomicU64,
    batch_items: AtomicU64,
    throttled: AtomicU64,
    unavailable: AtomicU64,
}

impl Stats {
    /// Counts a request under `/v1.0`; for a `$batch`, with the number of items it holds.
    pub fn request(&self, batch_items: Option<usize>) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(n) = batch_items {
            self.batches.fetch_add(1, Ordering::Relaxed);
            self.batch_items.fetch_add(n as u64, Ordering::Relaxed);
        }
    }

    /// Counts an injected 429.
    pub fn throttled(&self) {
        self.throttled.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts an injected 503.
    pub fn unavailable(&self) {
        self.unavailable.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters as `GET /_stats` answers them.
    pub fn to_json(&self) -> Value {
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        json!({
            "requests": n(&self.requests),
            "batches": n(&self.batches),
            "batchItems": n(&self.batch_items),
            "throttled": n(&self.throttled),
            "unavailable": n(&self.unavailable),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_add_up() {
        let s = Stats::default();
        s.request(None);
        s.request(Some(3));
        s.request(Some(0));
        s.throttled();
        s.unavailable();
        s.unavailable();
        assert_eq!(
            s.to_json(),
            json!({ "requests": 3, "batches": 2, "batchItems": 3, "throttled": 1, "unavailable": 2 })
        );
    }
}
