//! The language the tab speaks now: one signal for the whole app, set from the stored
//! choice or the browser's preferences, changed by the header's switch, remembered in
//! `localStorage`, and mirrored in `<html lang>`.

use std::cell::Cell;

use leptos::prelude::*;

use super::locale::Locale;
use super::text::{dutch, fill, has_dutch, install_dutch, text, Column, Key};
use crate::components::deferred::NotLoaded;

/// Where the chosen language is remembered: a preference, not a secret.
const STORAGE_KEY: &str = "tenant-desk.locale";

thread_local! {
    // Reference-counted rather than owned by a component, so that no unmount disposes it
    // and texts can be read anywhere, after an await too.
    static CURRENT: ArcRwSignal<Locale> = ArcRwSignal::new(Locale::default());
    /// The language last chosen, which [`CURRENT`] becomes once its texts are at hand.
    static WANTED: Cell<Locale> = Cell::new(Locale::default());
}

/// The current language, tracked: a reactive closure that reads it re-runs on a switch.
pub fn locale() -> Locale {
    CURRENT.with(|c| c.get())
}

/// Switches the language: every text re-renders, `<html lang>` follows, and the choice is
/// remembered for the next visit. A switch to Dutch takes effect once the Dutch texts have
/// come (the first time, a chunk to fetch), unless another choice came meanwhile.
pub fn set_locale(l: Locale) {
    WANTED.with(|w| w.set(l));
    if l == Locale::Nl && !has_dutch() {
        leptos::task::spawn_local(speak_once_fetched(l, true));
    } else {
        apply(l);
        remember(l);
    }
}

/// Chooses the language at start: the stored choice, else the browser's preferences.
/// Dutch waits for [`locale_ready`].
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
    WANTED.with(|w| w.set(l));
    if l == Locale::En || has_dutch() {
        apply(l);
    }
}

/// How long the app waits for the Dutch texts at start before it draws in English.
const DUTCH_WAIT_MS: i32 = 3_000;

/// Fetches the Dutch texts when the tab starts in Dutch, then speaks it: the app waits for
/// this before it draws, so a Dutch admin does not see the pages in English first. Texts
/// that cannot be fetched leave the app in English; texts slow to come, in English until
/// they do.
pub async fn locale_ready() {
    let l = WANTED.with(Cell::get);
    if l != Locale::Nl || has_dutch() {
        return;
    }
    let (done, spoken) = futures::channel::oneshot::channel();
    leptos::task::spawn_local(async move {
        speak_once_fetched(l, false).await;
        let _ = done.send(());
    });
    let waited = Box::pin(crate::api::timer::sleep_ms(DUTCH_WAIT_MS));
    let _ = futures::future::select(spoken, waited).await;
}

/// Fetches the Dutch texts, then speaks `l` (Dutch) if it is still the choice, and
/// remembers it if `keep`. Another choice made meanwhile decides instead. Texts that cannot
/// be fetched leave the language as it is, and the language box shows it again.
async fn speak_once_fetched(l: Locale, keep: bool) {
    let fetched = fetch_dutch().await;
    if WANTED.with(Cell::get) != l {
        return;
    }
    if fetched {
        apply(l);
        if keep {
            remember(l);
        }
    } else {
        apply(CURRENT.with(|c| c.get_untracked()));
    }
}

fn apply(l: Locale) {
    CURRENT.with(|c| c.set(l));
    set_html_lang(l);
}

fn remember(l: Locale) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(STORAGE_KEY, l.tag());
    }
}

/// Whether the Dutch texts came; says on the console why not.
async fn fetch_dutch() -> bool {
    match dutch_texts().await {
        Ok(column) => {
            install_dutch(column);
            true
        }
        Err(NotLoaded) => {
            web_sys::console::warn_1(
                &"Tenant Desk: the Dutch texts could not be loaded, so it stays in English. Reload the page to try again."
                    .into(),
            );
            false
        }
    }
}

/// The Dutch column of the table, a split point: its code and texts are fetched the first
/// time the tab speaks Dutch, and an English page never loads them.
#[leptos::wasm_split::wasm_split(dutch, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dutch_texts() -> Result<Column, NotLoaded> {
    Ok(dutch)
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
