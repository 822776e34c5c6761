use crate::components::link::Link;
use crate::i18n::{t, tr, Key};
use leptos::prelude::*;

/// A page's frame: breadcrumbs, the title (also the document's title) and the content.
#[component]
pub fn Page(
    /// The page title.
    title: Key,
    /// Breadcrumbs before the title: (label, link).
    #[prop(optional)]
    crumbs: Vec<(Key, &'static str)>,
    /// Which admin center the page belongs to, shown in the document title.
    #[prop(default = Key::M365AdminCenter)]
    center: Key,
    children: Children,
) -> impl IntoView {
    // The document's title follows the language too.
    Effect::new(move |_| {
        let text = format!("{} - {} - Tenant Desk", tr(title), tr(center));
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&text);
        }
    });
    view! {
        <nav class="crumbs" aria-label=t(Key::Breadcrumb)>
            <ol>
                {crumbs.into_iter().map(|(label, href)| view! { <li><Link href=href>{t(label)}</Link></li> }).collect_view()}
                <li aria-current="page">{t(title)}</li>
            </ol>
        </nav>
        <h1 class="page-title">{t(title)}</h1>
        {children()}
    }
}
