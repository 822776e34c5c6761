use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::portal_frame::PortalFrame;
use crate::i18n::Key;

/// **Azure portal**: where each procedure of the seeds starts.
#[component]
pub fn PortalHome() -> impl IntoView {
    view! {
        <PortalFrame title=Key::AzurePortal needs_sign_in=false>
            <nav aria-label="Azure portal" class="portal-nav">
                <ul>
                    <li><A href="/azure/directories">"Active Directory"</A>" (today: Microsoft Entra ID, Manage tenants)"</li>
                    <li><A href="/azure/subscriptions">"Subscriptions"</A></li>
                    <li><A href="/azure/settings">"Settings"</A>" (today: Subscriptions > Change directory, Access control (IAM))"</li>
                </ul>
            </nav>
            <h2>"Procedures"</h2>
            <ul class="procedures">
                <li><A href="/azure/link">"Link an Office 365 tenant to an Azure subscription"</A>": before you begin, then steps 1 to 3."</li>
                <li><A href="/azure/sign-up">"Sign up for Azure with your Office 365 account"</A>": Office 365 users buy Azure."</li>
                <li><A href="/azure/office-365">"Buy Office 365 for your Azure directory"</A>": Azure users buy Office 365."</li>
                <li><A href="/azure/settings?tab=administrators">"Use the same account for Power BI and Azure"</A>": add your organizational account as co-administrator."</li>
            </ul>
        </PortalFrame>
    }
}
