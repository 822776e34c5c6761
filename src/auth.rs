//! Signing in to the Microsoft identity platform (or any OpenID Connect provider) as a
//! single-page app does: the authorization code flow with PKCE (S256), the code redeemed
//! from the browser, tokens in memory only, refreshed before they expire.
//!
//! [`flow`] and [`tokens`] are the protocol as data (tested natively); [`browser`] is what
//! it needs from the page; [`session`] runs it. [`source`] is what the HTTP transport
//! asks for tokens: this session, or the embedding page's handed-over token.

mod browser;
pub mod flow;
mod session;
mod source;
pub mod tokens;

pub use flow::AuthConfig;
pub use session::{Auth, AuthStatus, Start};
pub use source::TokenSource;
