//! The language the tab speaks now: one signal for the whole app, set from the stored
//! choice or the browser's preferences, changed by the header's switch, remembered in
//! `localStorage`, and mirrored in `<html lang>`.

use leptos::prelude::*;

use super::locale::Locale;
use super::text::{fill, text, Key};

/// Where the chosen language is remembered: a preference, not a secret.
const STORAGE_KEY: &str = "tenant-desk.locale";

thread_local! {
    // Reference-counted rather than owned by a component, so that no unmount disposes it
    // and texts can be read anywhere, after an await too.
    static CURRENT: ArcRwSignal<Locale> = ArcRwSignal::new(Locale::default());
}

/// The current language, tracked: a reactive closure that reads it re-runs on a switch.
pub fn locale() -> Locale {
    CURRENT.with(|c| c.get())
}

/// Switches the language: every text re-renders, `<html lang>` follows, and the choice is
/// remembered for the next visit.
pub fn set_locale(l: Locale) {
    CURRENT.with(|c| c.set(l));
    set_html_lang(l);
    if let Some(s) = local_storage() {
        let _ = s.set_item(STORAGE_KEY, l.tag());
    }
}

/// Chooses the language at start: the stored choice, else the browser's preferences.
pub fn init_locale() {
    let stored = local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag));
    let l = stored.unwrap_or_else(|| {
        let languages: Vec<String> = web_sys::window()
            .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
            .unwrap_or_default();
        Locale::negotiate(languages.iter().map(String::as_str))
    });
    CURRENT.with(|c| c.set(l));
    set_html_lang(l);
}

/// The text of `key` as a reactive closure, for a view's text or attribute: it re-renders
/// when the language switches.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || text(locale(), key)
}

/// The text of `key` in the current language now (tracked), for use inside a closure or a
/// `format!`.
pub fn tr(key: Key) -> &'static str {
    text(locale(), key)
}

/// The text of `key` with `{0}`, `{1}`... replaced by `args` (tracked).
pub fn tf(key: Key, args: &[&str]) -> String {
    fill(tr(key), args)
}

fn set_html_lang(l: Locale) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", l.tag());
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
