//! Where new object ids come from.
//!
//! A seeded generator, owned by the tenant, so that the same seed and the same commands give
//! the same ids: a replayed command log rebuilds the same tenant, and tests are stable.

use uuid::Uuid;

/// A deterministic source of version-4-shaped GUIDs (SplitMix64 underneath).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdSource {
    state: u64,
}

impl IdSource {
    /// A source that yields the same ids for the same seed.
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A new object id.
    pub fn uuid(&mut self) -> Uuid {
        let hi = self.next_u64().to_be_bytes();
        let lo = self.next_u64().to_be_bytes();
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&hi);
        b[8..].copy_from_slice(&lo);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        Uuid::from_bytes(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let mut a = IdSource::new(7);
        let mut b = IdSource::new(7);
        assert_eq!(a.uuid(), b.uuid());
        assert_ne!(a.uuid(), IdSource::new(8).uuid());
        assert_eq!(a.uuid().get_version_num(), 4);
    }
}
