//! Command-line flags.

use clap::Parser;

/// Serves a simulated Microsoft 365 tenant as Microsoft Graph v1.0.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Args {
    /// Port on 127.0.0.1 (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Serve a generated tenant of this many users instead of the Contoso demo.
    #[arg(long)]
    pub users: Option<u32>,
    /// Seed of the generated tenant.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Milliseconds before queued group licences are processed, as Graph does them later.
    #[arg(long, default_value_t = 1000)]
    pub group_delay_ms: u64,
    /// Added latency for every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests (0 to 1) answered 429 Too Many Requests with Retry-After.
    #[arg(long, default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Share of requests (0 to 1) answered 503 Service Unavailable.
    #[arg(long, default_value_t = 0.0)]
    pub unavailable_rate: f64,
    /// Seconds in the Retry-After header of injected 429s and 503s.
    #[arg(long, default_value_t = 2)]
    pub retry_after: u32,
    /// Seed of the fault injection, so a failing run can be repeated.
    #[arg(long, default_value_t = 7)]
    pub fault_seed: u64,
}

impl Args {
    /// Rejects flag values that cannot work, with a message that says which.
    pub fn check(&self) -> Result<(), String> {
        for (name, rate) in [
            ("--throttle-rate", self.throttle_rate),
            ("--unavailable-rate", self.unavailable_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, not {rate}"));
            }
        }
        if self.throttle_rate + self.unavailable_rate > 1.0 {
            return Err("--throttle-rate and --unavailable-rate together must not exceed 1".into());
        }
        if let Some(n) = self.users {
            if n == 0 || n > 1_000_000 {
                return Err(format!("--users must be between 1 and 1000000, not {n}"));
            }
        }
        Ok(())
    }
}
