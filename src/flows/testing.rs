//! What the flows' native tests share: the demo tenant behind a transport, a timer that
//! never waits, and a planner acting as the demo's Global admin.

use std::cell::RefCell;

use tenant::plan::Planner;
use tenant::rest::{GraphRequest, GraphResponse};
use tenant::roles::Role;
use tenant::simulation::{Simulation, TenantSeed, SIMULATED_ROOT};
use tenant::Timestamp;

use crate::api::runner::{self, Cancel, Options, Progress, Report, Work};
use crate::api::timer::Timer;
use crate::api::transport::{LocalFuture, Transport};

pub const NOW: Timestamp = Timestamp(1_763_800_000);
pub const ADMIN: &str = "admin@contoso.onmicrosoft.com";

/// The demo tenant, answering as the simulated tenant does in the browser.
pub struct Demo(pub RefCell<Simulation>);

impl Demo {
    pub fn new() -> Self {
        Demo(RefCell::new(Simulation::new(TenantSeed::Demo)))
    }

    /// A planner over the demo as the app reads it, acting with `roles`.
    pub fn planner(&self, roles: &[Role]) -> Planner {
        let sim = self.0.borrow();
        let t = &sim.tenant;
        Planner::new(
            t.org().clone(),
            t.skus().iter().map(|s| s.sku.clone()).collect(),
            roles.to_vec(),
            NOW,
        )
    }

    /// A user as the app reads them.
    pub fn user(&self, upn: &str) -> tenant::model::User {
        self.0.borrow().tenant.user(upn).cloned().expect("demo user")
    }

    /// Runs `work` as the demo's Global admin through the change runner.
    pub fn run(&self, work: Vec<Work>) -> Report {
        let headers = [("Authorization".to_owned(), format!("Bearer dev:{ADMIN}"))];
        futures::executor::block_on(runner::run(
            self,
            &NoWait,
            &headers,
            work,
            &Options::default(),
            &Cancel::default(),
            &|_: Progress| {},
        ))
    }
}

impl Transport for Demo {
    fn send(&self, mut req: GraphRequest) -> LocalFuture<GraphResponse> {
        if let Some(rel) = req.url.strip_prefix(SIMULATED_ROOT) {
            req.url = rel.to_owned();
        }
        let res = self.0.borrow_mut().request(&req, NOW);
        Box::pin(std::future::ready(res))
    }
}

/// A timer whose waits end at once.
pub struct NoWait;

impl Timer for NoWait {
    fn sleep(&self, _ms: u64) -> LocalFuture<()> {
        Box::pin(std::future::ready(()))
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn random(&self) -> f64 {
        0.5
    }
}
