use crate::components::link::Link;
use leptos::prelude::*;

use crate::components::portal_frame::PortalFrame;
use crate::i18n::{t, Key};

/// **Azure portal**: where each procedure of the seeds starts.
#[component]
pub fn PortalHome() -> impl IntoView {
    view! {
        <PortalFrame title=Key::AzurePortal needs_sign_in=false>
            <nav aria-label=t(Key::AzurePortal) class="portal-nav">
                <ul>
                    <li><Link href="/azure/directories">{t(Key::ActiveDirectory)}</Link>{t(Key::AzTodayEntra)}</li>
                    <li><Link href="/azure/subscriptions">{t(Key::Subscriptions)}</Link></li>
                    <li><Link href="/azure/settings">{t(Key::Settings)}</Link>{t(Key::AzTodaySettings)}</li>
                </ul>
            </nav>
            <h2>"Procedures"</h2>
            <ul class="procedures">
                <li><Link href="/azure/link">{t(Key::LinkO365Title)}</Link>{t(Key::AzLinkO365Tail)}</li>
                <li><Link href="/azure/sign-up">{t(Key::AzSignUpWithO365)}</Link>{t(Key::AzSignUpTail)}</li>
                <li><Link href="/azure/office-365">{t(Key::AzBuyO365)}</Link>{t(Key::AzBuyO365Tail)}</li>
                <li><Link href="/azure/settings?tab=administrators">{t(Key::AzSameAccountPowerBi)}</Link>{t(Key::AzSameAccountTail)}</li>
            </ul>
        </PortalFrame>
    }
}
