//! The in-memory store: the [`tenant::Tenant`] with its users, groups and products, the
//! indexes that keep lookups and filters fast, ids and the clock it is handed.

pub(crate) mod groups;
pub mod ids;
pub(crate) mod index;
pub mod tenant;
pub mod time;
pub(crate) mod upn_index;
