//! App state: the session context, and user-list state as it lives in the URL.

mod list_url;
mod session;

pub use list_url::{Chip, Field, ListUrl, View};
pub use session::{provide_session, use_api, use_session};
