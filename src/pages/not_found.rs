use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page::Page;
use crate::i18n::{t, Key};

/// Any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Page title=Key::PageNotFound>
            <p>{t(Key::RsPageDoesNotExist)}</p>
            <p><A href=crate::site::url("/")>{t(Key::RsGoToHome)}</A></p>
        </Page>
    }
}
