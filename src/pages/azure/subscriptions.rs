use leptos::prelude::*;
use tenant::azure::world::AccountKind;
use uuid::Uuid;

use super::use_me;
use crate::components::portal_frame::{shown, PortalError, PortalFrame};
use crate::i18n::{t, Key};
use crate::state::use_portal;

/// **SUBSCRIPTIONS**, filtered by directory (seed 002: for a user of several directories),
/// and whether the account signed in also signs in to Power BI.
#[component]
pub fn Subscriptions() -> impl IntoView {
    view! {
        <PortalFrame title=Key::Subscriptions>
            <List />
        </PortalFrame>
    }
}

#[component]
fn List() -> impl IntoView {
    let me = use_me();
    let portal = use_portal();
    let filter = RwSignal::new(None::<Uuid>);
    view! {
        {move || portal.account().map(|a| match a.kind {
            AccountKind::Work => view! { <p class="message-bar success" role="status">{t(Key::AzOrgAccountSignedIn)}</p> }.into_any(),
            AccountKind::Microsoft => view! { <p class="message-bar info" role="status">{t(Key::AzMsAccountSignedIn)}</p> }.into_any(),
        })}
        {move || me.get().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(m) => {
                let dirs = m.directories.clone();
                let none = m.subscriptions.is_empty();
                view! {
                    <label class="field">
                        <span>{t(Key::AzFilterByDirectory)}</span>
                        <select on:change:target=move |ev| filter.set(Uuid::parse_str(&ev.target().value()).ok())>
                            <option value="">{t(Key::AzAllDirectories)}</option>
                            {dirs.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <div class="wide-scroll">
                    <table class="table">
                        <caption class="visually-hidden">{t(Key::Subscriptions)}</caption>
                        <thead><tr><th scope="col">{t(Key::AzSubscription)}</th><th scope="col">{t(Key::AzSubscriptionId)}</th><th scope="col">"Directory"</th><th scope="col">{t(Key::AzYourAccess)}</th></tr></thead>
                        <tbody>
                            {move || {
                                let f = filter.get();
                                m.subscriptions.iter().filter(|s| f.is_none_or(|d| d == s.directory_id)).map(|s| view! {
                                    <tr>
                                        <th scope="row">{s.name.clone()}</th>
                                        <td>{s.id.to_string()}</td>
                                        <td>{s.directory_name.clone()}</td>
                                        <td>{shown(&s.access)}</td>
                                    </tr>
                                }).collect_view()
                            }}
                        </tbody>
                    </table></div>
                    {none.then(|| view! { <p role="status">{t(Key::AzNoSubscriptions)}</p> })}
                }.into_any()
            }
        })}
    }
}
