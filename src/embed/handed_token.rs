//! The Graph access token an embedding page hands over (`tenantDesk.token`), as a Power BI
//! Embedded host does: the page has signed its user in already, so the app needs no
//! sign-in of its own. Checked here, before it goes near a request header.

use std::fmt;

use serde_json::Value;

/// The longest token taken (Entra's access tokens are 1 to 3 KB).
pub const MAX_TOKEN: usize = 16 * 1024;

/// A handed-over token and when it stops working. Its `Debug` never shows the token.
#[derive(Clone, PartialEq)]
pub struct HandedToken {
    access: String,
    expires_on_ms: f64,
}

impl fmt::Debug for HandedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandedToken")
            .field("access", &format_args!("({} characters)", self.access.len()))
            .field("expires_on_ms", &self.expires_on_ms)
            .finish()
    }
}

/// Why a token message was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadToken {
    /// No token.
    Empty,
    /// Longer than [`MAX_TOKEN`].
    TooLong,
    /// A character a header value cannot carry (spaces, control or non-ASCII characters).
    Character,
    /// `expiresOn` is missing or not a time.
    Expiry,
}

impl fmt::Display for BadToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "accessToken is empty",
            Self::TooLong => "accessToken is too long",
            Self::Character => "accessToken holds characters a token cannot have",
            Self::Expiry => "expiresOn must be a time: milliseconds since 1970 (Date.now()) or an ISO 8601 date-time",
        })
    }
}

impl HandedToken {
    /// The token of a `tenantDesk.token` message. `expires_on` is milliseconds since 1970
    /// (what `Date.getTime()` gives; a number below 10^11 is taken as seconds, what a JWT's
    /// `exp` holds) or an ISO 8601 date-time (what a `Date` becomes in JSON, MSAL's
    /// `expiresOn`).
    pub fn new(access: String, expires_on: &Value) -> Result<HandedToken, BadToken> {
        if access.is_empty() {
            return Err(BadToken::Empty);
        }
        if access.len() > MAX_TOKEN {
            return Err(BadToken::TooLong);
        }
        if !access.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(BadToken::Character);
        }
        let expires_on_ms = match expires_on {
            Value::Number(n) => n.as_f64().and_then(epoch_ms),
            // Digits alone are a number written as text: read as an integer (parsing a
            // float would add its tables to the bundle).
            Value::String(s) => num(s.trim())
                .map(|n| n as f64)
                .and_then(epoch_ms)
                .or_else(|| iso_ms(s.trim())),
            _ => None,
        }
        .filter(|ms| *ms > 0.0)
        .ok_or(BadToken::Expiry)?;
        Ok(HandedToken { access, expires_on_ms })
    }

    /// The bearer token.
    pub fn access(&self) -> &str {
        &self.access
    }

    /// When it stops working, in milliseconds since 1970.
    pub fn expires_on_ms(&self) -> f64 {
        self.expires_on_ms
    }

    /// Whether it no longer works at `now_ms`.
    pub fn expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_on_ms
    }
}

/// A number as milliseconds since 1970: seconds when below 10^11 (10^11 ms is 1973).
fn epoch_ms(n: f64) -> Option<f64> {
    match n {
        n if !n.is_finite() || n <= 0.0 => None,
        n if n < 1e11 => Some(n * 1000.0),
        n => Some(n),
    }
}

/// `2026-12-01T15:04:05Z`, with optional fractions of a second and an offset
/// (`+01:00`, `-0500`) in place of `Z`, as milliseconds since 1970.
fn iso_ms(s: &str) -> Option<f64> {
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-');
    let (y, m, day): (i64, i64, i64) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset_s) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => (&time[..i], offset(&time[i..])?),
        None => return None,
    };
    let (hms, fraction_ms) = match clock.split_once('.') {
        Some((hms, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            // Milliseconds: the first three digits, padded (".25" is 250 ms).
            let digits = f.bytes().chain(std::iter::repeat(b'0')).take(3);
            (hms, digits.fold(0, |ms, b| ms * 10 + i64::from(b - b'0')))
        }
        Some(_) => return None,
        None => (clock, 0),
    };
    let mut t = hms.splitn(3, ':');
    let (h, min, sec): (i64, i64, i64) = (num(t.next()?)?, num(t.next()?)?, num(t.next()?)?);
    if h > 23 || min > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(y, m, day);
    let secs = days * 86_400 + h * 3600 + min * 60 + sec - offset_s;
    Some((secs * 1000 + fraction_ms) as f64)
}

/// `Z` as 0, `+01:00` / `-0500` as seconds east of UTC.
fn offset(s: &str) -> Option<i64> {
    if s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s.chars().skip(1).filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (num(&digits[..2])?, num(&digits[2..])?);
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days since 1970-01-01 of a Gregorian date (the well-known era-based conversion).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn expiry(v: Value) -> Option<f64> {
        HandedToken::new("t".into(), &v).ok().map(|t| t.expires_on_ms())
    }

    #[test]
    fn expiry_comes_as_milliseconds_seconds_or_an_iso_date() {
        assert_eq!(expiry(json!(1_764_601_445_000u64)), Some(1_764_601_445_000.0));
        assert_eq!(
            expiry(json!(1_764_601_445)),
            Some(1_764_601_445_000.0),
            "seconds, as exp"
        );
        assert_eq!(expiry(json!("1764601445")), Some(1_764_601_445_000.0));
        assert_eq!(expiry(json!("1970-01-01T00:00:00Z")), None, "not after 1970: no time");
        assert_eq!(expiry(json!("1970-01-02T00:00:00Z")), Some(86_400_000.0));
        assert_eq!(expiry(json!("2000-02-29T00:00:00Z")), Some(951_782_400_000.0));
        assert_eq!(expiry(json!("2023-11-14T22:13:20.250Z")), Some(1_700_000_000_250.0));
        assert_eq!(expiry(json!("2023-11-14T22:13:20.25Z")), Some(1_700_000_000_250.0));
        assert_eq!(expiry(json!("2023-11-14T22:13:20.2509Z")), Some(1_700_000_000_250.0));
        assert_eq!(expiry(json!("2023-11-14T23:13:20+01:00")), Some(1_700_000_000_000.0));
        assert_eq!(expiry(json!("2023-11-14T17:13:20-0500")), Some(1_700_000_000_000.0));
        for bad in [
            json!(null),
            json!(0),
            json!(-5),
            json!(true),
            json!("tomorrow"),
            json!("2023-13-01T00:00:00Z"),
            json!("99999999999999999-01-01T00:00:00Z"),
            json!("2023-11-14T22:13:20"),
            json!("2023-11-14T22:13Z"),
            json!("2023-11-14T25:00:00Z"),
            json!("2023-11-14T22:13:20.Z"),
            json!("2023-11-14T22:13:20+1"),
            json!("2023-11-14T22:13:20+1é2"),
            json!("2023-11-14T22:13:20+é12"),
            json!("2023-11-14T22:13:2é"),
            json!("é023-11-14T22:13:20Z"),
            json!({ "at": 1 }),
        ] {
            assert_eq!(expiry(bad.clone()), None, "{bad}");
        }
    }

    #[test]
    fn a_token_must_be_one_header_safe_word() {
        let later = json!(4_000_000_000_000u64);
        let t = HandedToken::new("eyJ0eXAi.eyJhdWQi.c2ln".into(), &later);
        assert_eq!(t.as_ref().map(HandedToken::access), Ok("eyJ0eXAi.eyJhdWQi.c2ln"));
        assert!(HandedToken::new("dev:admin@contoso.onmicrosoft.com".into(), &later).is_ok());
        assert_eq!(HandedToken::new(String::new(), &later), Err(BadToken::Empty));
        for bad in ["a b", "a\nb", "a\r\nX-Evil: 1", "tökén"] {
            assert_eq!(
                HandedToken::new(bad.into(), &later),
                Err(BadToken::Character),
                "{bad:?}"
            );
        }
        assert_eq!(
            HandedToken::new("a".repeat(MAX_TOKEN + 1), &later),
            Err(BadToken::TooLong)
        );
        assert_eq!(HandedToken::new("a".into(), &json!("soon")), Err(BadToken::Expiry));
    }

    #[test]
    fn expired_from_its_time_on_and_never_shown_in_debug() {
        let t = HandedToken::new("secret-token".into(), &json!(2_000_000_000_000u64)).expect("token");
        assert!(!t.expired(1_999_999_999_999.0));
        assert!(t.expired(2_000_000_000_000.0));
        assert!(!format!("{t:?}").contains("secret"), "{t:?}");
    }
}
