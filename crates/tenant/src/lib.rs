//! The tenant engine: a Microsoft 365 / Entra tenant as Microsoft Graph v1.0 exposes it.
//!
//! Graph's types ([`model`]), its OData queries ([`query`]), the licensing rules
//! ([`licensing`]), who may do what ([`roles`]), an in-memory store ([`Tenant`]), the demo
//! tenant and a large-tenant generator, and Graph's REST surface ([`rest`]). It has no web
//! dependencies: it runs natively (tests, benchmarks, `graph-server`) and in the browser.
//!
//! ```
//! use tenant::{demo::demo_tenant, query::{Filter, Prop, UserQuery}};
//! let t = demo_tenant();
//! let q = UserQuery { filter: Some(Filter::eq(Prop::UserType, "Guest")), ..UserQuery::default() };
//! let page = t.list_users(&q, false, false).unwrap();
//! assert!(page.items.iter().all(|&i| t.user_at(i).is_guest()));
//! ```

pub mod activity;
pub mod build;
pub mod catalog;
pub mod countries;
pub mod demo;
pub mod error;
pub mod export;
pub mod generate;
mod groups;
pub mod ids;
mod index;
pub mod licensing;
pub mod model;
pub mod plan;
pub mod query;
pub mod rest;
pub mod roles;
pub mod simulation;
mod tenant;
pub mod time;
mod upn_index;

pub use error::{ErrorCode, ErrorKind, GraphError, LicenseError};
pub use licensing::ProductCounts;
pub use tenant::{encode_skip, is_email, GroupRecord, InvitationRequest, RoleRecord, SkuRecord, Tenant, UserPage};
pub use time::Timestamp;
