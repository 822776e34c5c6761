use leptos::prelude::*;
use tenant::{ErrorCode, GraphError, LicenseError};

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
    let m = e.message.as_str();
    let fix = match e.code {
        ErrorCode::RequestDenied => e
            .details
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| "Ask an admin with the right role to do this, or act as one.".into()),
        ErrorCode::InvalidToken => "Sign in again, or pick an admin who can sign in.".into(),
        ErrorCode::TooManyRequests => "The tenant is busy. Wait a moment and try again.".into(),
        ErrorCode::ServiceUnavailable => "Check the connection to the tenant and try again.".into(),
        ErrorCode::NotFound => "The object may have been deleted. Refresh the list.".into(),
        _ if m.contains("invalid usage location") => {
            "Set the user's usage location (Account tab), then assign the license again.".into()
        }
        _ if m.contains("inherited from a group") => {
            "Remove the user from the group the license comes from, or remove the license from that group.".into()
        }
        _ if m.contains("does not have any available licenses") => {
            "Buy more licenses, or unassign some from other users.".into()
        }
        _ => "Check the values and try again.".into(),
    };
    (m.to_owned(), fix)
}

/// An error shown in place, with the fix.
#[component]
pub fn ErrorBox(
    /// The error.
    error: GraphError,
) -> impl IntoView {
    let (what, fix) = explain(&error);
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
}
