//! The embedding page and the router: the app opens the paths the page asks for and tells
//! it where it is after every route change. Inside `<Router>`, where the router's hooks are.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::frame::stays_here;
use super::protocol::Outbound;
use crate::state::use_embed;

/// Follows the page's `tenantDesk.navigate` and posts `tenantDesk.navigated`; renders
/// nothing, and does nothing where no page embeds the app.
#[component]
pub fn HostBridge() -> impl IntoView {
    let Some(embed) = use_embed().filter(|e| e.hosted()) else {
        return;
    };
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some((_, path)) = embed.navigate_to.get() {
            if stays_here(&path) {
                // In place of the current entry: the page's own history leads.
                navigate(
                    &path,
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        }
    });
    let location = use_location();
    Effect::new(move |_| {
        let (path, search) = (location.pathname.get(), location.search.get());
        let path = crate::site::app_path(&path).to_owned();
        let path = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        embed.post(&Outbound::Navigated { path });
    });
}
