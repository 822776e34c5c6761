use crate::i18n::{tr, Key};
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
        let title = licence_title(reason);
        let what = match detail.strip_prefix(reason.title()) {
            Some(_) if title == reason.title() => detail.clone(),
            // Dutch: the heading in Dutch, the engine's words after it as they came.
            Some(rest) => format!("{title}: {}", rest.trim_start_matches([':', ' '])),
            None => format!("{title}: {detail}"),
        };
        return (what, licence_fix(reason).into());
    }
    let fix = match e.kind() {
        ErrorKind::Denied => e
            .details
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_else(|| tr(Key::FixDenied).into()),
        ErrorKind::SignIn => tr(Key::FixSignIn).into(),
        ErrorKind::Throttled => tr(Key::FixThrottled).into(),
        ErrorKind::Unavailable => tr(Key::FixUnavailable).into(),
        ErrorKind::NotFound => tr(Key::FixNotFound).into(),
        ErrorKind::UsageLocationMissing => tr(Key::FixUsageLocation).into(),
        ErrorKind::InheritedLicense => tr(Key::FixInherited).into(),
        ErrorKind::SelfServicePurchase => tr(Key::FixSelfService).into(),
        ErrorKind::License(reason) => licence_fix(reason).into(),
        ErrorKind::Other => tr(Key::FixOther).into(),
    };
    (e.message.clone(), fix)
}

/// A licence error's heading in the current language (the engine's, `LicenseError::title`,
/// is English).
pub fn licence_title(reason: LicenseError) -> &'static str {
    tr(match reason {
        LicenseError::CountViolation => Key::LicNotEnough,
        LicenseError::MutuallyExclusiveViolation => Key::LicConflicting,
        LicenseError::DependencyViolation => Key::LicMissingDependent,
        LicenseError::ProhibitedInUsageLocationViolation => Key::LicLocationNotAllowed,
        LicenseError::UniquenessViolation => Key::LicProxyAddress,
        LicenseError::Other => Key::LicOther,
    })
}

/// What the admin can do about a licence error, in the current language.
pub fn licence_fix(reason: LicenseError) -> &'static str {
    tr(match reason {
        LicenseError::CountViolation => Key::LicNotEnoughFix,
        LicenseError::MutuallyExclusiveViolation => Key::LicConflictingFix,
        LicenseError::DependencyViolation => Key::LicMissingDependentFix,
        LicenseError::ProhibitedInUsageLocationViolation => Key::LicLocationNotAllowedFix,
        LicenseError::UniquenessViolation => Key::LicProxyAddressFix,
        LicenseError::Other => Key::LicOtherFix,
    })
}

/// An error shown in place, with the fix; a page that embeds the app hears of it too.
#[component]
pub fn ErrorBox(
    /// The error.
    error: GraphError,
) -> impl IntoView {
    let code = error.code.as_str().to_owned();
    // Re-explained on a language switch.
    let explained = Memo::new(move |_| explain(&error));
    if let Some(embed) = crate::state::use_embed() {
        embed.error(explained.get_untracked().0);
    }
    view! {
        <div class="message-bar error" role="alert">
            <strong>{move || explained.get().0}</strong>
            <span>{move || explained.get().1}</span>
            <small class="error-code">{code}</small>
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

    /// In English the app's headings and fixes are the engine's own words.
    #[test]
    fn english_licence_texts_are_the_engines() {
        for reason in [
            LicenseError::CountViolation,
            LicenseError::MutuallyExclusiveViolation,
            LicenseError::DependencyViolation,
            LicenseError::ProhibitedInUsageLocationViolation,
            LicenseError::UniquenessViolation,
            LicenseError::Other,
        ] {
            assert_eq!(licence_title(reason), reason.title());
            assert_eq!(licence_fix(reason), reason.fix());
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
