//! What the Azure classic portal adds to a tenant: accounts that sign in, the directories
//! other than the tenant's own, and Azure subscriptions with their administrators.
//!
//! The tenant itself is one directory (its users are the store's, its Office 365
//! subscriptions the store's products); everything else the seeds 000-002 need lives here,
//! held by the [`crate::Tenant`] so that every change to it goes through the same journal,
//! replay and undo as a licence change.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The two kinds of account that sign in to Azure. One address can be both, which is
/// why the seed asks such an address to hand its service administrator role on first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountKind {
    /// A work or school account: a user of a directory.
    Work,
    /// A personal Microsoft account (outlook.com, hotmail.com, or any address signed up).
    Microsoft,
}

impl AccountKind {
    /// The words the sign-in page uses.
    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Work => "Work or school account",
            AccountKind::Microsoft => "Microsoft account",
        }
    }
}

/// An account: an address and which kind of account of that address. Addresses compare
/// without regard to case, as sign-in does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The sign-in address.
    pub address: String,
    /// Which account of the address.
    pub kind: AccountKind,
}

impl Account {
    /// A work or school account.
    pub fn work(address: &str) -> Self {
        Account {
            address: address.to_owned(),
            kind: AccountKind::Work,
        }
    }

    /// A Microsoft account.
    pub fn microsoft(address: &str) -> Self {
        Account {
            address: address.to_owned(),
            kind: AccountKind::Microsoft,
        }
    }

    /// Whether this is `other` (same kind, address in any case).
    pub fn is(&self, other: &Account) -> bool {
        self.kind == other.kind && self.address.eq_ignore_ascii_case(&other.address)
    }

    /// The value of the request header that says who is signed in to the portal:
    /// `work:address` or `microsoft:address`.
    pub fn to_header(&self) -> String {
        match self.kind {
            AccountKind::Work => format!("work:{}", self.address),
            AccountKind::Microsoft => format!("microsoft:{}", self.address),
        }
    }

    /// Reads [`Account::to_header`] back; `None` for anything else.
    pub fn from_header(v: &str) -> Option<Self> {
        let (kind, address) = v.split_once(':')?;
        let kind = match kind {
            "work" => AccountKind::Work,
            "microsoft" => AccountKind::Microsoft,
            _ => return None,
        };
        let address = address.trim();
        crate::is_email(address).then(|| Account {
            address: address.to_owned(),
            kind,
        })
    }
}

/// The header a portal request names its signed-in account in.
pub const ACCOUNT_HEADER: &str = "X-Portal-Account";

/// A personal Microsoft account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MicrosoftAccount {
    /// Its address.
    pub address: String,
    /// The name it signs up with.
    pub display_name: String,
}

/// Member or guest, as a directory lists its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserType {
    /// A user of the directory itself.
    Member,
    /// A user from elsewhere given access.
    Guest,
}

/// The role a user holds in a directory, as the classic portal's ORGANIZATIONAL ROLE field
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgRole {
    /// Global administrator.
    GlobalAdministrator,
    /// Billing administrator.
    BillingAdministrator,
    /// User administrator.
    UserAdministrator,
    /// No admin role.
    User,
}

impl OrgRole {
    /// The field's words.
    pub fn label(self) -> &'static str {
        match self {
            OrgRole::GlobalAdministrator => "Global administrator",
            OrgRole::BillingAdministrator => "Billing administrator",
            OrgRole::UserAdministrator => "User administrator",
            OrgRole::User => "User",
        }
    }
}

/// A user of a directory other than the tenant's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// Who.
    pub account: Account,
    /// The name shown.
    pub display_name: String,
    /// Member or guest.
    pub user_type: UserType,
    /// Their role there.
    pub role: OrgRole,
}

/// An Office 365 subscription of a directory other than the tenant's own (the tenant's
/// are its products, on Billing > Licenses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Office365Subscription {
    /// The catalog part number.
    pub part: String,
    /// Licences it holds.
    pub seats: i32,
}

/// A directory (tenant) other than the tenant this app manages: a Microsoft account's
/// default directory, say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Directory {
    /// The tenant id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its initial domain (`name.onmicrosoft.com`).
    pub domain: String,
    /// Its users.
    pub members: Vec<Member>,
    /// Its Office 365 subscriptions.
    pub office365: Vec<Office365Subscription>,
}

/// A role-based access assignment of an account to a resource group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// Who has access.
    pub account: Account,
    /// `Owner`, `Contributor` or `Reader`.
    pub role: String,
}

/// A resource group of a subscription, with who has access to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceGroup {
    /// Its name.
    pub name: String,
    /// Access given on it.
    pub assignments: Vec<RoleAssignment>,
}

/// An Azure subscription: it belongs to one directory and is run by its service
/// administrator, whom co-administrators help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureSubscription {
    /// The subscription id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// The offer (`Pay-As-You-Go`, `Free Trial`).
    pub offer: String,
    /// The directory it belongs to.
    pub directory: Uuid,
    /// The account that runs it (today's portal: the subscription's classic administrator).
    pub service_admin: Account,
    /// Accounts with the same rights except changing the service administrator or the
    /// directory.
    pub co_admins: Vec<Account>,
    /// Its resource groups.
    pub resource_groups: Vec<ResourceGroup>,
}

/// A request, made by a subscription's service administrator, to use a directory they are
/// not in (000 step 1, **Use existing directory**): a Global admin of that directory signs
/// in and says **Continue**.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryLink {
    /// Its id.
    pub id: Uuid,
    /// Who asked.
    pub requested_by: Account,
    /// The directory that said yes, once one did.
    pub approved_into: Option<Uuid>,
}

/// Everything of the Azure classic portal beside the tenant itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Portal {
    /// Personal accounts that exist.
    pub microsoft_accounts: Vec<MicrosoftAccount>,
    /// Directories other than the tenant.
    pub directories: Vec<Directory>,
    /// Azure subscriptions, in any directory (the tenant's included).
    pub subscriptions: Vec<AzureSubscription>,
    /// Requests to use an existing directory.
    pub links: Vec<DirectoryLink>,
}

impl Portal {
    /// The Microsoft account of `address`, if one was signed up.
    pub fn microsoft_account(&self, address: &str) -> Option<&MicrosoftAccount> {
        self.microsoft_accounts
            .iter()
            .find(|m| m.address.eq_ignore_ascii_case(address))
    }

    /// A directory other than the tenant, by id.
    pub fn directory(&self, id: Uuid) -> Option<&Directory> {
        self.directories.iter().find(|d| d.id == id)
    }

    /// An Azure subscription by id.
    pub fn subscription(&self, id: Uuid) -> Option<&AzureSubscription> {
        self.subscriptions.iter().find(|s| s.id == id)
    }
}
