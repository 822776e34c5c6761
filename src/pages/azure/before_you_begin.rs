use crate::components::link::Link;
use leptos::prelude::*;
use uuid::Uuid;

use super::use_me;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::{engine_words, locale, t, Key};
use crate::state::{use_api, use_portal};

/// Seed 000, **Before you begin**: every prerequisite of linking the Office 365 tenant to
/// the chosen subscription, checked for the account signed in; a failing one stops the
/// procedure with its reason and fix.
#[component]
pub fn BeforeYouBegin() -> impl IntoView {
    view! {
        <PortalFrame title=Key::LinkO365Title prompt=Key::AzLinkPrompt>
            <Checks />
        </PortalFrame>
    }
}

#[component]
fn Checks() -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let me = use_me();
    let chosen = RwSignal::new(None::<Uuid>);
    let checks = LocalResource::new(move || {
        api.revision();
        let who = portal.account();
        let sub = chosen.get().or_else(|| {
            me.get()
                .and_then(|r| r.ok())
                .and_then(|m| m.subscriptions.first().map(|s| s.id))
        });
        async move {
            match (who, sub) {
                (Some(who), Some(sub)) => Some(api.link_checks(sub, &who).await),
                _ => None,
            }
        }
    });
    view! {
        <p>{t(Key::AzLinkIntro)}</p>
        <p class="message-bar info">{t(Key::AzTransferAdvice)}<Link href="/azure/settings">{t(Key::AzSettingsTransfer)}</Link></p>
        {move || me.get().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(m) if m.subscriptions.is_empty() => view! { <p class="message-bar warning" role="status">{t(Key::AzNoSubscription)}</p> }.into_any(),
            Ok(m) => view! {
                <label class="field">
                    <span>{t(Key::AzAzureSubscription)}</span>
                    <select on:change:target=move |ev| chosen.set(Uuid::parse_str(&ev.target().value()).ok())>
                        {m.subscriptions.into_iter().map(|s| {
                            let selected = chosen.get_untracked() == Some(s.id);
                            view! { <option value=s.id.to_string() selected=selected>{format!("{} ({})", s.name, s.directory_name)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }.into_any(),
        })}
        <h2>{t(Key::AzBeforeYouBegin)}</h2>
        {move || checks.get().flatten().map(|r| match r {
            Err(e) => view! { <PortalError error=e /> }.into_any(),
            Ok(list) => {
                let ready = list.iter().all(|c| c.passed);
                view! {
                    <ul class="checks" aria-label=t(Key::AzPrerequisites)>
                        {list.into_iter().map(|c| {
                            let finding = c.finding.clone();
                            let words = Memo::new(move |_| engine_words::finding(locale(), &finding));
                            view! {
                                <li class:passed=c.passed class:failed=!c.passed data-check=format!("{:?}", c.id)>
                                    <span class="check-mark" aria-hidden="true">{if c.passed { "✓" } else { "✗" }}</span>
                                    <span class="visually-hidden">{t(if c.passed { Key::AzMet } else { Key::AzNotMet })}</span>
                                    <span>{move || words.get().0}</span>
                                    {move || words.get().1.map(|f| view! { <p class="fix">{f}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {if ready {
                        view! { <p class="message-bar success" role="status">{t(Key::AzAllMet)}<Link href="/azure/directories">{t(Key::AzStep1Link)}</Link></p> }.into_any()
                    } else {
                        view! { <p class="message-bar error" role="alert">{t(Key::AzFixPrerequisites)}</p> }.into_any()
                    }}
                }.into_any()
            }
        })}
    }
}
