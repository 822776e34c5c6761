//! The previewed calls as the change runner takes them: one [`Work`] per user or group, so
//! each outcome is reported under that user's or group's id.

use serde_json::json;
use tenant::model::AssignedLicense;
use tenant::plan::{LicenseRequest, Plan};
use tenant::rest::{assign_license_body, Method};
use uuid::Uuid;

use super::runner::{Call, Work};

/// One user's licence call: the usage location first when the flow set one (the
/// assignment depends on it), then `assignLicense`.
pub fn licence_work(r: &LicenseRequest) -> Work {
    let url = format!("/users/{}", r.user);
    let mut calls = Vec::with_capacity(2);
    if let Some(code) = &r.usage_location {
        calls.push(Call {
            method: Method::Patch,
            url: url.clone(),
            body: Some(json!({ "usageLocation": code })),
        });
    }
    calls.push(Call {
        method: Method::Post,
        url: format!("{url}/assignLicense"),
        body: Some(r.body()),
    });
    Work { key: r.user, calls }
}

/// Exactly the calls a plan's preview showed succeeding and changing something.
pub fn plan_work(plan: &Plan) -> Vec<Work> {
    plan.to_send().into_iter().map(licence_work).collect()
}

/// A group's `assignLicense` (accepted, then processed for its members in the background).
pub fn group_work(group: Uuid, add: &[AssignedLicense], remove: &[Uuid]) -> Work {
    Work {
        key: group,
        calls: vec![Call {
            method: Method::Post,
            url: format!("/groups/{group}/assignLicense"),
            body: Some(assign_license_body(add, remove)),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_usage_location_is_set_before_the_licence() {
        let user = Uuid::from_u128(7);
        let sku = Uuid::from_u128(9);
        let r = LicenseRequest {
            user,
            add: vec![AssignedLicense {
                sku_id: sku,
                disabled_plans: Vec::new(),
            }],
            remove: Vec::new(),
            usage_location: Some("NL".into()),
        };
        let w = licence_work(&r);
        assert_eq!(w.key, user);
        assert_eq!(w.calls.len(), 2);
        assert_eq!(w.calls[0].method, Method::Patch);
        assert_eq!(w.calls[0].body, Some(json!({ "usageLocation": "NL" })));
        assert_eq!(w.calls[1].url, format!("/users/{user}/assignLicense"));
        let without = licence_work(&LicenseRequest {
            usage_location: None,
            ..r
        });
        assert_eq!(without.calls.len(), 1);
    }
}
