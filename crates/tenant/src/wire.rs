//! Graph's side of the contract: its types as they travel ([`model`]), its errors
//! ([`error`]), its OData queries ([`query`]), its REST surface ([`rest`]) and the CSV the
//! admin centers export ([`export`]).

pub mod error;
pub mod export;
pub mod model;
pub mod query;
pub mod rest;
