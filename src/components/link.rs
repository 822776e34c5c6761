//! A link to a route of the app, written with its app path (`/users/active`).
//!
//! The router resolves `navigate("/x")` against the base path the app is served under,
//! but not an absolute `href` of its `<A>`; this puts the base in front once, for every
//! link, so none can leave a sub-path deployment (`src/site.rs`).

use leptos::prelude::*;

/// The router's `<A>` (client-side navigation, `aria-current` on the current page) for an
/// app path. `exact`: current only on that path itself, not below it.
#[component]
pub fn Link(#[prop(into)] href: String, #[prop(optional)] exact: bool, children: Children) -> impl IntoView {
    view! { <leptos_router::components::A href=crate::site::url(&href) exact=exact>{children()}</leptos_router::components::A> }
}
