//! Where a Graph request's token comes from: the app's own sign-in, or the page that
//! embeds the app and hands its token over. The HTTP transport asks either the same way.

use super::Auth;
use crate::embed::host_token::HostToken;

/// The source of the bearer tokens the HTTP transport sends.
#[derive(Clone)]
pub enum TokenSource {
    /// The app's own session (authorization code with PKCE): refreshed by the app.
    Session(Auth),
    /// The embedding page's token (`tenantDesk.token`): renewed by the page when asked.
    Host(HostToken),
}
