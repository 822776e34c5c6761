//! Where the app is served: at the root of a host or under a base path chosen at build time
//! (trunk's `public_url`, e.g. `/courses/tenant-desk/`). Routes, links and the router keep
//! app paths (`/users/active`); this module adds the base for the browser (fetches, full
//! page loads, the router's base) and takes it off what the browser reports.
//!
//! The base comes from where `boot.js` itself was loaded (it sets `tenantDeskBase` from its
//! own URL), so the page URL cannot choose it: a deep link only picks which route is shown.

use std::sync::OnceLock;

/// The base path without a trailing slash: `""` at the root, `/courses/tenant-desk` under
/// a sub-path. Read once; anything that is not a plain path counts as the root.
pub fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let raw = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"tenantDeskBase".into()).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        normalize(&raw)
    })
}

/// The browser's path for an app path: `/config.json` becomes `/courses/tenant-desk/config.json`.
pub fn url(app_path: &str) -> String {
    join(base(), app_path)
}

/// The app path for a path the browser reports (`location.pathname`): the base taken off.
pub fn app_path(browser_path: &str) -> &str {
    strip(base(), browser_path)
}

/// `raw` as a base: a path of plain segments, without a trailing slash; else the root.
fn normalize(raw: &str) -> String {
    let trimmed = raw.trim_end_matches('/');
    let plain = trimmed.starts_with('/')
        && !trimmed.starts_with("//")
        && trimmed[1..].split('/').all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "-._~%".contains(c))
        });
    if plain {
        trimmed.to_owned()
    } else {
        String::new()
    }
}

/// `base` and `path` (which starts with `/`) as one path.
fn join(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

/// `path` without `base` in front; `/` for the base itself; unchanged when it is not under it.
fn strip<'a>(base: &str, path: &'a str) -> &'a str {
    match path.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_is_a_plain_path_or_the_root() {
        assert_eq!(normalize("/courses/tenant-desk/"), "/courses/tenant-desk");
        assert_eq!(normalize("/tools"), "/tools");
        assert_eq!(normalize("/"), "");
        assert_eq!(normalize(""), "");
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/a/../b/",
            "/a//b/",
            "/a b/",
            "/a?x=1",
            "/a#x",
            "relative/",
        ] {
            assert_eq!(normalize(hostile), "", "{hostile}");
        }
    }

    #[test]
    fn app_paths_gain_and_lose_the_base() {
        let base = "/courses/tenant-desk";
        assert_eq!(join(base, "/config.json"), "/courses/tenant-desk/config.json");
        assert_eq!(join("", "/config.json"), "/config.json");
        assert_eq!(strip(base, "/courses/tenant-desk/users/active"), "/users/active");
        assert_eq!(strip(base, "/courses/tenant-desk"), "/");
        assert_eq!(strip(base, "/courses/tenant-desk/"), "/");
        // Not under the base (a sibling whose name starts the same): left as it is.
        assert_eq!(
            strip(base, "/courses/tenant-desk-old/users"),
            "/courses/tenant-desk-old/users"
        );
        assert_eq!(strip("", "/users/active"), "/users/active");
    }
}
