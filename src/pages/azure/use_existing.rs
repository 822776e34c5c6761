use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use tenant::GraphError;

use super::use_me;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::Key;
use crate::state::{use_api, use_portal};

/// Seed 000, step 1, steps 5 to 7: signed in as a Global admin of the directory to use,
/// **Continue** lets the service administrator who asked use it; **Sign out now** hands the
/// portal back to them.
#[component]
pub fn UseExistingDirectory() -> impl IntoView {
    view! {
        <PortalFrame title=Key::UseExistingDirectory prompt="You were signed out. Sign in with the credentials of a Global admin of the directory you want to use (for the Office 365 tenant: its Global admin).">
            <Approve />
        </PortalFrame>
    }
}

#[component]
fn Approve() -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let me = use_me();
    let navigate = use_navigate();
    let done = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<GraphError>);
    let sign_out = move |_| {
        portal.sign_out();
        navigate("/azure/directories", Default::default());
    };
    view! {
        {move || match done.get() {
            Some(name) => view! {
                <p class="message-bar success" role="status">{format!("The {name} directory can now be used with Azure. Sign out, and sign in again as the service administrator: the directory is listed in ACTIVE DIRECTORY.")}</p>
            }.into_any(),
            None => view! {
                {move || me.get().map(|r| match r {
                    Err(e) => view! { <PortalError error=e /> }.into_any(),
                    Ok(m) if m.pending_links.is_empty() => view! { <p role="status">"No one is waiting to use a directory."</p> }.into_any(),
                    Ok(m) => m.pending_links.into_iter().map(|l| {
                        let asker = l.requested_by.address.clone();
                        let cont = move |_| {
                            let Some(who) = portal.account_untracked() else { return };
                            spawn_local(async move {
                                match api.approve_link(&who, l.id).await {
                                    Ok(name) => done.set(Some(name)),
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        };
                        view! {
                            <section class="card" aria-label=format!("Request from {asker}")>
                                <p>{format!("{asker} wants to use your directory with their Azure subscription. They'll be added to it as a guest, and its users can then be given access to the subscription.")}</p>
                                <button class="button primary" on:click=cont>"Continue"</button>
                            </section>
                        }
                    }).collect_view().into_any(),
                })}
            }.into_any(),
        }}
        {move || error.get().map(|e| view! { <PortalError error=e /> })}
        <div class="dialog-actions"><button class="button" on:click=sign_out>"Sign out now"</button></div>
    }
}
