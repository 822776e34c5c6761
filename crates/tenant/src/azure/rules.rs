//! Who is where, and who may do what, in the Azure classic portal: the rules of seeds 000,
//! 001 and 002 as plain functions over the tenant and its [`Portal`].
//!
//! The tenant is itself a directory (its id is the organization's): its users are the
//! store's users, its roles the store's roles. The other directories are the portal's.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::world::{Account, AccountKind, AzureSubscription, OrgRole, Portal, UserType};
use crate::roles::Role;
use crate::tenant::Tenant;

/// The tenant's own directory id.
pub fn home_id(t: &Tenant) -> Uuid {
    t.org().id
}

/// The classic portal's ORGANIZATIONAL ROLE for a holder of `roles`: the highest of the
/// roles it names, else User.
pub fn org_role(roles: &[Role]) -> OrgRole {
    if roles.contains(&Role::GlobalAdministrator) {
        OrgRole::GlobalAdministrator
    } else if roles.contains(&Role::BillingAdministrator) {
        OrgRole::BillingAdministrator
    } else if roles.contains(&Role::UserAdministrator) {
        OrgRole::UserAdministrator
    } else {
        OrgRole::User
    }
}

/// How `account` is in the tenant's own directory: a member signs in with its user
/// principal name (work accounts only), a guest is found by its address.
fn in_home(t: &Tenant, account: &Account) -> Option<(UserType, OrgRole)> {
    t.users()
        .filter(|u| u.deleted_date_time.is_none() && u.account_enabled != Some(false))
        .find_map(|u| {
            let by_upn = account.kind == AccountKind::Work
                && !u.is_guest()
                && u.user_principal_name.eq_ignore_ascii_case(&account.address);
            let by_mail = u.is_guest()
                && (u
                    .mail
                    .as_deref()
                    .is_some_and(|m| m.eq_ignore_ascii_case(&account.address))
                    || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(&account.address)));
            (by_upn || by_mail).then(|| {
                let kind = if u.is_guest() {
                    UserType::Guest
                } else {
                    UserType::Member
                };
                (kind, org_role(&t.roles_of(u.id)))
            })
        })
}

/// How `account` is in directory `dir` (the tenant's or another): member or guest, and
/// its role there; `None` when it is not a user of it.
pub fn membership(t: &Tenant, dir: Uuid, account: &Account) -> Option<(UserType, OrgRole)> {
    if dir == home_id(t) {
        return in_home(t, account);
    }
    let d = t.portal().directory(dir)?;
    d.members
        .iter()
        .find(|m| m.account.is(account))
        .map(|m| (m.user_type, m.role))
}

/// The directories `account` is a user of, the tenant's first: the directories it can
/// switch between and pick from.
pub fn directories_of(t: &Tenant, account: &Account) -> Vec<Uuid> {
    let mut out = Vec::new();
    if in_home(t, account).is_some() {
        out.push(home_id(t));
    }
    for d in &t.portal().directories {
        if d.members.iter().any(|m| m.account.is(account)) {
            out.push(d.id);
        }
    }
    out
}

/// The directory `account` belongs to as a member: where a subscription it creates lands
/// ("a subscription lands in the directory of the user creating it", seed 001).
pub fn home_directory_of(t: &Tenant, account: &Account) -> Option<Uuid> {
    directories_of(t, account)
        .into_iter()
        .find(|d| matches!(membership(t, *d, account), Some((UserType::Member, _))))
}

/// The name of a directory, the tenant's or another.
pub fn directory_name(t: &Tenant, dir: Uuid) -> String {
    if dir == home_id(t) {
        return t.org().display_name.clone();
    }
    t.portal().directory(dir).map(|d| d.name.clone()).unwrap_or_default()
}

/// Whether `address` has a work or school account: a member of the tenant, or a member of
/// another directory.
pub fn has_work_account(t: &Tenant, address: &str) -> bool {
    let work = Account::work(address);
    t.users()
        .any(|u| !u.is_guest() && u.deleted_date_time.is_none() && u.user_principal_name.eq_ignore_ascii_case(address))
        || t.portal().directories.iter().any(|d| {
            d.members
                .iter()
                .any(|m| m.user_type == UserType::Member && m.account.is(&work))
        })
}

/// The accounts an address has: the sign-in page asks which when there are two.
pub fn accounts_of(t: &Tenant, address: &str) -> Vec<AccountKind> {
    let mut kinds = Vec::new();
    if has_work_account(t, address) {
        kinds.push(AccountKind::Work);
    }
    if t.portal().microsoft_account(address).is_some() {
        kinds.push(AccountKind::Microsoft);
    }
    kinds
}

/// The name an account goes by.
pub fn display_name(t: &Tenant, account: &Account) -> String {
    if account.kind == AccountKind::Microsoft {
        if let Some(m) = t.portal().microsoft_account(&account.address) {
            return m.display_name.clone();
        }
    }
    if let Some(u) = t
        .users()
        .find(|u| u.user_principal_name.eq_ignore_ascii_case(&account.address))
    {
        return u.name().to_owned();
    }
    t.portal()
        .directories
        .iter()
        .flat_map(|d| &d.members)
        .find(|m| m.account.is(account))
        .map(|m| m.display_name.clone())
        .unwrap_or_else(|| account.address.clone())
}

/// Whether `address` is any live user's address in the tenant: sign-in name, mail or
/// other mails.
pub fn address_in_tenant(t: &Tenant, address: &str) -> bool {
    t.users().any(|u| {
        u.deleted_date_time.is_none()
            && (u.user_principal_name.eq_ignore_ascii_case(address)
                || u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(address))
                || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(address)))
    })
}

/// The sign-in names of the tenant's Global admins who can sign in.
pub fn global_admins(t: &Tenant) -> Vec<String> {
    t.users()
        .filter(|u| u.deleted_date_time.is_none() && u.account_enabled != Some(false))
        .filter(|u| t.roles_of(u.id).contains(&Role::GlobalAdministrator))
        .map(|u| u.user_principal_name.clone())
        .collect()
}

/// Whether `address` is one of a tenant Global admin's addresses.
fn is_global_admin_address(t: &Tenant, address: &str) -> bool {
    t.users().any(|u| {
        u.deleted_date_time.is_none()
            && t.roles_of(u.id).contains(&Role::GlobalAdministrator)
            && (u.user_principal_name.eq_ignore_ascii_case(address)
                || u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(address))
                || u.other_mails.iter().any(|m| m.eq_ignore_ascii_case(address)))
    })
}

/// What `account` may do with a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Access {
    /// Runs it.
    ServiceAdministrator,
    /// Helps run it.
    CoAdministrator,
    /// Has a role on resource groups of it.
    ResourceGroups {
        /// `group: role` for each.
        roles: Vec<String>,
    },
}

impl Access {
    /// How the portal names it.
    pub fn label(&self) -> String {
        match self {
            Access::ServiceAdministrator => "Service administrator".into(),
            Access::CoAdministrator => "Co-administrator".into(),
            Access::ResourceGroups { roles } => roles.join(", "),
        }
    }
}

/// `account`'s access to `sub`, if any.
pub fn access(sub: &AzureSubscription, account: &Account) -> Option<Access> {
    if sub.service_admin.is(account) {
        return Some(Access::ServiceAdministrator);
    }
    if sub.co_admins.iter().any(|c| c.is(account)) {
        return Some(Access::CoAdministrator);
    }
    let roles: Vec<String> = sub
        .resource_groups
        .iter()
        .flat_map(|g| {
            g.assignments
                .iter()
                .filter(|a| a.account.is(account))
                .map(move |a| format!("{}: {}", g.name, a.role))
        })
        .collect();
    (!roles.is_empty()).then_some(Access::ResourceGroups { roles })
}

/// The subscriptions `account` sees when it signs in.
pub fn subscriptions_of<'a>(portal: &'a Portal, account: &Account) -> Vec<&'a AzureSubscription> {
    portal
        .subscriptions
        .iter()
        .filter(|s| access(s, account).is_some())
        .collect()
}

/// One prerequisite of linking an Office 365 tenant to an Azure subscription (seed 000,
/// "Before you begin").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckId {
    /// Signed in as the subscription's service administrator (co-administrators cannot).
    ServiceAdministrator,
    /// A Global admin of the Office 365 tenant is at hand.
    GlobalAdmin,
    /// The service administrator's address is not in the Office 365 tenant.
    NotInTenant,
    /// Nor is it a Global admin's.
    NotGlobalAdmin,
    /// It is a Microsoft account only, not an organizational account too.
    OneAccount,
}

/// What a prerequisite check found, as data: which case of which check, with the names
/// and addresses its sentence needs. The app words it in the admin's language from this;
/// [`Finding::message`] and [`Finding::fix`] are the English, for the wire and the tests.
/// Serialized with serde's external tag (`{"coAdministrator": {...}}`): an internal tag's
/// buffering deserializer costs tens of KB of wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Finding {
    /// Signed in as the service administrator of `subscription`.
    ServiceAdministrator {
        /// The subscription's name.
        subscription: String,
    },
    /// Signed in as a co-administrator, who cannot link a directory.
    CoAdministrator {
        /// The subscription's name.
        subscription: String,
        /// Its service administrator's address.
        service_admin: String,
    },
    /// Signed in as an account with no administrator role on the subscription.
    NotAnAdministrator {
        /// The signed-in address.
        account: String,
        /// The subscription's name.
        subscription: String,
        /// Its service administrator's address.
        service_admin: String,
    },
    /// The Office 365 tenant has Global admins who can sign in.
    GlobalAdmins {
        /// The tenant's name.
        tenant: String,
        /// Their sign-in names.
        admins: Vec<String>,
    },
    /// The Office 365 tenant has no Global admin who can sign in.
    NoGlobalAdmin {
        /// The tenant's name.
        tenant: String,
    },
    /// The service administrator's address is one of the tenant's addresses.
    AddressInTenant {
        /// The service administrator's address.
        address: String,
        /// The tenant's name.
        tenant: String,
    },
    /// The service administrator's address is not in the tenant.
    AddressNotInTenant {
        /// The service administrator's address.
        address: String,
        /// The tenant's name.
        tenant: String,
    },
    /// The service administrator's address is a Global admin's.
    AddressOfGlobalAdmin {
        /// The service administrator's address.
        address: String,
        /// The tenant's name.
        tenant: String,
    },
    /// The service administrator's address is no Global admin's.
    AddressNotOfGlobalAdmin {
        /// The tenant's name.
        tenant: String,
    },
    /// The address is both a Microsoft account and an organizational account.
    TwoAccounts {
        /// The service administrator's address.
        address: String,
    },
    /// The address is one kind of account only.
    OneAccount {
        /// The service administrator's address.
        address: String,
    },
}

impl Finding {
    /// Whether the prerequisite is met.
    pub fn passed(&self) -> bool {
        matches!(
            self,
            Finding::ServiceAdministrator { .. }
                | Finding::GlobalAdmins { .. }
                | Finding::AddressNotInTenant { .. }
                | Finding::AddressNotOfGlobalAdmin { .. }
                | Finding::OneAccount { .. }
        )
    }

    /// What it checks, or why it fails, in English.
    pub fn message(&self) -> String {
        match self {
            Finding::ServiceAdministrator { subscription } => {
                format!("You're signed in as the service administrator of {subscription}.")
            }
            Finding::CoAdministrator { subscription, .. } => format!(
                "You're signed in as a co-administrator of {subscription}. Co-administrators can't add a directory or change the subscription's directory."
            ),
            Finding::NotAnAdministrator { account, subscription, .. } => {
                format!("{account} isn't an administrator of {subscription}.")
            }
            Finding::GlobalAdmins { tenant, admins } => format!(
                "You'll need the credentials of a Global admin of {tenant}: {}.",
                admins.join(", ")
            ),
            Finding::NoGlobalAdmin { tenant } => format!("{tenant} has no Global admin who can sign in."),
            Finding::AddressInTenant { address, tenant } => {
                format!("The service administrator's address, {address}, is in the {tenant} Office 365 tenant.")
            }
            Finding::AddressNotInTenant { address, tenant } => {
                format!("The service administrator's address, {address}, isn't in the {tenant} Office 365 tenant.")
            }
            Finding::AddressOfGlobalAdmin { address, tenant } => {
                format!("The service administrator's address, {address}, is a Global admin's address in {tenant}.")
            }
            Finding::AddressNotOfGlobalAdmin { tenant } => {
                format!("The service administrator's address isn't a Global admin's address in {tenant}.")
            }
            Finding::TwoAccounts { address } => {
                format!("{address} is both a Microsoft account and an organizational account.")
            }
            Finding::OneAccount { address } => format!("{address} is one kind of account only."),
        }
    }

    /// What to do when it fails, in English.
    pub fn fix(&self) -> Option<String> {
        Some(match self {
            Finding::CoAdministrator { service_admin, .. } => format!(
                "Sign out and sign in as the service administrator, {service_admin}, or ask them to make you the service administrator."
            ),
            Finding::NotAnAdministrator { service_admin, .. } => {
                format!("Sign in as the service administrator, {service_admin}.")
            }
            Finding::NoGlobalAdmin { tenant } => format!("Make a user of {tenant} a Global admin first."),
            Finding::AddressInTenant { .. } => "Make another Microsoft account, one whose address isn't in the Office 365 tenant, the service administrator first (Settings > Administrators > Change service administrator), or transfer the subscription instead.".to_owned(),
            Finding::AddressOfGlobalAdmin { .. } => "Make another Microsoft account the service administrator first (Settings > Administrators > Change service administrator).".to_owned(),
            Finding::TwoAccounts { .. } => "Change the service administrator to another Microsoft account for now (Settings > Administrators > Change service administrator); you can sign up for one at signup.live.com.".to_owned(),
            _ => return None,
        })
    }
}

/// A prerequisite, met or not: what was found as data (for the app to word in the admin's
/// language), and the same in English words with the fix when it is not met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Which.
    pub id: CheckId,
    /// Met.
    pub passed: bool,
    /// What was found, with the names the sentence needs.
    pub finding: Finding,
    /// What it checks, or why it fails (English).
    pub message: String,
    /// What to do when it fails (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    fn of(id: CheckId, finding: Finding) -> Self {
        Check {
            id,
            passed: finding.passed(),
            message: finding.message(),
            fix: finding.fix(),
            finding,
        }
    }
}

/// Checks every prerequisite of linking the tenant (the Office 365 tenant) to `sub`, for
/// `account` signed in: all of them, so the admin sees every problem at once.
pub fn link_checks(t: &Tenant, account: &Account, sub: &AzureSubscription) -> Vec<Check> {
    let tenant = t.org().display_name.clone();
    let address = sub.service_admin.address.clone();
    let subscription = sub.name.clone();
    let first = match access(sub, account) {
        Some(Access::ServiceAdministrator) => Finding::ServiceAdministrator { subscription },
        Some(Access::CoAdministrator) => Finding::CoAdministrator {
            subscription,
            service_admin: address.clone(),
        },
        _ => Finding::NotAnAdministrator {
            account: account.address.clone(),
            subscription,
            service_admin: address.clone(),
        },
    };
    let admins = global_admins(t);
    let global_admin = if admins.is_empty() {
        Finding::NoGlobalAdmin { tenant: tenant.clone() }
    } else {
        Finding::GlobalAdmins {
            tenant: tenant.clone(),
            admins,
        }
    };
    let not_in_tenant = if address_in_tenant(t, &address) {
        Finding::AddressInTenant {
            address: address.clone(),
            tenant: tenant.clone(),
        }
    } else {
        Finding::AddressNotInTenant {
            address: address.clone(),
            tenant: tenant.clone(),
        }
    };
    let not_global = if is_global_admin_address(t, &address) {
        Finding::AddressOfGlobalAdmin {
            address: address.clone(),
            tenant,
        }
    } else {
        Finding::AddressNotOfGlobalAdmin { tenant }
    };
    let one_account = if sub.service_admin.kind == AccountKind::Microsoft && has_work_account(t, &address) {
        Finding::TwoAccounts { address }
    } else {
        Finding::OneAccount { address }
    };
    vec![
        Check::of(CheckId::ServiceAdministrator, first),
        Check::of(CheckId::GlobalAdmin, global_admin),
        Check::of(CheckId::NotInTenant, not_in_tenant),
        Check::of(CheckId::NotGlobalAdmin, not_global),
        Check::of(CheckId::OneAccount, one_account),
    ]
}

/// Who loses access when a subscription changes directory (000 step 2): every
/// co-administrator and every account with a role on a resource group. The classic
/// portal's own warning named the co-administrators only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessLost {
    /// Co-administrators removed.
    pub co_admins: Vec<Account>,
    /// `(resource group, account, role)` removed.
    pub resource_groups: Vec<LostRole>,
}

/// A resource group role that a change of directory removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LostRole {
    /// The resource group.
    pub group: String,
    /// Who.
    pub account: Account,
    /// Their role on it.
    pub role: String,
}

/// What a change of `sub`'s directory takes away.
pub fn access_lost(sub: &AzureSubscription) -> AccessLost {
    AccessLost {
        co_admins: sub.co_admins.clone(),
        resource_groups: sub
            .resource_groups
            .iter()
            .flat_map(|g| {
                g.assignments.iter().map(|a| LostRole {
                    group: g.name.clone(),
                    account: a.account.clone(),
                    role: a.role.clone(),
                })
            })
            .collect(),
    }
}
