use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::license::AssignedLicense;

/// `microsoft.graph.licenseProcessingState`: where group licensing is with a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenseProcessingState {
    /// `QueuedForProcessing`, `ProcessingInProgress` or `ProcessingComplete`.
    pub state: String,
}

/// `microsoft.graph.group`, the subset licensing needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Group {
    /// Object id.
    pub id: Uuid,
    /// Name.
    pub display_name: String,
    /// Description.
    pub description: Option<String>,
    /// Only security-enabled groups can hold licences.
    pub security_enabled: bool,
    /// Mail-enabled.
    pub mail_enabled: bool,
    /// `Unified` for Microsoft 365 groups, else empty.
    pub group_types: Vec<String>,
    /// Mail nickname.
    pub mail_nickname: Option<String>,
    /// Licences the group gives its members.
    pub assigned_licenses: Vec<AssignedLicense>,
    /// Processing state of those licences; null when the group holds none.
    pub license_processing_state: Option<LicenseProcessingState>,
    /// When the group was created.
    pub created_date_time: Option<String>,
}
