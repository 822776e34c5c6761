//! Points in time as the engine sees them.
//!
//! The engine never reads a clock: `SystemTime::now()` panics in wasm, and a time passed in
//! makes tests, replays and generated tenants reproducible. Callers pass a [`Timestamp`].

/// Seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// ISO 8601 in UTC, as Graph writes `createdDateTime` (`2024-05-01T09:30:00Z`).
    pub fn iso(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    /// A timestamp `days` later.
    pub fn plus_days(self, days: i64) -> Self {
        Self(self.0 + days * 86_400)
    }
}

/// Gregorian date from days since the epoch (the well-known era-based conversion).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(Timestamp(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(951_782_400).iso(), "2000-02-29T00:00:00Z");
        assert_eq!(Timestamp(1_700_000_000).iso(), "2023-11-14T22:13:20Z");
        assert_eq!(Timestamp(-1).iso(), "1969-12-31T23:59:59Z");
    }
}
