//! The typed Graph client and the two transports that carry its requests.
//!
//! Pages speak Graph v1.0 through [`Api`]; a [`Transport`] carries each request either to
//! the simulated tenant in its Web Worker ([`SimulatedTenant`]) or over HTTP to Graph or a
//! Graph-compatible server ([`Http`]). Both answer with Graph's status codes and bodies.

pub mod changes;
mod client;
mod config;
mod http;
pub mod portal;
pub mod runner;
pub mod scenarios;
mod simulated_tenant;
pub mod stored_journal;
mod tab_lock;
pub mod timer;
pub mod transport;
mod worker;

pub use client::{encode_segment, Api, Page, USER_DETAIL, USER_ROW};
pub use config::{load_config, unsigned_graph, Backend, Config};
pub use http::{get_text, origin_of, Http};
pub use simulated_tenant::SimulatedTenant;
pub use transport::{Journal, Transport};
pub use worker::TenantWorker;

/// The browser's clock as the engine takes it (the engine never reads a clock itself).
pub fn now() -> tenant::Timestamp {
    tenant::Timestamp((js_sys::Date::now() / 1000.0) as i64)
}
