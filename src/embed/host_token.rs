//! The embedding page as the source of Graph tokens, in place of the app's own sign-in:
//! the token it handed over last, in memory only (never in any storage), replaced without
//! a reload; while there is none that works (none yet, expired, or refused by Graph),
//! requests wait and the page is asked once for a new one (`tenantDesk.tokenNeeded`).
//!
//! The clock and the asking come from the caller, so the rules are tested natively.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures::channel::oneshot;

use super::handed_token::HandedToken;
use super::protocol::TokenNeed;
use crate::api::transport::LocalFuture;

struct Inner {
    held: RefCell<Option<HandedToken>>,
    /// The last token Graph refused: handed over again, it is not taken.
    refused: RefCell<Option<String>>,
    /// Counts hand-overs, so a timer set for one token does not speak for the next.
    generation: Cell<u64>,
    /// Whether the page has been asked and has not answered yet: it is asked once.
    asked: Cell<bool>,
    waiters: RefCell<Vec<oneshot::Sender<()>>>,
    ask: Box<dyn Fn(TokenNeed)>,
    clock: Box<dyn Fn() -> f64>,
}

/// The host's token. Cheap to clone; one per app.
#[derive(Clone)]
pub struct HostToken(Rc<Inner>);

/// When a handed-over token expires, for the caller's timer: at `in_ms` call
/// [`HostToken::expiry_due`] with `generation`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expiry {
    /// Which hand-over it is for.
    pub generation: u64,
    /// Milliseconds from now.
    pub in_ms: f64,
}

/// Why a handed-over token was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotTaken {
    /// Its `expiresOn` has passed already.
    Expired,
    /// Graph has refused this very token already.
    Refused,
}

impl std::fmt::Display for NotTaken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Expired => "the token's expiresOn has passed already (is the page's clock right?)",
            Self::Refused => "Graph has refused this token already; hand over a new one",
        })
    }
}

impl HostToken {
    /// A source with no token yet. `ask` posts `tenantDesk.tokenNeeded`; `clock` gives
    /// milliseconds since 1970.
    pub fn new(ask: impl Fn(TokenNeed) + 'static, clock: impl Fn() -> f64 + 'static) -> Self {
        HostToken(Rc::new(Inner {
            held: RefCell::new(None),
            refused: RefCell::new(None),
            generation: Cell::new(0),
            asked: Cell::new(false),
            waiters: RefCell::new(Vec::new()),
            ask: Box::new(ask),
            clock: Box::new(clock),
        }))
    }

    /// Takes a new token from the page in place of the old one; requests waiting for one
    /// go on with it. A token that has expired already, or that Graph refused, is not
    /// taken (and the page is not asked again, so the two never loop).
    pub fn hand_over(&self, token: HandedToken) -> Result<Expiry, NotTaken> {
        let i = &self.0;
        let now = (i.clock)();
        if token.expired(now) {
            return Err(NotTaken::Expired);
        }
        if i.refused.borrow().as_deref() == Some(token.access()) {
            return Err(NotTaken::Refused);
        }
        let in_ms = token.expires_on_ms() - now;
        *i.held.borrow_mut() = Some(token);
        i.generation.set(i.generation.get() + 1);
        i.asked.set(false);
        for w in i.waiters.borrow_mut().drain(..) {
            let _ = w.send(());
        }
        Ok(Expiry {
            generation: i.generation.get(),
            in_ms,
        })
    }

    /// The token to send now; `None` when there is none that works, and then the page has
    /// been asked for one.
    pub fn token(&self) -> Option<String> {
        let i = &self.0;
        let need = {
            let held = i.held.borrow();
            match held.as_ref() {
                None => TokenNeed::Missing,
                Some(t) if t.expired((i.clock)()) => TokenNeed::Expired,
                Some(t) if i.refused.borrow().as_deref() == Some(t.access()) => TokenNeed::Refused,
                Some(t) => return Some(t.access().to_owned()),
            }
        };
        self.ask_once(need);
        None
    }

    /// Graph answered 401 to `used`: it is no good; the page is asked for another.
    pub fn refused(&self, used: &str) {
        *self.0.refused.borrow_mut() = Some(used.to_owned());
        let current = self.0.held.borrow().as_ref().map(|t| t.access() == used);
        if current != Some(false) {
            self.ask_once(TokenNeed::Refused);
        }
    }

    /// `Some` while there is no token that works: resolves when the page hands one over.
    /// Requests wait on it (a running change pauses) instead of failing.
    pub fn ready(&self) -> Option<LocalFuture<()>> {
        if self.token().is_some() {
            return None;
        }
        let (tx, rx) = oneshot::channel();
        self.0.waiters.borrow_mut().push(tx);
        Some(Box::pin(async move {
            let _ = rx.await;
        }))
    }

    /// The caller's timer for `generation` ran out: if that token is still the one held
    /// and has expired, the page is asked for a new one now, before a request finds out.
    /// A timer that ran out early (browsers cap a timer at about 24 days) gets back how
    /// many milliseconds are left, to wait again.
    pub fn expiry_due(&self, generation: u64) -> Option<f64> {
        let i = &self.0;
        if i.generation.get() != generation {
            return None;
        }
        let left = i.held.borrow().as_ref()?.expires_on_ms() - (i.clock)();
        if left > 0.0 {
            return Some(left);
        }
        self.ask_once(TokenNeed::Expired);
        None
    }

    fn ask_once(&self, need: TokenNeed) {
        if !self.0.asked.replace(true) {
            (self.0.ask)(need);
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;
    use serde_json::json;

    use super::*;

    struct Fixture {
        now: Rc<Cell<f64>>,
        asked: Rc<RefCell<Vec<TokenNeed>>>,
        host: HostToken,
    }

    fn fixture() -> Fixture {
        let now = Rc::new(Cell::new(BASE));
        let asked = Rc::new(RefCell::new(Vec::new()));
        let (n, a) = (now.clone(), asked.clone());
        let host = HostToken::new(move |need| a.borrow_mut().push(need), move || n.get());
        Fixture { now, asked, host }
    }

    /// Now, in the tests: a time in 2023 (a time as milliseconds must be past 1973).
    const BASE: f64 = 1_700_000_000_000.0;

    /// A token expiring `in_ms` after [`BASE`].
    fn token(access: &str, in_ms: f64) -> HandedToken {
        HandedToken::new(access.into(), &json!(BASE + in_ms)).expect("token")
    }

    #[test]
    fn requests_wait_for_the_first_token_and_the_page_is_asked_once() {
        let f = fixture();
        assert_eq!(f.host.token(), None);
        let waiting = f.host.ready().expect("waits");
        assert!(f.host.ready().is_some());
        assert_eq!(*f.asked.borrow(), vec![TokenNeed::Missing], "asked once");
        let e = f.host.hand_over(token("t1", 3_000_000.0)).expect("taken");
        assert_eq!(e.in_ms, 3_000_000.0);
        assert_eq!(waiting.now_or_never(), Some(()), "woken");
        assert!(f.host.ready().is_none());
        assert_eq!(f.host.token().as_deref(), Some("t1"));
    }

    #[test]
    fn an_expired_token_is_asked_for_again_once_and_a_new_one_replaces_it() {
        let f = fixture();
        let first = f.host.hand_over(token("t1", 1_000_000.0)).expect("taken");
        f.now.set(BASE + 500_000.0);
        assert_eq!(f.host.expiry_due(first.generation), Some(500_000.0), "not yet");
        f.now.set(BASE + 1_000_000.0);
        assert_eq!(f.host.expiry_due(first.generation), None);
        assert_eq!(*f.asked.borrow(), vec![TokenNeed::Expired]);
        assert_eq!(f.host.token(), None);
        assert!(f.host.ready().is_some());
        assert_eq!(f.asked.borrow().len(), 1, "asked once, however many requests wait");
        let second = f.host.hand_over(token("t2", 9_000_000.0)).expect("taken");
        assert_eq!(f.host.token().as_deref(), Some("t2"));
        // The first token's timer says nothing about the second.
        assert_eq!(f.host.expiry_due(first.generation), None);
        assert_eq!(f.asked.borrow().len(), 1);
        assert!(second.generation > first.generation);
    }

    #[test]
    fn a_refused_token_is_not_taken_again() {
        let f = fixture();
        f.host.hand_over(token("bad", 9_000_000.0)).expect("taken");
        f.host.refused("bad");
        assert_eq!(*f.asked.borrow(), vec![TokenNeed::Refused]);
        assert_eq!(f.host.token(), None);
        assert_eq!(f.host.hand_over(token("bad", 9_000_000.0)), Err(NotTaken::Refused));
        assert_eq!(f.asked.borrow().len(), 1, "no loop of asking and handing the same");
        f.host.hand_over(token("good", 9_000_000.0)).expect("taken");
        assert_eq!(f.host.token().as_deref(), Some("good"));
        // A 401 to a token replaced meanwhile says nothing about the new one.
        f.host.refused("bad");
        assert_eq!(f.host.token().as_deref(), Some("good"));
        assert_eq!(f.asked.borrow().len(), 1);
    }

    #[test]
    fn a_token_expired_on_arrival_is_not_taken() {
        let f = fixture();
        assert_eq!(f.host.hand_over(token("old", -1.0)), Err(NotTaken::Expired));
        assert_eq!(f.host.token(), None);
        assert_eq!(*f.asked.borrow(), vec![TokenNeed::Missing]);
    }
}
