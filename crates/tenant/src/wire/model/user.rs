use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::license::{AssignedLicense, AssignedPlan, LicenseAssignmentState};
use super::Text;

/// A `microsoft.graph.user`, with the properties the admin centers' user lists and licence
/// flows read. `assigned_licenses` and `assigned_plans` are derived by the engine from
/// `license_assignment_states`, which hold one entry per assignment path, as Graph does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    /// Object id.
    pub id: Uuid,
    /// Name shown in lists.
    pub display_name: Option<String>,
    /// First name.
    pub given_name: Option<Text>,
    /// Last name.
    pub surname: Option<Text>,
    /// Sign-in name; for guests `name_domain#EXT#@tenant.onmicrosoft.com`.
    pub user_principal_name: String,
    /// Primary SMTP address.
    pub mail: Option<String>,
    /// Other addresses; holds a guest's invited address.
    pub other_mails: Vec<String>,
    /// `Member` or `Guest`.
    pub user_type: Option<Text>,
    /// `PendingAcceptance` or `Accepted` for invited users, else null.
    pub external_user_state: Option<Text>,
    /// When `external_user_state` last changed.
    pub external_user_state_change_date_time: Option<Text>,
    /// null for normal accounts, `Invitation` for B2B guests.
    pub creation_type: Option<Text>,
    /// Sign-in allowed (true) or blocked (false).
    pub account_enabled: Option<bool>,
    /// ISO 3166 alpha-2 country where services are used; required for direct licences.
    pub usage_location: Option<Text>,
    /// Department.
    pub department: Option<Text>,
    /// Job title.
    pub job_title: Option<Text>,
    /// Company name.
    pub company_name: Option<Text>,
    /// City.
    pub city: Option<Text>,
    /// Country or region (free text).
    pub country: Option<Text>,
    /// Office location.
    pub office_location: Option<String>,
    /// Mobile phone.
    pub mobile_phone: Option<String>,
    /// Business phones.
    pub business_phones: Vec<String>,
    /// Preferred language.
    pub preferred_language: Option<String>,
    /// When the account was created.
    pub created_date_time: Option<Text>,
    /// When the account was soft-deleted; null for live accounts.
    pub deleted_date_time: Option<String>,
    /// true for accounts synchronised from on-premises AD, else null.
    pub on_premises_sync_enabled: Option<bool>,
    /// Licences held, direct and inherited, undistinguished.
    pub assigned_licenses: Vec<AssignedLicense>,
    /// Service plans held.
    pub assigned_plans: Vec<AssignedPlan>,
    /// One entry per assignment path (direct, or per group).
    pub license_assignment_states: Vec<LicenseAssignmentState>,
}

impl User {
    /// True for B2B guests, the users most licence questions are about.
    pub fn is_guest(&self) -> bool {
        self.user_type.as_deref() == Some("Guest")
    }

    /// The name to show, falling back to the sign-in name.
    pub fn name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.user_principal_name)
    }

    /// True when the user holds `sku` by any path.
    pub fn holds(&self, sku: Uuid) -> bool {
        self.assigned_licenses.iter().any(|l| l.sku_id == sku)
    }
}
