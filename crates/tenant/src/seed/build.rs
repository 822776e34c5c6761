//! Helpers shared by the demo tenant and the generator: the organization, subscriptions
//! built from the catalog, and directly-built licence paths.

use uuid::{uuid, Uuid};

use crate::catalog;
use crate::model::Text;
use crate::model::{
    AssignedLicense, Group, LicenseAssignmentState, LicenseUnitsDetail, Organization, ServicePlanInfo, SubscribedSku,
    VerifiedDomain,
};
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// Contoso's tenant id.
pub const CONTOSO_TENANT_ID: Uuid = uuid!("a4c5e9c2-7d3b-4f1a-9c0e-2b6d8f1e3a57");

/// When the demo tenant's objects were created.
pub const EPOCH: Timestamp = Timestamp(1_709_283_600); // 2024-03-01T09:00:00Z

/// Contoso, as the seeds name it, with its directory in the United States.
pub fn contoso(name: &str) -> Organization {
    Organization {
        id: CONTOSO_TENANT_ID,
        display_name: name.to_owned(),
        country_letter_code: "US".into(),
        country: Some("United States".into()),
        city: Some("Redmond".into()),
        preferred_language: Some("en".into()),
        tenant_type: Some("AAD".into()),
        verified_domains: vec![
            VerifiedDomain {
                name: "contoso.onmicrosoft.com".into(),
                is_default: false,
                is_initial: true,
                kind: "Managed".into(),
                capabilities: "Email, OfficeCommunicationsOnline".into(),
            },
            VerifiedDomain {
                name: "contoso.com".into(),
                is_default: true,
                is_initial: false,
                kind: "Managed".into(),
                capabilities: "Email, OfficeCommunicationsOnline".into(),
            },
        ],
    }
}

/// Seats of a subscription.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seats {
    /// Assignable.
    pub enabled: i32,
    /// Expiring soon (grace period).
    pub warning: i32,
    /// Suspended.
    pub suspended: i32,
}

/// Subscribes the tenant to a catalog product.
pub fn subscribe(t: &mut Tenant, part: &str, seats: Seats, self_service: bool) -> Uuid {
    let Some(p) = catalog::product_by_part(part) else {
        return Uuid::nil();
    };
    let status = if seats.enabled > 0 {
        "Enabled"
    } else if seats.warning > 0 {
        "Warning"
    } else {
        "Suspended"
    };
    let subscription = t.new_id();
    let org = t.org().clone();
    let sku = SubscribedSku {
        id: format!("{}_{}", org.id, p.sku_id),
        account_id: org.id.to_string(),
        account_name: org.display_name.clone(),
        applies_to: p.applies_to.into(),
        capability_status: status.into(),
        consumed_units: 0,
        prepaid_units: LicenseUnitsDetail {
            enabled: seats.enabled,
            locked_out: 0,
            suspended: seats.suspended,
            warning: seats.warning,
        },
        service_plans: p
            .plans
            .iter()
            .filter_map(|n| catalog::plan_by_name(n))
            .map(|pl| ServicePlanInfo {
                service_plan_id: pl.id,
                service_plan_name: pl.name.into(),
                provisioning_status: "Success".into(),
                applies_to: p.applies_to.into(),
            })
            .collect(),
        sku_id: p.sku_id,
        sku_part_number: p.part_number.into(),
        subscription_ids: vec![subscription.to_string()],
        self_service_purchase: self_service,
    };
    t.insert_sku(sku);
    p.sku_id
}

/// The product id of a catalog part number.
pub fn sku(part: &str) -> Uuid {
    catalog::product_by_part(part).map(|p| p.sku_id).unwrap_or_default()
}

/// A licence with some plans off, by plan name.
pub fn licence(part: &str, off: &[&str]) -> AssignedLicense {
    AssignedLicense {
        sku_id: sku(part),
        disabled_plans: off
            .iter()
            .filter_map(|n| catalog::plan_by_name(n))
            .map(|p| p.id)
            .collect(),
    }
}

/// A direct, active licence path (for tenants built without going through the rules,
/// when the builder guarantees they hold).
pub fn direct(part: &str, at: Timestamp) -> LicenseAssignmentState {
    direct_dated(part, at.iso())
}

/// [`direct`] with the date already written out, for the generator's hot loop.
pub fn direct_dated(part: &str, iso: impl Into<Text>) -> LicenseAssignmentState {
    LicenseAssignmentState {
        sku_id: sku(part),
        assigned_by_group: None,
        disabled_plans: Vec::new(),
        state: "Active".into(),
        error: "None".into(),
        last_updated_date_time: Some(iso.into()),
    }
}

/// A security group ready to hold licences.
pub fn security_group(t: &mut Tenant, name: &str, description: &str, at: Timestamp) -> Group {
    Group {
        id: t.new_id(),
        display_name: name.into(),
        description: Some(description.into()),
        security_enabled: true,
        mail_enabled: false,
        group_types: Vec::new(),
        mail_nickname: Some(name.to_lowercase().replace(' ', "-")),
        assigned_licenses: Vec::new(),
        license_processing_state: None,
        created_date_time: Some(at.iso()),
    }
}
