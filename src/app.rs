//! The app: configuration, providers, router and the shell around the pages.

use std::rc::Rc;

use futures::future::LocalBoxFuture;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::api::scenarios;
use crate::api::stored_journal::Shelf;
use crate::api::{
    load_config, unsigned_graph, Api, Backend, Config, Journal, SimulatedTenant, TenantWorker, Transport,
};
use crate::auth::{Auth, AuthStatus, Start, TokenSource};
use crate::components::deferred::NotLoaded;
use crate::components::shell::Shell;
use crate::components::sign_in::SignInPage;
use crate::embed::bridge::HostBridge;
use crate::embed::dispatch::Dispatcher;
use crate::embed::frame::{self, Host};
use crate::embed::host_token::HostToken;
use crate::embed::mode::EmbedMode;
use crate::embed::protocol::Outbound;
use crate::i18n::{t, Key};
use crate::pages;
use crate::state::{
    active_exercise_id, forget_active_exercise, provide_embed, provide_session, provide_sign_in, provide_simulation,
    provide_training,
};
use tenant::host::Start as TenantStart;
use tenant::simulation::TenantSeed;
use tenant::training::Exercise;

/// Where the acting admin is remembered for the tab (a user principal name, not a token).
const ACTOR_KEY: &str = "tenant-desk.actingAs";
/// The demo tenant's Global admin, who acts first.
pub const DEFAULT_ADMIN: &str = "admin@contoso.onmicrosoft.com";

/// What the app needs before it shows anything: the configuration and, for the simulated
/// tenant, its worker, opening it from the saved journal (an exercise: opened).
#[derive(Clone)]
struct Boot {
    config: Config,
    warning: Option<String>,
    /// The backend, ready to take requests.
    backend: Opened,
    /// The signed-in session, where `config.json` asks for sign-in and it could start.
    auth: Option<Auth>,
    /// Whether the app is embedded, and the page that embeds it.
    embedding: (EmbedMode, Option<Host>),
}

async fn boot() -> Boot {
    // A tab that speaks Dutch fetches its texts meanwhile.
    let ((config, mut warning), ()) = futures::join!(load_config(), crate::i18n::locale_ready());
    let embedding = frame::detect(&config.embed);
    if embedding.1.is_none() {
        if let Some(w) = unsigned_graph(&config) {
            warning = Some(warning.map_or(w.clone(), |before| format!("{before} {w}")));
        }
    }
    let backend = match config.backend.clone() {
        Backend::Simulated { tenant } => {
            let (sim, exercise) = open_simulated(&tenant, &mut warning).await;
            Opened::Simulated { sim, exercise }
        }
        Backend::Graph {
            base_url,
            dev_user,
            auth,
        } => Opened::Graph {
            base_url,
            dev_user,
            auth,
        },
    };
    let mut auth = None;
    // Embedded, the page hands its token over: the app does not sign in itself (and the
    // provider's pages would refuse to show in a frame anyway).
    if let (
        Backend::Graph {
            auth: Some(settings), ..
        },
        None,
    ) = (&config.backend, &embedding.1)
    {
        match Auth::start(settings.clone()).await {
            Ok(Start::Ready(a)) => auth = Some(a),
            // On the way to the provider: nothing to show meanwhile.
            Ok(Start::Leaving) => std::future::pending::<()>().await,
            Err(why) => warning = Some(why),
        }
    }
    // The app is drawn in a task of its own, not in the one that started the wasm: each
    // costs the page's thread tens of milliseconds (V8 compiles each function the first
    // time it runs), and together they went over 50 ms.
    crate::api::timer::sleep_ms(0).await;
    Boot {
        config,
        warning,
        backend,
        auth,
        embedding,
    }
}

/// The configured backend, ready for requests.
#[derive(Clone)]
enum Opened {
    /// The simulated tenant, opening in its worker, and the training exercise the tab has
    /// open on it (the app then runs on the exercise's tenant instead of the sandbox).
    Simulated {
        sim: Rc<SimulatedTenant>,
        exercise: Option<Exercise>,
    },
    /// Graph, as `config.json` names it (see [`Backend::Graph`]).
    Graph {
        base_url: String,
        dev_user: Option<String>,
        auth: Option<crate::auth::AuthConfig>,
    },
}

/// Starts the simulated tenant's worker on the tab's open exercise, or on the sandbox.
/// The sandbox is not waited for: the shell shows while the worker builds it, and the first
/// requests wait in the worker's queue. An exercise is, since one whose start fails falls
/// back to the sandbox with a warning.
async fn open_simulated(seed: &TenantSeed, warning: &mut Option<String>) -> (Rc<SimulatedTenant>, Option<Exercise>) {
    if let Some(id) = active_exercise_id() {
        let found = match exercise_finder(id).await {
            Ok(finding) => finding.await,
            Err(NotLoaded) => {
                Err("The exercise could not be started: its code could not be loaded. Reload the page.".into())
            }
        };
        let opened = match found {
            Ok((exercise, text)) => {
                let shelf = Shelf::exercise(&exercise.id);
                let saved = shelf.read();
                let start = TenantStart::Exercise {
                    file: exercise.file.clone(),
                    text,
                };
                let worker = start_worker(warning);
                let sim = SimulatedTenant::open(worker.clone(), shelf, start, saved);
                match sim.opened().await {
                    Ok(()) => Ok((sim, exercise)),
                    Err(e) => {
                        worker.stop();
                        Err(format!("The exercise could not be started: {e}"))
                    }
                }
            }
            Err(why) => Err(why),
        };
        match opened {
            Ok((sim, exercise)) => return (Rc::new(sim), Some(exercise)),
            Err(why) => {
                forget_active_exercise();
                *warning = Some(why);
            }
        }
    }
    let shelf = Shelf::sandbox();
    let saved = shelf.read();
    let worker = start_worker(warning);
    (
        Rc::new(SimulatedTenant::open(
            worker,
            shelf,
            TenantStart::Sandbox(seed.clone()),
            saved,
        )),
        None,
    )
}

/// The simulated tenant's worker; one that cannot start refuses every request, saying why.
fn start_worker(warning: &mut Option<String>) -> TenantWorker {
    TenantWorker::start().unwrap_or_else(|why| {
        *warning = Some(format!("The simulated tenant could not start: {why}."));
        TenantWorker::stopped(why)
    })
}

/// The exercise `id` from the site's scenarios, with its file's text (the worker builds its
/// start from it).
async fn find_exercise(id: &str) -> FoundExercise {
    let catalog = scenarios::load().await;
    catalog
        .find(id)
        .map(|(e, text)| (e.clone(), text.to_owned()))
        .ok_or_else(|| format!("There is no training exercise '{id}' on this site; the sandbox is shown instead."))
}

/// An exercise as the site has it, with its file's text; or why it cannot be started.
type FoundExercise = Result<(Exercise, String), String>;

/// [`find_exercise`] as a split point: reading and parsing the site's exercises is only
/// needed when the tab has one open, so that code is fetched then, not on every load.
#[leptos::wasm_split::wasm_split(exercise, wasm_split_path = ::leptos::wasm_split, fallible)]
fn exercise_finder(id: String) -> Result<LocalBoxFuture<'static, FoundExercise>, NotLoaded> {
    Ok(Box::pin(async move { find_exercise(&id).await }))
}

/// Loads the configuration, then the app.
#[component]
pub fn App() -> impl IntoView {
    let boot = LocalResource::new(boot);
    // Not a <Suspense>: one would also catch every resource read further down that is not
    // inside its own, and swap the whole app for the fallback (losing focus and state).
    move || match boot.get() {
        None => view! { <p class="boot" role="status">{t(Key::LoadingApp)}</p> }.into_any(),
        Some(Boot {
            config,
            warning,
            backend,
            auth,
            embedding,
        }) => view! { <Loaded config warning backend auth embedding /> }.into_any(),
    }
}

#[component]
fn Loaded(
    config: Config,
    warning: Option<String>,
    backend: Opened,
    auth: Option<Auth>,
    embedding: (EmbedMode, Option<Host>),
) -> impl IntoView {
    let sign_in = auth.clone().map(provide_sign_in);
    let host_tokens = start_embedding(&config.backend, embedding);
    let api = match backend {
        Opened::Simulated { sim, exercise } => {
            if let Some(exercise) = exercise {
                provide_training(exercise);
            }
            provide_simulation(sim.clone());
            let journal: Rc<dyn Journal> = sim.clone();
            Api::new(
                sim,
                Some(journal),
                remembered_actor().unwrap_or_else(|| DEFAULT_ADMIN.into()),
                true,
            )
        }
        Opened::Graph {
            base_url,
            dev_user,
            auth: settings,
        } => {
            // Development tokens only for graph-server without sign-in: never to a tenant
            // that signs its admins in, nor when the embedding page hands its own over.
            let dev_tokens = settings.is_none() && dev_user.is_some() && host_tokens.is_none();
            let actor = dev_user.unwrap_or_default();
            let tokens = match host_tokens {
                Some(host) => Some(TokenSource::Host(host)),
                None => auth.map(TokenSource::Session),
            };
            let http: Rc<dyn Transport> = Rc::new(crate::api::Http::new(base_url, tokens));
            Api::new(http, None, actor, dev_tokens)
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
    crate::state::provide_portal();
    // Signed out, the Sign in page stands in for the app; signed in (or waiting to sign in
    // again), the app, which a change between those two never rebuilds.
    let signed_out =
        Memo::new(move |_| sign_in.is_some_and(|s| matches!(s.status.get(), AuthStatus::SignedOut { .. })));
    let app = move || {
        let warning = warning.clone();
        view! {
        <Router base=crate::site::base()>
            <HostBridge />
            <Shell warning>
                <Routes fallback=|| view! { <pages::NotFound /> }>
                    <Route path=path!("/") view={Lazy::<pages::lazy::Home>::new()} />
                    <Route path=path!("/users/active") view=pages::ActiveUsers />
                    <Route path=path!("/users/guests") view=pages::GuestUsers />
                    <Route path=path!("/users/deleted") view=pages::DeletedUsers />
                    <Route path=path!("/groups") view={Lazy::<pages::lazy::TeamsGroups>::new()} />
                    <Route path=path!("/billing/licenses") view={Lazy::<pages::lazy::Licenses>::new()} />
                    <Route path=path!("/billing/licenses/:sku") view={Lazy::<pages::lazy::Product>::new()} />
                    <Route path=path!("/entra/licenses/:sku") view={Lazy::<pages::lazy::Product>::new()} />
                    <Route path=path!("/entra/users") view=pages::AllUsers />
                    <Route path=path!("/entra/groups") view={Lazy::<pages::lazy::EntraGroups>::new()} />
                    <Route path=path!("/entra/groups/:id") view={Lazy::<pages::lazy::GroupLicenses>::new()} />
                    <Route path=path!("/entra/licenses") view={Lazy::<pages::lazy::AllProducts>::new()} />
                    <Route path=path!("/activity") view={Lazy::<pages::lazy::ActivityLog>::new()} />
                    <Route path=path!("/azure") view={Lazy::<pages::lazy::PortalHome>::new()} />
                    <Route path=path!("/azure/link") view={Lazy::<pages::lazy::BeforeYouBegin>::new()} />
                    <Route path=path!("/azure/directories") view={Lazy::<pages::lazy::ActiveDirectory>::new()} />
                    <Route path=path!("/azure/directories/use-existing") view={Lazy::<pages::lazy::UseExistingDirectory>::new()} />
                    <Route path=path!("/azure/directories/:id") view={Lazy::<pages::lazy::DirectoryUsersPage>::new()} />
                    <Route path=path!("/azure/directories/:id/users/:address") view={Lazy::<pages::lazy::DirectoryUserPage>::new()} />
                    <Route path=path!("/azure/subscriptions") view={Lazy::<pages::lazy::Subscriptions>::new()} />
                    <Route path=path!("/azure/settings") view={Lazy::<pages::lazy::Settings>::new()} />
                    <Route path=path!("/azure/sign-up") view={Lazy::<pages::lazy::SignUpAzure>::new()} />
                    <Route path=path!("/azure/office-365") view={Lazy::<pages::lazy::BuyOffice365>::new()} />
                    <Route path=path!("/training") view={Lazy::<pages::lazy::TrainingList>::new()} />
                    <Route path=path!("/training/:id") view={Lazy::<pages::lazy::ExercisePage>::new()} />
                </Routes>
            </Shell>
        </Router>
        }
    };
    move || match (signed_out.get(), sign_in) {
        (true, Some(sign_in)) => view! { <SignInPage sign_in /> }.into_any(),
        _ => app().into_any(),
    }
}

/// Sets up embedding: without header and navigation when embedded; and, framed by an
/// allowed page, its messages taken, `tenantDesk.ready` posted, the height reported. Gives
/// the keeper of the page's Graph tokens in Graph mode.
fn start_embedding(backend: &Backend, (mode, host): (EmbedMode, Option<Host>)) -> Option<HostToken> {
    if mode.chromeless() {
        frame::mark_embedded();
    }
    let embed = provide_embed(host.clone(), mode.chromeless())?;
    let host = host?;
    let tokens = matches!(backend, Backend::Graph { .. }).then(|| {
        let asker = host.clone();
        HostToken::new(
            move |reason| asker.post(&Outbound::TokenNeeded { reason }),
            js_sys::Date::now,
        )
    });
    let dispatcher = Dispatcher {
        embed,
        tokens: tokens.clone(),
    };
    host.listen(move |message| dispatcher.dispatch(message));
    host.post(&Outbound::Ready);
    // Kept for the life of the app, which this component is.
    StoredValue::new_local(host.report_height());
    tokens
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
