use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::portal_frame::PortalFrame;
use crate::i18n::{t, Key};

/// **Azure portal**: where each procedure of the seeds starts.
#[component]
pub fn PortalHome() -> impl IntoView {
    view! {
        <PortalFrame title=Key::AzurePortal needs_sign_in=false>
            <nav aria-label=t(Key::AzurePortal) class="portal-nav">
                <ul>
                    <li><A href=crate::site::url("/azure/directories")>{t(Key::ActiveDirectory)}</A>{t(Key::AzTodayEntra)}</li>
                    <li><A href=crate::site::url("/azure/subscriptions")>{t(Key::Subscriptions)}</A></li>
                    <li><A href=crate::site::url("/azure/settings")>{t(Key::Settings)}</A>{t(Key::AzTodaySettings)}</li>
                </ul>
            </nav>
            <h2>"Procedures"</h2>
            <ul class="procedures">
                <li><A href=crate::site::url("/azure/link")>{t(Key::LinkO365Title)}</A>{t(Key::AzLinkO365Tail)}</li>
                <li><A href=crate::site::url("/azure/sign-up")>{t(Key::AzSignUpWithO365)}</A>{t(Key::AzSignUpTail)}</li>
                <li><A href=crate::site::url("/azure/office-365")>{t(Key::AzBuyO365)}</A>{t(Key::AzBuyO365Tail)}</li>
                <li><A href=crate::site::url("/azure/settings?tab=administrators")>{t(Key::AzSameAccountPowerBi)}</A>{t(Key::AzSameAccountTail)}</li>
            </ul>
        </PortalFrame>
    }
}
