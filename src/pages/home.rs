use leptos::prelude::*;
use leptos_router::components::A;
use tenant::ProductCounts;

use crate::components::error_box::ErrorBox;
use crate::components::page::Page;
use crate::i18n::{t, tf, Key};
use crate::state::use_session;

/// **Home**: the tenant at a glance, and the ways in.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let counts = LocalResource::new(move || {
        api.revision();
        async move {
            let all = api
                .list_users(&tenant::query::UserQuery {
                    top: Some(1),
                    count: true,
                    ..Default::default()
                })
                .await?;
            let guests = api
                .list_users(&tenant::query::UserQuery {
                    filter: Some(tenant::query::Filter::eq(tenant::query::Prop::UserType, "Guest")),
                    top: Some(1),
                    count: true,
                    ..Default::default()
                })
                .await?;
            Ok::<_, tenant::GraphError>((all.count.unwrap_or(0), guests.count.unwrap_or(0)))
        }
    });
    view! {
        <Page title=Key::Home>
            <div class="cards">
                <Suspense fallback=|| view! { <p role="status">{t(Key::Loading)}</p> }>
                    {move || counts.get().map(|r| match r {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok((users, guests)) => view! {
                            <section class="card"><h2>{t(Key::Users)}</h2><p class="big">{users}</p><A href=crate::site::url("/users/active")>{t(Key::ActiveUsers)}</A></section>
                            <section class="card"><h2>{t(Key::RsGuests)}</h2><p class="big">{guests}</p><A href=crate::site::url("/users/guests")>{t(Key::GuestUsers)}</A></section>
                        }.into_any(),
                    })}
                    {move || session.skus.get().and_then(|r| r.ok()).map(|skus| {
                        let (assigned, total) = skus.iter().filter(|s| s.applies_to == "User" && s.prepaid_units.enabled < 100_000).map(ProductCounts::of).fold((0, 0), |(a, t), c| (a + c.assigned, t + c.total));
                        view! { <section class="card"><h2>{t(Key::Licenses)}</h2><p class="big">{move || tf(Key::NOfM, &[&assigned.to_string(), &total.to_string()])}</p><A href=crate::site::url("/billing/licenses")>{t(Key::Licenses)}</A></section> }
                    })}
                </Suspense>
            </div>
            <section class="intro">
                <h2>{t(Key::RsFindGuestsAssignLicenses)}</h2>
                <ul>
                    <li>{t(Key::RsM365AdminCenterColon)}<A href=crate::site::url("/users/active?view=guests")>{t(Key::RsActiveUsersGuestView)}</A></li>
                    <li>{t(Key::RsEntraAdminCenterColon)}<A href=crate::site::url("/entra/users")>{t(Key::RsAllUsersGuestFilter)}</A></li>
                </ul>
            </section>
        </Page>
    }
}
