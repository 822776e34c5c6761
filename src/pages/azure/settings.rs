use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::administrators::Administrators;
use super::edit_directory::{EditDirectory, Transfer};
use super::use_me;
use crate::api::portal::SubscriptionRow;
use crate::components::portal_frame::{shown, PortalError, PortalFrame};
use crate::i18n::{t, tf, Key};

/// **SETTINGS**: the subscriptions with **Edit directory** (seed 000, step 2) and
/// **Transfer**, and **ADMINISTRATORS** with **Add** (step 3, seed 002).
#[component]
pub fn Settings() -> impl IntoView {
    let query = use_query_map();
    let admins = Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("administrators")));
    view! {
        <PortalFrame title=Key::Settings>
            <nav class="tabs" aria-label=t(Key::Settings)>
                <a href=crate::site::url("/azure/settings") aria-current=move || (!admins.get()).then_some("page")>{t(Key::Subscriptions)}</a>
                <a href=crate::site::url("/azure/settings?tab=administrators") aria-current=move || admins.get().then_some("page")>{t(Key::AzAdministrators)}</a>
            </nav>
            {move || if admins.get() { view! { <Administrators /> }.into_any() } else { view! { <SubscriptionsTab /> }.into_any() }}
        </PortalFrame>
    }
}

#[component]
fn SubscriptionsTab() -> impl IntoView {
    let me = use_me();
    let editing = RwSignal::new(None::<SubscriptionRow>);
    let transferring = RwSignal::new(None::<SubscriptionRow>);
    view! {
        {move || me.get().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(m) => view! {
                <div class="wide-scroll">
                <table class="table">
                    <caption class="visually-hidden">{t(Key::Subscriptions)}</caption>
                    <thead><tr><th scope="col">{t(Key::AzSubscription)}</th><th scope="col">"Directory"</th><th scope="col">{t(Key::AzServiceAdministrator)}</th><th scope="col">{t(Key::AzYourAccess)}</th><th scope="col">{t(Key::AzActions)}</th></tr></thead>
                    <tbody>
                        {m.subscriptions.into_iter().map(|s| {
                            let (ed, tx) = (s.clone(), s.clone());
                            view! {
                                <tr>
                                    <th scope="row">{s.name.clone()}</th>
                                    <td>{s.directory_name.clone()}</td>
                                    <td>{s.service_admin.address.clone()}</td>
                                    <td>{shown(&s.access)}</td>
                                    <td>
                                        <button class="button" aria-label=tf(Key::AzEditDirectoryOf, &[&s.name]) on:click=move |_| editing.set(Some(ed.clone()))>{t(Key::AzEditDirectory)}</button>
                                        " "
                                        <button class="button subtle" aria-label=tf(Key::AzTransferName, &[&s.name]) on:click=move |_| transferring.set(Some(tx.clone()))>{t(Key::AzTransfer)}</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="hint">{t(Key::AzChangeDirectoryHint)}</p>
            }.into_any(),
        })}
        {move || editing.get().map(|s| view! { <EditDirectory sub=s on_close=move || editing.set(None) /> })}
        {move || transferring.get().map(|s| view! { <Transfer sub=s on_close=move || transferring.set(None) /> })}
    }
}
