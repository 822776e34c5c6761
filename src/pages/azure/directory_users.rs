use crate::components::link::Link;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::encode_segment;
use crate::components::portal_frame::{shown, PortalError, PortalFrame};
use crate::i18n::{number, t, tf, Key};
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
                None => view! { <p class="message-bar error" role="alert">{t(Key::AzNoSuchDirectoryPick)}</p> }.into_any(),
                Some(Err(e)) => view! { <PortalError error=e /> }.into_any(),
                Some(Ok(list)) => {
                    let d = dir.get_untracked().unwrap_or_default();
                    view! {
                        <h2>{list.directory.clone()}{t(Key::AzUsersHeading)}</h2>
                        <p role="status">{if list.count > list.users.len() { tf(Key::AzNUsersFirstM, &[&number(list.count as f64), &number(list.users.len() as f64)]) } else { tf(Key::AzNUsers, &[&number(list.count as f64)]) }}</p>
                        <div class="wide-scroll">
                        <table class="table">
                            <caption class="visually-hidden">{t(Key::Users)}</caption>
                            <thead><tr><th scope="col">{t(Key::DisplayName)}</th><th scope="col">{t(Key::AzUserName)}</th><th scope="col">{t(Key::UserType)}</th><th scope="col">{t(Key::AzSourcedFrom)}</th></tr></thead>
                            <tbody>
                                {list.users.into_iter().map(|u| view! {
                                    <tr>
                                        <th scope="row"><Link href=format!("/azure/directories/{d}/users/{}", encode_segment(&u.address))>{u.display_name}</Link></th>
                                        <td>{u.user_name}</td>
                                        <td>{shown(&u.user_type)}</td>
                                        <td>{shown(&u.source)}</td>
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
                None => view! { <p class="message-bar error" role="alert">{t(Key::AzNoSuchDirectory)}</p> }.into_any(),
                Some(Err(e)) => view! { <PortalError error=e /> }.into_any(),
                Some(Ok(u)) => {
                    let back = format!("/azure/directories/{}", dir.get_untracked().unwrap_or_default());
                    view! {
                        <h2>{u.display_name.clone()}</h2>
                        <dl class="profile">
                            <dt>{t(Key::AzUserName)}</dt><dd>{u.user_name}</dd>
                            <dt>{t(Key::UserType)}</dt><dd>{shown(&u.user_type)}</dd>
                            <dt>{t(Key::AzSourcedFrom)}</dt><dd>{shown(&u.source)}</dd>
                            <dt id="org-role">{t(Key::AzOrgRole)}</dt><dd aria-labelledby="org-role" data-testid="org-role">{shown(&u.role)}</dd>
                        </dl>
                        <Link href=back>{t(Key::AzBackToUsers)}</Link>
                    }.into_any()
                }
            })}
        </PortalFrame>
    }
}
