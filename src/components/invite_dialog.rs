//! **Invite guest user**: `POST /invitations`, with a clear error for a bad address or an
//! address already in the tenant; what was typed stays when it fails.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::deferred::NotLoaded;
use crate::components::error_box::ErrorBox;
use crate::components::modal::Modal;
use crate::i18n::{t, tr, Key};
use crate::state::use_api;

/// The invitation dialog.
#[component]
pub fn InviteDialog(
    /// Closes the dialog; `Some(name)` after a guest was invited.
    #[prop(into)]
    on_close: Callback<Option<String>>,
) -> impl IntoView {
    let api = use_api();
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<tenant::GraphError>);
    let local_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        if !tenant::is_email(&address) {
            local_error.set(Some(tr(Key::RsEnterValidEmail).into()));
            return;
        }
        local_error.set(None);
        error.set(None);
        busy.set(true);
        let display = name.get_untracked();
        spawn_local(async move {
            let result = api.invite(&address, &display).await;
            let _ = busy.try_set(false);
            match result {
                Ok(inv) => {
                    let _ = on_close.try_run(Some(inv.invited_user_display_name.unwrap_or(address)));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <Modal title=Signal::derive(move || tr(Key::InviteGuestUser).to_owned()) on_close=Callback::new(move |_| on_close.run(None))>
            <form novalidate=true on:submit=submit>
                <label class="field">{t(Key::RsEmailAddress)}
                    <input type="email" required=true prop:value=move || email.get()
                        aria-invalid=move || local_error.get().is_some().to_string()
                        on:input:target=move |ev| email.set(ev.target().value()) />
                </label>
                {move || local_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <label class="field">{t(Key::RsDisplayName)}
                    <input type="text" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value()) />
                </label>
                {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
                <div class="dialog-actions">
                    <button type="submit" class="button primary" disabled=move || busy.get()>{move || tr(if busy.get() { Key::RsInviting } else { Key::RsInvite })}</button>
                    <button type="button" class="button" on:click=move |_| on_close.run(None)>{t(Key::Cancel)}</button>
                </div>
            </form>
        </Modal>
    }
}

/// [`InviteDialog`] as a split point, fetched the first time **Invite guest user** is
/// chosen.
#[leptos::wasm_split::wasm_split(invite, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn load_invite_dialog(on_close: Callback<Option<String>>) -> Result<AnyView, NotLoaded> {
    Ok(view! { <InviteDialog on_close /> }.into_any())
}
