//! The app paths an embedding page may open (`tenantDesk.navigate`): a path inside the app
//! (`/billing/licenses`, `/users/active?view=guests`), never an address that would take the
//! frame to another site.

use std::fmt;

/// The longest path taken: far past any of the app's own, well under a URL's limits.
pub const MAX_PATH: usize = 2048;

/// Why a path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPath {
    /// It does not start with `/`.
    NotAbsolute,
    /// Longer than [`MAX_PATH`].
    TooLong,
    /// `//` anywhere: `//host` is another site to a browser.
    DoubleSlash,
    /// A `\`, which browsers read as `/` (`/\host` is `//host`).
    Backslash,
    /// A space or control character: URL parsers drop tabs and newlines, so `/\t/host`
    /// would become `//host`.
    Whitespace,
    /// A `:` before the query: a scheme (`/javascript:…`) has no place in an app path.
    Colon,
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAbsolute => "a path must start with /",
            Self::TooLong => "the path is too long",
            Self::DoubleSlash => "a path must not contain //",
            Self::Backslash => "a path must not contain \\",
            Self::Whitespace => "a path must not contain spaces or control characters",
            Self::Colon => "a path must not contain a scheme (a : before the query)",
        })
    }
}

/// `path` when it is a path inside the app, or why not.
pub fn app_path(path: &str) -> Result<&str, BadPath> {
    if path.len() > MAX_PATH {
        return Err(BadPath::TooLong);
    }
    if !path.starts_with('/') {
        return Err(BadPath::NotAbsolute);
    }
    if path.contains("//") {
        return Err(BadPath::DoubleSlash);
    }
    if path.contains('\\') {
        return Err(BadPath::Backslash);
    }
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadPath::Whitespace);
    }
    let before_query = path.split(['?', '#']).next().unwrap_or_default();
    if before_query.contains(':') {
        return Err(BadPath::Colon);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_paths_are_taken_as_they_are() {
        for p in [
            "/",
            "/billing/licenses",
            "/users/active?view=guests",
            "/entra/users?userType=Guest&q=ali:x",
            "/training/p2-for-jane#goal",
            "/billing/licenses/c7df2760-2c81-4ef7-b578-5b5392b571df",
        ] {
            assert_eq!(app_path(p), Ok(p));
        }
    }

    #[test]
    fn anything_that_could_leave_the_app_is_refused() {
        let cases = [
            ("", BadPath::NotAbsolute),
            ("billing/licenses", BadPath::NotAbsolute),
            ("https://evil.example/", BadPath::NotAbsolute),
            ("javascript:alert(1)", BadPath::NotAbsolute),
            ("//evil.example/", BadPath::DoubleSlash),
            ("/users//active", BadPath::DoubleSlash),
            ("/x?next=https://evil.example", BadPath::DoubleSlash),
            ("/\\evil.example", BadPath::Backslash),
            ("/\t/evil.example", BadPath::Whitespace),
            ("/\n/evil.example", BadPath::Whitespace),
            ("/users active", BadPath::Whitespace),
            ("/javascript:alert(1)", BadPath::Colon),
            ("/a:b?c", BadPath::Colon),
        ];
        for (p, why) in cases {
            assert_eq!(app_path(p), Err(why), "{p:?}");
        }
        assert_eq!(app_path(&format!("/{}", "a".repeat(MAX_PATH))), Err(BadPath::TooLong));
        assert!(BadPath::DoubleSlash.to_string().contains("//"));
    }
}
