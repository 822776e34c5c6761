use crate::components::link::Link;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use tenant::roles::Role;

use send_wrapper::SendWrapper;

use crate::api::timer::sleep_ms;
use crate::components::deferred::{fetching_page, Deferred};
use crate::components::exercise_bar::load_exercise_bar;
use crate::components::language_switch::LanguageSwitch;
use crate::components::sign_in::{SignInAgain, SignOutButton};
use crate::i18n::{t, tf, tr, Key};
use crate::state::{use_embed, use_session, use_sign_in, use_simulation, use_training};

/// The admin center frame: header, the two-part navigation and the main area. When the
/// saved simulated tenant could not be loaded, the main area says so and offers the reset.
/// Embedded, only the main area shows: the embedding page's own navigation leads.
#[component]
pub fn Shell(
    /// A configuration warning to show on top.
    warning: Option<String>,
    children: Children,
) -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let sim = use_simulation();
    // Known once the worker has opened the tenant; a reset clears it.
    let load_error = Signal::derive(move || sim.and_then(|s| s.load_error()));
    let nav_open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        let _ = location.pathname.get();
        nav_open.set(false);
    });
    let reset = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(tr(Key::ResetConfirm)).ok())
            .unwrap_or(false);
        if ok || load_error.get_untracked().is_some() {
            if let Some(s) = sim {
                s.reset();
            }
            api.changed();
        }
    };
    let aside_error = RwSignal::new(None::<String>);
    let set_aside = move |_| match sim.map(|s| s.set_aside_and_reset()) {
        Some(Err(e)) => aside_error.set(Some(tf(Key::CopyNotKept, &[&e.to_string()]))),
        _ => api.changed(),
    };
    // The page is drawn in a task after the shell's, so that the two do not add up to one
    // long task at start-up (V8 compiles each function the first time it runs).
    let content = Suspend::new(SendWrapper::new(async move {
        sleep_ms(0).await;
        children()
    }));
    let embed = use_embed();
    let chromeless = embed.is_some_and(|e| e.chromeless);
    if let (Some(e), Some(w)) = (embed, &warning) {
        e.error(w.clone());
    }
    let header = (!chromeless).then(|| view! {
        <a class="skip-link" href="#main">{t(Key::SkipToMain)}</a>
        <header class="topbar">
            <button class="nav-toggle" aria-label=t(Key::Navigation) aria-expanded=move || nav_open.get().to_string() on:click=move |_| nav_open.update(|o| *o = !*o)>
                "☰"
            </button>
            <span class="brand">"Tenant Desk"</span>
            <span class="tenant-name" data-testid="tenant-name">
                {move || session.org.get().and_then(|r| r.ok()).map(|o| o.display_name).unwrap_or_default()}
            </span>
            <span class="spacer"></span>
            <LanguageSwitch />
            <ActAs />
            // In an exercise, its own Reset exercise (which also clears its progress) stands in.
            {sim.filter(|_| use_training().is_none()).map(|_| view! { <button class="button subtle" on:click=reset>{t(Key::ResetTenant)}</button> })}
            {use_sign_in().map(|sign_in| view! { <SignOutButton sign_in /> })}
        </header>
    });
    let nav = (!chromeless).then(|| {
        view! {
            <nav class="sidenav" class:open=move || nav_open.get() aria-label=t(Key::AdminCenters)>
                <NavSection title=Key::M365AdminCenter>
                    <li><Link href="/" exact=true>{t(Key::Home)}</Link></li>
                    <li class="group">{t(Key::Users)}
                        <ul>
                            <li><Link href="/users/active">{t(Key::ActiveUsers)}</Link></li>
                            <li><Link href="/users/guests">{t(Key::GuestUsers)}</Link></li>
                            <li><Link href="/users/deleted">{t(Key::DeletedUsers)}</Link></li>
                        </ul>
                    </li>
                    <li><Link href="/groups">{t(Key::TeamsGroups)}</Link></li>
                    <li class="group">{t(Key::Billing)}
                        <ul><li><Link href="/billing/licenses">{t(Key::Licenses)}</Link></li></ul>
                    </li>
                    <li><Link href="/activity">{t(Key::ActivityLog)}</Link></li>
                </NavSection>
                <NavSection title=Key::EntraAdminCenter>
                    <li class="group">{t(Key::Users)}
                        <ul><li><Link href="/entra/users">{t(Key::AllUsers)}</Link></li></ul>
                    </li>
                    <li><Link href="/entra/groups">{t(Key::Groups)}</Link></li>
                    <li class="group">{t(Key::Licenses)}
                        <ul><li><Link href="/entra/licenses">{t(Key::AllProducts)}</Link></li></ul>
                    </li>
                </NavSection>
                <NavSection title=Key::AzurePortal>
                    <li><Link href="/azure" exact=true>{t(Key::AzurePortal)}</Link></li>
                    <li><Link href="/azure/directories">{t(Key::ActiveDirectory)}</Link></li>
                    <li><Link href="/azure/subscriptions">{t(Key::Subscriptions)}</Link></li>
                    <li><Link href="/azure/settings">{t(Key::Settings)}</Link></li>
                </NavSection>
                <NavSection title=Key::Training>
                    <li><Link href="/training">{t(Key::Exercises)}</Link></li>
                </NavSection>
            </nav>
        }
    });
    view! {
        {header}
        {warning.map(|w| view! { <div class="message-bar warning" role="status">{w}</div> })}
        <div class="layout">
            {nav}
            <main id="main" tabindex="-1">
                // Shown only when a page's code takes a while to come (style/shell.css
                // delays it), so a quick move does not flicker.
                <Show when=fetching_page>
                    <div class="routing" role="progressbar" aria-label=t(Key::LoadingPage)></div>
                </Show>
                {use_training().zip(sim).map(|(training, sim)| view! { <Deferred load=load_exercise_bar(training, sim) /> })}
                {move || load_error.get().map(|why| view! {
                    <div class="message-bar error" role="alert">
                        <strong>{t(Key::SavedTenantNotLoaded)}</strong>
                        <span>{why}{t(Key::SavedTenantNotLoadedFix)}</span>
                        <div class="dialog-actions">
                            <button class="button primary" on:click=set_aside>{t(Key::KeepCopyStartFresh)}</button>
                            <button class="button" on:click=reset>{t(Key::ResetTenant)}</button>
                        </div>
                        {move || aside_error.get().map(|e| view! { <p>{e}</p> })}
                    </div>
                })}
                {move || {
                    api.revision();
                    sim.and_then(|s| s.save_error()).map(|why| view! {
                        <div class="message-bar warning" role="alert">
                            <strong>{t(Key::ChangesNotSaved)}</strong>
                            <span>{why}{t(Key::ChangesNotSavedFix)}</span>
                        </div>
                    })
                }}
                <div class="content" class:hidden=move || load_error.get().is_some()>{content}</div>
            </main>
        </div>
        // Last, so that it sits over any dialog the page has open.
        {use_sign_in().map(|sign_in| view! { <SignInAgain sign_in /> })}
    }
}

#[component]
fn NavSection(title: Key, children: Children) -> impl IntoView {
    view! {
        <section class="nav-section">
            <h2>{t(title)}</h2>
            <ul>{children()}</ul>
        </section>
    }
}

/// The signed-in admin with their role and, in the simulated tenant, a switch to act as
/// another admin, so that the permission rules can be seen.
#[component]
fn ActAs() -> impl IntoView {
    let session = use_session();
    let api = session.api;
    let admins = LocalResource::new(move || async move { api.directory_roles().await });
    let role_name = move || {
        session.me.get().and_then(|r| r.ok()).map(|(_, roles)| {
            roles
                .iter()
                .filter_map(|r| Role::from_template(r.role_template_id))
                .min()
                .map(|r| role_short_name(r).to_owned())
                .unwrap_or_else(|| tr(Key::RoleUser).into())
        })
    };
    let me_name = move || {
        session
            .me
            .get()
            .and_then(|r| r.ok())
            .map(|(u, _)| u.name().to_owned())
            .unwrap_or_default()
    };
    view! {
        <span class="me" data-testid="signed-in">
            <span class="me-name">{me_name}</span>
            <span class="me-role">{role_name}</span>
        </span>
        {use_simulation().map(|_| view! {
            <label class="act-as">
                <span>{t(Key::ActAs)}</span>
                <select aria-label=t(Key::ActAs) on:change:target=move |ev| api.actor().set(ev.target().value()) prop:value=move || api.actor().get()>
                    {move || admins.get().and_then(|r| r.ok()).map(|roles| {
                        let mut options: Vec<(Role, String, String)> = roles
                            .into_iter()
                            .filter_map(|(r, members)| Role::from_template(r.role_template_id).map(|k| (k, members)))
                            .flat_map(|(k, members)| members.into_iter().map(move |m| (k, m.user_principal_name.clone(), m.name().to_owned())))
                            .collect();
                        options.sort();
                        options.into_iter().map(|(k, upn, name)| {
                            let selected = upn == api.actor().get_untracked();
                            view! { <option value=upn selected=selected>{move || format!("{name} ({})", role_short_name(k))}</option> }
                        }).collect_view()
                    })}
                </select>
            </label>
        })}
    }
}

/// A role's short name in the current language (tracked), as the header and Act as show
/// it; [`Role::short_name`] is the engine's English one, which this keeps for English.
fn role_short_name(role: Role) -> &'static str {
    tr(role_key(role))
}

/// The text of a role's short name.
fn role_key(role: Role) -> Key {
    match role {
        Role::GlobalAdministrator => Key::RsRoleGlobalAdmin,
        Role::PrivilegedRoleAdministrator => Key::RsRolePrivilegedRoleAdmin,
        Role::PrivilegedAuthenticationAdministrator => Key::RsRolePrivilegedAuthAdmin,
        Role::UserAdministrator => Key::RsRoleUserAdmin,
        Role::LicenseAdministrator => Key::RsRoleLicenseAdmin,
        Role::HelpdeskAdministrator => Key::RsRoleHelpdeskAdmin,
        Role::BillingAdministrator => Key::RsRoleBillingAdmin,
        Role::GlobalReader => Key::RsRoleGlobalReader,
    }
}

#[cfg(test)]
mod tests {
    use tenant::roles::Role;

    use super::role_key;
    use crate::i18n::{text, Locale};

    #[test]
    fn role_names_are_the_engines_in_english() {
        for role in Role::ALL {
            assert_eq!(text(Locale::En, role_key(role)), role.short_name(), "{role:?}");
        }
        assert_eq!(
            text(Locale::Nl, role_key(Role::GlobalAdministrator)),
            "Globale beheerder"
        );
        assert_eq!(
            text(Locale::Nl, role_key(Role::LicenseAdministrator)),
            "Licentiebeheerder"
        );
    }
}
