//! One module per route. Pages are thin: read the URL, load, compose components.

mod activity;
mod azure;
mod group;
mod groups;
mod home;
mod licenses;
mod not_found;
mod product;
mod training;
mod users;

pub use activity::ActivityLog;
pub use azure::{
    ActiveDirectory, BeforeYouBegin, BuyOffice365, DirectoryUserPage, DirectoryUsersPage, PortalHome, Settings,
    SignUpAzure, Subscriptions, UseExistingDirectory,
};
pub use group::GroupLicenses;
pub use groups::{EntraGroups, TeamsGroups};
pub use home::Home;
pub use licenses::{AllProducts, Licenses};
pub use not_found::NotFound;
pub use product::Product;
pub use training::{ExercisePage, TrainingList};
pub use users::{ActiveUsers, AllUsers, DeletedUsers, GuestUsers};
