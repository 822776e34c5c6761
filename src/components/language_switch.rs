//! The header's language switch: English or Nederlands, each named in itself. Switching
//! re-renders the words in place (no reload, nothing lost) and is remembered.

use leptos::prelude::*;

use crate::i18n::{locale, set_locale, t, Key, Locale};

/// A `<select>` named "Language" / "Taal".
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    view! {
        <select class="language" aria-label=t(Key::Language) prop:value=move || locale().tag()
            on:change:target=move |ev| if let Some(l) = Locale::from_tag(&ev.target().value()) { set_locale(l) }>
            {Locale::ALL.into_iter().map(|l| view! {
                <option value=l.tag() lang=l.tag() selected=move || locale() == l>{l.native_name()}</option>
            }).collect_view()}
        </select>
    }
}
