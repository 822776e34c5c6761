//! The app: configuration, providers, router and the shell around the pages.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::{load_config, stored_journal, Api, Backend, Config, InProcess, Journal, Transport};
use crate::components::shell::Shell;
use crate::pages;
use crate::state::{provide_session, provide_simulation};

/// Where the acting admin is remembered for the tab (a user principal name, not a token).
const ACTOR_KEY: &str = "tenant-desk.actingAs";
/// The demo tenant's Global admin, who acts first.
pub const DEFAULT_ADMIN: &str = "admin@contoso.onmicrosoft.com";

/// What the app needs before it shows anything: the configuration and, for the simulated
/// tenant, its saved journal (reading it means decompressing, which the browser does
/// asynchronously).
#[derive(Clone)]
struct Boot {
    config: Config,
    warning: Option<String>,
    saved: Result<Option<String>, String>,
}

async fn boot() -> Boot {
    let (config, warning) = load_config().await;
    let saved = match config.backend {
        Backend::Simulated { .. } => stored_journal::read().await,
        Backend::Graph { .. } => Ok(None),
    };
    Boot { config, warning, saved }
}

/// Loads the configuration, then the app.
#[component]
pub fn App() -> impl IntoView {
    let boot = LocalResource::new(boot);
    // Not a <Suspense>: one would also catch every resource read further down that is not
    // inside its own, and swap the whole app for the fallback (losing focus and state).
    move || match boot.get() {
        None => view! { <p class="boot" role="status">"Loading Tenant Desk…"</p> }.into_any(),
        Some(Boot { config, warning, saved }) => view! { <Loaded config warning saved /> }.into_any(),
    }
}

#[component]
fn Loaded(config: Config, warning: Option<String>, saved: Result<Option<String>, String>) -> impl IntoView {
    let api = match config.backend {
        Backend::Simulated { tenant } => {
            let sim = Rc::new(InProcess::load(tenant, saved));
            provide_simulation(sim.clone());
            let journal: Rc<dyn Journal> = sim.clone();
            Api::new(
                sim,
                Some(journal),
                remembered_actor().unwrap_or_else(|| DEFAULT_ADMIN.into()),
            )
        }
        Backend::Graph { base_url, dev_user } => {
            let actor = dev_user.unwrap_or_else(|| DEFAULT_ADMIN.into());
            let http: Rc<dyn Transport> = Rc::new(crate::api::Http::new(base_url, None));
            Api::new(http, None, actor)
        }
    };
    Effect::new(move |_| remember_actor(&api.actor().get()));
    // Another tab changed the simulated tenant: every view reloads.
    if let Some(sim) = crate::state::use_simulation() {
        Effect::new(move |first: Option<()>| {
            sim.outside_changes();
            if first.is_some() {
                api.changed();
            }
        });
    }
    provide_session(api);
    view! {
        <Router>
            <Shell warning>
                <Routes fallback=|| view! { <pages::NotFound /> }>
                    <Route path=path!("/") view=pages::Home />
                    <Route path=path!("/users/active") view=pages::ActiveUsers />
                    <Route path=path!("/users/guests") view=pages::GuestUsers />
                    <Route path=path!("/users/deleted") view=pages::DeletedUsers />
                    <Route path=path!("/groups") view=pages::TeamsGroups />
                    <Route path=path!("/billing/licenses") view=pages::Licenses />
                    <Route path=path!("/billing/licenses/:sku") view=pages::Product />
                    <Route path=path!("/entra/licenses/:sku") view=pages::Product />
                    <Route path=path!("/entra/users") view=pages::AllUsers />
                    <Route path=path!("/entra/groups") view=pages::EntraGroups />
                    <Route path=path!("/entra/groups/:id") view=pages::GroupLicenses />
                    <Route path=path!("/entra/licenses") view=pages::AllProducts />
                    <Route path=path!("/activity") view=pages::ActivityLog />
                </Routes>
            </Shell>
        </Router>
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn remembered_actor() -> Option<String> {
    session_storage()?.get_item(ACTOR_KEY).ok()?
}

fn remember_actor(upn: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(ACTOR_KEY, upn);
    }
}
