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
    /// A browser origin (`http://127.0.0.1:8080`) whose pages may call this server; repeat
    /// for more. Without any, no CORS headers are sent, so no other web page can drive it.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
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
        for origin in &self.allow_origin {
            check_origin(origin)?;
        }
        Ok(())
    }
}

/// An origin as a browser sends it in `Origin`: a scheme, a host and maybe a port, nothing
/// more (no path, no wildcard), since it is compared with that header as it is.
fn check_origin(origin: &str) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "--allow-origin must be an origin like http://127.0.0.1:8080 ({why}), not '{origin}'"
        ))
    };
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return refuse("it starts with http:// or https://");
    };
    if rest.is_empty() {
        return refuse("it names a host");
    }
    if rest.contains('/') {
        return refuse("no path, not even a trailing /");
    }
    if !rest.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)) {
        return refuse("a host name and a port only");
    }
    if rest.chars().any(|c| c.is_ascii_uppercase()) {
        return refuse("in lower case, as browsers send it");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_origin;

    #[test]
    fn origins_are_checked_as_browsers_send_them() {
        for ok in [
            "http://127.0.0.1:8080",
            "https://admin.contoso.com",
            "http://[::1]:4174",
        ] {
            assert_eq!(check_origin(ok), Ok(()), "{ok}");
        }
        for bad in [
            "*",
            "127.0.0.1:8080",
            "http://",
            "http://127.0.0.1:8080/",
            "http://a/b",
            "http://A.com",
            "http://a b",
        ] {
            assert!(check_origin(bad).is_err(), "{bad}");
        }
    }
}
