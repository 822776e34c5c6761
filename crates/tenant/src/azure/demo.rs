//! The Azure side of the demo (and of generated tenants): what seeds 000-002 start from.
//!
//! - Kelley Wall signed up for Azure with her Microsoft account `kelley@outlook.com`, which
//!   has its own Default Directory and a Pay-As-You-Go subscription, with two
//!   co-administrators and two accounts with roles on two resource groups (seed 000).
//! - Alex Wilber signed up a Microsoft account with his work address `alexw@contoso.com`:
//!   an address that is both kinds of account, whose Visual Studio subscription must change
//!   service administrator before it can be linked. His other Microsoft account,
//!   `alex.wilber@outlook.com`, can take the role.
//! - Contoso's own Office 365 tenant (the tenant) holds no Azure subscription yet: Kelley's
//!   work account `admin@contoso.onmicrosoft.com` can sign up for one (seed 001).

use uuid::{uuid, Uuid};

use super::world::{
    Account, AzureSubscription, Directory, Member, MicrosoftAccount, OrgRole, Portal, ResourceGroup, RoleAssignment,
    UserType,
};

/// Kelley's Microsoft account.
pub const KELLEY_MSA: &str = "kelley@outlook.com";
/// The Pay-As-You-Go subscription of Kelley's Microsoft account.
pub const PAYG_ID: Uuid = uuid!("6b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
/// Kelley's Default Directory.
pub const KELLEY_DIRECTORY: Uuid = uuid!("0f4c6a1e-2b3d-4e5f-8a9b-7c6d5e4f3a21");
/// The Visual Studio subscription of Alex's Microsoft account with a work address.
pub const VS_ID: Uuid = uuid!("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
/// Alex's Default Directory.
pub const ALEX_DIRECTORY: Uuid = uuid!("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a");

fn msa(address: &str, name: &str) -> MicrosoftAccount {
    MicrosoftAccount {
        address: address.into(),
        display_name: name.into(),
    }
}

fn member(account: Account, name: &str, user_type: UserType, role: OrgRole) -> Member {
    Member {
        account,
        display_name: name.into(),
        user_type,
        role,
    }
}

fn rbac(address: &str, role: &str) -> RoleAssignment {
    RoleAssignment {
        account: Account::microsoft(address),
        role: role.into(),
    }
}

/// The portal the demo and generated tenants start with.
pub fn demo_portal() -> Portal {
    let guest = |a: &str, n: &str| member(Account::microsoft(a), n, UserType::Guest, OrgRole::User);
    Portal {
        microsoft_accounts: vec![
            msa(KELLEY_MSA, "Kelley Wall"),
            msa("sam.jones@outlook.com", "Sam Jones"),
            msa("ana.silva@hotmail.com", "Ana Silva"),
            msa("ravi.patel@outlook.com", "Ravi Patel"),
            msa("lena.fischer@outlook.com", "Lena Fischer"),
            msa("alexw@contoso.com", "Alex Wilber"),
            msa("alex.wilber@outlook.com", "Alex Wilber"),
        ],
        directories: vec![
            Directory {
                id: KELLEY_DIRECTORY,
                name: "Default Directory".into(),
                domain: "kelleyoutlook.onmicrosoft.com".into(),
                members: vec![
                    member(
                        Account::microsoft(KELLEY_MSA),
                        "Kelley Wall",
                        UserType::Member,
                        OrgRole::GlobalAdministrator,
                    ),
                    guest("sam.jones@outlook.com", "Sam Jones"),
                    guest("ana.silva@hotmail.com", "Ana Silva"),
                    guest("ravi.patel@outlook.com", "Ravi Patel"),
                    guest("lena.fischer@outlook.com", "Lena Fischer"),
                ],
                office365: Vec::new(),
            },
            Directory {
                id: ALEX_DIRECTORY,
                name: "Default Directory".into(),
                domain: "alexwcontoso.onmicrosoft.com".into(),
                members: vec![member(
                    Account::microsoft("alexw@contoso.com"),
                    "Alex Wilber",
                    UserType::Member,
                    OrgRole::GlobalAdministrator,
                )],
                office365: Vec::new(),
            },
        ],
        subscriptions: vec![
            AzureSubscription {
                id: PAYG_ID,
                name: "Pay-As-You-Go".into(),
                offer: "Pay-As-You-Go".into(),
                directory: KELLEY_DIRECTORY,
                service_admin: Account::microsoft(KELLEY_MSA),
                co_admins: vec![
                    Account::microsoft("sam.jones@outlook.com"),
                    Account::microsoft("ana.silva@hotmail.com"),
                ],
                resource_groups: vec![
                    ResourceGroup {
                        name: "web-rg".into(),
                        assignments: vec![rbac("ravi.patel@outlook.com", "Contributor")],
                    },
                    ResourceGroup {
                        name: "data-rg".into(),
                        assignments: vec![rbac("lena.fischer@outlook.com", "Reader")],
                    },
                ],
            },
            AzureSubscription {
                id: VS_ID,
                name: "Visual Studio Professional".into(),
                offer: "Visual Studio Professional subscribers".into(),
                directory: ALEX_DIRECTORY,
                service_admin: Account::microsoft("alexw@contoso.com"),
                co_admins: Vec::new(),
                resource_groups: Vec::new(),
            },
        ],
        links: Vec::new(),
    }
}
