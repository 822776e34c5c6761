use crate::i18n::{tf, tr, Key};
use leptos::prelude::*;
use tenant::{ErrorKind, GraphError, LicenseError};

/// An error explained for the admin: the app's heading where it knows the kind (a licence
/// rule), what to do, and Graph's own words as sent. Graph (and the engine, which speaks
/// like it) writes English; the app never translates that, it labels it as Graph's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The app's heading in the current language, for a kind it has one for.
    pub heading: Option<String>,
    /// What to do about it, in the current language.
    pub fix: String,
    /// Graph's message (and its reason, for a refusal by role), untouched.
    pub graph: String,
}

impl Explained {
    /// Graph's words behind their label: `Microsoft Graph says: “…”`.
    pub fn graph_quoted(&self) -> String {
        graph_quoted(&self.graph)
    }

    /// One line for a table cell from a `{0} {1}` template (`Failed: {0} {1}`): the heading
    /// (else Graph's words) and the fix, then Graph's words when a heading came first.
    pub fn cell(&self, template: Key) -> String {
        match &self.heading {
            Some(h) => format!(
                "{} {}",
                tf(template, &[&format!("{h}."), &self.fix]),
                self.graph_quoted()
            ),
            None => tf(template, &[&self.graph_quoted(), &self.fix]),
        }
    }
}

/// `message` as Graph's own words, labelled in the current language.
pub fn graph_quoted(message: &str) -> String {
    format!("{} “{message}”", tr(Key::GraphSays))
}

/// What went wrong and how to fix it, in the admin centers' plain words, for any Graph
/// error; Graph's code and message stay available underneath for support.
pub fn explain(e: &GraphError) -> Explained {
    if let Some(reason) = e.license_error() {
        let graph = e
            .details
            .iter()
            .find(|d| LicenseError::parse(&d.code).is_some())
            .map(|d| d.message.clone())
            .unwrap_or_else(|| e.message.clone());
        return Explained {
            heading: Some(licence_title(reason).to_owned()),
            fix: licence_fix(reason).into(),
            graph,
        };
    }
    let mut graph = e.message.clone();
    let fix = match e.kind() {
        ErrorKind::Denied => {
            // Graph says which role is needed in the detail: its words, quoted with the message.
            if let Some(d) = e.details.first().filter(|d| d.message != e.message) {
                graph = format!("{graph} {}", d.message);
            }
            tr(Key::FixDenied).into()
        }
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
    Explained {
        heading: None,
        fix,
        graph,
    }
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
        let x = explained.get_untracked();
        embed.error(x.heading.unwrap_or(x.graph));
    }
    // With a heading: the heading, the fix, and Graph's words under their label. Without:
    // Graph's words (labelled) lead, then the fix. Graph's words are marked as English.
    view! {
        <div class="message-bar error" role="alert">
            {move || match explained.get() {
                Explained { heading: Some(h), fix, graph } => view! {
                    <strong>{h}</strong>
                    <span>{fix}</span>
                    <small class="graph-says"><span>{tr(Key::GraphSays)}</span>" "<q lang="en">{graph}</q></small>
                }.into_any(),
                Explained { heading: None, fix, graph } => view! {
                    <span class="graph-says">{tr(Key::GraphSays)}</span>
                    <strong lang="en">{graph}</strong>
                    <span>{fix}</span>
                }.into_any(),
            }}
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
                let x = explain(&GraphError::license(reason, message.clone(), None));
                assert_eq!(x.heading.as_deref(), Some(reason.title()));
                assert_eq!(x.fix, reason.fix());
                // Graph's words as sent, behind their label.
                assert_eq!(x.graph, message);
                let cell = x.cell(Key::FailedWhatFix);
                assert!(
                    cell.starts_with(&format!("Failed: {}. {}", reason.title(), reason.fix())),
                    "{cell}"
                );
                assert!(cell.ends_with(&format!("Microsoft Graph says: “{message}”")), "{cell}");
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
            assert!(explain(&e).fix.contains("usage location"), "{e}");
        }
        let throttled = GraphError::new(tenant::ErrorCode::TooManyRequests, "Please retry again later.");
        assert_eq!(
            explain(&throttled).fix,
            "The tenant is busy. Wait a moment and try again."
        );
        let inherited = GraphError::inherited_license("Sales E3", "g".into());
        assert!(explain(&inherited).fix.starts_with("Remove the user from the group"));
    }
}
