//! OData queries on users, as Graph accepts them.
//!
//! A typed filter ([`Filter`]) renders to `$filter` text and parses back from it, so the app
//! keeps filters typed (in the URL, in chips) while the wire carries Graph's syntax, and the
//! in-browser engine evaluates exactly what a real Graph would be sent.

mod filter;
pub mod limits;
mod params;
mod parse;
mod search;

pub use filter::{Cmp, Filter, Prop, Value};
pub use params::{encode, split_query, OrderBy, UserQuery, DEFAULT_TOP, MAX_TOP};
pub use parse::parse_filter;
pub use search::{Search, SearchOp, SearchTerm};
