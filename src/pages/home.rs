use crate::components::link::Link;
use leptos::prelude::*;
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
                            <section class="card"><h2>{t(Key::Users)}</h2><p class="big">{users}</p><Link href="/users/active">{t(Key::ActiveUsers)}</Link></section>
                            <section class="card"><h2>{t(Key::RsGuests)}</h2><p class="big">{guests}</p><Link href="/users/guests">{t(Key::GuestUsers)}</Link></section>
                        }.into_any(),
                    })}
                    {move || session.skus.get().and_then(|r| r.ok()).map(|skus| {
                        let (assigned, total) = skus.iter().filter(|s| s.applies_to == "User" && s.prepaid_units.enabled < 100_000).map(ProductCounts::of).fold((0, 0), |(a, t), c| (a + c.assigned, t + c.total));
                        view! { <section class="card"><h2>{t(Key::Licenses)}</h2><p class="big">{move || tf(Key::NOfM, &[&assigned.to_string(), &total.to_string()])}</p><Link href="/billing/licenses">{t(Key::Licenses)}</Link></section> }
                    })}
                </Suspense>
            </div>
            <section class="intro">
                <h2>{t(Key::RsFindGuestsAssignLicenses)}</h2>
                <ul>
                    <li>{t(Key::RsM365AdminCenterColon)}<Link href="/users/active?view=guests">{t(Key::RsActiveUsersGuestView)}</Link></li>
                    <li>{t(Key::RsEntraAdminCenterColon)}<Link href="/entra/users">{t(Key::RsAllUsersGuestFilter)}</Link></li>
                </ul>
            </section>
        </Page>
    }
}
