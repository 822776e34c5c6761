use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::azure::rules::AccessLost;
use tenant::GraphError;
use uuid::Uuid;

use super::use_me;
use crate::api::portal::SubscriptionRow;
use crate::components::modal::Modal;
use crate::components::portal_frame::PortalError;
use crate::i18n::{t, tf, Key};
use crate::state::{use_api, use_portal};

/// Who will lose access: every co-administrator **and** every account with a role on a
/// resource group, both listed (the classic portal's own warning named the first only).
#[component]
fn Review(lost: AccessLost, heading: Key) -> impl IntoView {
    let none = lost.co_admins.is_empty() && lost.resource_groups.is_empty();
    view! {
        <section aria-label=t(heading)>
            <h3>{t(heading)}</h3>
            {none.then(|| view! { <p>{t(Key::AzNoOneLoses)}</p> })}
            {(!lost.co_admins.is_empty()).then(|| view! {
                <h4>{t(Key::AzCoAdminsRemoved)}</h4>
                <ul aria-label=t(Key::AzCoAdminsRemoved)>{lost.co_admins.iter().map(|a| view! { <li>{a.address.clone()}</li> }).collect_view()}</ul>
            })}
            {(!lost.resource_groups.is_empty()).then(|| view! {
                <h4>{t(Key::AzRbacRemoved)}</h4>
                <ul aria-label=t(Key::AzRgAccessRemoved)>{lost.resource_groups.iter().map(|r| {
                    let (who, role, group) = (r.account.address.clone(), r.role.clone(), r.group.clone());
                    view! { <li>{move || tf(Key::AzRoleOnGroup, &[&who, &role, &group])}</li> }
                }).collect_view()}</ul>
            })}
            <p class="message-bar warning">{t(Key::AzClassicWarning)}</p>
        </section>
    }
}

/// **Edit directory**: choose the directory, **Next**, review who loses access,
/// **Complete** (seed 000, step 2).
#[component]
pub fn EditDirectory(sub: SubscriptionRow, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let me = use_me();
    let target = RwSignal::new(None::<Uuid>);
    let review = RwSignal::new(None::<AccessLost>);
    let error = RwSignal::new(None::<GraphError>);
    let done = RwSignal::new(None::<()>);
    let id = sub.id;
    let current = sub.directory_id;
    let next = move |_| {
        spawn_local(async move {
            match api.access_lost(id).await {
                Ok(l) => review.set(Some(l)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let complete = move |_| {
        let (Some(who), Some(dir)) = (portal.account_untracked(), target.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            match api.change_directory(&who, id, dir).await {
                Ok(_) => done.set(Some(())),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let name = sub.name.clone();
    view! {
        <Modal title=Signal::derive(move || tf(Key::AzChangeDirectoryOf, &[&name])) on_close=on_close wide=true>
            {move || match (done.get(), review.get()) {
                (Some(()), _) => view! { <p class="message-bar success" role="status">{t(Key::AzNowInDirectory)}</p> }.into_any(),
                (None, None) => view! {
                    <label class="field"><span>"Directory"</span>
                        <select on:change:target=move |ev| target.set(Uuid::parse_str(&ev.target().value()).ok())>
                            <option value="">{t(Key::AzChooseDirectory)}</option>
                            {move || me.get().and_then(|r| r.ok()).map(|m| m.directories.into_iter().filter(|d| d.id != current).map(|d| view! {
                                <option value=d.id.to_string()>{format!("{} ({})", d.name, d.domain)}</option>
                            }).collect_view())}
                        </select>
                    </label>
                    <div class="dialog-actions">
                        <button class="button primary" prop:disabled=move || target.get().is_none() on:click=next>{t(Key::Next)}</button>
                    </div>
                }.into_any(),
                (None, Some(lost)) => view! {
                    <Review lost heading=Key::AzReviewAffected />
                    <div class="dialog-actions"><button class="button primary" on:click=complete>{t(Key::AzComplete)}</button></div>
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions"><button class="button" on:click=move |_| on_close.run(())>{t(Key::AzClose)}</button></div>
        </Modal>
    }
}

/// **Transfer subscription**: the recommended alternative when the subscription was made
/// with a Microsoft account and should be the Office 365 account's.
#[component]
pub fn Transfer(sub: SubscriptionRow, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let to = RwSignal::new(String::new());
    let lost = LocalResource::new(move || async move { api.access_lost(sub.id).await });
    let error = RwSignal::new(None::<GraphError>);
    let done = RwSignal::new(false);
    let id = sub.id;
    let sub_name = sub.name.clone();
    let transfer = move |_| {
        let Some(who) = portal.account_untracked() else { return };
        let address = to.get_untracked();
        spawn_local(async move {
            match api.transfer(&who, id, address.trim()).await {
                Ok(_) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Modal title=Signal::derive(move || tf(Key::AzTransferName, &[&sub_name])) on_close=on_close wide=true>
            <Show when=move || !done.get() fallback=|| view! { <p class="message-bar success" role="status">{t(Key::AzTransferred)}</p> }>
                <label class="field"><span>{t(Key::AzRecipientAccount)}</span>
                    <input type="email" prop:value=move || to.get() on:input:target=move |ev| to.set(ev.target().value()) />
                </label>
                {move || lost.get().and_then(|r| r.ok()).map(|l| view! { <Review lost=l heading=Key::AzWhoLoses /> })}
                <div class="dialog-actions"><button class="button primary" prop:disabled=move || to.get().trim().is_empty() on:click=transfer>{t(Key::AzTransfer)}</button></div>
            </Show>
            {move || error.get().map(|e| view! { <PortalError error=e /> })}
            <div class="dialog-actions"><button class="button" on:click=move |_| on_close.run(())>{t(Key::AzClose)}</button></div>
        </Modal>
    }
}
