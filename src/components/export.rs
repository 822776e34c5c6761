//! **Export users**: every user the current view matches, not only the loaded rows, paged
//! from Graph 999 at a time with progress, then saved as CSV.

use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::query::UserQuery;
use wasm_bindgen::JsCast;

use crate::api::runner::Cancel;
use crate::components::deferred::{NotLoaded, NotLoadedMessage};
use crate::components::error_box::ErrorBox;
use crate::i18n::{t, tf, Key};
use crate::state::{use_session, Session};

/// The export button with its progress.
#[component]
pub fn ExportUsers(
    /// The query of the current view.
    #[prop(into)]
    query: Signal<UserQuery>,
) -> impl IntoView {
    let session = use_session();
    let progress = RwSignal::new(None::<(usize, Option<usize>)>);
    let error = RwSignal::new(None::<tenant::GraphError>);
    let cancelled = RwSignal::new(false);
    // The export's code could not be fetched.
    let not_loaded = RwSignal::new(false);
    // The running export's Cancel; a new one for every export.
    let cancel = RwSignal::new(Cancel::default());
    let run = move |_| {
        let q = query.get_untracked();
        error.set(None);
        cancelled.set(false);
        progress.set(Some((0, None)));
        let stop = Cancel::default();
        cancel.set(stop.clone());
        not_loaded.set(false);
        spawn_local(async move {
            let written = match export(session, q, progress, stop.clone()).await {
                Ok(running) => running.await,
                Err(NotLoaded) => {
                    let _ = not_loaded.try_set(!stop.is_cancelled());
                    Ok(())
                }
            };
            // The page may be gone by now: then there is nobody to tell.
            let _ = error.try_set(written.err());
            let _ = cancelled.try_set(stop.is_cancelled());
            let _ = progress.try_set(None);
        });
    };
    // Leaving the page stops an export nobody would get.
    on_cleanup(move || {
        if let Some(c) = cancel.try_get_untracked() {
            c.cancel();
        }
    });
    view! {
        <button class="button" on:click=run disabled=move || progress.get().is_some()>{t(Key::RsExportUsers)}</button>
        {move || progress.get().map(|(done, total)| view! {
            <span class="progress" role="status">
                {move || match total { Some(all) => tf(Key::RsExportingNOfMUsers, &[&done.to_string(), &all.to_string()]), None => tf(Key::RsExportingNUsers, &[&done.to_string()]) }}
                <progress max=total.unwrap_or(0).max(1) value=done></progress>
                <button class="button subtle" on:click=move |_| cancel.get_untracked().cancel()>{t(Key::RsCancelExport)}</button>
            </span>
        })}
        {move || cancelled.get().then(|| view! { <span role="status">{t(Key::RsExportCancelled)}</span> })}
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || not_loaded.get().then(|| view! { <NotLoadedMessage /> })}
    }
}

/// The export itself, a split point: paging every user and writing the CSV is code only
/// an export needs, so it is fetched on the first one, not with the users list.
#[leptos::wasm_split::wasm_split(export, wasm_split_path = ::leptos::wasm_split, fallible)]
fn export(
    session: Session,
    q: UserQuery,
    progress: RwSignal<Option<(usize, Option<usize>)>>,
    stop: Cancel,
) -> Result<LocalBoxFuture<'static, Result<(), tenant::GraphError>>, NotLoaded> {
    Ok(Box::pin(async move {
        let (users, failed) = session
            .api
            .all_users(
                &q,
                move |done, total| {
                    let _ = progress.try_set(Some((done, total)));
                },
                &stop,
            )
            .await;
        match failed {
            _ if stop.is_cancelled() => Ok(()),
            Some(e) => Err(e),
            None => {
                let csv = tenant::export::users_csv(&users, |sku| session.product_name(sku));
                download("users.csv", &csv).map_err(|e| tenant::GraphError::bad_request(tf(Key::RsFileNotSaved, &[&e])))
            }
        }
    }))
}

/// Saves `text` as a file through a temporary link.
pub fn download(name: &str, text: &str) -> Result<(), String> {
    // The byte-order mark makes spreadsheet programs read the CSV as UTF-8.
    download_as(name, "text/csv;charset=utf-8", &format!("\u{feff}{text}"))
}

/// Saves `text` as a file of type `mime` through a temporary link.
pub fn download_as(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &props).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "not a link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)
}
