use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::administrators::Administrators;
use super::edit_directory::{EditDirectory, Transfer};
use super::use_me;
use crate::api::portal::SubscriptionRow;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::Key;

/// **SETTINGS**: the subscriptions with **Edit directory** (seed 000, step 2) and
/// **Transfer**, and **ADMINISTRATORS** with **Add** (step 3, seed 002).
#[component]
pub fn Settings() -> impl IntoView {
    let query = use_query_map();
    let admins = Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("administrators")));
    view! {
        <PortalFrame title=Key::Settings>
            <nav class="tabs" aria-label="Settings">
                <a href="/azure/settings" aria-current=move || (!admins.get()).then_some("page")>"Subscriptions"</a>
                <a href="/azure/settings?tab=administrators" aria-current=move || admins.get().then_some("page")>"Administrators"</a>
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
                    <caption class="visually-hidden">"Subscriptions"</caption>
                    <thead><tr><th scope="col">"Subscription"</th><th scope="col">"Directory"</th><th scope="col">"Service administrator"</th><th scope="col">"Your access"</th><th scope="col">"Actions"</th></tr></thead>
                    <tbody>
                        {m.subscriptions.into_iter().map(|s| {
                            let (e, t) = (s.clone(), s.clone());
                            view! {
                                <tr>
                                    <th scope="row">{s.name.clone()}</th>
                                    <td>{s.directory_name.clone()}</td>
                                    <td>{s.service_admin.address.clone()}</td>
                                    <td>{s.access.clone()}</td>
                                    <td>
                                        <button class="button" aria-label=format!("Edit directory of {}", s.name) on:click=move |_| editing.set(Some(e.clone()))>"Edit directory"</button>
                                        " "
                                        <button class="button subtle" aria-label=format!("Transfer {}", s.name) on:click=move |_| transferring.set(Some(t.clone()))>"Transfer"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="hint">"Today's Azure portal: Subscriptions > the subscription > Change directory."</p>
            }.into_any(),
        })}
        {move || editing.get().map(|s| view! { <EditDirectory sub=s on_close=move || editing.set(None) /> })}
        {move || transferring.get().map(|s| view! { <Transfer sub=s on_close=move || transferring.set(None) /> })}
    }
}
