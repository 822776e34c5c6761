use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use tenant::GraphError;
use uuid::Uuid;

use super::use_me;
use crate::components::modal::Modal;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::Key;
use crate::state::{use_api, use_portal, use_session};

/// **ACTIVE DIRECTORY**: the directories the signed-in account is a user of, and
/// **New > Directory > Custom create** to add one (seed 000, step 1).
#[component]
pub fn ActiveDirectory() -> impl IntoView {
    view! {
        <PortalFrame title=Key::ActiveDirectory>
            <Directories />
        </PortalFrame>
    }
}

#[component]
fn Directories() -> impl IntoView {
    let me = use_me();
    let session = use_session();
    let adding = RwSignal::new(false);
    let menu = RwSignal::new(false);
    let org = move || {
        session
            .org
            .get()
            .and_then(|r| r.ok())
            .map(|o| o.display_name)
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar portal-new">
            <button class="button" aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|m| *m = !*m)>"New"</button>
            <Show when=move || menu.get()>
                <ul class="menu" aria-label="New">
                    <li class="menu-group">"Directory"
                        <ul><li><button class="button subtle" on:click=move |_| { menu.set(false); adding.set(true); }>"Custom create"</button></li></ul>
                    </li>
                </ul>
            </Show>
        </div>
        {move || me.get().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(m) => {
                let has_home = m.directories.iter().any(|d| d.home);
                view! {
                    {(!has_home).then(|| view! {
                        <p class="message-bar info" role="status">{format!("The {} Office 365 tenant isn't listed. Add it: New > Directory > Custom create, then Use existing directory.", org())}</p>
                    })}
                    <div class="wide-scroll">
                    <table class="table">
                        <caption class="visually-hidden">"Directories"</caption>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Domain name"</th><th scope="col">"Your role"</th><th scope="col">"Users"</th><th scope="col">"Office 365"</th></tr></thead>
                        <tbody>
                            {m.directories.into_iter().map(|d| view! {
                                <tr>
                                    <th scope="row"><A href=format!("/azure/directories/{}", d.id)>{d.name.clone()}</A></th>
                                    <td>{d.domain}</td>
                                    <td>{format!("{} ({})", d.role, d.user_type)}</td>
                                    <td>{d.user_count}</td>
                                    <td>{d.office365.iter().map(|o| format!("{} ({})", o.name, o.seats)).collect::<Vec<_>>().join(", ")}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }
        })}
        <Show when=move || adding.get()>
            <AddDirectory on_close=move || adding.set(false) />
        </Show>
    }
}

/// **Add directory**: **Use existing directory**, **I am ready to be signed out**,
/// **Complete**; then the portal signs out for a Global admin of that directory to sign in.
#[component]
fn AddDirectory(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let me = use_me();
    let navigate = use_navigate();
    let existing = RwSignal::new(true);
    let ready = RwSignal::new(false);
    let sub = RwSignal::new(None::<Uuid>);
    let error = RwSignal::new(None::<GraphError>);
    let busy = RwSignal::new(false);
    let first_sub = move || {
        me.get().and_then(|r| r.ok()).and_then(|m| {
            m.subscriptions
                .into_iter()
                .find(|s| s.access == "Service administrator")
                .map(|s| s.id)
        })
    };
    let complete = move |_| {
        let (Some(who), Some(s)) = (portal.account_untracked(), sub.get_untracked().or_else(first_sub)) else {
            error.set(Some(GraphError::bad_request("This account is the service administrator of no subscription. Sign in with the subscription's service administrator.")));
            return;
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api.request_link(&who, s).await {
                Ok(()) => {
                    portal.sign_out();
                    navigate("/azure/directories/use-existing", Default::default());
                }
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <Modal title="Add directory" on_close=on_close>
            <fieldset>
                <legend>"Directory"</legend>
                <label class="radio"><input type="radio" name="directory" prop:checked=move || !existing.get() on:change=move |_| existing.set(false) />"Create new directory"</label>
                <label class="radio"><input type="radio" name="directory" prop:checked=move || existing.get() on:change=move |_| existing.set(true) />"Use existing directory"</label>
            </fieldset>
            {move || me.get().and_then(|r| r.ok()).map(|m| {
                let mine: Vec<_> = m.subscriptions.into_iter().filter(|s| s.access == "Service administrator").collect();
                (mine.len() > 1).then(|| view! {
                    <label class="field"><span>"For the subscription"</span>
                        <select on:change:target=move |ev| sub.set(Uuid::parse_str(&ev.target().value()).ok())>
                            {mine.into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
                        </select>
                    </label>
                })
            })}
            <Show when=move || existing.get() fallback=|| view! {
                <p class="message-bar info">"Creating a new directory isn't part of these procedures. Choose Use existing directory to add the Office 365 tenant."</p>
            }>
                <p>"You'll be signed out. Sign in again with the credentials of a Global admin of the directory you want to use."</p>
                <label><input type="checkbox" prop:checked=move || ready.get() on:change:target=move |ev| ready.set(ev.target().checked()) />"I am ready to be signed out"</label>
            </Show>
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions">
                <button class="button primary" prop:disabled=move || !existing.get() || !ready.get() || busy.get() on:click=complete>"Complete"</button>
                <button class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        </Modal>
    }
}
