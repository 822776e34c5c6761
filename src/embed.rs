//! Embedding in an intranet page: the app inside an `<iframe>` of another origin, without
//! its header and navigation, talking to that page with `postMessage` (the README's
//! "Embedding" section documents every message).
//!
//! The protocol is plain Rust that `cargo test` reaches: which origins may embed the app
//! ([`origin`]) and how the app decides it is embedded ([`mode`]), the messages themselves
//! ([`protocol`]), the app paths a page may open ([`path`]), the theme tokens it may set
//! ([`theme`]) and the Graph token it may hand over ([`handed_token`], kept by
//! [`host_token`]). Only [`frame`] touches the browser (listening, posting, the body's
//! height, the document's style); [`dispatch`] acts on the page's messages and [`bridge`]
//! ties them to the router.

pub mod bridge;
pub mod dispatch;
pub mod frame;
pub mod handed_token;
pub mod host_token;
pub mod mode;
pub mod origin;
pub mod path;
pub mod protocol;
pub mod theme;
