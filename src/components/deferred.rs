//! Views whose code is fetched the first time they are shown: the split points of the
//! release build. A function marked `#[wasm_split(chunk, …, fallible)]` has its code (and
//! all the code only it reaches) moved by `wasm-split-cli` into a wasm file of its own,
//! `chunk`; calling it fetches that file once, then runs it. So the first page loads only
//! what it shows. See the README's "The release build".

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

/// A split point's view, or, when its code could not be fetched, what happened and the
/// fix (reload), in place of the view.
pub fn shown(loaded: Result<AnyView, NotLoaded>) -> AnyView {
    loaded.unwrap_or_else(|NotLoaded| {
        view! {
            <div class="message-bar error" role="alert">
                <p><strong>{t(Key::PartNotLoaded)}</strong></p>
                <p>{t(Key::PartNotLoadedFix)}</p>
                <button class="button" on:click=|_| reload()>{t(Key::ReloadPage)}</button>
            </div>
        }
        .into_any()
    })
}

/// Shows the view that `load` (a split point) gives once its code has arrived; nothing
/// until then (fetching a chunk takes a round trip), and [`shown`]'s message if it fails.
#[component]
pub fn Deferred<F>(
    /// The call of the split point, e.g. `manage_licences(users, on_close)`.
    load: F,
) -> impl IntoView
where
    F: Future<Output = Result<AnyView, NotLoaded>> + 'static,
{
    // The loader's future is only ever polled on the page's one thread.
    let load = SendWrapper::new(load);
    Suspend::new(async move { shown(load.await) })
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
