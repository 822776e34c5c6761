//! The Azure classic portal's requests (`/azure/...`, see `tenant::azure::rest`), typed:
//! each carries the account signed in to the portal, and a change reloads every view as
//! any other write does.

use serde::Deserialize;
use serde_json::{json, Value};
use tenant::azure::rules::{AccessLost, Check};
use tenant::azure::world::{Account, AccountKind, ResourceGroup, ACCOUNT_HEADER};
use tenant::rest::{GraphRequest, Method};
use tenant::GraphError;
use uuid::Uuid;

use super::client::{encode_segment, Api};

/// Who is signed in to the portal, as it shows them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// The signed-in account, with its name.
    pub account: Option<NamedAccount>,
    /// The directories it is a user of, its own first.
    pub directories: Vec<DirectoryRow>,
    /// The subscriptions it has access to.
    pub subscriptions: Vec<SubscriptionRow>,
    /// Requests to use an existing directory, waiting for a Global admin.
    pub pending_links: Vec<PendingLink>,
}

/// An account with the name it goes by.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedAccount {
    /// Address.
    pub address: String,
    /// Which account of it.
    pub kind: AccountKind,
    /// Its name.
    pub display_name: String,
}

/// A directory in ACTIVE DIRECTORY.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryRow {
    /// Tenant id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Initial domain.
    pub domain: String,
    /// Whether it is the tenant this app manages (the Office 365 tenant).
    pub home: bool,
    /// `Member` or `Guest`: how the signed-in account is in it.
    pub user_type: String,
    /// The signed-in account's role there.
    pub role: String,
    /// How many users it has.
    pub user_count: usize,
    /// Its Office 365 subscriptions.
    pub office365: Vec<Office365Row>,
}

/// An Office 365 product of a directory.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Office365Row {
    /// Part number.
    pub part: String,
    /// Product name.
    pub name: String,
    /// Licences.
    pub seats: i32,
}

/// An Azure subscription the signed-in account has access to.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRow {
    /// Subscription id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Offer.
    pub offer: String,
    /// Its directory.
    pub directory_id: Uuid,
    /// Its directory's name.
    pub directory_name: String,
    /// The signed-in account's access, in words.
    pub access: String,
    /// Its service administrator.
    pub service_admin: Account,
    /// Its co-administrators.
    pub co_admins: Vec<Account>,
    /// Its resource groups with who has a role on them.
    pub resource_groups: Vec<ResourceGroup>,
}

/// A request to use an existing directory.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingLink {
    /// Its id.
    pub id: Uuid,
    /// Who asked.
    pub requested_by: Account,
}

/// A user of a directory, as USERS lists them and the profile shows them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryUser {
    /// Name.
    pub display_name: String,
    /// The address it signs in or is invited with.
    pub address: String,
    /// The user name in the directory (a guest's `#EXT#` name).
    pub user_name: String,
    /// `Member` or `Guest`.
    pub user_type: String,
    /// Where the account comes from.
    pub source: String,
    /// ORGANIZATIONAL ROLE.
    pub role: String,
}

/// A directory's USERS.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DirectoryUsers {
    /// The directory's name.
    pub directory: String,
    /// How many users it has (more than listed in a large tenant).
    pub count: usize,
    /// The first of them.
    pub users: Vec<DirectoryUser>,
}

/// An account to offer on the sign-in page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownAccount {
    /// Address.
    pub address: String,
    /// Kind.
    pub kind: AccountKind,
    /// Name.
    pub display_name: String,
    /// Their role in the tenant, for its users.
    #[serde(default)]
    pub role: Option<String>,
}

/// What an address can sign in as.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AccountsOf {
    /// The kinds of account it has.
    pub kinds: Vec<AccountKind>,
    /// Accounts to offer.
    pub known: Vec<KnownAccount>,
}

#[derive(Deserialize)]
struct Checks {
    checks: Vec<Check>,
}

impl Api {
    fn portal_request(method: Method, url: &str, who: Option<&Account>) -> GraphRequest {
        let req = GraphRequest::new(method, url);
        match who {
            Some(a) => req.header(ACCOUNT_HEADER, a.to_header()),
            None => req,
        }
    }

    async fn portal_get<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        who: Option<&Account>,
    ) -> Result<T, GraphError> {
        let res = self.send(Self::portal_request(Method::Get, url, who)).await?;
        serde_json::from_value(res.into_json_body())
            .map_err(|e| GraphError::bad_request(format!("Unexpected response from {url}: {e}")))
    }

    async fn portal_post(&self, url: &str, who: &Account, body: Value) -> Result<Value, GraphError> {
        let res = self
            .send(Self::portal_request(Method::Post, url, Some(who)).json(body))
            .await?;
        self.changed();
        Ok(res.into_json_body())
    }

    /// What `who` sees in the portal (nothing when signed out).
    pub async fn portal_me(&self, who: Option<&Account>) -> Result<Me, GraphError> {
        self.portal_get("/azure/me", who).await
    }

    /// The kinds of account `address` has, and accounts to offer.
    pub async fn portal_accounts(&self, address: &str) -> Result<AccountsOf, GraphError> {
        let address = if address.trim().is_empty() { "-" } else { address.trim() };
        self.get(&format!("/azure/accounts/{}", encode_segment(address))).await
    }

    /// A directory's USERS.
    pub async fn directory_users(&self, dir: Uuid) -> Result<DirectoryUsers, GraphError> {
        self.get(&format!("/azure/directories/{dir}/users")).await
    }

    /// One user of a directory.
    pub async fn directory_user(&self, dir: Uuid, address: &str) -> Result<DirectoryUser, GraphError> {
        self.get(&format!("/azure/directories/{dir}/users/{}", encode_segment(address)))
            .await
    }

    /// Seed 000's prerequisites for linking the tenant to `sub`, for `who`.
    pub async fn link_checks(&self, sub: Uuid, who: &Account) -> Result<Vec<Check>, GraphError> {
        let c: Checks = self
            .portal_get(&format!("/azure/subscriptions/{sub}/linkChecks"), Some(who))
            .await?;
        Ok(c.checks)
    }

    /// Who loses access when `sub` changes directory.
    pub async fn access_lost(&self, sub: Uuid) -> Result<AccessLost, GraphError> {
        self.get(&format!("/azure/subscriptions/{sub}/accessLost")).await
    }

    /// **Use existing directory** for `sub`.
    pub async fn request_link(&self, who: &Account, sub: Uuid) -> Result<(), GraphError> {
        self.portal_post("/azure/directoryLinks", who, json!({ "subscription": sub }))
            .await
            .map(drop)
    }

    /// **Continue**: the Global admin `who` lets the asker use their directory; returns its
    /// name.
    pub async fn approve_link(&self, who: &Account, link: Uuid) -> Result<String, GraphError> {
        let v = self
            .portal_post(&format!("/azure/directoryLinks/{link}/approve"), who, json!({}))
            .await?;
        Ok(v["directoryName"].as_str().unwrap_or_default().to_owned())
    }

    /// **Edit directory**: moves `sub` to `dir`; returns who lost access.
    pub async fn change_directory(&self, who: &Account, sub: Uuid, dir: Uuid) -> Result<AccessLost, GraphError> {
        let v = self
            .portal_post(
                &format!("/azure/subscriptions/{sub}/changeDirectory"),
                who,
                json!({ "directory": dir }),
            )
            .await?;
        serde_json::from_value(v).map_err(|e| GraphError::bad_request(format!("Unexpected answer: {e}")))
    }

    /// Transfers `sub` to the work account `to`; returns who lost access.
    pub async fn transfer(&self, who: &Account, sub: Uuid, to: &str) -> Result<AccessLost, GraphError> {
        let v = self
            .portal_post(
                &format!("/azure/subscriptions/{sub}/transfer"),
                who,
                json!({ "to": to }),
            )
            .await?;
        serde_json::from_value(v).map_err(|e| GraphError::bad_request(format!("Unexpected answer: {e}")))
    }

    /// **Change service administrator** of `sub` to `address`.
    pub async fn change_service_admin(&self, who: &Account, sub: Uuid, address: &str) -> Result<(), GraphError> {
        self.portal_post(
            &format!("/azure/subscriptions/{sub}/serviceAdministrator"),
            who,
            json!({ "address": address }),
        )
        .await
        .map(drop)
    }

    /// **Administrators > Add**: `address` as co-administrator of `subs`.
    pub async fn add_co_admin(&self, who: &Account, address: &str, subs: &[Uuid]) -> Result<Account, GraphError> {
        let v = self
            .portal_post(
                "/azure/coAdministrators",
                who,
                json!({ "address": address, "subscriptions": subs }),
            )
            .await?;
        serde_json::from_value(v["account"].clone())
            .map_err(|e| GraphError::bad_request(format!("Unexpected answer: {e}")))
    }

    /// Signs `who` up for an Azure free trial.
    pub async fn sign_up_azure(&self, who: &Account) -> Result<(), GraphError> {
        self.portal_post("/azure/subscriptions", who, json!({})).await.map(drop)
    }

    /// **Try now**: an Office 365 trial of `plan` for `who`'s directory.
    pub async fn buy_office365(&self, who: &Account, plan: &str) -> Result<(), GraphError> {
        self.portal_post("/azure/office365", who, json!({ "plan": plan }))
            .await
            .map(drop)
    }
}
