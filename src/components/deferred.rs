//! Views whose code is fetched the first time they are shown: the split points of the
//! release build. A function marked `#[wasm_split(chunk, …, fallible)]` has its code (and
//! all the code only it reaches) moved by `wasm-split-cli` into a wasm file of its own,
//! `chunk`; calling it fetches that file once, then runs it. So the first page loads only
//! what it shows. See the README's "Deploying to a static host".

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

use crate::i18n::{t, Key};

/// The code of a split-off view could not be fetched: the connection dropped, or the site
/// was updated since the page loaded and the old file is gone. The loader's own error is
/// not `Send`, which views must be, so split points return this instead; the load is not
/// remembered as failed, so the next attempt fetches again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// A split point's view, or, when its code could not be fetched, [`NotLoadedMessage`] in
/// its place.
fn shown(loaded: Result<AnyView, NotLoaded>) -> AnyView {
    loaded.unwrap_or_else(|NotLoaded| view! { <NotLoadedMessage /> }.into_any())
}

/// What happened when a split point's code could not be fetched, and the fix: **Reload the
/// page**.
#[component]
pub fn NotLoadedMessage() -> impl IntoView {
    view! {
        <div class="message-bar error" role="alert">
            <strong>{t(Key::PartNotLoaded)}</strong>
            <span>{t(Key::PartNotLoadedFix)}</span>
            <div class="dialog-actions">
                <button class="button" on:click=|_| reload()>{t(Key::ReloadPage)}</button>
            </div>
        </div>
    }
}

thread_local! {
    /// How many pages are waiting for their code now.
    static FETCHING_PAGES: ArcRwSignal<usize> = ArcRwSignal::new(0);
}

/// Whether a page the router is moving to waits for its code (tracked): the shell shows a
/// bar meanwhile. Not the router's own `set_is_routing`, which also holds the old page until
/// the new one's data has loaded, where Tenant Desk shows a page at once with its own
/// "Loading…".
pub fn fetching_page() -> bool {
    FETCHING_PAGES.with(|n| n.get() > 0)
}

/// `page`, a page's split point, counted in [`fetching_page`] until its code has come (or
/// the router gave up on it).
pub async fn page_code(page: impl Future<Output = Result<AnyView, NotLoaded>>) -> AnyView {
    struct Counted;
    impl Drop for Counted {
        fn drop(&mut self) {
            FETCHING_PAGES.with(|n| n.update(|n| *n = n.saturating_sub(1)));
        }
    }
    FETCHING_PAGES.with(|n| n.update(|n| *n += 1));
    let _counted = Counted;
    shown(page.await)
}

/// Shows the view that `load` (a split point) gives once its code has arrived, and
/// [`shown`]'s message if it cannot. Meanwhile a "Loading…" status, which style/shell.css
/// shows only past 300 ms, so that a chunk already fetched, or quick to come, does not flicker.
#[component]
pub fn Deferred<F>(
    /// The call of the split point, e.g. `load_manage_licenses(users, false, on_close)`.
    load: F,
) -> impl IntoView
where
    F: Future<Output = Result<AnyView, NotLoaded>> + 'static,
{
    let arrived = RwSignal::new(false);
    // The loader's future is only ever polled on the page's one thread.
    let load = SendWrapper::new(load);
    view! {
        {move || (!arrived.get()).then(|| view! { <p class="loading-late" role="status">{t(Key::Loading)}</p> })}
        {Suspend::new(async move {
            let view = shown(load.await);
            // Gone already when the view that wanted it closed meanwhile.
            let _ = arrived.try_set(true);
            view
        })}
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
