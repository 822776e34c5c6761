//! Graph v1.0 resources as they travel on the wire.
//!
//! Every type serializes exactly as Microsoft Graph does (camelCase names, explicit nulls,
//! lower-case GUIDs, ISO 8601 dates), so the same values serve the in-browser engine, the
//! HTTP server and a client of the real Graph. Every field has a default so that responses
//! shaped by `$select` still deserialize.

mod directory;
mod group;
mod license;
mod user;

pub use directory::{DirectoryRole, Invitation, InvitedUser, Organization, VerifiedDomain};
pub use group::{Group, LicenseProcessingState};
pub use license::{
    AssignedLicense, AssignedPlan, LicenseAssignmentState, LicenseDetails, LicenseUnitsDetail, ServicePlanInfo,
    SubscribedSku,
};
pub use user::User;

/// A string that is usually one of a few constants (a user type, a state, a place, a
/// generated date): borrowed from the program when so, owned when read from JSON or typed
/// by a person. A generated tenant of 100,000 users makes about a million fewer
/// allocations this way, which is most of its start-up time in the browser.
pub type Text = std::borrow::Cow<'static, str>;
