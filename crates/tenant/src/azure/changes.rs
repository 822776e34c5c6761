//! The changes the Azure classic portal makes, each held to the rules of
//! [`super::rules`] on the account signed in: a refusal changes nothing and says why in
//! the seeds' words, with the fix.

use uuid::Uuid;

use super::refusal::{AdminAction, Refusal};
use super::rules::{
    access, access_lost, accounts_of, directories_of, directory_name, home_directory_of, home_id, link_checks,
    membership, Access, AccessLost,
};
use super::world::{
    Account, AccountKind, AzureSubscription, Directory, DirectoryLink, Member, Office365Subscription, OrgRole, UserType,
};
use crate::catalog;
use crate::error::GraphError;
use crate::tenant::{InvitationRequest, Tenant};
use crate::time::Timestamp;

/// The most co-administrators a subscription takes (the classic portal's limit).
pub const MAX_CO_ADMINS: usize = 200;

/// Licences an Office 365 trial comes with.
pub const TRIAL_SEATS: i32 = 25;

/// The Office 365 plans the product page offers (seed 001, scenario 2).
pub const OFFICE_365_PLANS: &[&str] = &["O365_BUSINESS_ESSENTIALS", "O365_BUSINESS_PREMIUM", "ENTERPRISEPACK"];

fn sub_index(t: &Tenant, id: Uuid) -> Result<usize, GraphError> {
    t.portal()
        .subscriptions
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| GraphError::not_found(&id.to_string()))
}

/// Only the service administrator changes a subscription's directory, owner or service
/// administrator.
fn must_be_service_admin(sub: &AzureSubscription, who: &Account, action: AdminAction) -> Result<(), GraphError> {
    match access(sub, who) {
        Some(Access::ServiceAdministrator) => Ok(()),
        Some(Access::CoAdministrator) => Err(Refusal::CoAdministratorCannot {
            action,
            subscription: sub.name.clone(),
            service_admin: sub.service_admin.address.clone(),
        }
        .into()),
        _ => Err(Refusal::NotServiceAdministrator {
            account: who.address.clone(),
            subscription: sub.name.clone(),
            service_admin: sub.service_admin.address.clone(),
        }
        .into()),
    }
}

/// Makes `who` a guest of directory `dir` if it is not a user of it yet (an account given
/// access to a directory's subscription, or let into a directory, shows in its users).
fn add_guest(t: &mut Tenant, dir: Uuid, who: &Account, now: Timestamp) -> Result<(), GraphError> {
    if membership(t, dir, who).is_some() {
        return Ok(());
    }
    if dir == home_id(t) {
        let req = InvitationRequest {
            invited_user_email_address: Some(who.address.clone()),
            invite_redirect_url: Some("https://portal.azure.com".into()),
            invited_user_display_name: Some(super::rules::display_name(t, who)),
            invited_user_type: None,
            send_invitation_message: false,
        };
        let invitation = t.invite(&Tenant::system_actor(), &req, now)?;
        return t.redeem_invitation(&invitation.invited_user.id.to_string(), now);
    }
    let name = super::rules::display_name(t, who);
    if let Some(d) = t.portal_mut().directories.iter_mut().find(|d| d.id == dir) {
        d.members.push(Member {
            account: who.clone(),
            display_name: name,
            user_type: UserType::Guest,
            role: OrgRole::User,
        });
    }
    Ok(())
}

/// 000 step 1, **Use existing directory**, **I am ready to be signed out**, **Complete**:
/// the service administrator of `sub` asks to use a directory they are not in. Every
/// prerequisite must hold.
pub fn request_link(t: &mut Tenant, who: &Account, sub: Uuid) -> Result<Uuid, GraphError> {
    let s = &t.portal().subscriptions[sub_index(t, sub)?];
    if let Some(c) = link_checks(t, who, s).into_iter().find(|c| !c.passed) {
        return Err(Refusal::Prerequisite { finding: c.finding }.into());
    }
    let id = t.new_id();
    t.portal_mut().links.push(DirectoryLink {
        id,
        requested_by: who.clone(),
        approved_into: None,
    });
    Ok(id)
}

/// 000 step 1, signed in as a Global admin of the directory to use, **Continue**: the
/// account that asked becomes a user of it, and so sees it in ACTIVE DIRECTORY.
pub fn approve_link(t: &mut Tenant, who: &Account, link: Uuid, now: Timestamp) -> Result<Uuid, GraphError> {
    let pos = t
        .portal()
        .links
        .iter()
        .position(|l| l.id == link)
        .ok_or_else(|| GraphError::not_found(&link.to_string()))?;
    if t.portal().links[pos].approved_into.is_some() {
        return Err(Refusal::AlreadyAnswered {}.into());
    }
    let dir = home_directory_of(t, who)
        .filter(|d| matches!(membership(t, *d, who), Some((_, OrgRole::GlobalAdministrator))))
        .ok_or_else(|| {
            GraphError::from(Refusal::NotGlobalAdminOfDirectory {
                account: who.address.clone(),
            })
        })?;
    let asker = t.portal().links[pos].requested_by.clone();
    if membership(t, dir, &asker).is_some() {
        return Err(Refusal::AlreadyUserOfDirectory {
            account: asker.address,
            directory: directory_name(t, dir),
        }
        .into());
    }
    add_guest(t, dir, &asker, now)?;
    t.portal_mut().links[pos].approved_into = Some(dir);
    Ok(dir)
}

/// Moves `sub` to `dir`, removing every co-administrator and resource group role.
fn move_subscription(t: &mut Tenant, idx: usize, dir: Uuid) -> AccessLost {
    let s = &mut t.portal_mut().subscriptions[idx];
    let lost = access_lost(s);
    s.directory = dir;
    s.co_admins.clear();
    for g in &mut s.resource_groups {
        g.assignments.clear();
    }
    lost
}

/// 000 step 2, **Edit directory**: the service administrator moves `sub` to a directory
/// they are a user of. Returns who lost access.
pub fn change_directory(t: &mut Tenant, who: &Account, sub: Uuid, dir: Uuid) -> Result<AccessLost, GraphError> {
    let idx = sub_index(t, sub)?;
    let s = &t.portal().subscriptions[idx];
    must_be_service_admin(s, who, AdminAction::ChangeDirectory)?;
    if s.directory == dir {
        return Err(Refusal::AlreadyInDirectory {
            subscription: s.name.clone(),
            directory: directory_name(t, dir),
        }
        .into());
    }
    if !directories_of(t, who).contains(&dir) {
        return Err(Refusal::NotUserOfDirectory {
            account: who.address.clone(),
        }
        .into());
    }
    Ok(move_subscription(t, idx, dir))
}

/// The recommended alternative of seed 000: hand `sub` to a work or school account; it
/// moves into that account's directory, and co-administrators and resource group roles
/// are removed as on a change of directory.
pub fn transfer(t: &mut Tenant, who: &Account, sub: Uuid, to: &str) -> Result<AccessLost, GraphError> {
    let idx = sub_index(t, sub)?;
    must_be_service_admin(&t.portal().subscriptions[idx], who, AdminAction::Transfer)?;
    let recipient = Account::work(to.trim());
    let dir = home_directory_of(t, &recipient)
        .ok_or_else(|| GraphError::from(Refusal::NotWorkAccount { address: to.to_owned() }))?;
    if recipient.is(who) {
        return Err(Refusal::RunsItAlready {}.into());
    }
    let lost = move_subscription(t, idx, dir);
    t.portal_mut().subscriptions[idx].service_admin = recipient;
    Ok(lost)
}

/// Resolves an address typed in a form to its account: a work account where it has one,
/// else its Microsoft account.
fn account_for(t: &Tenant, address: &str) -> Result<Account, GraphError> {
    let address = address.trim();
    match accounts_of(t, address).first() {
        Some(AccountKind::Work) => Ok(Account::work(address)),
        Some(AccountKind::Microsoft) => Ok(Account::microsoft(address)),
        None => Err(Refusal::NoAccountFor {
            address: address.to_owned(),
        }
        .into()),
    }
}

/// 000 step 3 and seed 002, **Settings > Administrators > Add**: makes `address` a
/// co-administrator of each of `subs`. The account must be the service administrator or a
/// co-administrator of each; the new one becomes a user of each subscription's directory.
pub fn add_co_admin(
    t: &mut Tenant,
    who: &Account,
    address: &str,
    subs: &[Uuid],
    now: Timestamp,
) -> Result<Account, GraphError> {
    if subs.is_empty() {
        return Err(Refusal::NoSubscriptionsSelected {}.into());
    }
    let added = account_for(t, address)?;
    let mut idxs = Vec::new();
    for id in subs {
        let idx = sub_index(t, *id)?;
        let s = &t.portal().subscriptions[idx];
        if !matches!(
            access(s, who),
            Some(Access::ServiceAdministrator | Access::CoAdministrator)
        ) {
            return Err(Refusal::CannotAddAdministrators {
                account: who.address.clone(),
                subscription: s.name.clone(),
            }
            .into());
        }
        if matches!(
            access(s, &added),
            Some(Access::ServiceAdministrator | Access::CoAdministrator)
        ) {
            return Err(Refusal::AlreadyAdministrator {
                account: added.address.clone(),
                subscription: s.name.clone(),
            }
            .into());
        }
        if s.co_admins.len() >= MAX_CO_ADMINS {
            return Err(Refusal::TooManyCoAdministrators {
                subscription: s.name.clone(),
                max: MAX_CO_ADMINS,
            }
            .into());
        }
        idxs.push(idx);
    }
    for idx in idxs {
        let dir = t.portal().subscriptions[idx].directory;
        add_guest(t, dir, &added, now)?;
        t.portal_mut().subscriptions[idx].co_admins.push(added.clone());
    }
    Ok(added)
}

/// **Change service administrator** (seed 000's fix for an address that is two accounts):
/// the service administrator hands the role to another account, which must be one kind of
/// account only.
pub fn change_service_admin(
    t: &mut Tenant,
    who: &Account,
    sub: Uuid,
    address: &str,
    now: Timestamp,
) -> Result<Account, GraphError> {
    let idx = sub_index(t, sub)?;
    must_be_service_admin(&t.portal().subscriptions[idx], who, AdminAction::ChangeServiceAdmin)?;
    let kinds = accounts_of(t, address.trim());
    if kinds.len() > 1 {
        return Err(Refusal::TwoAccounts {
            address: address.trim().to_owned(),
        }
        .into());
    }
    let next = account_for(t, address)?;
    if next.is(who) {
        return Err(Refusal::AlreadyServiceAdministrator { address: next.address }.into());
    }
    let dir = t.portal().subscriptions[idx].directory;
    add_guest(t, dir, &next, now)?;
    let s = &mut t.portal_mut().subscriptions[idx];
    s.co_admins.retain(|c| !c.is(&next));
    s.service_admin = next.clone();
    Ok(next)
}

/// Seed 001, scenario 1: signing up for Azure. The new subscription lands in the
/// directory of the account that signs up (a Microsoft account without one gets its
/// default directory), with that account as its service administrator.
pub fn sign_up_azure(t: &mut Tenant, who: &Account) -> Result<Uuid, GraphError> {
    if accounts_of(t, &who.address).iter().all(|k| *k != who.kind) {
        return Err(Refusal::NoSuchAccount {
            kind: who.kind,
            address: who.address.clone(),
        }
        .into());
    }
    let trial = t
        .portal()
        .subscriptions
        .iter()
        .find(|s| s.offer == "Free Trial" && s.service_admin.is(who));
    if let Some(s) = trial {
        return Err(Refusal::HadFreeTrial {
            account: who.address.clone(),
            subscription: s.name.clone(),
        }
        .into());
    }
    let dir = match home_directory_of(t, who) {
        Some(d) => d,
        None => {
            let id = t.new_id();
            let local: String = who
                .address
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(27)
                .collect::<String>()
                .to_lowercase();
            let name = super::rules::display_name(t, who);
            t.portal_mut().directories.push(Directory {
                id,
                name: "Default Directory".into(),
                domain: format!("{local}.onmicrosoft.com"),
                members: vec![Member {
                    account: who.clone(),
                    display_name: name,
                    user_type: UserType::Member,
                    role: OrgRole::GlobalAdministrator,
                }],
                office365: Vec::new(),
            });
            id
        }
    };
    let id = t.new_id();
    t.portal_mut().subscriptions.push(AzureSubscription {
        id,
        name: "Free Trial".into(),
        offer: "Free Trial".into(),
        directory: dir,
        service_admin: who.clone(),
        co_admins: Vec::new(),
        resource_groups: Vec::new(),
    });
    Ok(id)
}

/// Seed 001, scenario 2: buying Office 365 (**Try now**). Only a Global admin or Billing
/// admin of the account's directory may; the trial lands in that same directory (for the
/// tenant: a product on Billing > Licenses, with seats added when it has the product).
pub fn buy_office365(t: &mut Tenant, who: &Account, part: &str) -> Result<Uuid, GraphError> {
    if !OFFICE_365_PLANS.contains(&part) {
        return Err(Refusal::NotAnOffice365Plan { part: part.to_owned() }.into());
    }
    if who.kind == AccountKind::Microsoft {
        return Err(Refusal::NeedsWorkAccount {}.into());
    }
    let dir = home_directory_of(t, who).ok_or_else(|| {
        GraphError::from(Refusal::NotInAnyDirectory {
            account: who.address.clone(),
        })
    })?;
    let role = membership(t, dir, who).map(|(_, r)| r).unwrap_or(OrgRole::User);
    if !matches!(role, OrgRole::GlobalAdministrator | OrgRole::BillingAdministrator) {
        return Err(Refusal::MustBeGlobalOrBillingAdmin {
            directory: directory_name(t, dir),
            role,
        }
        .into());
    }
    let product = catalog::product_by_part(part).ok_or_else(|| GraphError::not_found(part))?;
    if dir == home_id(t) {
        t.add_subscription(part, TRIAL_SEATS);
    } else if let Some(d) = t.portal_mut().directories.iter_mut().find(|d| d.id == dir) {
        match d.office365.iter_mut().find(|o| o.part == part) {
            Some(o) => o.seats += TRIAL_SEATS,
            None => d.office365.push(Office365Subscription {
                part: part.to_owned(),
                seats: TRIAL_SEATS,
            }),
        }
    }
    Ok(product.sku_id)
}
