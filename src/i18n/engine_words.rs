//! The engine's findings, refusals and activity told in the admin's language: the engine
//! hands them over as data (a kind and the names its sentence needs), and these functions
//! word them with the table, so a Dutch page never shows an English sentence of the engine.
//! Plain functions of a [`Locale`], so native tests hold the English to the engine's own.

use tenant::activity::{ChangePart, Outcome};
use tenant::azure::refusal::{AdminAction, Refusal};
use tenant::azure::rules::Finding;
use tenant::azure::world::{AccountKind, OrgRole};
use tenant::training::{Missing, NAMED};
use tenant::LicenseError;

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

/// How a change in the activity log ended, in `l`; Graph's message behind its label.
pub fn outcome(l: Locale, o: &Outcome) -> String {
    let graph = |m: &str| format!("{} “{m}”", text(l, Key::GraphSays));
    match o {
        Outcome::Succeeded => text(l, Key::Succeeded).to_owned(),
        Outcome::BatchFailed { failed, of, message } => say(
            l,
            Key::AcBatchFailed,
            &[&failed.to_string(), &of.to_string(), &graph(message)],
        ),
        Outcome::Failed { message } => format!("{}: {}", text(l, Key::Failed), graph(message)),
        Outcome::Status { status } => say(l, Key::AcFailedStatus, &[&status.to_string()]),
    }
}

/// `A`, `A and B`, `A, B and C`; past [`NAMED`] items `A, B, C, D, E and 3 more`, as the
/// engine lists names, in `l`.
fn join<S: AsRef<str>>(l: Locale, items: &[S]) -> String {
    let shown: Vec<&str> = items.iter().take(NAMED).map(AsRef::as_ref).collect();
    let more = items.len() - shown.len();
    if more > 0 {
        return say(l, Key::TrAndMore, &[&shown.join(", "), &more.to_string()]);
    }
    match shown.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, first)) => say(l, Key::TrAnd, &[&first.join(", "), last]),
    }
}

fn licences(l: Locale, n: usize) -> String {
    if n == 1 {
        text(l, Key::TrOneLicence).to_owned()
    } else {
        say(l, Key::TrNLicences, &[&n.to_string()])
    }
}

/// `Netherlands (NL)`: the app lists countries by their English names in both languages.
fn country(code: &str) -> String {
    match tenant::countries::country_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

fn licence_error(l: Locale, code: &str) -> String {
    let key = match LicenseError::parse(code) {
        Some(LicenseError::CountViolation) => Key::LicNotEnough,
        Some(LicenseError::MutuallyExclusiveViolation) => Key::LicConflicting,
        Some(LicenseError::DependencyViolation) => Key::LicMissingDependent,
        Some(LicenseError::ProhibitedInUsageLocationViolation) => Key::LicLocationNotAllowed,
        Some(LicenseError::UniquenessViolation) => Key::LicProxyAddress,
        Some(LicenseError::Other) => Key::LicOther,
        None => return code.to_lowercase(),
    };
    text(l, key).to_lowercase()
}

/// One thing a training check finds missing, in `l`.
pub fn missing_part(l: Locale, m: &Missing) -> String {
    use Missing::*;
    match m {
        NoLongerHas { user, product } => say(l, Key::TrNoLongerHas, &[user, product]),
        StillHaveNo { users, product } => say(
            l,
            if users.len() == 1 {
                Key::TrStillHasNo
            } else {
                Key::TrStillHaveNo
            },
            &[&join(l, users), product],
        ),
        StillHave { users, product } => say(
            l,
            if users.len() == 1 {
                Key::TrStillHas
            } else {
                Key::TrStillHave
            },
            &[&join(l, users), product],
        ),
        OnlyThroughGroup { user, product } => say(l, Key::TrOnlyThroughGroup, &[user, product]),
        AssignedDirectly { user, product } => say(l, Key::TrAssignedDirectly, &[user, product]),
        StillOn { user, plans, product } => say(l, Key::TrStillOn, &[user, &join(l, plans), product]),
        TurnedOff { user, plans, product } => say(l, Key::TrTurnedOff, &[user, &join(l, plans), product]),
        LicenceCount { user, has, wanted } => say(
            l,
            Key::TrLicenceCount,
            &[user, &licences(l, *has), &licences(l, *wanted)],
        ),
        GroupGone { group } => say(l, Key::TrGroupGone, &[group]),
        GroupInError {
            group,
            product,
            members,
        } => {
            let errors = match product {
                Some(p) => say(l, Key::TrErrorsFor, &[p]),
                None => text(l, Key::TrLicenceErrors).to_owned(),
            };
            let named: Vec<String> = members
                .iter()
                .map(|(name, code)| format!("{name} ({})", licence_error(l, code)))
                .collect();
            if members.len() == 1 {
                say(l, Key::TrGroupOneInError, &[group, &errors, &join(l, &named)])
            } else {
                say(
                    l,
                    Key::TrGroupNInError,
                    &[group, &members.len().to_string(), &errors, &join(l, &named)],
                )
            }
        }
        NoUsageLocation { user } => say(l, Key::TrNoUsageLocation, &[user]),
        WrongUsageLocation { user, actual, wanted } => say(
            l,
            Key::TrWrongUsageLocation,
            &[user, &country(actual), &country(wanted)],
        ),
        NotInvited { email } => say(l, Key::TrNotInvited, &[email]),
        NotByInvitation { email, user } => say(l, Key::TrNotByInvitation, &[email, user]),
        InvitedAsMember { user } => say(l, Key::TrInvitedAsMember, &[user]),
        NotSubscribed { product } => say(l, Key::TrNotSubscribed, &[product]),
        TooManyAssigned {
            product,
            assigned,
            units,
        } => say(
            l,
            Key::TrTooManyAssigned,
            &[product, &licences(l, *assigned), &units.to_string()],
        ),
        NoSuchSubscription { subscription } => say(l, Key::TrNoSuchSubscription, &[subscription]),
        StillInDirectory {
            subscription,
            now_in,
            directory,
        } => say(l, Key::TrStillInDirectory, &[subscription, now_in, directory]),
        NotCoAdministrator { address, subscription } => say(l, Key::TrNotCoAdmin, &[address, subscription]),
        Lost { users, more } => {
            let mut lost: Vec<String> = users
                .iter()
                .map(|(name, products)| say(l, Key::TrLost, &[name, &join(l, products)]))
                .collect();
            if *more > 0 {
                lost.push(say(l, Key::TrMoreLost, &[&more.to_string()]));
            }
            lost.join("; ")
        }
        NoSuchUser { who } => say(l, Key::TrNoSuchUser, &[who]),
        NoLongerInTenant { user } => say(l, Key::TrNoLongerInTenant, &[user]),
        Deleted { user } => say(l, Key::TrDeleted, &[user]),
    }
}

/// What a training check finds missing, in `l`: its parts joined as the engine joins them.
pub fn missing(l: Locale, parts: &[Missing]) -> String {
    parts.iter().map(|m| missing_part(l, m)).collect::<Vec<_>>().join("; ")
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

    fn missings() -> Vec<Missing> {
        use Missing::*;
        let (u, p) = ("Megan Bowen".to_owned(), "Office 365 E3".to_owned());
        let seven: Vec<String> = (1..=7).map(|i| format!("User {i}")).collect();
        vec![
            NoLongerHas {
                user: u.clone(),
                product: p.clone(),
            },
            StillHaveNo {
                users: vec![u.clone()],
                product: p.clone(),
            },
            StillHaveNo {
                users: vec![u.clone(), "Jane".into()],
                product: p.clone(),
            },
            StillHave {
                users: vec![u.clone()],
                product: p.clone(),
            },
            StillHave {
                users: seven.clone(),
                product: p.clone(),
            },
            OnlyThroughGroup {
                user: u.clone(),
                product: p.clone(),
            },
            AssignedDirectly {
                user: u.clone(),
                product: p.clone(),
            },
            StillOn {
                user: u.clone(),
                plans: vec!["Yammer Enterprise".into()],
                product: p.clone(),
            },
            TurnedOff {
                user: u.clone(),
                plans: vec!["A".into(), "B".into(), "C".into()],
                product: p.clone(),
            },
            LicenceCount {
                user: u.clone(),
                has: 1,
                wanted: 3,
            },
            GroupGone {
                group: "Sales E3".into(),
            },
            GroupInError {
                group: "Sales E3".into(),
                product: None,
                members: vec![(u.clone(), "MutuallyExclusiveViolation".into())],
            },
            GroupInError {
                group: "Sales E3".into(),
                product: Some(p.clone()),
                members: vec![(u.clone(), "CountViolation".into()), ("Jane".into(), "Weird".into())],
            },
            NoUsageLocation { user: u.clone() },
            WrongUsageLocation {
                user: u.clone(),
                actual: "DE".into(),
                wanted: "NL".into(),
            },
            NotInvited {
                email: "noor@fabrikam.com".into(),
            },
            NotByInvitation {
                email: "noor@fabrikam.com".into(),
                user: u.clone(),
            },
            InvitedAsMember { user: u.clone() },
            NotSubscribed { product: p.clone() },
            TooManyAssigned {
                product: p.clone(),
                assigned: 26,
                units: 25,
            },
            NoSuchSubscription {
                subscription: "Pay-As-You-Go".into(),
            },
            StillInDirectory {
                subscription: "Pay-As-You-Go".into(),
                now_in: "Default Directory".into(),
                directory: "Contoso".into(),
            },
            NotCoAdministrator {
                address: "admin@contoso.onmicrosoft.com".into(),
                subscription: "Pay-As-You-Go".into(),
            },
            Lost {
                users: vec![
                    (u.clone(), vec![p.clone()]),
                    ("Jane".into(), vec![p.clone(), "P2".into()]),
                ],
                more: 0,
            },
            Lost {
                users: vec![(u.clone(), vec![p])],
                more: 3,
            },
            NoSuchUser {
                who: "x@contoso.com".into(),
            },
            NoLongerInTenant { user: u.clone() },
            Deleted { user: u },
        ]
    }

    #[test]
    fn outcomes_keep_graphs_words_labelled() {
        let o = Outcome::BatchFailed {
            failed: 1,
            of: 2,
            message: "Subscription has no available licenses.".into(),
        };
        assert_eq!(
            outcome(Locale::Nl, &o),
            "1 van 2 aanvragen mislukt: Microsoft Graph meldt: “Subscription has no available licenses.”"
        );
        assert_eq!(outcome(Locale::En, &Outcome::Succeeded), "Succeeded");
        assert_eq!(outcome(Locale::Nl, &Outcome::Status { status: 503 }), "Mislukt (503)");
    }

    /// A training check's findings: English as the engine's, Dutch in Dutch.
    #[test]
    fn training_findings_in_both_languages() {
        let all = missings();
        for m in &all {
            assert_eq!(missing(Locale::En, std::slice::from_ref(m)), m.english(), "{m:?}");
            assert_ne!(missing(Locale::Nl, std::slice::from_ref(m)), m.english(), "{m:?}");
        }
        assert_eq!(
            missing(Locale::En, &all),
            tenant::training::Missing::english(&all[0]) + "; " + &missing(Locale::En, &all[1..])
        );
        assert_eq!(
            missing(Locale::Nl, &all[12..13]),
            "Sales E3 heeft nog 2 leden met fouten voor Office 365 E3: Megan Bowen (onvoldoende licenties) en Jane (weird)"
        );
        assert_eq!(
            missing(Locale::Nl, &all[4..5]),
            "User 1, User 2, User 3, User 4, User 5 en nog 2 hebben nog Office 365 E3"
        );
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
