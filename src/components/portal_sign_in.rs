//! The simulated Azure portal's sign-in: an address, then which account when the address
//! is two (as Microsoft's sign-in page asks), with the simulation's accounts listed so a
//! trainee knows who to be. No password: the simulation signs in by address alone.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tenant::azure::world::{Account, AccountKind};

use crate::components::portal_frame::shown;
use crate::i18n::{t, tr, Key};
use crate::state::{use_api, use_portal};

/// The sign-in form. `prompt` says whose credentials the step needs; `only` limits it to
/// one kind of account (**Sign in with your organizational account**).
#[component]
pub fn PortalSignIn(
    /// Whose credentials are needed, in the seed's words.
    prompt: Key,
    /// Only this kind of account.
    #[prop(optional)]
    only: Option<AccountKind>,
    /// Called once signed in.
    #[prop(optional, into)]
    on_signed_in: Option<Callback<Account>>,
) -> impl IntoView {
    let api = use_api();
    let portal = use_portal();
    let address = RwSignal::new(String::new());
    // A message of the engine, or one of the app's texts (translated when shown).
    let error = RwSignal::new(None::<Result<Key, String>>);
    let choose = RwSignal::new(false);
    let known = LocalResource::new(move || async move { api.portal_accounts("").await.map(|a| a.known) });
    let finish = move |account: Account| {
        portal.sign_in(account.clone());
        if let Some(cb) = on_signed_in {
            cb.run(account);
        }
    };
    let next = move || {
        let typed = address.get_untracked().trim().to_owned();
        if !tenant::is_email(&typed) {
            error.set(Some(Ok(Key::AzEnterValidEmail)));
            return;
        }
        spawn_local(async move {
            match api.portal_accounts(&typed).await {
                Err(e) => error.set(Some(Err(e.message))),
                Ok(found) => {
                    let kinds: Vec<AccountKind> = found
                        .kinds
                        .into_iter()
                        .filter(|k| only.is_none_or(|o| o == *k))
                        .collect();
                    match kinds.as_slice() {
                        [] => error.set(Some(Ok(match only {
                            Some(AccountKind::Work) => Key::AzNoWorkAccount,
                            _ => Key::AzNoAccount,
                        }))),
                        [one] => finish(Account {
                            address: typed,
                            kind: *one,
                        }),
                        _ => {
                            error.set(None);
                            choose.set(true);
                        }
                    }
                }
            }
        });
    };
    let pick = move |kind: AccountKind| {
        finish(Account {
            address: address.get_untracked().trim().to_owned(),
            kind,
        })
    };
    view! {
        <section class="portal-sign-in" aria-labelledby="portal-sign-in-title">
            <h2 id="portal-sign-in-title">{t(Key::AzSignIn)}</h2>
            <p>{t(prompt)}</p>
            <form on:submit=move |ev| { ev.prevent_default(); next(); }>
                <label class="field">
                    <span>{t(Key::AzEmailAddress)}</span>
                    <input type="email" autocomplete="username" prop:value=move || address.get()
                        on:input:target=move |ev| { address.set(ev.target().value()); choose.set(false); } />
                </label>
                {move || error.get().map(|e| view! { <p class="message-bar error" role="alert">{match e { Ok(k) => tr(k).to_owned(), Err(m) => m }}</p> })}
                <button class="button primary" type="submit">{t(Key::Next)}</button>
            </form>
            <Show when=move || choose.get()>
                <div class="choice" role="group" aria-labelledby="portal-choose">
                    <p id="portal-choose">{t(Key::AzWhichAccount)}</p>
                    <button class="button" on:click=move |_| pick(AccountKind::Work)>{t(Key::AzWorkOrSchoolAccount)}</button>
                    <button class="button" on:click=move |_| pick(AccountKind::Microsoft)>{t(Key::AzPersonalAccount)}</button>
                </div>
            </Show>
            <details class="known-accounts">
                <summary>{t(Key::AzAccountsInSimulation)}</summary>
                <ul>
                    {move || known.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|k| {
                        let a = k.address.clone();
                        let what = match (&k.role, k.kind) {
                            (Some(role), _) => format!("{} ({}, {})", k.display_name, shown(k.kind.label()), shown(role)),
                            (None, kind) => format!("{} ({})", k.display_name, shown(kind.label())),
                        };
                        view! {
                            <li>
                                <button class="link" type="button" on:click=move |_| address.set(a.clone())>{k.address.clone()}</button>
                                " " {what}
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </details>
        </section>
    }
}
