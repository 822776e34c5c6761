use leptos::prelude::*;
use tenant::{ErrorKind, GraphError, LicenseError};

/// What went wrong and how to fix it, in the admin centers' plain words, for any Graph
/// error; the raw code and message stay available underneath for support.
pub fn explain(e: &GraphError) -> (String, String) {
    if let Some(reason) = e.license_error() {
        let detail = e
            .details
            .iter()
            .find(|d| LicenseError::parse(&d.code).is_some())
            .map(|d| d.message.clone())
            .unwrap_or_else(|| e.message.clone());
        // The engine's messages may start with the heading; say it once. They never carry
        // the fix, so it is always added here.
        let what = if detail.starts_with(reason.title()) {
            detail.clone()
        } else {
            format!("{}: {detail}", reason.title())
        };
        return (what, reason.fix().into());
    }
    let fix = match e.kind() {
        ErrorKind::Denied => e
            .details
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "Ask an admin with the right role to do this, or act as one.".into()),
        ErrorKind::SignIn => "Sign in again, or pick an admin who can sign in.".into(),
        ErrorKind::Throttled => "The tenant is busy. Wait a moment and try again.".into(),
        ErrorKind::Unavailable => "Check the connection to the tenant and try again.".into(),
        ErrorKind::NotFound => "The object may have been deleted. Refresh the list.".into(),
        ErrorKind::UsageLocationMissing => {
            "Set the user's usage location (Account tab), then assign the license again.".into()
        }
        ErrorKind::InheritedLicense => {
            "Remove the user from the group the license comes from, or remove the license from that group.".into()
        }
        ErrorKind::SelfServicePurchase => "Take over the subscription first, then assign or unassign licenses.".into(),
        ErrorKind::License(reason) => reason.fix().into(),
        ErrorKind::Other => "Check the values and try again.".into(),
    };
    (e.message.clone(), fix)
}

/// An error shown in place, with the fix; a page that embeds the app hears of it too.
#[component]
pub fn ErrorBox(
    /// The error.
    error: GraphError,
) -> impl IntoView {
    let (what, fix) = explain(&error);
    if let Some(embed) = crate::state::use_embed() {
        embed.error(what.clone());
    }
    view! {
        <div class="message-bar error" role="alert">
            <strong>{what}</strong>
            <span>{fix}</span>
            <small class="error-code">{error.code.as_str()}</small>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every licence rule gets its heading and its fix, once each, whatever the engine's
    /// message already says.
    #[test]
    fn licence_errors_get_heading_and_fix_once() {
        for reason in [
            LicenseError::CountViolation,
            LicenseError::MutuallyExclusiveViolation,
            LicenseError::DependencyViolation,
            LicenseError::ProhibitedInUsageLocationViolation,
        ] {
            for message in [format!("{}: details.", reason.title()), "Details.".to_owned()] {
                let (what, fix) = explain(&GraphError::license(reason, message, None));
                assert_eq!(what.matches(reason.title()).count(), 1, "{what}");
                assert_eq!(fix, reason.fix());
                assert!(!what.contains(reason.fix()), "{what}");
            }
        }
    }

    /// The fix follows the error's kind, whether the engine or Microsoft Graph sent it.
    #[test]
    fn the_fix_follows_the_kind_not_the_wording() {
        let from_graph = GraphError::from_body(
            400,
            &serde_json::json!({ "error": { "code": "Request_BadRequest",
                "message": "License assignment cannot be done for user with invalid usage location." } }),
        );
        for e in [GraphError::usage_location_missing(), from_graph] {
            assert!(explain(&e).1.contains("usage location"), "{e}");
        }
        let throttled = GraphError::new(tenant::ErrorCode::TooManyRequests, "Please retry again later.");
        assert_eq!(
            explain(&throttled).1,
            "The tenant is busy. Wait a moment and try again."
        );
        let inherited = GraphError::inherited_license("Sales E3", "g".into());
        assert!(explain(&inherited).1.starts_with("Remove the user from the group"));
    }
}
