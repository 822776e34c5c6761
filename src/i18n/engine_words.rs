//! The engine's findings, refusals and activity told in the admin's language: the engine
//! hands them over as data (a kind and the names its sentence needs), and these functions
//! word them with the table, so a Dutch page never shows an English sentence of the engine.
//! Plain functions of a [`Locale`], so native tests hold the English to the engine's own.

use tenant::activity::ChangePart;
use tenant::azure::refusal::{AdminAction, Refusal};
use tenant::azure::rules::Finding;
use tenant::azure::world::{AccountKind, OrgRole};

use super::format::number;
use super::locale::Locale;
use super::text::{fill, text, Key};

fn say(l: Locale, key: Key, args: &[&str]) -> String {
    fill(text(l, key), args)
}

/// A prerequisite's finding of "Before you begin" in `l`: what it checks or why it fails,
/// and the fix when it fails.
pub fn finding(l: Locale, f: &Finding) -> (String, Option<String>) {
    use Finding::*;
    match f {
        ServiceAdministrator { subscription } => (say(l, Key::AzFServiceAdmin, &[subscription]), None),
        CoAdministrator {
            subscription,
            service_admin,
        } => (
            say(l, Key::AzFCoAdmin, &[subscription]),
            Some(say(l, Key::AzFCoAdminFix, &[service_admin])),
        ),
        NotAnAdministrator {
            account,
            subscription,
            service_admin,
        } => (
            say(l, Key::AzFNotAdmin, &[account, subscription]),
            Some(say(l, Key::AzFNotAdminFix, &[service_admin])),
        ),
        GlobalAdmins { tenant, admins } => (say(l, Key::AzFGlobalAdmins, &[tenant, &admins.join(", ")]), None),
        NoGlobalAdmin { tenant } => (
            say(l, Key::AzFNoGlobalAdmin, &[tenant]),
            Some(say(l, Key::AzFNoGlobalAdminFix, &[tenant])),
        ),
        AddressInTenant { address, tenant } => (
            say(l, Key::AzFInTenant, &[address, tenant]),
            Some(say(l, Key::AzFInTenantFix, &[])),
        ),
        AddressNotInTenant { address, tenant } => (say(l, Key::AzFNotInTenant, &[address, tenant]), None),
        AddressOfGlobalAdmin { address, tenant } => (
            say(l, Key::AzFGlobalAddress, &[address, tenant]),
            Some(say(l, Key::AzFGlobalAddressFix, &[])),
        ),
        AddressNotOfGlobalAdmin { tenant } => (say(l, Key::AzFNotGlobalAddress, &[tenant]), None),
        TwoAccounts { address } => (
            say(l, Key::AzFTwoAccounts, &[address]),
            Some(say(l, Key::AzFTwoAccountsFix, &[])),
        ),
        OneAccount { address } => (say(l, Key::AzFOneAccount, &[address]), None),
    }
}

fn role(l: Locale, r: OrgRole) -> &'static str {
    text(
        l,
        match r {
            OrgRole::GlobalAdministrator => Key::AzGlobalAdministrator,
            OrgRole::BillingAdministrator => Key::AzBillingAdministrator,
            OrgRole::UserAdministrator => Key::AzUserAdministrator,
            OrgRole::User => Key::RoleUser,
        },
    )
}

/// A portal refusal in `l`, with its fix.
pub fn refusal(l: Locale, r: &Refusal) -> String {
    use Refusal::*;
    match r {
        Prerequisite { finding: f } => match finding(l, f) {
            (what, Some(fix)) => format!("{what} {fix}"),
            (what, None) => what,
        },
        CoAdministratorCannot {
            action,
            subscription,
            service_admin,
        } => {
            let key = match action {
                AdminAction::ChangeDirectory => Key::AzRCoAdminChangeDirectory,
                AdminAction::Transfer => Key::AzRCoAdminTransfer,
                AdminAction::ChangeServiceAdmin => Key::AzRCoAdminChangeServiceAdmin,
            };
            say(l, key, &[subscription, service_admin])
        }
        NotServiceAdministrator {
            account,
            subscription,
            service_admin,
        } => say(l, Key::AzRNotServiceAdmin, &[account, subscription, service_admin]),
        AlreadyAnswered {} => say(l, Key::AzRAlreadyAnswered, &[]),
        NotGlobalAdminOfDirectory { account } => say(l, Key::AzRNotGlobalAdminOfDirectory, &[account]),
        AlreadyUserOfDirectory { account, directory } => say(l, Key::AzRAlreadyUser, &[account, directory]),
        AlreadyInDirectory {
            subscription,
            directory,
        } => say(l, Key::AzRAlreadyInDirectory, &[subscription, directory]),
        NotUserOfDirectory { account } => say(l, Key::AzRNotUserOfDirectory, &[account]),
        NotWorkAccount { address } => say(l, Key::AzRNotWorkAccount, &[address]),
        RunsItAlready {} => say(l, Key::AzRRunsItAlready, &[]),
        NoAccountFor { address } => say(l, Key::AzRNoAccountFor, &[address]),
        NoSubscriptionsSelected {} => say(l, Key::AzRNoSubscriptionsSelected, &[]),
        CannotAddAdministrators { account, subscription } => say(l, Key::AzRCannotAddAdmins, &[account, subscription]),
        AlreadyAdministrator { account, subscription } => say(l, Key::AzRAlreadyAdmin, &[account, subscription]),
        TooManyCoAdministrators { subscription, max } => {
            say(l, Key::AzRTooManyCoAdmins, &[subscription, &max.to_string()])
        }
        TwoAccounts { address } => say(l, Key::AzRTwoAccounts, &[address]),
        AlreadyServiceAdministrator { address } => say(l, Key::AzRAlreadyServiceAdmin, &[address]),
        NoSuchAccount { kind, address } => say(
            l,
            match kind {
                AccountKind::Work => Key::AzRNoWorkAccountFor,
                AccountKind::Microsoft => Key::AzRNoMsAccountFor,
            },
            &[address],
        ),
        HadFreeTrial { account, subscription } => say(l, Key::AzRHadFreeTrial, &[account, subscription]),
        NotAnOffice365Plan { part } => say(l, Key::AzRNotAPlan, &[part]),
        NeedsWorkAccount {} => say(l, Key::AzRNeedsWorkAccount, &[]),
        NotInAnyDirectory { account } => say(l, Key::AzRNotInAnyDirectory, &[account]),
        MustBeGlobalOrBillingAdmin { directory, role: r } => {
            say(l, Key::AzRMustBeGlobalOrBilling, &[directory, role(l, *r)])
        }
    }
}

fn users(l: Locale, n: usize) -> String {
    if n == 1 {
        text(l, Key::AcOneUser).to_owned()
    } else {
        say(l, Key::AcNUsers, &[&number(n as f64)])
    }
}

/// One part of a change in `l`.
pub fn change_part(l: Locale, p: &ChangePart) -> String {
    use ChangePart::*;
    match p {
        LicencesChangedForUsers { users: n } => say(l, Key::AcLicencesForUsers, &[&users(l, *n)]),
        UsageLocationSetForUsers { users: n } => say(l, Key::AcUsageLocationForUsers, &[&users(l, *n)]),
        UserLicences {
            user,
            assigned,
            removed,
        } => say(
            l,
            Key::AcUserLicences,
            &[user, &assigned.to_string(), &removed.to_string()],
        ),
        GroupLicences {
            group,
            assigned,
            removed,
        } => say(
            l,
            Key::AcGroupLicences,
            &[group, &assigned.to_string(), &removed.to_string()],
        ),
        Reprocessed { target } => say(l, Key::AcReprocessed, &[target]),
        GuestInvited { address } => say(l, Key::AcGuestInvited, &[address]),
        MemberAdded { group } => say(l, Key::AcMemberAdded, &[group]),
        MemberRemoved { group } => say(l, Key::AcMemberRemoved, &[group]),
        // Graph's property names stay as they are: they are what a script would send.
        UserUpdated { user, fields } => say(l, Key::AcUserUpdated, &[user, &fields.join(", ")]),
        UserDeleted { user } => say(l, Key::AcUserDeleted, &[user]),
        UserRestored { user } => say(l, Key::AcUserRestored, &[user]),
        AzureLinkRequested => say(l, Key::AcAzLinkRequested, &[]),
        AzureLinkApproved => say(l, Key::AcAzLinkApproved, &[]),
        AzureDirectoryChanged => say(l, Key::AcAzDirectoryChanged, &[]),
        AzureTransferred { to } => say(l, Key::AcAzTransferred, &[to]),
        AzureServiceAdminChanged { to } => say(l, Key::AcAzServiceAdmin, &[to]),
        AzureCoAdminAdded { address } => say(l, Key::AcAzCoAdmin, &[address]),
        AzureSignedUp => say(l, Key::AcAzSignedUp, &[]),
        Office365Bought { product } => say(l, Key::AcO365Bought, &[product]),
        Other { method, url } => format!("{method} {url}"),
    }
}

/// A whole change in `l`: its parts joined as the engine joins them.
pub fn change(l: Locale, parts: &[ChangePart]) -> String {
    tenant::activity::capitalized(&parts.iter().map(|p| change_part(l, p)).collect::<Vec<_>>().join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings() -> Vec<Finding> {
        let (a, s, t) = (
            "kelley@outlook.com".to_owned(),
            "Pay-As-You-Go".to_owned(),
            "Contoso".to_owned(),
        );
        vec![
            Finding::ServiceAdministrator {
                subscription: s.clone(),
            },
            Finding::CoAdministrator {
                subscription: s.clone(),
                service_admin: a.clone(),
            },
            Finding::NotAnAdministrator {
                account: a.clone(),
                subscription: s.clone(),
                service_admin: a.clone(),
            },
            Finding::GlobalAdmins {
                tenant: t.clone(),
                admins: vec![a.clone(), "x@contoso.com".into()],
            },
            Finding::NoGlobalAdmin { tenant: t.clone() },
            Finding::AddressInTenant {
                address: a.clone(),
                tenant: t.clone(),
            },
            Finding::AddressNotInTenant {
                address: a.clone(),
                tenant: t.clone(),
            },
            Finding::AddressOfGlobalAdmin {
                address: a.clone(),
                tenant: t.clone(),
            },
            Finding::AddressNotOfGlobalAdmin { tenant: t },
            Finding::TwoAccounts { address: a.clone() },
            Finding::OneAccount { address: a },
        ]
    }

    fn refusals() -> Vec<Refusal> {
        use Refusal::*;
        let (a, s, d) = (
            "sam@outlook.com".to_owned(),
            "Pay-As-You-Go".to_owned(),
            "Contoso".to_owned(),
        );
        let mut v: Vec<Refusal> = findings().into_iter().map(|finding| Prerequisite { finding }).collect();
        for action in [
            AdminAction::ChangeDirectory,
            AdminAction::Transfer,
            AdminAction::ChangeServiceAdmin,
        ] {
            v.push(CoAdministratorCannot {
                action,
                subscription: s.clone(),
                service_admin: a.clone(),
            });
        }
        v.extend([
            NotServiceAdministrator {
                account: a.clone(),
                subscription: s.clone(),
                service_admin: a.clone(),
            },
            AlreadyAnswered {},
            NotGlobalAdminOfDirectory { account: a.clone() },
            AlreadyUserOfDirectory {
                account: a.clone(),
                directory: d.clone(),
            },
            AlreadyInDirectory {
                subscription: s.clone(),
                directory: d.clone(),
            },
            NotUserOfDirectory { account: a.clone() },
            NotWorkAccount { address: a.clone() },
            RunsItAlready {},
            NoAccountFor { address: a.clone() },
            NoSubscriptionsSelected {},
            CannotAddAdministrators {
                account: a.clone(),
                subscription: s.clone(),
            },
            AlreadyAdministrator {
                account: a.clone(),
                subscription: s.clone(),
            },
            TooManyCoAdministrators {
                subscription: s.clone(),
                max: 200,
            },
            TwoAccounts { address: a.clone() },
            AlreadyServiceAdministrator { address: a.clone() },
            NoSuchAccount {
                kind: AccountKind::Work,
                address: a.clone(),
            },
            NoSuchAccount {
                kind: AccountKind::Microsoft,
                address: a.clone(),
            },
            HadFreeTrial {
                account: a.clone(),
                subscription: s,
            },
            NotAnOffice365Plan { part: "X".into() },
            NeedsWorkAccount {},
            NotInAnyDirectory { account: a },
            MustBeGlobalOrBillingAdmin {
                directory: d,
                role: OrgRole::User,
            },
        ]);
        v
    }

    fn parts() -> Vec<ChangePart> {
        use ChangePart::*;
        let u = "ana@contoso.com".to_owned();
        vec![
            LicencesChangedForUsers { users: 1 },
            LicencesChangedForUsers { users: 52 },
            UsageLocationSetForUsers { users: 3 },
            UserLicences {
                user: u.clone(),
                assigned: 1,
                removed: 0,
            },
            GroupLicences {
                group: "Sales".into(),
                assigned: 2,
                removed: 1,
            },
            Reprocessed { target: u.clone() },
            GuestInvited { address: u.clone() },
            MemberAdded { group: "g".into() },
            MemberRemoved { group: "g".into() },
            UserUpdated {
                user: u.clone(),
                fields: vec!["department".into(), "usageLocation".into()],
            },
            UserDeleted { user: u.clone() },
            UserRestored { user: u.clone() },
            AzureLinkRequested,
            AzureLinkApproved,
            AzureDirectoryChanged,
            AzureTransferred { to: u.clone() },
            AzureServiceAdminChanged { to: u.clone() },
            AzureCoAdminAdded { address: u },
            AzureSignedUp,
            Office365Bought {
                product: "Office 365 E3".into(),
            },
            Other {
                method: "POST".into(),
                url: "/x".into(),
            },
        ]
    }

    /// In English the app says exactly what the engine says, so a test or a script reading
    /// the engine's words reads the page's.
    #[test]
    fn english_is_the_engines() {
        for f in findings() {
            assert_eq!(finding(Locale::En, &f), (f.message(), f.fix()), "{f:?}");
        }
        for r in refusals() {
            assert_eq!(refusal(Locale::En, &r), r.english(), "{r:?}");
        }
        for p in parts() {
            assert_eq!(
                change(Locale::En, std::slice::from_ref(&p)),
                tenant::activity::english(std::slice::from_ref(&p))
            );
        }
        let all = parts();
        assert_eq!(change(Locale::En, &all), tenant::activity::english(&all));
    }

    /// Dutch is Dutch: no English sentence of the engine comes through, and the names
    /// the sentence needs are all in it.
    #[test]
    fn dutch_is_dutch_and_keeps_the_names() {
        for f in findings() {
            let (what, fix) = finding(Locale::Nl, &f);
            assert_ne!(what, f.message());
            assert_eq!(fix.is_some(), f.fix().is_some());
            if let (Some(nl), Some(en)) = (fix, f.fix()) {
                assert_ne!(nl, en);
            }
        }
        for r in refusals() {
            let nl = refusal(Locale::Nl, &r);
            assert_ne!(nl, r.english(), "{r:?}");
            let params = serde_json::to_value(&r).unwrap()["params"].clone();
            for v in params.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(s) = v.as_str().filter(|s| s.contains('@') || s.contains("Pay")) {
                    assert!(nl.contains(s), "{nl} lacks {s}");
                }
            }
        }
        assert_eq!(
            refusal(
                Locale::Nl,
                &Refusal::CoAdministratorCannot {
                    action: AdminAction::Transfer,
                    subscription: "Pay-As-You-Go".into(),
                    service_admin: "kelley@outlook.com".into(),
                }
            ),
            "Medebeheerders kunnen een abonnement niet overdragen. Meld u aan als de servicebeheerder van Pay-As-You-Go, kelley@outlook.com."
        );
        for p in parts().into_iter().filter(|p| !matches!(p, ChangePart::Other { .. })) {
            assert_ne!(change(Locale::Nl, std::slice::from_ref(&p)), p.english(), "{p:?}");
        }
        assert_eq!(
            change(
                Locale::Nl,
                &[
                    ChangePart::LicencesChangedForUsers { users: 1 },
                    ChangePart::UsageLocationSetForUsers { users: 2 }
                ]
            ),
            "Licenties gewijzigd voor 1 gebruiker; gebruikslocatie ingesteld voor 2 gebruikers"
        );
    }
}
