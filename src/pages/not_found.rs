use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::Page;
use crate::i18n::Key;

/// Any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Page title=Key::PageNotFound>
            <p>"This page doesn't exist. It may have moved, or the link may be mistyped."</p>
            <p><A href="/">"Go to Home"</A></p>
        </Page>
    }
}
