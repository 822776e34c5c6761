//! The simulated Azure classic portal: the tenant-linking flows of seeds 000, 001 and 002.
//! Each page renders what the engine answers for the account signed in to the portal
//! (`tenant::azure`) and sends its changes; the rules are the engine's.

mod administrators;
mod before_you_begin;
mod directories;
mod directory_users;
mod edit_directory;
mod home;
mod office365;
mod settings;
mod sign_up;
mod subscriptions;
mod use_existing;

pub use before_you_begin::BeforeYouBegin;
pub use directories::ActiveDirectory;
pub use directory_users::{DirectoryUserPage, DirectoryUsersPage};
pub use home::PortalHome;
pub use office365::BuyOffice365;
pub use settings::Settings;
pub use sign_up::SignUpAzure;
pub use subscriptions::Subscriptions;
pub use use_existing::UseExistingDirectory;

use leptos::prelude::*;
use tenant::GraphError;

use crate::api::portal::Me;
use crate::state::{use_api, use_portal};

/// What the signed-in account sees, reloaded after every change and on sign-in.
fn use_me() -> LocalResource<Result<Me, GraphError>> {
    let api = use_api();
    let portal = use_portal();
    LocalResource::new(move || {
        api.revision();
        let who = portal.account();
        async move { api.portal_me(who.as_ref()).await }
    })
}
