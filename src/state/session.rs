use leptos::prelude::*;
use tenant::model::{DirectoryRole, Organization, SubscribedSku, User};
use tenant::plan::Planner;
use tenant::GraphError;

use crate::api::Api;

/// Who is signed in and where: the organization, the acting admin and their roles.
#[derive(Clone, Copy)]
pub struct Session {
    /// The Graph client.
    pub api: Api,
    /// The organization, loaded once per change of tenant.
    pub org: LocalResource<Result<Organization, GraphError>>,
    /// The acting admin and their roles.
    pub me: LocalResource<Result<(User, Vec<DirectoryRole>), GraphError>>,
    /// Subscribed products, for licence names and counts.
    pub skus: LocalResource<Result<Vec<SubscribedSku>, GraphError>>,
}

impl Session {
    /// The name to show for a product id: the catalog's friendly name of its part number.
    pub fn product_name(&self, sku: uuid::Uuid) -> String {
        // Read in place: every licence cell of every row asks, and cloning the product list
        // (with its service plans) each time made a filter change measurably slower.
        self.skus
            .with(|r| {
                r.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .and_then(|skus| skus.iter().find(|s| s.sku_id == sku))
                    .map(|s| tenant::catalog::product_name(&s.sku_part_number).to_owned())
            })
            .unwrap_or_else(|| sku.to_string())
    }
}

impl Session {
    /// The planner over what the session has loaded: the organization, the products and the
    /// acting admin's roles. `None` until all three are in (or when one failed to load), so
    /// no flow ever plans on an empty product list. Tracked: a view that asks updates when
    /// they arrive.
    pub fn planner(&self) -> Option<Planner> {
        let org = self.org.get()?.ok()?;
        let skus = self.skus.get()?.ok()?;
        let roles = self
            .me
            .get()?
            .ok()?
            .1
            .iter()
            .filter_map(|r| tenant::roles::Role::from_template(r.role_template_id))
            .collect();
        Some(Planner::new(org, skus, roles, crate::api::now()))
    }

    /// Whether [`Session::planner`] would give a planner, without building one (which copies
    /// the products): for buttons and labels that re-run as the page changes. Tracked.
    pub fn can_plan(&self) -> bool {
        self.org.with(|r| matches!(r, Some(Ok(_))))
            && self.skus.with(|r| matches!(r, Some(Ok(_))))
            && self.me.with(|r| matches!(r, Some(Ok(_))))
    }

    /// Why the planner is not there: still loading (`None`) or what failed.
    pub fn planner_error(&self) -> Option<GraphError> {
        let err = |r: Option<Result<(), GraphError>>| r.and_then(|r| r.err());
        err(self.org.get().map(|r| r.map(|_| ())))
            .or_else(|| err(self.skus.get().map(|r| r.map(|_| ()))))
            .or_else(|| err(self.me.get().map(|r| r.map(|_| ()))))
    }
}

/// Provides the session to the app.
pub fn provide_session(api: Api) -> Session {
    let org = LocalResource::new(move || {
        api.revision();
        async move { api.organization().await }
    });
    let me = LocalResource::new(move || {
        let _ = api.actor().get();
        api.revision();
        async move {
            let me = api.me().await?;
            let (_, roles) = api.my_memberships().await?;
            Ok((me, roles))
        }
    });
    let skus = LocalResource::new(move || {
        api.revision();
        async move { api.skus().await }
    });
    let session = Session { api, org, me, skus };
    provide_context(session);
    session
}

/// The session.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The Graph client.
pub fn use_api() -> Api {
    use_session().api
}
