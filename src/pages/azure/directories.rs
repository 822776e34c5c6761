use crate::components::link::Link;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use tenant::GraphError;
use uuid::Uuid;

use super::use_me;
use crate::components::modal::Modal;
use crate::components::portal_frame::{shown, PortalError, PortalFrame};
use crate::i18n::{number, t, tf, tr, Key};
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
            <button class="button" aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|m| *m = !*m)>{t(Key::AzNew)}</button>
            <Show when=move || menu.get()>
                <ul class="menu" aria-label=t(Key::AzNew)>
                    <li class="menu-group">"Directory"
                        <ul><li><button class="button subtle" on:click=move |_| { menu.set(false); adding.set(true); }>{t(Key::AzCustomCreate)}</button></li></ul>
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
                        <p class="message-bar info" role="status">{move || tf(Key::AzTenantNotListed, &[&org()])}</p>
                    })}
                    <div class="wide-scroll">
                    <table class="table">
                        <caption class="visually-hidden">{t(Key::AzDirectories)}</caption>
                        <thead><tr><th scope="col">{t(Key::Name)}</th><th scope="col">{t(Key::AzDomainName)}</th><th scope="col">{t(Key::AzYourRole)}</th><th scope="col">{t(Key::Users)}</th><th scope="col">"Office 365"</th></tr></thead>
                        <tbody>
                            {m.directories.into_iter().map(|d| view! {
                                <tr>
                                    <th scope="row"><Link href=format!("/azure/directories/{}", d.id)>{d.name.clone()}</Link></th>
                                    <td>{d.domain}</td>
                                    <td>{format!("{} ({})", shown(&d.role), shown(&d.user_type))}</td>
                                    <td>{number(d.user_count as f64)}</td>
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
            error.set(Some(GraphError::bad_request(tr(Key::AzNoServiceAdminSub))));
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
        <Modal title=Signal::derive(|| tr(Key::AzAddDirectory).to_owned()) on_close=on_close>
            <fieldset>
                <legend>"Directory"</legend>
                <label class="radio"><input type="radio" name="directory" prop:checked=move || !existing.get() on:change=move |_| existing.set(false) />{t(Key::AzCreateNewDirectory)}</label>
                <label class="radio"><input type="radio" name="directory" prop:checked=move || existing.get() on:change=move |_| existing.set(true) />{t(Key::UseExistingDirectory)}</label>
            </fieldset>
            {move || me.get().and_then(|r| r.ok()).map(|m| {
                let mine: Vec<_> = m.subscriptions.into_iter().filter(|s| s.access == "Service administrator").collect();
                (mine.len() > 1).then(|| view! {
                    <label class="field"><span>{t(Key::AzForTheSubscription)}</span>
                        <select on:change:target=move |ev| sub.set(Uuid::parse_str(&ev.target().value()).ok())>
                            {mine.into_iter().map(|s| view! { <option value=s.id.to_string()>{s.name}</option> }).collect_view()}
                        </select>
                    </label>
                })
            })}
            <Show when=move || existing.get() fallback=|| view! {
                <p class="message-bar info">{t(Key::AzCreateNotPart)}</p>
            }>
                <p>{t(Key::AzWillBeSignedOut)}</p>
                <label><input type="checkbox" prop:checked=move || ready.get() on:change:target=move |ev| ready.set(ev.target().checked()) />{t(Key::AzReadyToSignOut)}</label>
            </Show>
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions">
                <button class="button primary" prop:disabled=move || !existing.get() || !ready.get() || busy.get() on:click=complete>{t(Key::AzComplete)}</button>
                <button class="button" on:click=move |_| on_close.run(())>{t(Key::AzCancel)}</button>
            </div>
        </Modal>
    }
}
