//! Command-line flags.

use clap::Parser;

/// Serves a simulated Microsoft 365 tenant as Microsoft Graph v1.0.
#[derive(Debug, Clone, Parser)]
#[command(version, about, after_help = AFTER_HELP)]
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
    /// Share of requests (0 to 1) answered 429 Too Many Requests with Retry-After; inside a
    /// $batch not faulted as a whole, the same share of its items, each on its own.
    #[arg(long, default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Share of requests (0 to 1) answered 503 Service Unavailable; batch items alike.
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
    /// An OpenID Connect issuer (`https://login.example.com/tenant/v2.0`) whose signed access
    /// tokens are taken, as Graph takes Entra's; repeat for more. Its keys are read from
    /// `{issuer}/.well-known/openid-configuration` when first needed. With any issuer,
    /// development tokens (`Bearer dev:<upn>`) are refused unless --allow-dev-tokens.
    #[arg(long = "issuer", value_name = "URL")]
    pub issuer: Vec<String>,
    /// The audience (`aud`) a signed access token must name; repeat to take several.
    #[arg(long = "audience", value_name = "AUD", default_value = "https://graph.microsoft.com")]
    pub audience: Vec<String>,
    /// With --issuer, still take development tokens (`Bearer dev:<upn>`) besides signed ones.
    #[arg(long)]
    pub allow_dev_tokens: bool,
    /// Seconds a token's `exp` and `nbf` may be off from this machine's clock.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub clock_skew_secs: u64,
    /// Least milliseconds between two reads of one issuer's keys. A token naming a key the
    /// server has not seen makes it read them again, but no more often than this, so that
    /// junk tokens cannot make it hammer the issuer (nor an issuer that is down).
    #[arg(long, value_name = "MS", default_value_t = 5000)]
    pub jwks_min_interval_ms: u64,
}

/// The part of `--help` after the flags: the endpoint outside Graph's paths.
const AFTER_HELP: &str = "\
Besides Graph's paths under /v1.0, GET /_stats answers counters for benchmarks, never delayed \
or faulted: {\"requests\": N, \"batches\": N, \"batchItems\": N, \"throttled\": N, \"unavailable\": N} \
(requests under /v1.0, $batch requests among them, the items inside those, and the 429s and \
503s injected, whole responses and batch items alike).";

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
        for issuer in &self.issuer {
            check_issuer(issuer)?;
        }
        if self.audience.iter().any(|a| a.trim().is_empty() || a.trim() != a) {
            return Err("--audience must not be empty nor start or end with spaces".into());
        }
        if self.clock_skew_secs > MAX_CLOCK_SKEW_SECS {
            return Err(format!(
                "--clock-skew-secs must be at most {MAX_CLOCK_SKEW_SECS}, not {}",
                self.clock_skew_secs
            ));
        }
        if !(MIN_JWKS_INTERVAL_MS..=MAX_JWKS_INTERVAL_MS).contains(&self.jwks_min_interval_ms) {
            return Err(format!(
                "--jwks-min-interval-ms must be between {MIN_JWKS_INTERVAL_MS} and {MAX_JWKS_INTERVAL_MS}, not {}",
                self.jwks_min_interval_ms
            ));
        }
        Ok(())
    }
}

/// A day: more clock skew than that would take tokens that expired long ago.
const MAX_CLOCK_SKEW_SECS: u64 = 86_400;
/// Below this, a stream of tokens with unknown keys would read the issuer's keys nearly
/// once per request.
const MIN_JWKS_INTERVAL_MS: u64 = 100;
/// An hour: longer, and a rotated key would be refused for too long.
const MAX_JWKS_INTERVAL_MS: u64 = 3_600_000;

/// An issuer as tokens name it in `iss` and as its discovery document must repeat it: an
/// http(s) URL with a host and maybe a path (Entra's v1 issuers end in `/`), and nothing a
/// comparison with `iss` or the discovery URL built from it would trip on (no query,
/// fragment, user name, spaces or control characters).
fn check_issuer(issuer: &str) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "--issuer must be an http(s) URL like https://login.example.com/tenant/v2.0 ({why}), not '{issuer}'"
        ))
    };
    let Some(rest) = issuer
        .strip_prefix("http://")
        .or_else(|| issuer.strip_prefix("https://"))
    else {
        return refuse("it starts with http:// or https://");
    };
    if issuer.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("no spaces or control characters");
    }
    if issuer.contains(['?', '#']) {
        return refuse("no query or fragment");
    }
    if issuer.contains(['"', '\\', '<', '>']) {
        return refuse("no quotes, backslashes or angle brackets");
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return refuse("it names a host");
    }
    if host.contains('@') {
        return refuse("no user name or password");
    }
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)) {
        return refuse("a host name and a port only before the path");
    }
    Ok(())
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
    use super::{check_issuer, check_origin};

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

    #[test]
    fn issuers_are_urls_that_compare_as_tokens_name_them() {
        for ok in [
            "http://127.0.0.1:4180",
            "https://login.example.com/tenant/v2.0",
            "https://sts.example.net/11111111-2222-3333-4444-555555555555/",
            "http://[::1]:9000/realms/contoso",
        ] {
            assert_eq!(check_issuer(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.1:4180",
            "ftp://idp",
            "http://",
            "http:///path",
            "https://idp/?tenant=1",
            "https://idp/#top",
            "https://user:pw@idp",
            "https://idp/a b",
            " https://idp",
            "https://idp\n",
            "https://idp/\"x",
        ] {
            assert!(check_issuer(bad).is_err(), "{bad}");
        }
    }
}
