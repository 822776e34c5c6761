use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use tenant::GraphError;

use super::use_me;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::{t, tf, Key};
use crate::state::{use_api, use_portal};

/// Seed 000, step 1, steps 5 to 7: signed in as a Global admin of the directory to use,
/// **Continue** lets the service administrator who asked use it; **Sign out now** hands the
/// portal back to them.
#[component]
pub fn UseExistingDirectory() -> impl IntoView {
    view! {
        <PortalFrame title=Key::UseExistingDirectory prompt=Key::AzUseExistingPrompt>
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
                <p class="message-bar success" role="status">{move || tf(Key::AzCanNowBeUsed, &[&name])}</p>
            }.into_any(),
            None => view! {
                {move || me.get().map(|r| match r {
                    Err(e) => view! { <PortalError error=e /> }.into_any(),
                    Ok(m) if m.pending_links.is_empty() => view! { <p role="status">{t(Key::AzNoOneWaiting)}</p> }.into_any(),
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
                            <section class="card" aria-label=tf(Key::AzRequestFrom, &[&asker])>
                                <p>{tf(Key::AzWantsToUse, &[&asker])}</p>
                                <button class="button primary" on:click=cont>{t(Key::AzContinue)}</button>
                            </section>
                        }
                    }).collect_view().into_any(),
                })}
            }.into_any(),
        }}
        {move || error.get().map(|e| view! { <PortalError error=e /> })}
        <div class="dialog-actions"><button class="button" on:click=sign_out>{t(Key::AzSignOutNow)}</button></div>
    }
}
