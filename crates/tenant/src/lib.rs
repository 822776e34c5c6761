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

// The engine's rooms, each a folder: Graph's wire types and REST surface, the rules, the
// store and its indexes, where tenants come from, and the simulated tenant's journal. The
// modules keep their short paths (`tenant::plan`, `tenant::rest`...) for callers.
pub mod azure;
mod replay;
mod rules;
mod seed;
mod store;
pub mod training;
mod wire;

pub use replay::{activity, host, simulation};
pub use rules::{catalog, countries, licensing, plan, roles};
pub use seed::{build, demo, generate};
pub use store::{ids, time};
use store::{index, tenant, upn_index};
pub use wire::{error, export, model, query, rest};

pub use error::{ErrorCode, ErrorKind, GraphError, LicenseError};
pub use licensing::ProductCounts;
pub use tenant::{encode_skip, is_email, GroupRecord, InvitationRequest, RoleRecord, SkuRecord, Tenant, UserPage};
pub use time::Timestamp;
