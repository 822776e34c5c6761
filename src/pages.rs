//! One module per route. Pages are thin: read the URL, load, compose components.
//!
//! The users lists are in the first load; every other page, Home too, is a split point
//! ([`lazy`]): its code, grouped by area, is fetched the first time one of its pages shows.

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

/// For each page named, a route type of the same name in [`lazy`] whose view is a split
/// point in the chunk named before the colon.
macro_rules! lazy_pages {
    ($($chunk:ident: $($page:ident),+;)+) => {
        /// The pages fetched when first shown: routes take `Lazy::<lazy::Page>::new()`. A
        /// page whose code cannot be fetched says so, with the fix, in its place.
        #[allow(non_snake_case)]
        pub mod lazy {
            use leptos::prelude::*;
            use crate::components::deferred::{page_code, NotLoaded};
            $($(
                #[doc = concat!("[`super::", stringify!($page), "`], in the `", stringify!($chunk), "` chunk.")]
                #[derive(Clone, Copy)]
                pub struct $page;

                impl leptos_router::LazyRoute for $page {
                    fn data() -> Self {
                        $page
                    }

                    async fn view(_: Self) -> AnyView {
                        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                        fn $page() -> Result<AnyView, NotLoaded> {
                            Ok(view! { <super::$page /> }.into_any())
                        }
                        page_code($page()).await
                    }
                }
            )+)+
        }
    };
}

lazy_pages! {
    azure: PortalHome, BeforeYouBegin, ActiveDirectory, UseExistingDirectory, DirectoryUsersPage,
        DirectoryUserPage, Subscriptions, Settings, SignUpAzure, BuyOffice365;
    training: TrainingList, ExercisePage;
    licences: Licenses, AllProducts, Product, GroupLicenses;
    groups: TeamsGroups, EntraGroups;
    activity: ActivityLog;
    home: Home;
}
