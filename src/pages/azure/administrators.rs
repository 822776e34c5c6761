use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::GraphError;
use uuid::Uuid;

use super::use_me;
use crate::api::portal::SubscriptionRow;
use crate::components::modal::Modal;
use crate::components::portal_frame::PortalError;
use crate::i18n::{t, tf, tr, Key};
use crate::state::{use_api, use_portal};

/// **ADMINISTRATORS**: the service administrator and co-administrators of each
/// subscription, **Add** (seed 000 step 3, seed 002) and **Change service administrator**.
#[component]
pub fn Administrators() -> impl IntoView {
    let me = use_me();
    let adding = RwSignal::new(false);
    let changing = RwSignal::new(None::<SubscriptionRow>);
    view! {
        <div class="toolbar"><button class="button primary" on:click=move |_| adding.set(true)>{t(Key::AzAdd)}</button></div>
        {move || me.get().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(m) => view! {
                <div class="wide-scroll">
                <table class="table">
                    <caption class="visually-hidden">{t(Key::AzAdministrators)}</caption>
                    <thead><tr><th scope="col">{t(Key::AzAdministrator)}</th><th scope="col">{t(Key::AzRole)}</th><th scope="col">{t(Key::AzSubscription)}</th><th scope="col">{t(Key::AzActions)}</th></tr></thead>
                    <tbody>
                        {m.subscriptions.into_iter().flat_map(|s| {
                            let sa = s.clone();
                            let mine = s.access == "Service administrator";
                            let mut rows = vec![view! {
                                <tr>
                                    <th scope="row">{s.service_admin.address.clone()}</th><td>{t(Key::AzServiceAdministrator)}</td><td>{s.name.clone()}</td>
                                    <td>{mine.then(|| view! { <button class="button subtle" aria-label=tf(Key::AzChangeServiceAdminOf, &[&s.name]) on:click=move |_| changing.set(Some(sa.clone()))>{t(Key::AzChangeServiceAdmin)}</button> })}</td>
                                </tr>
                            }.into_any()];
                            rows.extend(s.co_admins.iter().map(|c| view! {
                                <tr><th scope="row">{c.address.clone()}</th><td>{t(Key::AzCoAdministrator)}</td><td>{s.name.clone()}</td><td></td></tr>
                            }.into_any()));
                            rows
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="hint">{t(Key::AzIamHint)}</p>
            }.into_any(),
        })}
        <Show when=move || adding.get()><AddAdministrator on_close=move || adding.set(false) /></Show>
        {move || changing.get().map(|s| view! { <ChangeServiceAdmin sub=s on_close=move || changing.set(None) /> })}
    }
}

/// **Add a co-administrator**: the address, the subscriptions to give it, the check mark.
#[component]
fn AddAdministrator(#[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let me = use_me();
    let address = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let error = RwSignal::new(None::<GraphError>);
    let done = RwSignal::new(None::<String>);
    let confirm = move |_| {
        let Some(who) = portal.account_untracked() else { return };
        let (a, subs) = (address.get_untracked(), chosen.get_untracked());
        spawn_local(async move {
            match api.add_co_admin(&who, a.trim(), &subs).await {
                Ok(added) => done.set(Some(added.address)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Modal title=Signal::derive(|| tr(Key::AzAddCoAdmin).to_owned()) on_close=on_close>
            <Show when=move || done.get().is_none() fallback=move || view! { <p class="message-bar success" role="status">{move || done.get().map(|a| tf(Key::AzNowCoAdmin, &[&a]))}</p> }>
                <label class="field"><span>{t(Key::AzEmailAddress)}</span>
                    <input type="email" prop:value=move || address.get() on:input:target=move |ev| address.set(ev.target().value()) />
                </label>
                <fieldset>
                    <legend>{t(Key::AzSubscription)}</legend>
                    {move || me.get().and_then(|r| r.ok()).map(|m| m.subscriptions.into_iter().filter(|s| s.access == "Service administrator" || s.access == "Co-administrator").map(|s| {
                        let id = s.id;
                        view! {
                            <label><input type="checkbox" on:change:target=move |ev| {
                                let on = ev.target().checked();
                                chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                            } />{s.name}</label>
                        }
                    }).collect_view())}
                </fieldset>
                <div class="dialog-actions"><button class="button primary" aria-label=t(Key::Ok) on:click=confirm>"✓"</button></div>
            </Show>
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions"><button class="button" on:click=move |_| on_close.run(())>{t(Key::AzClose)}</button></div>
        </Modal>
    }
}

/// **Change service administrator**, to another account of one kind only.
#[component]
fn ChangeServiceAdmin(sub: SubscriptionRow, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(None::<GraphError>);
    let done = RwSignal::new(false);
    let id = sub.id;
    let sub_name = sub.name.clone();
    let save = move |_| {
        let Some(who) = portal.account_untracked() else { return };
        let a = address.get_untracked();
        spawn_local(async move {
            match api.change_service_admin(&who, id, a.trim()).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Modal title=Signal::derive(move || tf(Key::AzChangeServiceAdminOf, &[&sub_name])) on_close=on_close>
            <Show when=move || !done.get() fallback=|| view! { <p class="message-bar success" role="status">{t(Key::AzServiceAdminChanged)}</p> }>
                <label class="field"><span>{t(Key::AzNewServiceAdminEmail)}</span>
                    <input type="email" prop:value=move || address.get() on:input:target=move |ev| address.set(ev.target().value()) />
                </label>
                <div class="dialog-actions"><button class="button primary" prop:disabled=move || address.get().trim().is_empty() on:click=save>{t(Key::AzSave)}</button></div>
            </Show>
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions"><button class="button" on:click=move |_| on_close.run(())>{t(Key::AzClose)}</button></div>
        </Modal>
    }
}
