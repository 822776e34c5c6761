use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::encode_segment;
use crate::components::portal_frame::{PortalError, PortalFrame};
use crate::i18n::Key;
use crate::state::use_api;

fn directory_id() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok())))
}

/// A directory's **USERS** (seed 001: the same users as Office 365's Active users).
#[component]
pub fn DirectoryUsersPage() -> impl IntoView {
    let api = use_api();
    let dir = directory_id();
    let users = LocalResource::new(move || {
        api.revision();
        let d = dir.get();
        async move {
            match d {
                Some(d) => Some(api.directory_users(d).await),
                None => None,
            }
        }
    });
    view! {
        <PortalFrame title=Key::Users>
            {move || users.get().map(|r| match r {
                None => view! { <p class="message-bar error" role="alert">"There is no such directory. Pick one in ACTIVE DIRECTORY."</p> }.into_any(),
                Some(Err(e)) => view! { <PortalError error=e /> }.into_any(),
                Some(Ok(list)) => {
                    let d = dir.get_untracked().unwrap_or_default();
                    view! {
                        <h2>{list.directory.clone()}" > USERS"</h2>
                        <p role="status">{if list.count > list.users.len() { format!("{} users (the first {} listed)", list.count, list.users.len()) } else { format!("{} users", list.count) }}</p>
                        <div class="wide-scroll">
                        <table class="table">
                            <caption class="visually-hidden">"Users"</caption>
                            <thead><tr><th scope="col">"Display name"</th><th scope="col">"User name"</th><th scope="col">"User type"</th><th scope="col">"Sourced from"</th></tr></thead>
                            <tbody>
                                {list.users.into_iter().map(|u| view! {
                                    <tr>
                                        <th scope="row"><A href=format!("/azure/directories/{d}/users/{}", encode_segment(&u.address))>{u.display_name}</A></th>
                                        <td>{u.user_name}</td>
                                        <td>{u.user_type}</td>
                                        <td>{u.source}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }
            })}
        </PortalFrame>
    }
}

/// A user's profile with its **ORGANIZATIONAL ROLE** (seed 001, how to know your role).
#[component]
pub fn DirectoryUserPage() -> impl IntoView {
    let api = use_api();
    let dir = directory_id();
    let params = use_params_map();
    let user = LocalResource::new(move || {
        api.revision();
        let d = dir.get();
        let address = params.with(|p| p.get("address")).unwrap_or_default();
        async move {
            match d {
                Some(d) => Some(api.directory_user(d, &address).await),
                None => None,
            }
        }
    });
    view! {
        <PortalFrame title=Key::UserProfile>
            {move || user.get().map(|r| match r {
                None => view! { <p class="message-bar error" role="alert">"There is no such directory."</p> }.into_any(),
                Some(Err(e)) => view! { <PortalError error=e /> }.into_any(),
                Some(Ok(u)) => {
                    let back = format!("/azure/directories/{}", dir.get_untracked().unwrap_or_default());
                    view! {
                        <h2>{u.display_name.clone()}</h2>
                        <dl class="profile">
                            <dt>"User name"</dt><dd>{u.user_name}</dd>
                            <dt>"User type"</dt><dd>{u.user_type}</dd>
                            <dt>"Sourced from"</dt><dd>{u.source}</dd>
                            <dt id="org-role">"Organizational role"</dt><dd aria-labelledby="org-role" data-testid="org-role">{u.role}</dd>
                        </dl>
                        <A href=back>"Back to USERS"</A>
                    }.into_any()
                }
            })}
        </PortalFrame>
    }
}
