use crate::components::link::Link;
use leptos::prelude::*;

use crate::components::page::Page;
use crate::i18n::{t, Key};

/// Any path the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Page title=Key::PageNotFound>
            <p>{t(Key::RsPageDoesNotExist)}</p>
            <p><Link href="/">{t(Key::RsGoToHome)}</Link></p>
        </Page>
    }
}
