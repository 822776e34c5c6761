use serde::{Deserialize, Serialize};

use super::Text;
use uuid::Uuid;

/// `microsoft.graph.assignedLicense`: a product held, minus the plans switched off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignedLicense {
    /// The product.
    pub sku_id: Uuid,
    /// Service plans of the product that are off for this user.
    pub disabled_plans: Vec<Uuid>,
}

/// `microsoft.graph.assignedPlan`: one service plan a user holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AssignedPlan {
    /// When it was assigned.
    pub assigned_date_time: Option<Text>,
    /// `Enabled`, `Suspended`, `Deleted`...
    pub capability_status: Text,
    /// Service the plan belongs to (for example `exchange`).
    pub service: Text,
    /// Plan id.
    pub service_plan_id: Uuid,
}

/// `microsoft.graph.licenseAssignmentState`: one assignment path of one product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenseAssignmentState {
    /// The product.
    pub sku_id: Uuid,
    /// null for a direct assignment, else the id of the group it comes from.
    pub assigned_by_group: Option<String>,
    /// Plans off on this path.
    pub disabled_plans: Vec<Uuid>,
    /// `Active`, `ActiveWithError`, `Disabled` or `Error`.
    pub state: Text,
    /// `None` on success, else `CountViolation`, `MutuallyExclusiveViolation`, ...
    pub error: Text,
    /// When this path last changed.
    pub last_updated_date_time: Option<Text>,
}

impl LicenseAssignmentState {
    /// A path that grants the product (counts a seat and enables plans).
    pub fn is_active(&self) -> bool {
        self.state == "Active" || self.state == "ActiveWithError"
    }

    /// Whether this path is in a licence error state (Graph writes `"None"` when it is not,
    /// and some clients send nothing): the one place that is decided.
    pub fn has_error(&self) -> bool {
        !(self.error.is_empty() || self.error == "None")
    }

    /// The group this path comes from, if any.
    pub fn group(&self) -> Option<Uuid> {
        self.assigned_by_group.as_deref().and_then(|g| Uuid::parse_str(g).ok())
    }
}

/// `microsoft.graph.licenseUnitsDetail`: seats of a subscription by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenseUnitsDetail {
    /// Seats that can be assigned.
    pub enabled: i32,
    /// Cancelled by the customer.
    pub locked_out: i32,
    /// Cancelled, not assignable, can be reactivated.
    pub suspended: i32,
    /// Expired but in the grace period ("expiring soon").
    pub warning: i32,
}

/// `microsoft.graph.servicePlanInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct ServicePlanInfo {
    /// Plan id.
    pub service_plan_id: Uuid,
    /// Plan name, for example `EXCHANGE_S_ENTERPRISE`.
    pub service_plan_name: String,
    /// `Success`, `Disabled`, `PendingActivation`...
    pub provisioning_status: String,
    /// `User` or `Company`.
    pub applies_to: String,
}

/// `microsoft.graph.subscribedSku`: a product the organization subscribes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct SubscribedSku {
    /// `{tenantId}_{skuId}`.
    pub id: String,
    /// Tenant id.
    pub account_id: String,
    /// Tenant name.
    pub account_name: String,
    /// `User` or `Company`; only `User` products can go to users.
    pub applies_to: String,
    /// `Enabled`, `Warning`, `Suspended`, `Deleted` or `LockedOut`.
    pub capability_status: String,
    /// Seats held by users.
    pub consumed_units: i32,
    /// Seats bought, by status.
    pub prepaid_units: LicenseUnitsDetail,
    /// Plans in the product.
    pub service_plans: Vec<ServicePlanInfo>,
    /// Product id.
    pub sku_id: Uuid,
    /// Product code, for example `ENTERPRISEPACK`.
    pub sku_part_number: String,
    /// Subscriptions behind the product.
    pub subscription_ids: Vec<String>,
    /// Not a Graph property: this engine's instance annotation that a user bought the
    /// product through self-service purchase, which an admin can't assign or unassign, so
    /// the app can say so before saving. Graph clients ignore annotations.
    #[serde(
        rename = "@tenantDesk.selfServicePurchase",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub self_service_purchase: bool,
}

/// `microsoft.graph.licenseDetails`: a product a user holds, with its plans' state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LicenseDetails {
    /// Id of this entry.
    pub id: String,
    /// Product id.
    pub sku_id: Uuid,
    /// Product code.
    pub sku_part_number: String,
    /// Plans, `Disabled` where switched off for the user.
    pub service_plans: Vec<ServicePlanInfo>,
}
