//! Graph's errors as typed values.
//!
//! Each error carries the HTTP status, Graph's code and Graph's message, so a client sees
//! the same thing from the simulated tenant as from Microsoft Graph. Licensing rule
//! breaches also carry the licence error code (`CountViolation`...) that Entra shows, in
//! `details`, so the UI can say what went wrong and how to fix it.

use serde::{Deserialize, Serialize};

/// Graph's top-level error codes that this engine produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 400: the request is malformed or breaks a rule.
    BadRequest,
    /// 400: a query Graph does not support (as asked).
    UnsupportedQuery,
    /// 404: no such object.
    NotFound,
    /// 403: the acting admin's roles do not allow it.
    RequestDenied,
    /// 401: no or bad bearer token.
    InvalidToken,
    /// 429: throttled.
    TooManyRequests,
    /// 503: the service is down for a moment.
    ServiceUnavailable,
    /// 405: the path exists but not with this method.
    MethodNotAllowed,
    /// 413: the request body is larger than the service takes.
    RequestEntityTooLarge,
}

impl ErrorCode {
    /// Graph's text for the code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "Request_BadRequest",
            Self::UnsupportedQuery => "Request_UnsupportedQuery",
            Self::NotFound => "Request_ResourceNotFound",
            Self::RequestDenied => "Authorization_RequestDenied",
            Self::InvalidToken => "InvalidAuthenticationToken",
            Self::TooManyRequests => "TooManyRequests",
            Self::ServiceUnavailable => "ServiceUnavailable",
            Self::MethodNotAllowed => "Request_BadRequest",
            Self::RequestEntityTooLarge => "RequestEntityTooLarge",
        }
    }

    /// The HTTP status Graph answers with.
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest | Self::UnsupportedQuery => 400,
            Self::NotFound => 404,
            Self::RequestDenied => 403,
            Self::InvalidToken => 401,
            Self::TooManyRequests => 429,
            Self::ServiceUnavailable => 503,
            Self::MethodNotAllowed => 405,
            Self::RequestEntityTooLarge => 413,
        }
    }

    /// Reads Graph's text back, for clients of a real Graph.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "Request_BadRequest" | "BadRequest" => Self::BadRequest,
            "Request_UnsupportedQuery" => Self::UnsupportedQuery,
            "Request_ResourceNotFound" | "ResourceNotFound" => Self::NotFound,
            "Authorization_RequestDenied" | "Forbidden" => Self::RequestDenied,
            "InvalidAuthenticationToken" => Self::InvalidToken,
            "TooManyRequests" => Self::TooManyRequests,
            "ServiceUnavailable" => Self::ServiceUnavailable,
            "RequestEntityTooLarge" => Self::RequestEntityTooLarge,
            _ => return None,
        })
    }
}

/// Licence errors as `licenseAssignmentState.error` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LicenseError {
    /// Not enough licences.
    CountViolation,
    /// Conflicting service plans.
    MutuallyExclusiveViolation,
    /// A plan needs another plan that is off or missing.
    DependencyViolation,
    /// A plan is not offered in the user's usage location.
    ProhibitedInUsageLocationViolation,
    /// Duplicate proxy addresses.
    UniquenessViolation,
    /// Anything else.
    Other,
}

impl LicenseError {
    /// The code as Graph writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CountViolation => "CountViolation",
            Self::MutuallyExclusiveViolation => "MutuallyExclusiveViolation",
            Self::DependencyViolation => "DependencyViolation",
            Self::ProhibitedInUsageLocationViolation => "ProhibitedInUsageLocationViolation",
            Self::UniquenessViolation => "UniquenessViolation",
            Self::Other => "Other",
        }
    }

    /// Reads the code back from a `licenseAssignmentState`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "CountViolation" => Self::CountViolation,
            "MutuallyExclusiveViolation" => Self::MutuallyExclusiveViolation,
            "DependencyViolation" => Self::DependencyViolation,
            "ProhibitedInUsageLocationViolation" => Self::ProhibitedInUsageLocationViolation,
            "UniquenessViolation" => Self::UniquenessViolation,
            "Other" => Self::Other,
            _ => return None,
        })
    }

    /// The heading the admin centers show for it.
    pub fn title(self) -> &'static str {
        match self {
            Self::CountViolation => "Not enough licenses",
            Self::MutuallyExclusiveViolation => "Conflicting service plans",
            Self::DependencyViolation => "Missing dependent service plans",
            Self::ProhibitedInUsageLocationViolation => "Usage location isn't allowed",
            Self::UniquenessViolation => "Proxy address violation",
            Self::Other => "Other",
        }
    }

    /// What the admin can do about it.
    pub fn fix(self) -> &'static str {
        match self {
            Self::CountViolation => "Buy more licenses for the product, or free some by removing them from other users, then reprocess.",
            Self::MutuallyExclusiveViolation => "Review the services included with each license, turn off one of the conflicting services, and try again.",
            Self::DependencyViolation => "Turn on the service the other service depends on, or assign a product that includes it, and try again.",
            Self::ProhibitedInUsageLocationViolation => "Change the user's usage location, or turn off the services not offered there, then reprocess.",
            Self::UniquenessViolation => "Remove the duplicate proxy address, then reprocess.",
            Self::Other => "Check the user's licenses and try again.",
        }
    }
}

/// What an error means for the admin, as the app acts on it: read from the codes Graph
/// sends (the top-level code, the licence error in `details`), so no caller matches
/// message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A licensing rule (`CountViolation`, ...): the licence error says which.
    License(LicenseError),
    /// The user has no usage location, so no licence can be assigned.
    UsageLocationMissing,
    /// The licence comes from a group and cannot be removed from the user.
    InheritedLicense,
    /// A self-service purchase, which an admin cannot assign or unassign.
    SelfServicePurchase,
    /// The acting admin's roles do not allow it.
    Denied,
    /// The sign-in is missing or expired.
    SignIn,
    /// No such object.
    NotFound,
    /// Throttled: try again after a while.
    Throttled,
    /// The service or the network is down for a moment.
    Unavailable,
    /// Anything else: a bad value.
    Other,
}

impl ErrorKind {
    /// Whether sending the same request again later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(self, Self::Throttled | Self::Unavailable)
    }
}

/// Detail codes this engine attaches, so the kind survives the wire (Graph's own messages
/// for these have no code of their own; [`GraphError::from_body`] recognises them once).
const USAGE_LOCATION_MISSING: &str = "InvalidUsageLocation";
const INHERITED_LICENSE: &str = "InheritedLicense";
const SELF_SERVICE_PURCHASE: &str = "SelfServicePurchase";

/// Graph's messages for the errors that carry no detail code, as Graph writes them.
const KNOWN_MESSAGES: [(&str, &str); 2] = [
    (
        "License assignment cannot be done for user with invalid usage location.",
        USAGE_LOCATION_MISSING,
    ),
    (
        "User license is inherited from a group membership and it cannot be removed directly from the user.",
        INHERITED_LICENSE,
    ),
];

/// One entry of `error.details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ErrorDetail {
    /// Licence error code, when the error is a licensing rule.
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
    /// The object it concerns (a product or plan id).
    pub target: Option<String>,
    /// The names and values the detail's sentence needs, for a client that words it in its
    /// own language (the Azure portal's refusals, [`crate::azure::refusal`]); Graph sends none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<serde_json::Value>,
}

/// An error as Graph returns it: status, code, message and details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// Graph's code.
    pub code: ErrorCode,
    /// Graph's message.
    pub message: String,
    /// Licence rule breaches and other specifics.
    pub details: Vec<ErrorDetail>,
}

impl GraphError {
    /// An error with Graph's code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// `Request_BadRequest`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    /// `Request_UnsupportedQuery`.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::UnsupportedQuery, message)
    }

    /// `Request_ResourceNotFound` with Graph's message for `id`.
    pub fn not_found(id: &str) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
        )
    }

    /// `Authorization_RequestDenied`, with why in the details.
    pub fn denied(why: impl Into<String>) -> Self {
        Self::new(
            ErrorCode::RequestDenied,
            "Insufficient privileges to complete the operation.",
        )
        .with_detail("Authorization_RequestDenied", why, None)
    }

    /// A licensing rule breach: Graph's code and message plus the licence error.
    pub fn license(reason: LicenseError, message: impl Into<String>, target: Option<String>) -> Self {
        let message = message.into();
        Self::bad_request(message.clone()).with_detail(reason.as_str(), message, target)
    }

    /// Adds a detail.
    pub fn with_detail(mut self, code: &str, message: impl Into<String>, target: Option<String>) -> Self {
        self.details.push(ErrorDetail {
            code: code.to_owned(),
            message: message.into(),
            target,
            params: None,
        });
        self
    }

    /// The licence error inside, if this is a licensing rule breach.
    pub fn license_error(&self) -> Option<LicenseError> {
        self.details.iter().find_map(|d| LicenseError::parse(&d.code))
    }

    /// What the error means, from its codes.
    pub fn kind(&self) -> ErrorKind {
        if let Some(reason) = self.license_error() {
            return ErrorKind::License(reason);
        }
        for d in &self.details {
            match d.code.as_str() {
                USAGE_LOCATION_MISSING => return ErrorKind::UsageLocationMissing,
                INHERITED_LICENSE => return ErrorKind::InheritedLicense,
                SELF_SERVICE_PURCHASE => return ErrorKind::SelfServicePurchase,
                _ => {}
            }
        }
        match self.code {
            ErrorCode::RequestDenied => ErrorKind::Denied,
            ErrorCode::InvalidToken => ErrorKind::SignIn,
            ErrorCode::NotFound => ErrorKind::NotFound,
            ErrorCode::TooManyRequests => ErrorKind::Throttled,
            ErrorCode::ServiceUnavailable => ErrorKind::Unavailable,
            _ => ErrorKind::Other,
        }
    }

    /// `Request_BadRequest` for a licence assignment to a user without a usage location.
    pub fn usage_location_missing() -> Self {
        Self::bad_request(KNOWN_MESSAGES[0].0).with_detail(
            USAGE_LOCATION_MISSING,
            "The user has no usage location.",
            None,
        )
    }

    /// `Request_BadRequest` for removing a group's licence from a member directly.
    pub fn inherited_license(group_name: &str, group_id: String) -> Self {
        Self::bad_request(KNOWN_MESSAGES[1].0).with_detail(
            INHERITED_LICENSE,
            format!("The license comes from the group {group_name}."),
            Some(group_id),
        )
    }

    /// `Request_BadRequest` for a self-service purchase, which admins cannot manage.
    pub fn self_service_purchase(sku: String) -> Self {
        Self::bad_request(
            "As an admin, you can't assign or unassign licenses for a self-service purchase subscription bought by a user in your organization. Take over the subscription first, then assign or unassign licenses.",
        )
        .with_detail(SELF_SERVICE_PURCHASE, "The subscription was bought through self-service purchase.", Some(sku))
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// The `{"error":{...}}` body, with `innerError` stamped with a date and request id.
    pub fn to_body(&self, date: &str, request_id: &str) -> serde_json::Value {
        let mut error = serde_json::json!({
            "code": self.code.as_str(),
            "message": self.message,
            "innerError": { "date": date, "request-id": request_id, "client-request-id": request_id },
        });
        if !self.details.is_empty() {
            error["details"] = serde_json::to_value(&self.details).unwrap_or_default();
        }
        serde_json::json!({ "error": error })
    }

    /// Reads an error body from Graph (or from this engine's server).
    pub fn from_body(status: u16, body: &serde_json::Value) -> Self {
        let err = &body["error"];
        let code = err["code"].as_str().and_then(ErrorCode::parse).unwrap_or(match status {
            401 => ErrorCode::InvalidToken,
            403 => ErrorCode::RequestDenied,
            404 => ErrorCode::NotFound,
            413 => ErrorCode::RequestEntityTooLarge,
            429 => ErrorCode::TooManyRequests,
            503 => ErrorCode::ServiceUnavailable,
            _ => ErrorCode::BadRequest,
        });
        let message = err["message"]
            .as_str()
            .unwrap_or("The service returned an error.")
            .to_owned();
        let mut details: Vec<ErrorDetail> = serde_json::from_value(err["details"].clone()).unwrap_or_default();
        // Graph sends these without a code of their own: the one place their text is read.
        if let Some((_, code)) = KNOWN_MESSAGES.iter().find(|(m, _)| *m == message) {
            if !details.iter().any(|d| d.code == *code) {
                details.push(ErrorDetail {
                    code: (*code).to_owned(),
                    message: message.clone(),
                    target: None,
                    params: None,
                });
            }
        }
        Self { code, message, details }
    }
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for GraphError {}
