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

    /// `Some` while the transport cannot send for want of a sign-in (the admin's session
    /// ended and refreshing failed): resolves once the admin has signed in again. Callers
    /// wait on it instead of failing, so a bulk change pauses and is not lost; a 401 met
    /// while it is `Some` is sent again after it.
    fn ready(&self) -> Option<LocalFuture<()>> {
        None
    }

    /// Whether the tenant behind it can no longer answer at all (the simulated tenant's
    /// worker stopped): a failure is then final, and asking again would only make the
    /// admin wait for the same answer.
    fn gone(&self) -> bool {
        false
    }
}

/// A tenant that journals its changes (the simulated one): the requests of one change made
/// of many (a bulk licence change) become one entry, undone as a whole and saved once.
/// Graph has no such thing, so its transport has none.
pub trait Journal {
    /// The next requests belong to one change.
    fn begin_change(&self);
    /// The change begun by [`Journal::begin_change`] is over; resolves once it is saved.
    fn end_change(&self) -> LocalFuture<()>;
}
