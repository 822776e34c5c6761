use leptos::prelude::*;
use leptos_router::components::A;

/// A page's frame: breadcrumbs, the title (also the document's title) and the content.
#[component]
pub fn Page(
    /// The page title.
    title: &'static str,
    /// Breadcrumbs before the title: (label, link).
    #[prop(optional)]
    crumbs: Vec<(&'static str, &'static str)>,
    /// Which admin center the page belongs to, shown in the document title.
    #[prop(default = "Microsoft 365 admin center")]
    center: &'static str,
    children: Children,
) -> impl IntoView {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&format!("{title} - {center} - Tenant Desk"));
    }
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <ol>
                {crumbs.into_iter().map(|(label, href)| view! { <li><A href=href>{label}</A></li> }).collect_view()}
                <li aria-current="page">{title}</li>
            </ol>
        </nav>
        <h1 class="page-title">{title}</h1>
        {children()}
    }
}
