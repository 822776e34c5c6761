//! Injected faults: the throttling and outages a Graph client must survive.
//!
//! One seeded sequence serves whole requests and, inside a `$batch` that was let through,
//! each item in the order the batch runs them, so the same flags and the same requests from
//! one client give the same faults.

use std::sync::atomic::{AtomicU64, Ordering};

/// What to do with one request before it reaches the tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Let it through.
    None,
    /// 429 Too Many Requests.
    Throttle,
    /// 503 Service Unavailable.
    Unavailable,
}

/// Draws faults from a seeded sequence, so the same flags give the same faults.
#[derive(Debug)]
pub struct Faults {
    throttle: f64,
    unavailable: f64,
    state: AtomicU64,
}

impl Faults {
    /// Faults at the given rates (each 0 to 1) from `seed`.
    pub fn new(throttle: f64, unavailable: f64, seed: u64) -> Self {
        Faults {
            throttle,
            unavailable,
            state: AtomicU64::new(seed),
        }
    }

    /// The fault for the next request.
    pub fn draw(&self) -> Fault {
        if self.throttle <= 0.0 && self.unavailable <= 0.0 {
            return Fault::None;
        }
        // SplitMix64 step on a shared counter: lock-free and repeatable for one client.
        let x = self.state.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let u = (z >> 11) as f64 / (1u64 << 53) as f64;
        if u < self.throttle {
            Fault::Throttle
        } else if u < self.throttle + self.unavailable {
            Fault::Unavailable
        } else {
            Fault::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_roughly_kept_and_repeatable() {
        let a = Faults::new(0.2, 0.1, 3);
        let draws: Vec<Fault> = (0..10_000).map(|_| a.draw()).collect();
        let throttled = draws.iter().filter(|f| **f == Fault::Throttle).count();
        let down = draws.iter().filter(|f| **f == Fault::Unavailable).count();
        assert!((1_800..2_200).contains(&throttled), "{throttled}");
        assert!((800..1_200).contains(&down), "{down}");
        let b = Faults::new(0.2, 0.1, 3);
        assert!(draws.iter().all(|f| *f == b.draw()));
    }

    #[test]
    fn zero_rates_never_fault() {
        let f = Faults::new(0.0, 0.0, 1);
        assert!((0..1000).all(|_| f.draw() == Fault::None));
    }
}
