use std::future::Future;
use std::pin::Pin;

use tenant::rest::{GraphRequest, GraphResponse};

/// A future that stays on the browser's one thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Carries Graph requests to a tenant and brings back its responses.
pub trait Transport {
    /// Sends one request. Network failures come back as Graph-shaped error responses
    /// (status 503), so callers handle one kind of failure.
    fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse>;

    /// The simulated tenant, when this transport is one.
    fn simulation(&self) -> Option<&super::InProcess> {
        None
    }
}
