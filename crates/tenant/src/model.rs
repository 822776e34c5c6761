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
