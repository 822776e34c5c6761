use crate::components::link::Link;
use leptos::prelude::*;
use tenant::catalog;
use tenant::model::SubscribedSku;
use tenant::ProductCounts;

use crate::components::error_box::ErrorBox;
use crate::components::page::Page;
use crate::i18n::{number, t, tf, Key};
use crate::state::use_session;

fn products(skus: Vec<SubscribedSku>) -> Vec<(SubscribedSku, ProductCounts)> {
    skus.into_iter()
        .map(|s| {
            let c = ProductCounts::of(&s);
            (s, c)
        })
        .collect()
}

/// The product's name, linking to its page under `base`.
fn product_link(base: &str, s: &SubscribedSku) -> impl IntoView + use<> {
    let href = format!("{base}/{}", s.sku_id);
    let name = catalog::product_name(&s.sku_part_number).to_owned();
    view! { <Link href=href>{name}</Link> }
}

/// **Billing > Licenses** (Microsoft 365 admin center): each product with assigned of total,
/// available, and a usage bar.
#[component]
pub fn Licenses() -> impl IntoView {
    let session = use_session();
    view! {
        <Page title=Key::Licenses crumbs=vec![(Key::Home, "/")]>
            {move || session.skus.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok(skus) => view! {
                    <table class="table">
                        <caption class="visually-hidden">{t(Key::Products)}</caption>
                        <thead><tr><th scope="col">{t(Key::Product)}</th><th scope="col">{t(Key::AssignedLicenses)}</th><th scope="col">{t(Key::AvailableLicenses)}</th><th scope="col">{t(Key::Usage)}</th></tr></thead>
                        <tbody>
                            {products(skus).into_iter().map(|(s, c)| {
                                // Whole percent: formatting a float would bring float printing into the app.
                                let pct = (i64::from(c.assigned) * 100).checked_div(i64::from(c.total)).unwrap_or(0).clamp(0, 100);
                                view! {
                                    <tr>
                                        <th scope="row">{product_link("/billing/licenses", &s)}{(s.capability_status != "Enabled").then(|| view! { <span class="badge">{s.capability_status.clone()}</span> })}</th>
                                        <td>{move || tf(Key::NOfM, &[&number(c.assigned), &number(c.total)])}</td>
                                        <td>{move || number(c.available)}</td>
                                        <td><meter min="0" max="100" value=pct aria-label=move || tf(Key::PctAssigned, &[&pct.to_string()])></meter></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
        </Page>
    }
}

/// **Licenses > All products** (Entra admin center): Total, Assigned, Available and Expiring
/// soon per product.
#[component]
pub fn AllProducts() -> impl IntoView {
    let session = use_session();
    view! {
        <Page title=Key::AllProducts crumbs=vec![(Key::Home, "/"), (Key::Licenses, "/entra/licenses")] center=Key::EntraAdminCenter>
            {move || session.skus.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                Ok(skus) => view! {
                    <table class="table">
                        <caption class="visually-hidden">{t(Key::AllProducts)}</caption>
                        <thead><tr><th scope="col">{t(Key::Name)}</th><th scope="col">{t(Key::Total)}</th><th scope="col">{t(Key::Assigned)}</th><th scope="col">{t(Key::Available)}</th><th scope="col">{t(Key::ExpiringSoon)}</th></tr></thead>
                        <tbody>
                            {products(skus).into_iter().map(|(s, c)| view! {
                                <tr>
                                    <th scope="row">{product_link("/entra/licenses", &s)}</th>
                                    <td>{move || number(c.total)}</td><td>{move || number(c.assigned)}</td><td>{move || number(c.available)}</td><td>{move || number(c.expiring_soon)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            })}
        </Page>
    }
}
