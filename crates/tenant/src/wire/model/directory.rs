use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `microsoft.graph.verifiedDomain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct VerifiedDomain {
    /// Domain name.
    pub name: String,
    /// The default domain for new users.
    pub is_default: bool,
    /// The `.onmicrosoft.com` domain made with the tenant.
    pub is_initial: bool,
    /// `Managed` or `Federated`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `Email, OfficeCommunicationsOnline`...
    pub capabilities: String,
}

/// `microsoft.graph.organization`: the tenant itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    /// Tenant id.
    pub id: Uuid,
    /// Tenant name, shown in the header.
    pub display_name: String,
    /// The directory's location; group licensing uses it for members without a usage location.
    pub country_letter_code: String,
    /// Country name.
    pub country: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Preferred language.
    pub preferred_language: Option<String>,
    /// `AAD`.
    pub tenant_type: Option<String>,
    /// Domains.
    pub verified_domains: Vec<VerifiedDomain>,
}

impl Organization {
    /// The `.onmicrosoft.com` domain, used to build guests' sign-in names.
    pub fn initial_domain(&self) -> &str {
        self.verified_domains
            .iter()
            .find(|d| d.is_initial)
            .map(|d| d.name.as_str())
            .unwrap_or("contoso.onmicrosoft.com")
    }
}

/// `microsoft.graph.directoryRole`: an activated admin role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryRole {
    /// Object id of the role in this tenant.
    pub id: Uuid,
    /// Role name, for example `Global Administrator`.
    pub display_name: String,
    /// What the role may do.
    pub description: String,
    /// The role's template id, the same in every tenant.
    pub role_template_id: Uuid,
}

/// The invited user inside an invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct InvitedUser {
    /// Object id of the guest created.
    pub id: Uuid,
}

/// `microsoft.graph.invitation`: a B2B invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Invitation {
    /// Invitation id.
    pub id: Uuid,
    /// Link the guest follows to accept.
    pub invite_redeem_url: String,
    /// Name given to the guest.
    pub invited_user_display_name: Option<String>,
    /// `Guest` (default) or `Member`.
    pub invited_user_type: String,
    /// Address invited.
    pub invited_user_email_address: String,
    /// Whether Microsoft sends the e-mail.
    pub send_invitation_message: bool,
    /// Whether redemption was reset.
    pub reset_redemption: bool,
    /// Where the guest lands after accepting.
    pub invite_redirect_url: String,
    /// `PendingAcceptance` or `Completed`.
    pub status: String,
    /// The guest created.
    pub invited_user: InvitedUser,
}
