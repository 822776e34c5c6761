//! Why the Azure classic portal refuses a change, as data: a stable code and the names its
//! sentence needs. The engine's error carries it in `error.details` (the code as the
//! detail's `code`, the names as its `params`) beside the English message, so the app can
//! say it in the admin's language and still show the English for a code it does not know.

use serde::{Deserialize, Serialize};

use super::rules::Finding;
use super::world::{AccountKind, OrgRole};
use crate::error::{ErrorCode, ErrorDetail, GraphError};

/// What only the service administrator may do to a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AdminAction {
    /// Edit directory.
    ChangeDirectory,
    /// Transfer the subscription.
    Transfer,
    /// Change service administrator.
    ChangeServiceAdmin,
}

impl AdminAction {
    fn english(self) -> &'static str {
        match self {
            AdminAction::ChangeDirectory => "change the directory of a subscription",
            AdminAction::Transfer => "transfer a subscription",
            AdminAction::ChangeServiceAdmin => "change the service administrator",
        }
    }
}

/// A refusal of a portal change: each variant one sentence of the seeds' words with its fix.
/// Its error detail holds the variant's name as `code` and its fields as `params`
/// ([`Refusal::parts`]). Serde's own external tagging (`{"code": {params}}`) is used to get
/// there rather than `tag`/`content`, whose buffering deserializer cost about 60 KB of wasm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
    /// A prerequisite of linking the tenant is not met (the first that fails).
    Prerequisite {
        /// What its check found.
        finding: Finding,
    },
    /// A co-administrator tried what only the service administrator may do.
    CoAdministratorCannot {
        /// What.
        action: AdminAction,
        /// The subscription's name.
        subscription: String,
        /// Its service administrator's address.
        service_admin: String,
    },
    /// Someone other than the service administrator tried it.
    NotServiceAdministrator {
        /// The signed-in address.
        account: String,
        /// The subscription's name.
        subscription: String,
        /// Its service administrator's address.
        service_admin: String,
    },
    /// A request to use a directory was answered already.
    AlreadyAnswered {},
    /// The approver is no Global admin of a directory.
    NotGlobalAdminOfDirectory {
        /// The signed-in address.
        account: String,
    },
    /// The asker is a user of the directory already.
    AlreadyUserOfDirectory {
        /// The asker's address.
        account: String,
        /// The directory's name.
        directory: String,
    },
    /// The subscription is in that directory already.
    AlreadyInDirectory {
        /// The subscription's name.
        subscription: String,
        /// The directory's name.
        directory: String,
    },
    /// The service administrator is no user of the directory chosen.
    NotUserOfDirectory {
        /// The signed-in address.
        account: String,
    },
    /// A transfer's recipient is no work or school account.
    NotWorkAccount {
        /// The address typed.
        address: String,
    },
    /// A transfer to oneself.
    RunsItAlready {},
    /// An address typed in a form has no account.
    NoAccountFor {
        /// The address typed.
        address: String,
    },
    /// Add co-administrator without a subscription chosen.
    NoSubscriptionsSelected {},
    /// Adding administrators to a subscription one does not administer.
    CannotAddAdministrators {
        /// The signed-in address.
        account: String,
        /// The subscription's name.
        subscription: String,
    },
    /// The account to add administers the subscription already.
    AlreadyAdministrator {
        /// The address added.
        account: String,
        /// The subscription's name.
        subscription: String,
    },
    /// The classic portal's limit of co-administrators is reached.
    TooManyCoAdministrators {
        /// The subscription's name.
        subscription: String,
        /// The limit.
        max: usize,
    },
    /// A new service administrator whose address is two accounts.
    TwoAccounts {
        /// The address typed.
        address: String,
    },
    /// The new service administrator is the service administrator already.
    AlreadyServiceAdministrator {
        /// Their address.
        address: String,
    },
    /// Signing up with an account of a kind the address does not have.
    NoSuchAccount {
        /// The kind asked for.
        kind: AccountKind,
        /// The address.
        address: String,
    },
    /// A second free trial.
    HadFreeTrial {
        /// The address.
        account: String,
        /// The trial subscription's name.
        subscription: String,
    },
    /// A plan the product page does not offer.
    NotAnOffice365Plan {
        /// The part number asked for.
        part: String,
    },
    /// Office 365 bought with a Microsoft account.
    NeedsWorkAccount {},
    /// The buyer is a user of no directory.
    NotInAnyDirectory {
        /// The signed-in address.
        account: String,
    },
    /// Only a Global admin or Billing admin may buy Office 365.
    MustBeGlobalOrBillingAdmin {
        /// The directory's name.
        directory: String,
        /// The buyer's role there.
        role: OrgRole,
    },
}

impl Refusal {
    /// The stable code, as the error detail carries it.
    pub fn code(&self) -> String {
        self.parts().0
    }

    /// The code and the params of its error detail.
    fn parts(&self) -> (String, serde_json::Value) {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map.into_iter().next().unwrap_or_default(),
            _ => Default::default(),
        }
    }

    /// The sentence in English, with its fix: the error's message.
    pub fn english(&self) -> String {
        use Refusal::*;
        match self {
            Prerequisite { finding } => match finding.fix() {
                Some(fix) => format!("{} {fix}", finding.message()),
                None => finding.message(),
            },
            CoAdministratorCannot {
                action,
                subscription,
                service_admin,
            } => format!(
                "Co-administrators can't {}. Sign in as the service administrator of {subscription}, {service_admin}.",
                action.english()
            ),
            NotServiceAdministrator {
                account,
                subscription,
                service_admin,
            } => format!("{account} isn't the service administrator of {subscription}. Sign in as {service_admin}."),
            AlreadyAnswered {} => "This request was answered already.".into(),
            NotGlobalAdminOfDirectory { account } => format!(
                "{account} isn't a Global admin of a directory. Sign in with the credentials of a Global admin of the directory you want to use."
            ),
            AlreadyUserOfDirectory { account, directory } => format!("{account} is a user of {directory} already."),
            AlreadyInDirectory {
                subscription,
                directory,
            } => format!("{subscription} is in {directory} already."),
            NotUserOfDirectory { account } => format!(
                "{account} isn't a user of that directory. Add the directory first (ACTIVE DIRECTORY > New > Directory > Custom create > Use existing directory)."
            ),
            NotWorkAccount { address } => format!(
                "{address} isn't a work or school account. Transfer the subscription to the organizational account you want to use."
            ),
            RunsItAlready {} => "You run this subscription already.".into(),
            NoAccountFor { address } => format!(
                "We couldn't find an account for {address}. Check the address: it must be a work or school account or a Microsoft account."
            ),
            NoSubscriptionsSelected {} => "Select the subscriptions to give the administrator.".into(),
            CannotAddAdministrators { account, subscription } => {
                format!("{account} isn't an administrator of {subscription}, so can't add administrators to it.")
            }
            AlreadyAdministrator { account, subscription } => {
                format!("{account} is an administrator of {subscription} already.")
            }
            TooManyCoAdministrators { subscription, max } => {
                format!("{subscription} has {max} co-administrators, the most it can have.")
            }
            TwoAccounts { address } => format!(
                "{address} is both a Microsoft account and an organizational account. Choose another Microsoft account."
            ),
            AlreadyServiceAdministrator { address } => format!("{address} is the service administrator already."),
            NoSuchAccount { kind, address } => match kind {
                AccountKind::Work => format!("We couldn't find a work or school account for {address}."),
                AccountKind::Microsoft => format!("We couldn't find a Microsoft account for {address}."),
            },
            HadFreeTrial { account, subscription } => {
                format!("{account} has had its free trial: {subscription}. Choose Pay-As-You-Go instead.")
            }
            NotAnOffice365Plan { part } => format!("{part} isn't an Office 365 plan on offer."),
            NeedsWorkAccount {} => "Office 365 for business needs a work or school account. Sign in with your organizational account.".into(),
            NotInAnyDirectory { account } => format!("{account} isn't a user of any directory."),
            MustBeGlobalOrBillingAdmin { directory, role } => format!(
                "To get an Office 365 subscription, you must be a global admin or billing admin of {directory}. Your role is {}. Learn how to know your role: ACTIVE DIRECTORY > USERS > your name > ORGANIZATIONAL ROLE.",
                role.label()
            ),
        }
    }

    /// Whether it is about who may do it (403) rather than what was asked (400).
    fn is_denial(&self) -> bool {
        use Refusal::*;
        match self {
            Prerequisite { finding } => matches!(
                finding,
                Finding::CoAdministrator { .. } | Finding::NotAnAdministrator { .. }
            ),
            CoAdministratorCannot { .. }
            | NotServiceAdministrator { .. }
            | NotGlobalAdminOfDirectory { .. }
            | CannotAddAdministrators { .. }
            | MustBeGlobalOrBillingAdmin { .. } => true,
            _ => false,
        }
    }

    /// The error Graph-style: `Authorization_RequestDenied` or `Request_BadRequest`, the
    /// English as its message, and the refusal as its detail.
    pub fn error(&self) -> GraphError {
        let code = if self.is_denial() {
            ErrorCode::RequestDenied
        } else {
            ErrorCode::BadRequest
        };
        let message = self.english();
        let mut e = GraphError::new(code, message.clone());
        let (code, params) = self.parts();
        e.details.push(ErrorDetail {
            code,
            message,
            target: None,
            params: Some(params),
        });
        e
    }

    /// The refusal an error carries, if it is one this engine knows.
    pub fn of(error: &GraphError) -> Option<Refusal> {
        error.details.iter().find_map(|d| {
            let params = d.params.clone()?;
            let tagged = serde_json::Map::from_iter([(d.code.clone(), params)]);
            serde_json::from_value(serde_json::Value::Object(tagged)).ok()
        })
    }
}

impl From<Refusal> for GraphError {
    fn from(r: Refusal) -> Self {
        r.error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_survives_the_wire() {
        let r = Refusal::CoAdministratorCannot {
            action: AdminAction::Transfer,
            subscription: "Pay-As-You-Go".into(),
            service_admin: "kelley@outlook.com".into(),
        };
        let e = r.error();
        assert_eq!(e.code, ErrorCode::RequestDenied);
        assert!(e
            .message
            .starts_with("Co-administrators can't transfer a subscription."));
        let back = GraphError::from_body(403, &e.to_body("d", "r"));
        assert_eq!(Refusal::of(&back), Some(r));
        let empty = Refusal::AlreadyAnswered {};
        assert_eq!(
            Refusal::of(&GraphError::from_body(400, &empty.error().to_body("d", "r"))),
            Some(empty)
        );
        assert_eq!(Refusal::of(&GraphError::bad_request("x")), None);
    }
}
