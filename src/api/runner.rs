//! The app's one change runner: sends many writes to Graph as Graph asks clients to.
//!
//! A bulk change (licences for 10,000 users, a group's licences) is a list of [`Work`]s,
//! each a few calls that must run in order. The runner packs them into `$batch`es of at
//! most [`MAX_BATCH`] requests, keeps a few batches in flight, waits out throttling
//! (`Retry-After`, else exponential backoff with jitter), never sends again a call that
//! succeeded or one that may have been applied, and says for every work what became of
//! it. Everything it waits on comes from the caller ([`Transport`], [`Timer`]), so the
//! tests drive it on virtual time with a scripted tenant.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use futures::future::{join_all, select, Either};
use serde_json::{json, Map, Value};
use tenant::rest::{GraphRequest, GraphResponse, Method, MAX_BATCH};
use tenant::{ErrorCode, GraphError};
use uuid::Uuid;

use super::timer::Timer;
use super::transport::Transport;

/// One Graph request of a [`Work`]; kept apart from [`GraphRequest`] because inside a
/// `$batch` a request has no headers of its own but its `Content-Type`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The method.
    pub method: Method,
    /// The URL relative to the version root (`/users/{id}/assignLicense`).
    pub url: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

/// One unit whose outcome is reported: e.g. a user's optional `PATCH /users/{id}` (usage
/// location) then `POST /users/{id}/assignLicense`; or one group's `assignLicense`. Its
/// calls run in order (call i+1 `dependsOn` call i) and always travel in the same
/// `$batch`, so a later call never runs without the one it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    /// What the caller reports the outcome under (a user's or a group's id).
    pub key: Uuid,
    /// The calls, in the order they must run.
    pub calls: Vec<Call>,
}

/// What became of one [`Work`], so the page can tell the admin exactly what to check.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every call succeeded.
    Done,
    /// Refused by Graph (4xx), or retries ran out (the last error).
    Failed(GraphError),
    /// No answer (timed out, or left out of a `$batch` answer): it may have been applied,
    /// so it is not sent again; the admin should refresh and check.
    Unknown(GraphError),
    /// Cancelled before all its calls were sent.
    NotSent,
}

/// How hard the runner pushes and how long it waits; the defaults follow Graph's guidance.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// `$batch`es in flight at once: a few keep a save fast without tripping throttling.
    pub max_in_flight: usize,
    /// How long a `$batch` may take before its works become [`Outcome::Unknown`].
    pub timeout_ms: u64,
    /// Sends per work (the first and its retries) before it is [`Outcome::Failed`], not
    /// counting those answered with a `Retry-After`.
    pub max_attempts: u32,
    /// Sends per work answered 429 or 503 *with* a `Retry-After` before it is
    /// [`Outcome::Failed`]. Graph's guidance is to wait as told and try again, and a busy
    /// tenant throttles a third of a large change's calls, item by item: six tries in all
    /// left one user in twenty failed there, so throttles told when to come back count
    /// apart, with a bound of their own so a tenant that never lets through still ends.
    pub max_throttled: u32,
    /// The first backoff, doubled for every attempt, when Graph gives no `Retry-After`.
    pub base_backoff_ms: u64,
    /// The longest backoff.
    pub max_backoff_ms: u64,
    /// The longest `Retry-After` honoured, so a bad header cannot stall the page for hours.
    pub max_retry_after_ms: u64,
    /// How long the runner may keep the browser's thread before it yields (under the
    /// 50 ms of a "long task", so the progress bar paints).
    pub slice_ms: f64,
}

impl Default for Options {
    /// Four batches in flight, 30 s timeout, six attempts (and fifty throttles with a
    /// `Retry-After`), backoff 0.5 s to 30 s, `Retry-After` up to 5 minutes, 40 ms slices.
    fn default() -> Self {
        Options {
            max_in_flight: 4,
            timeout_ms: 30_000,
            max_attempts: 6,
            max_throttled: 50,
            base_backoff_ms: 500,
            max_backoff_ms: 30_000,
            max_retry_after_ms: 300_000,
            slice_ms: 40.0,
        }
    }
}

/// A flag shared between the page's Cancel button and the runner, so the admin can stop a
/// long save: no batch is sent after it is set, and a wait in progress ends at once. `Send`
/// and `Sync` (an atomic and a mutex, which cost nothing on the browser's one thread), so a
/// view can keep it in a signal.
#[derive(Clone, Default)]
pub struct Cancel(Arc<CancelState>);

#[derive(Default)]
struct CancelState {
    cancelled: AtomicBool,
    wakers: Mutex<Vec<Waker>>,
}

impl Cancel {
    /// Stops the run: no new batch is sent, and waits in progress end now.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
        let wakers = std::mem::take(&mut *self.0.wakers.lock().unwrap_or_else(|e| e.into_inner()));
        for w in wakers {
            w.wake();
        }
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// Resolves once [`Cancel::cancel`] is called: a long wait races it.
    pub fn cancelled(&self) -> impl Future<Output = ()> + '_ {
        Cancelled(self)
    }
}

/// Resolves once the flag is set; a wait races it.
struct Cancelled<'a>(&'a Cancel);

impl Future for Cancelled<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.is_cancelled() {
            return Poll::Ready(());
        }
        let mut wakers = self.0 .0.wakers.lock().unwrap_or_else(|e| e.into_inner());
        if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
            wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// How far a run is, for the page's progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Progress {
    /// Works with a final outcome.
    pub done: usize,
    /// All works.
    pub total: usize,
    /// Some batch is waiting out a throttle or backoff, so the page can say why it pauses.
    pub waiting: bool,
}

/// What a run did, for the page's summary and for retrying or re-selecting what failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Every work's outcome, in the order of the input.
    pub outcomes: Vec<(Uuid, Outcome)>,
    /// Inner requests sent, counting retries: what the run cost against Graph's limits.
    pub requests_sent: usize,
}

impl Report {
    /// The outcome of the (first) work with `key`, for a row's status.
    pub fn outcome(&self, key: Uuid) -> Option<&Outcome> {
        self.outcomes.iter().find(|(k, _)| *k == key).map(|(_, o)| o)
    }
}

/// Runs `work` against the tenant behind `transport` and reports every work's outcome:
/// the one place the app sends bulk changes, so throttling, timeouts, cancelling and
/// progress behave the same for every page. `headers` go on every outer `POST /$batch`
/// (the caller's Authorization); `progress` hears after every batch answer.
pub async fn run(
    transport: &dyn Transport,
    timer: &dyn Timer,
    headers: &[(String, String)],
    work: Vec<Work>,
    opts: &Options,
    cancel: &Cancel,
    progress: &dyn Fn(Progress),
) -> Report {
    let total = work.len();
    let mut slots = Vec::with_capacity(total);
    let mut queue = VecDeque::new();
    let mut done = 0;
    for (i, w) in work.iter().enumerate() {
        let outcome = if w.calls.is_empty() {
            Some(Outcome::Done)
        } else if w.calls.len() > MAX_BATCH {
            Some(Outcome::Failed(GraphError::bad_request(format!(
                "This change needs {} requests, more than the {MAX_BATCH} a $batch holds, so it was not sent.",
                w.calls.len()
            ))))
        } else {
            queue.push_back(i);
            None
        };
        done += usize::from(outcome.is_some());
        slots.push(Slot {
            next: 0,
            attempts: 0,
            throttled: 0,
            outcome,
        });
    }
    let runner = Runner {
        transport,
        timer,
        headers,
        opts,
        cancel,
        progress,
        work: &work,
        slots: RefCell::new(slots),
        queue: RefCell::new(queue),
        done: Cell::new(done),
        waiting: Cell::new(0),
        sent: Cell::new(0),
        last_yield: Cell::new(timer.now_ms()),
    };
    join_all((0..opts.max_in_flight.max(1)).map(|_| runner.worker())).await;

    let slots = runner.slots.into_inner();
    let outcomes: Vec<(Uuid, Outcome)> = work
        .iter()
        .zip(slots)
        .map(|(w, s)| (w.key, s.outcome.unwrap_or(Outcome::NotSent)))
        .collect();
    progress(Progress {
        done: total,
        total,
        waiting: false,
    });
    Report {
        outcomes,
        requests_sent: runner.sent.get(),
    }
}

/// Where one work stands.
struct Slot {
    /// Its first call not yet succeeded: calls before it are never sent again.
    next: usize,
    /// How many times it was sent, less the throttles with a `Retry-After`.
    attempts: u32,
    /// How many times it was throttled with a `Retry-After`.
    throttled: u32,
    /// Its final outcome, once it has one.
    outcome: Option<Outcome>,
}

/// One work's calls in a batch that was sent.
struct Part {
    work: usize,
    /// Its first call in the batch.
    first: usize,
    /// Where its calls start among the batch's requests (whose ids are their positions).
    offset: usize,
    count: usize,
}

/// What the workers share; single-threaded, so cells.
struct Runner<'a> {
    transport: &'a dyn Transport,
    timer: &'a dyn Timer,
    headers: &'a [(String, String)],
    opts: &'a Options,
    cancel: &'a Cancel,
    progress: &'a dyn Fn(Progress),
    work: &'a [Work],
    slots: RefCell<Vec<Slot>>,
    /// Works not yet sent, in input order.
    queue: RefCell<VecDeque<usize>>,
    done: Cell<usize>,
    /// Workers waiting out a throttle or backoff.
    waiting: Cell<usize>,
    sent: Cell<usize>,
    last_yield: Cell<f64>,
}

impl Runner<'_> {
    /// One batch in flight at a time: takes works (its own retries first, then the queue),
    /// sends them, settles the answer, waits if Graph asked, until nothing is left.
    async fn worker(&self) {
        let mut carry: Vec<usize> = Vec::new();
        loop {
            self.yield_to_browser().await;
            if self.cancel.is_cancelled() {
                return;
            }
            // Signed out mid-run: pause until the admin signs in again (or cancels).
            if let Some(signed_in) = self.transport.ready() {
                self.waiting.set(self.waiting.get() + 1);
                self.report();
                let _ = select(signed_in, self.cancel.cancelled()).await;
                self.waiting.set(self.waiting.get().saturating_sub(1));
                if self.cancel.is_cancelled() {
                    return;
                }
            }
            let batch = self.take(&mut carry);
            if batch.is_empty() {
                return;
            }
            let (req, parts, n) = self.build(&batch);
            let send = self.transport.send(req);
            let timeout = self.timer.sleep(self.opts.timeout_ms);
            let answer = match select(send, timeout).await {
                Either::Left((res, _)) => Some(res),
                Either::Right(_) => None,
            };
            let wait = self.settle(&parts, n, answer, &mut carry);
            self.report();
            if let Some(ms) = wait.filter(|_| !carry.is_empty()) {
                self.waiting.set(self.waiting.get() + 1);
                self.report();
                let sleep = self.timer.sleep(ms);
                let _ = select(sleep, self.cancel.cancelled()).await;
                self.waiting.set(self.waiting.get().saturating_sub(1));
                self.report();
            }
        }
    }

    /// Lets the browser paint when the runner has kept its thread for a slice.
    async fn yield_to_browser(&self) {
        let now = self.timer.now_ms();
        if now - self.last_yield.get() > self.opts.slice_ms {
            self.last_yield.set(now);
            self.timer.sleep(0).await;
            self.last_yield.set(self.timer.now_ms());
        }
    }

    fn report(&self) {
        (self.progress)(Progress {
            done: self.done.get(),
            total: self.work.len(),
            waiting: self.waiting.get() > 0,
        });
    }

    fn remaining(&self, slots: &[Slot], w: usize) -> usize {
        let next = slots.get(w).map_or(0, |s| s.next);
        self.work.get(w).map_or(0, |x| x.calls.len().saturating_sub(next))
    }

    /// The next batch: `carry` (a subset of the last batch, so it fits), then works from
    /// the queue while their remaining calls fit whole.
    fn take(&self, carry: &mut Vec<usize>) -> Vec<usize> {
        let slots = self.slots.borrow();
        let mut size = 0;
        let mut out = Vec::new();
        for w in carry.drain(..) {
            size += self.remaining(&slots, w);
            out.push(w);
        }
        let mut queue = self.queue.borrow_mut();
        while let Some(&w) = queue.front() {
            let r = self.remaining(&slots, w);
            if size + r > MAX_BATCH {
                break;
            }
            size += r;
            out.push(w);
            queue.pop_front();
        }
        out
    }

    /// The `POST /$batch` for `batch`, with where each work's calls are in it.
    fn build(&self, batch: &[usize]) -> (GraphRequest, Vec<Part>, usize) {
        let mut slots = self.slots.borrow_mut();
        let mut items = Vec::new();
        let mut parts = Vec::with_capacity(batch.len());
        for &w in batch {
            let (Some(slot), Some(work)) = (slots.get_mut(w), self.work.get(w)) else {
                continue;
            };
            slot.attempts += 1;
            let calls = work.calls.get(slot.next..).unwrap_or_default();
            parts.push(Part {
                work: w,
                first: slot.next,
                offset: items.len(),
                count: calls.len(),
            });
            for (j, call) in calls.iter().enumerate() {
                let id = items.len();
                let mut item = Map::new();
                item.insert("id".into(), json!(id.to_string()));
                item.insert("method".into(), json!(call.method.as_str()));
                item.insert("url".into(), json!(call.url));
                if let Some(body) = &call.body {
                    item.insert("headers".into(), json!({ "Content-Type": "application/json" }));
                    item.insert("body".into(), body.clone());
                }
                if j > 0 {
                    item.insert("dependsOn".into(), json!([(id - 1).to_string()]));
                }
                items.push(Value::Object(item));
            }
        }
        let n = items.len();
        self.sent.set(self.sent.get() + n);
        let req = GraphRequest {
            method: Method::Post,
            url: "/$batch".into(),
            headers: self.headers.to_vec(),
            body: Some(json!({ "requests": items })),
        };
        (req, parts, n)
    }

    /// Records what the answer says of every work in the batch; the works to send again
    /// go to `carry`, and the wait before that is returned (the largest asked).
    fn settle(&self, parts: &[Part], n: usize, answer: Option<GraphResponse>, carry: &mut Vec<usize>) -> Option<u64> {
        let mut slots = self.slots.borrow_mut();
        let mut wait: Option<u64> = None;
        let Some(res) = answer else {
            let e = GraphError::new(
                ErrorCode::ServiceUnavailable,
                format!(
                    "The tenant did not answer within {}, so the change may or may not have been applied: refresh and check.",
                    seconds(self.opts.timeout_ms)
                ),
            );
            for p in parts {
                if let Some(slot) = slots.get_mut(p.work) {
                    self.finish(slot, Outcome::Unknown(e.clone()));
                }
            }
            return None;
        };
        let status = res.status;
        if (200..300).contains(&status) {
            let body = res.into_json_body();
            let mut answers: Vec<Option<&Value>> = vec![None; n];
            if let Some(list) = body.get("responses").and_then(Value::as_array) {
                for item in list {
                    if let Some(a) = item_index(item).and_then(|i| answers.get_mut(i)) {
                        if a.is_none() {
                            *a = Some(item);
                        }
                    }
                }
            }
            for p in parts {
                if let Some(slot) = slots.get_mut(p.work) {
                    self.settle_work(slot, p, &answers, carry, &mut wait);
                }
            }
        } else if retryable(status) {
            let e = GraphError::from_body(status, &res.json_body());
            let asked = retry_after(
                res.headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("Retry-After"))
                    .map(|(_, v)| v.as_str()),
                self.opts.max_retry_after_ms,
            );
            for p in parts {
                if let Some(slot) = slots.get_mut(p.work) {
                    if self.retry(slot, p.work, e.clone(), carry, asked.is_some()) {
                        let ms = asked.unwrap_or_else(|| self.backoff(slot.attempts));
                        wait = Some(wait.map_or(ms, |w| w.max(ms)));
                    }
                }
            }
        } else if status == 401 && self.transport.ready().is_some() {
            // Refused for want of a sign-in, so nothing was applied: the same calls go
            // again once the admin has signed in, and that does not count as an attempt.
            for p in parts {
                if let Some(slot) = slots.get_mut(p.work) {
                    slot.attempts = slot.attempts.saturating_sub(1);
                    carry.push(p.work);
                }
            }
        } else {
            let e = GraphError::from_body(status, &res.json_body());
            for p in parts {
                if let Some(slot) = slots.get_mut(p.work) {
                    self.finish(slot, Outcome::Failed(e.clone()));
                }
            }
        }
        wait
    }

    /// One work's calls in a `$batch` answer, in order: the first that did not succeed
    /// decides (so a 424 after it never hides its error).
    fn settle_work(
        &self,
        slot: &mut Slot,
        p: &Part,
        answers: &[Option<&Value>],
        carry: &mut Vec<usize>,
        wait: &mut Option<u64>,
    ) {
        for j in 0..p.count {
            let answer = answers
                .get(p.offset + j)
                .copied()
                .flatten()
                .and_then(|item| item_status(item).map(|s| (s, item)));
            let Some((status, item)) = answer else {
                self.finish(
                    slot,
                    Outcome::Unknown(GraphError::new(
                        ErrorCode::ServiceUnavailable,
                        "The batch answer left this request out, so it may or may not have been applied: refresh and check.",
                    )),
                );
                return;
            };
            if (200..300).contains(&status) {
                slot.next = p.first + j + 1;
                continue;
            }
            let e = GraphError::from_body(status, item.get("body").unwrap_or(&Value::Null));
            if retryable(status) {
                let asked = retry_after_item(item, self.opts.max_retry_after_ms);
                if self.retry(slot, p.work, e, carry, asked.is_some()) {
                    let ms = asked.unwrap_or_else(|| self.backoff(slot.attempts));
                    *wait = Some(wait.map_or(ms, |w| w.max(ms)));
                }
            } else {
                self.finish(slot, Outcome::Failed(e));
            }
            return;
        }
        self.finish(slot, Outcome::Done);
    }

    /// Queues the work to be sent again, or fails it with `e` when its attempts ran out.
    /// `told`: the answer said when to come back (a `Retry-After`), so the send counts as a
    /// throttle, not an attempt.
    fn retry(&self, slot: &mut Slot, w: usize, e: GraphError, carry: &mut Vec<usize>, told: bool) -> bool {
        if told {
            slot.attempts = slot.attempts.saturating_sub(1);
            slot.throttled += 1;
        }
        if self.transport.gone() {
            self.finish(slot, Outcome::Failed(e));
            false
        } else if slot.attempts >= self.opts.max_attempts.max(1) || slot.throttled >= self.opts.max_throttled.max(1) {
            let message = format!(
                "The tenant was tried {} times and kept answering: {}",
                slot.attempts + slot.throttled,
                e.message
            );
            self.finish(slot, Outcome::Failed(GraphError { message, ..e }));
            false
        } else {
            carry.push(w);
            true
        }
    }

    fn finish(&self, slot: &mut Slot, outcome: Outcome) {
        if slot.outcome.is_none() {
            slot.outcome = Some(outcome);
            self.done.set(self.done.get() + 1);
        }
    }

    fn backoff(&self, attempt: u32) -> u64 {
        backoff(self.opts, self.timer, attempt)
    }
}

/// `min(max, base * 2^(attempt-1))` with full jitter, but at least half the base.
fn backoff(o: &Options, timer: &dyn Timer, attempt: u32) -> u64 {
    let cap = o
        .base_backoff_ms
        .saturating_mul(2u64.saturating_pow(attempt.saturating_sub(1)))
        .min(o.max_backoff_ms);
    let r = timer.random();
    let r = if r.is_finite() { r.clamp(0.0, 1.0) } else { 1.0 };
    ((cap as f64 * r) as u64).max(o.base_backoff_ms / 2)
}

/// Sends one read (a GET, or a `$batch` of GETs) and waits out throttling and outages as
/// [`run`] does for writes: a 429, 503 or other 5xx is sent again after its `Retry-After`
/// (up to `max_throttled` times), else after backoff (up to `max_attempts` sends); then the
/// last answer is returned. Safe
/// because a read changes nothing. Each try is bounded by the timeout.
pub async fn read(transport: &dyn Transport, timer: &dyn Timer, req: GraphRequest, opts: &Options) -> GraphResponse {
    let mut attempt = 1;
    let mut throttled = 0;
    let mut sign_ins = 0;
    loop {
        if let Some(signed_in) = transport.ready() {
            signed_in.await;
        }
        let sent = transport.send(req.clone());
        let res = match select(sent, timer.sleep(opts.timeout_ms)).await {
            Either::Left((res, _)) => res,
            Either::Right(_) => {
                let e = GraphError::new(
                    ErrorCode::ServiceUnavailable,
                    format!("The tenant did not answer within {}.", seconds(opts.timeout_ms)),
                );
                return GraphResponse::error(&e, &tenant::simulation::context(tenant::Timestamp(0)));
            }
        };
        if res.status == 401 && sign_ins < MAX_SIGN_INS && transport.ready().is_some() {
            // Refused for want of a sign-in: read again once the admin has signed in.
            sign_ins += 1;
            continue;
        }
        if !retryable(res.status) || transport.gone() {
            return res;
        }
        let asked = res
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Retry-After"))
            .and_then(|(_, v)| retry_after(Some(v), opts.max_retry_after_ms));
        // As for writes: throttles told when to come back count apart from attempts.
        let spent = if asked.is_some() { &mut throttled } else { &mut attempt };
        *spent += 1;
        if attempt > opts.max_attempts || throttled >= opts.max_throttled {
            return res;
        }
        timer
            .sleep(asked.unwrap_or_else(|| backoff(opts, timer, attempt.saturating_sub(1))))
            .await;
    }
}

/// How many times one read waits for the admin to sign in again before it gives up with
/// the 401 (a provider that keeps ending fresh sessions).
const MAX_SIGN_INS: u32 = 3;

/// 429, 503 and every 5xx: nothing was applied, so sending again is safe.
pub(crate) fn retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// The position an answer item's id names (ids are the requests' positions).
fn item_index(item: &Value) -> Option<usize> {
    let id = item.get("id")?;
    match id {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

fn item_status(item: &Value) -> Option<u16> {
    item.get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
}

/// An item's own `Retry-After`, from its `headers` object (any case, string or number).
pub(crate) fn retry_after_item(item: &Value, cap: u64) -> Option<u64> {
    let (_, v) = item
        .get("headers")
        .and_then(Value::as_object)?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Retry-After"))?;
    match v {
        Value::String(s) => retry_after(Some(s), cap),
        Value::Number(n) => retry_after(Some(&n.to_string()), cap),
        _ => None,
    }
}

/// `Retry-After` in seconds (Graph sends decimals, `2.128`), as milliseconds capped at
/// `cap`; an HTTP date is ignored (backoff then). Read with integers: parsing a float would
/// bring the float parser (about 4 KB) into the app.
fn retry_after(v: Option<&str>, cap: u64) -> Option<u64> {
    let v = v?.trim();
    let (whole, fraction) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let secs: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    // Milliseconds from the first three decimals, rounding any further ones up.
    let mut ms: u64 = 0;
    for (i, b) in fraction.bytes().enumerate() {
        let d = u64::from(b - b'0');
        match i {
            0..=2 => ms += d * [100, 10, 1][i],
            _ if d > 0 => {
                ms += 1;
                break;
            }
            _ => {}
        }
    }
    Some(secs.saturating_mul(1000).saturating_add(ms).min(cap))
}

/// `30 seconds`, `1 second`, `2.5 seconds`. Written with integers: printing a float would
/// bring the float formatting code (about 11 KB) into the app.
fn seconds(ms: u64) -> String {
    let (whole, tenths) = (ms / 1000, (ms % 1000) / 100);
    match (whole, tenths) {
        (1, 0) => "1 second".to_owned(),
        (w, 0) => format!("{w} seconds"),
        (w, t) => format!("{w}.{t} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::rc::Rc;

    use futures::executor::block_on;
    use tenant::rest::Body;

    use super::super::transport::LocalFuture;
    use super::*;

    /// Answers GETs from a script of statuses (with `Retry-After: 2`), counting the sends.
    struct Reads(RefCell<VecDeque<u16>>, Cell<usize>);

    impl Transport for Reads {
        fn send(&self, _req: GraphRequest) -> LocalFuture<GraphResponse> {
            self.1.set(self.1.get() + 1);
            let status = self.0.borrow_mut().pop_front().unwrap_or(200);
            Box::pin(std::future::ready(GraphResponse {
                status,
                headers: vec![("Retry-After".into(), "2".into())],
                body: Body::Empty,
            }))
        }
    }

    #[test]
    fn a_throttled_read_is_sent_again_after_retry_after_and_gives_up_in_the_end() {
        let get = || GraphRequest::new(Method::Get, "/users");
        let opts = Options::default();
        let t = Reads(RefCell::new(VecDeque::from([429, 503])), Cell::new(0));
        let timer = VirtualTimer::new(0.5);
        let res = block_on(read(&t, &timer, get(), &opts));
        assert_eq!(res.status, 200);
        assert_eq!(t.1.get(), 3);
        assert_eq!(timer.waits(), vec![2_000, 2_000]);
        let always = Reads(RefCell::new(VecDeque::from(vec![429; 100])), Cell::new(0));
        let res = block_on(read(&always, &VirtualTimer::new(0.5), get(), &opts));
        assert_eq!(res.status, 429, "the last answer, after max_throttled");
        assert_eq!(always.1.get(), opts.max_throttled as usize);
        let refused = Reads(RefCell::new(VecDeque::from([404])), Cell::new(0));
        assert_eq!(
            block_on(read(&refused, &VirtualTimer::new(0.5), get(), &opts)).status,
            404
        );
        assert_eq!(refused.1.get(), 1, "a 4xx is not sent again");
    }

    /// Answers 503 to everything and says it is gone (a stopped worker).
    struct Gone(Cell<usize>);

    impl Transport for Gone {
        fn send(&self, _req: GraphRequest) -> LocalFuture<GraphResponse> {
            self.0.set(self.0.get() + 1);
            let e = GraphError::new(ErrorCode::ServiceUnavailable, "The simulated tenant did not answer.");
            Box::pin(std::future::ready(GraphResponse::error(
                &e,
                &tenant::simulation::context(tenant::Timestamp(0)),
            )))
        }

        fn gone(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_tenant_that_is_gone_is_not_asked_again() {
        let t = Gone(Cell::new(0));
        let timer = VirtualTimer::new(0.5);
        let res = block_on(read(
            &t,
            &timer,
            GraphRequest::new(Method::Get, "/users"),
            &Options::default(),
        ));
        assert_eq!(res.status, 503);
        assert_eq!(t.0.get(), 1, "one read, no retry");
        assert!(timer.waits().is_empty(), "no backoff");

        let t = Gone(Cell::new(0));
        let timer = VirtualTimer::new(0.5);
        let work: Vec<Work> = (0..30).map(assign).collect();
        let r = block_on(run(
            &t,
            &timer,
            &[],
            work,
            &Options::default(),
            &Cancel::default(),
            &|_| {},
        ));
        assert_eq!(t.0.get(), 2, "each batch sent once");
        assert!(timer.waits().is_empty(), "no backoff");
        assert!((0..30).all(|i| matches!(r.outcome(key(i)), Some(Outcome::Failed(_)))));
    }

    #[test]
    fn retry_after_is_read_in_seconds_with_decimals() {
        assert_eq!(retry_after(Some("7"), 300_000), Some(7_000));
        assert_eq!(retry_after(Some(" 2.128 "), 300_000), Some(2_128));
        assert_eq!(retry_after(Some("0.0001"), 300_000), Some(1), "rounded up, never zero");
        assert_eq!(retry_after(Some("99999999999999999999"), 300_000), None);
        assert_eq!(retry_after(Some("86400"), 300_000), Some(300_000), "capped");
        for bad in ["", ".", "-1", "1e3", "Wed, 21 Oct 2026 07:28:00 GMT", "1.2.3"] {
            assert_eq!(retry_after(Some(bad), 300_000), None, "{bad:?}");
        }
        let item = json!({ "headers": { "retry-after": 3 } });
        assert_eq!(retry_after_item(&item, 300_000), Some(3_000));
    }

    #[test]
    fn seconds_are_written_without_floats() {
        assert_eq!(seconds(30_000), "30 seconds");
        assert_eq!(seconds(1_000), "1 second");
        assert_eq!(seconds(2_500), "2.5 seconds");
    }

    // What the tests read of a report.
    impl Report {
        fn failed_keys(&self) -> Vec<Uuid> {
            self.outcomes
                .iter()
                .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
                .map(|(k, _)| *k)
                .collect()
        }

        fn succeeded(&self) -> usize {
            self.outcomes.iter().filter(|(_, o)| *o == Outcome::Done).count()
        }
    }

    /// Pending `n` times (waking itself each time), then ready: real interleaving.
    struct Yield(u32);

    impl Future for Yield {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// A clock that moves only when a sleep completes. Sleeps resolve at once in real time
    /// but after two polls, so an answer (one poll) always beats its timeout and only a
    /// hung send loses to it; a sleep dropped before it completes is not recorded.
    #[derive(Clone, Default)]
    struct VirtualTimer(Rc<VState>);

    /// Called with every sleep asked for, as it is asked.
    type SleepHook = Box<dyn Fn(u64)>;

    #[derive(Default)]
    struct VState {
        now: Cell<f64>,
        waits: RefCell<Vec<u64>>,
        random: Cell<f64>,
        on_sleep: RefCell<Option<SleepHook>>,
    }

    impl VirtualTimer {
        fn new(random: f64) -> Self {
            let t = VirtualTimer::default();
            t.0.random.set(random);
            t
        }
        /// Completed waits that are neither yields (0) nor the timeout.
        fn waits(&self) -> Vec<u64> {
            let timeout = Options::default().timeout_ms;
            self.0
                .waits
                .borrow()
                .iter()
                .copied()
                .filter(|&w| w != 0 && w != timeout)
                .collect()
        }
        fn all_waits(&self) -> Vec<u64> {
            self.0.waits.borrow().clone()
        }
        fn advance(&self, ms: f64) {
            self.0.now.set(self.0.now.get() + ms);
        }
    }

    impl Timer for VirtualTimer {
        fn sleep(&self, ms: u64) -> LocalFuture<()> {
            if let Some(f) = &*self.0.on_sleep.borrow() {
                f(ms);
            }
            let s = self.0.clone();
            Box::pin(async move {
                Yield(2).await;
                s.now.set(s.now.get() + ms as f64);
                s.waits.borrow_mut().push(ms);
            })
        }
        fn now_ms(&self) -> f64 {
            self.0.now.get()
        }
        fn random(&self) -> f64 {
            self.0.random.get()
        }
    }

    /// One inner item's answer: status, headers object, body; `None` leaves it out.
    type ItemReply = Option<(u16, Value, Value)>;

    enum Reply {
        Items(Vec<ItemReply>),
        Whole(u16, Vec<(String, String)>, Value),
        Body(u16, Body),
        Hang,
    }

    type Script = Box<dyn FnMut(usize, &[Value]) -> Reply>;

    /// A tenant that answers each `POST /$batch` as its script says and records what it got.
    #[derive(Clone)]
    struct Scripted(Rc<SState>);

    struct SState {
        script: RefCell<Script>,
        /// Every inner request, with the number of the outer send it came in.
        inner: RefCell<Vec<(usize, Value)>>,
        outer_headers: RefCell<Vec<Vec<(String, String)>>>,
        /// Inner requests answered 2xx, by (method, url): the tenant applied them.
        applied: RefCell<HashMap<(String, String), usize>>,
        sends: Cell<usize>,
        in_flight: Cell<usize>,
        max_in_flight: Cell<usize>,
        /// Virtual time each send takes (an in-process tenant's work).
        cost: Option<(VirtualTimer, f64)>,
        /// The admin's session ended: `ready()` waits until they sign in again.
        ended: Rc<Cell<bool>>,
        /// Whether signing in again ever happens (else `ready()` waits for ever).
        signs_in_again: Cell<bool>,
        sign_ins: Cell<usize>,
    }

    struct InFlight(Rc<SState>);

    impl InFlight {
        fn new(s: &Rc<SState>) -> Self {
            s.in_flight.set(s.in_flight.get() + 1);
            s.max_in_flight.set(s.max_in_flight.get().max(s.in_flight.get()));
            InFlight(s.clone())
        }
    }

    impl Drop for InFlight {
        fn drop(&mut self) {
            self.0.in_flight.set(self.0.in_flight.get() - 1);
        }
    }

    impl Scripted {
        fn new(script: impl FnMut(usize, &[Value]) -> Reply + 'static) -> Self {
            Self::with_cost(script, None)
        }

        fn with_cost(
            script: impl FnMut(usize, &[Value]) -> Reply + 'static,
            cost: Option<(VirtualTimer, f64)>,
        ) -> Self {
            Scripted(Rc::new(SState {
                script: RefCell::new(Box::new(script)),
                inner: RefCell::default(),
                outer_headers: RefCell::default(),
                applied: RefCell::default(),
                sends: Cell::new(0),
                in_flight: Cell::new(0),
                max_in_flight: Cell::new(0),
                cost,
                ended: Rc::default(),
                signs_in_again: Cell::new(true),
                sign_ins: Cell::new(0),
            }))
        }

        /// Answers every item as `f` says.
        fn items(mut f: impl FnMut(usize, &Value) -> ItemReply + 'static) -> Self {
            Self::new(move |n, items| Reply::Items(items.iter().map(|i| f(n, i)).collect()))
        }

        fn sends(&self) -> usize {
            self.0.sends.get()
        }

        fn inner(&self) -> Vec<(usize, Value)> {
            self.0.inner.borrow().clone()
        }

        /// How many times a request to `url` was sent.
        fn sent_to(&self, method: &str, url: &str) -> usize {
            self.0
                .inner
                .borrow()
                .iter()
                .filter(|(_, v)| v["method"] == method && v["url"] == url)
                .count()
        }

        /// Batch sizes, by outer send.
        fn batch_sizes(&self) -> Vec<usize> {
            let mut sizes = vec![0; self.sends()];
            for (n, _) in self.0.inner.borrow().iter() {
                sizes[*n] += 1;
            }
            sizes
        }

        /// No call was applied twice.
        fn assert_applied_once(&self) {
            for (k, n) in self.0.applied.borrow().iter() {
                assert!(*n <= 1, "{k:?} applied {n} times");
            }
        }
    }

    impl Transport for Scripted {
        fn ready(&self) -> Option<LocalFuture<()>> {
            if !self.0.ended.get() {
                return None;
            }
            let s = self.0.clone();
            Some(Box::pin(async move {
                Yield(3).await;
                if !s.signs_in_again.get() {
                    std::future::pending::<()>().await;
                }
                // One sign-in answers every waiter.
                if s.ended.replace(false) {
                    s.sign_ins.set(s.sign_ins.get() + 1);
                }
            }))
        }

        fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse> {
            let s = self.0.clone();
            assert_eq!(req.method, Method::Post);
            assert_eq!(req.url, "/$batch");
            let n = s.sends.get();
            s.sends.set(n + 1);
            if let Some((t, ms)) = &s.cost {
                t.advance(*ms);
            }
            s.outer_headers.borrow_mut().push(req.headers.clone());
            let items = req
                .body
                .as_ref()
                .and_then(|b| b.get("requests"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            assert!(items.len() <= MAX_BATCH, "a batch of {}", items.len());
            s.inner.borrow_mut().extend(items.iter().map(|i| (n, i.clone())));
            let reply = (s.script.borrow_mut())(n, &items);
            let res = match reply {
                Reply::Hang => {
                    let guard = InFlight::new(&s);
                    return Box::pin(async move {
                        let _guard = guard;
                        std::future::pending::<GraphResponse>().await
                    });
                }
                Reply::Whole(status, headers, body) => GraphResponse {
                    status,
                    headers,
                    body: Body::Json(body),
                },
                Reply::Body(status, body) => GraphResponse {
                    status,
                    headers: Vec::new(),
                    body,
                },
                Reply::Items(replies) => {
                    let mut responses = Vec::new();
                    for (item, r) in items.iter().zip(replies) {
                        let Some((status, headers, body)) = r else { continue };
                        if (200..300).contains(&status) {
                            let k = (
                                item["method"].as_str().unwrap_or_default().to_owned(),
                                item["url"].as_str().unwrap_or_default().to_owned(),
                            );
                            *s.applied.borrow_mut().entry(k).or_default() += 1;
                        }
                        responses.push(json!({ "id": item["id"], "status": status, "headers": headers, "body": body }));
                    }
                    GraphResponse {
                        status: 200,
                        headers: Vec::new(),
                        body: Body::Json(json!({ "responses": responses })),
                    }
                }
            };
            let guard = InFlight::new(&s);
            Box::pin(async move {
                let _guard = guard;
                Yield(1).await;
                res
            })
        }
    }

    fn key(i: usize) -> Uuid {
        Uuid::from_u128(i as u128 + 1)
    }

    fn assign_url(i: usize) -> String {
        format!("/users/{}/assignLicense", key(i))
    }

    fn patch_url(i: usize) -> String {
        format!("/users/{}", key(i))
    }

    /// A user's `assignLicense`.
    fn assign(i: usize) -> Work {
        Work {
            key: key(i),
            calls: vec![Call {
                method: Method::Post,
                url: assign_url(i),
                body: Some(json!({ "addLicenses": [], "removeLicenses": [] })),
            }],
        }
    }

    /// A user's usage location, then `assignLicense`.
    fn patch_assign(i: usize) -> Work {
        let mut w = assign(i);
        w.calls.insert(
            0,
            Call {
                method: Method::Patch,
                url: patch_url(i),
                body: Some(json!({ "usageLocation": "DK" })),
            },
        );
        w
    }

    fn ok() -> ItemReply {
        Some((200, json!({}), json!({})))
    }

    fn error_body(code: ErrorCode, message: &str) -> Value {
        GraphError::new(code, message).to_body("2026-01-01T00:00:00Z", "req")
    }

    fn throttled(retry_after: Option<&str>) -> ItemReply {
        let headers = match retry_after {
            Some(s) => json!({ "Retry-After": s }),
            None => json!({}),
        };
        Some((
            429,
            headers,
            error_body(ErrorCode::TooManyRequests, "Too many requests."),
        ))
    }

    fn unavailable() -> ItemReply {
        Some((
            503,
            json!({}),
            error_body(ErrorCode::ServiceUnavailable, "Service unavailable."),
        ))
    }

    fn failed_dependency() -> ItemReply {
        let mut b = error_body(
            ErrorCode::BadRequest,
            "The request failed because a request it depends on failed.",
        );
        b["error"]["code"] = json!("FailedDependency");
        Some((424, json!({}), b))
    }

    fn is_patch(item: &Value) -> bool {
        item["method"] == "PATCH"
    }

    fn item_url(item: &Value) -> String {
        item["url"].as_str().unwrap_or_default().to_owned()
    }

    struct Run {
        report: Report,
        progress: Vec<Progress>,
    }

    fn go_with(
        t: &Scripted,
        timer: &VirtualTimer,
        work: Vec<Work>,
        opts: &Options,
        cancel: &Cancel,
        hook: impl Fn(Progress),
    ) -> Run {
        let seen = RefCell::new(Vec::new());
        let headers = [("Authorization".to_owned(), "Bearer dev:admin@contoso.com".to_owned())];
        let report = block_on(run(t, timer, &headers, work, opts, cancel, &|p| {
            seen.borrow_mut().push(p);
            hook(p);
        }));
        let progress = seen.into_inner();
        assert_progress(&progress, report.outcomes.len());
        t.assert_applied_once();
        Run { report, progress }
    }

    fn go(t: &Scripted, timer: &VirtualTimer, work: Vec<Work>) -> Run {
        go_with(t, timer, work, &Options::default(), &Cancel::default(), |_| {})
    }

    /// Progress never goes back and ends at the total.
    fn assert_progress(progress: &[Progress], total: usize) {
        assert!(progress.windows(2).all(|w| w[0].done <= w[1].done), "{progress:?}");
        assert!(progress.iter().all(|p| p.total == total && p.done <= total));
        let last = progress.last().expect("progress was reported");
        assert_eq!((last.done, last.total, last.waiting), (total, total, false));
    }

    fn all_done(r: &Report) -> bool {
        r.outcomes.iter().all(|(_, o)| *o == Outcome::Done)
    }

    fn failed(r: &Report, i: usize) -> GraphError {
        match r.outcome(key(i)) {
            Some(Outcome::Failed(e)) => e.clone(),
            o => panic!("work {i}: {o:?}"),
        }
    }

    fn unknown(r: &Report, i: usize) -> GraphError {
        match r.outcome(key(i)) {
            Some(Outcome::Unknown(e)) => e.clone(),
            o => panic!("work {i}: {o:?}"),
        }
    }

    #[test]
    fn all_succeed_across_three_batches() {
        let t = Scripted::items(|_, _| ok());
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, (0..50).map(assign).collect()).report;
        assert!(all_done(&r));
        assert_eq!(
            r.outcomes.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            (0..50).map(key).collect::<Vec<_>>()
        );
        assert_eq!(r.succeeded(), 50);
        assert_eq!(r.requests_sent, 50);
        let mut sizes = t.batch_sizes();
        sizes.sort_unstable();
        assert_eq!(sizes, vec![10, 20, 20]);
        // Each outer request carries the caller's Authorization; each item its body and
        // Content-Type, and ids are unique within a batch.
        for h in t.0.outer_headers.borrow().iter() {
            assert!(h
                .iter()
                .any(|(k, v)| k == "Authorization" && v == "Bearer dev:admin@contoso.com"));
        }
        for n in 0..t.sends() {
            let ids: Vec<String> = t
                .inner()
                .iter()
                .filter(|(m, _)| *m == n)
                .map(|(_, i)| i["id"].as_str().unwrap_or_default().to_owned())
                .collect();
            let mut unique = ids.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), ids.len());
        }
        for (_, i) in t.inner() {
            assert_eq!(i["headers"], json!({ "Content-Type": "application/json" }));
            assert_eq!(i["body"], json!({ "addLicenses": [], "removeLicenses": [] }));
            assert!(i.get("dependsOn").is_none());
        }
        assert!(timer.waits().is_empty());
    }

    #[test]
    fn two_call_works_are_never_split() {
        // 19 one-call works leave room for 1: the next two-call work goes to the next batch.
        let work: Vec<Work> = (0..19).map(assign).chain((19..40).map(patch_assign)).collect();
        let t = Scripted::items(|_, _| ok());
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            work,
            &Options {
                max_in_flight: 1,
                ..Options::default()
            },
            &Cancel::default(),
            |_| {},
        )
        .report;
        assert!(all_done(&r));
        assert_eq!(t.batch_sizes(), vec![19, 20, 20, 2]);
        let inner = t.inner();
        for i in 19..40 {
            let patch = inner
                .iter()
                .find(|(_, v)| v["url"] == patch_url(i))
                .expect("patch sent");
            let post = inner
                .iter()
                .find(|(_, v)| v["url"] == assign_url(i))
                .expect("assign sent");
            assert_eq!(patch.0, post.0, "work {i} split across batches");
            assert_eq!(post.1["dependsOn"], json!([patch.1["id"]]));
            assert!(patch.1.get("dependsOn").is_none());
        }
        // A call without a body has no Content-Type.
        let t = Scripted::items(|_, _| ok());
        let w = Work {
            key: key(0),
            calls: vec![Call {
                method: Method::Post,
                url: "/groups/g/reprocessLicenseAssignment".into(),
                body: None,
            }],
        };
        assert!(all_done(&go(&t, &VirtualTimer::new(0.5), vec![w]).report));
        let sent = &t.inner()[0].1;
        assert!(sent.get("headers").is_none() && sent.get("body").is_none());
    }

    #[test]
    fn item_retry_after_is_waited_then_sent_again() {
        let t = Scripted::items(|n, item| {
            if n == 0 && item_url(item) == assign_url(3) {
                throttled(Some("7"))
            } else {
                ok()
            }
        });
        let timer = VirtualTimer::new(0.5);
        let run = go(&t, &timer, (0..10).map(assign).collect());
        assert!(all_done(&run.report));
        assert_eq!(timer.waits(), vec![7000]);
        assert_eq!(t.sends(), 2);
        assert_eq!(t.sent_to("POST", &assign_url(3)), 2);
        assert_eq!(t.sent_to("POST", &assign_url(4)), 1);
        assert_eq!(run.report.requests_sent, 11);
        assert!(run.progress.iter().any(|p| p.waiting));
    }

    #[test]
    fn the_largest_retry_after_of_a_batch_is_waited_once() {
        let t = Scripted::items(|n, item| match (n, item_url(item)) {
            (0, u) if u == assign_url(0) => throttled(Some("2")),
            (0, u) if u == assign_url(1) => throttled(Some("5")),
            _ => ok(),
        });
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, (0..4).map(assign).collect()).report;
        assert!(all_done(&r));
        assert_eq!(timer.waits(), vec![5000]);
        assert_eq!(t.batch_sizes(), vec![4, 2]);
    }

    #[test]
    fn backoff_without_retry_after_grows_and_is_capped() {
        // Five 503s, then success: 500 * 2^(a-1), capped at 4000, times the jitter 0.5, at
        // least 250.
        let t = Scripted::items(|n, _| if n < 5 { unavailable() } else { ok() });
        let timer = VirtualTimer::new(0.5);
        let opts = Options {
            max_attempts: 8,
            max_backoff_ms: 4000,
            ..Options::default()
        };
        let r = go_with(&t, &timer, vec![assign(0)], &opts, &Cancel::default(), |_| {}).report;
        assert!(all_done(&r));
        assert_eq!(timer.waits(), vec![250, 500, 1000, 2000, 2000]);
        // No jitter drawn still waits half the base.
        let t = Scripted::items(|n, _| if n < 2 { unavailable() } else { ok() });
        let timer = VirtualTimer::new(0.0);
        assert!(all_done(&go(&t, &timer, vec![assign(0)]).report));
        assert_eq!(timer.waits(), vec![250, 250]);
    }

    #[test]
    fn retries_run_out_with_the_last_error() {
        let t = Scripted::items(|_, _| unavailable());
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, vec![assign(0)]).report;
        let e = failed(&r, 0);
        assert_eq!(e.code, ErrorCode::ServiceUnavailable);
        assert!(e.message.contains("tried 6 times"), "{}", e.message);
        assert!(e.message.contains("Service unavailable."), "{}", e.message);
        assert_eq!(t.sends(), 6);
        assert_eq!(timer.waits().len(), 5);
        assert_eq!(r.failed_keys(), vec![key(0)]);
    }

    #[test]
    fn whole_batch_429_is_sent_again_whole_after_retry_after() {
        let t = Scripted::new(|n, items| {
            if n == 0 {
                Reply::Whole(
                    429,
                    vec![("retry-after".into(), "3".into())],
                    error_body(ErrorCode::TooManyRequests, "Slow down."),
                )
            } else {
                Reply::Items(items.iter().map(|_| ok()).collect())
            }
        });
        let timer = VirtualTimer::new(0.5);
        let work: Vec<Work> = (0..5).map(patch_assign).collect();
        let r = go(&t, &timer, work).report;
        assert!(all_done(&r), "{:?}", r.outcomes);
        assert_eq!(timer.waits(), vec![3000]);
        assert_eq!(t.batch_sizes(), vec![10, 10]);
        assert_eq!(r.requests_sent, 20);
    }

    #[test]
    fn a_huge_retry_after_is_capped() {
        let t = Scripted::new(|n, items| {
            if n == 0 {
                Reply::Whole(
                    429,
                    vec![("Retry-After".into(), "100000".into())],
                    error_body(ErrorCode::TooManyRequests, "Slow down."),
                )
            } else {
                Reply::Items(items.iter().map(|_| ok()).collect())
            }
        });
        let timer = VirtualTimer::new(0.5);
        assert!(all_done(&go(&t, &timer, vec![assign(0)]).report));
        assert_eq!(timer.waits(), vec![300_000]);
    }

    #[test]
    fn whole_batch_503_and_5xx_back_off_then_succeed_or_run_out() {
        let t = Scripted::new(|n, items| match n {
            0 => Reply::Whole(
                503,
                Vec::new(),
                error_body(
                    ErrorCode::ServiceUnavailable,
                    "The tenant could not be reached: offline",
                ),
            ),
            1 => Reply::Body(502, Body::Text("Bad gateway".into())),
            _ => Reply::Items(items.iter().map(|_| ok()).collect()),
        });
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, (0..3).map(assign).collect()).report;
        assert!(all_done(&r));
        assert_eq!(timer.waits(), vec![250, 500]);
        assert_eq!(t.sends(), 3);

        let t = Scripted::new(|_, _| Reply::Whole(500, Vec::new(), json!({})));
        let opts = Options {
            max_attempts: 3,
            ..Options::default()
        };
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            (0..3).map(assign).collect(),
            &opts,
            &Cancel::default(),
            |_| {},
        )
        .report;
        for i in 0..3 {
            assert!(failed(&r, i).message.contains("tried 3 times"));
        }
        assert_eq!(t.sends(), 3);
    }

    #[test]
    fn whole_batch_400_fails_every_work() {
        let t = Scripted::new(|_, _| {
            Reply::Whole(
                400,
                Vec::new(),
                error_body(ErrorCode::BadRequest, "Invalid batch payload."),
            )
        });
        let r = go(&t, &VirtualTimer::new(0.5), (0..25).map(assign).collect()).report;
        for i in 0..25 {
            let e = failed(&r, i);
            assert_eq!(
                (e.code, e.message.as_str()),
                (ErrorCode::BadRequest, "Invalid batch payload.")
            );
        }
        assert_eq!(r.failed_keys().len(), 25);
        assert_eq!(t.sends(), 2);
    }

    #[test]
    fn an_item_left_out_is_unknown_and_not_sent_again() {
        let t = Scripted::items(|_, item| if item_url(item) == assign_url(2) { None } else { ok() });
        let r = go(&t, &VirtualTimer::new(0.5), (0..5).map(assign).collect()).report;
        let e = unknown(&r, 2);
        assert!(e.message.contains("left this request out"), "{}", e.message);
        assert_eq!(r.succeeded(), 4);
        assert_eq!(t.sends(), 1);
        assert_eq!(t.sent_to("POST", &assign_url(2)), 1);
        assert!(r.failed_keys().is_empty());
    }

    #[test]
    fn a_malformed_answer_is_unknown_and_not_sent_again() {
        for bad in [
            Body::Text("<html>Gateway</html>".into()),
            Body::Json(json!({ "responses": "none" })),
            Body::Json(json!([1, 2])),
            Body::Empty,
            Body::Json(
                json!({ "responses": [{ "id": "0", "status": "200" }, { "id": 1, "status": 99999 }, { "status": 200 }, 7] }),
            ),
        ] {
            let t = Scripted::new(move |_, _| Reply::Body(200, bad.clone()));
            let r = go(&t, &VirtualTimer::new(0.5), (0..3).map(assign).collect()).report;
            for i in 0..3 {
                assert!(unknown(&r, i).message.contains("left this request out"));
            }
            assert_eq!(t.sends(), 1);
        }
        // Ids as numbers are understood.
        let t =
            Scripted::new(|_, _| Reply::Body(200, Body::Json(json!({ "responses": [{ "id": 0, "status": 204 }] }))));
        assert!(all_done(&go(&t, &VirtualTimer::new(0.5), vec![assign(0)]).report));
    }

    #[test]
    fn a_hung_batch_is_unknown_after_the_timeout_and_sent_once() {
        // 25 works: the first batch hangs, the second is answered.
        let t = Scripted::new(|n, items| {
            if n == 0 {
                Reply::Hang
            } else {
                Reply::Items(items.iter().map(|_| ok()).collect())
            }
        });
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, (0..25).map(assign).collect()).report;
        for i in 0..20 {
            let e = unknown(&r, i);
            assert_eq!(e.code, ErrorCode::ServiceUnavailable);
            assert!(e.message.contains("did not answer within 30 seconds"), "{}", e.message);
            assert!(e.message.contains("may or may not have been applied"), "{}", e.message);
        }
        assert_eq!(r.succeeded(), 5);
        assert_eq!(t.sends(), 2);
        assert_eq!(t.sent_to("POST", &assign_url(0)), 1);
        assert!(timer.all_waits().contains(&30_000));
        assert_eq!(t.0.in_flight.get(), 0, "the hung send was dropped");
    }

    #[test]
    fn cancel_after_the_first_batch_sends_nothing_more() {
        let t = Scripted::items(|_, _| ok());
        let cancel = Cancel::default();
        let c = cancel.clone();
        let opts = Options {
            max_in_flight: 2,
            ..Options::default()
        };
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            (0..100).map(assign).collect(),
            &opts,
            &cancel,
            move |p| {
                if p.done > 0 {
                    c.cancel();
                }
            },
        )
        .report;
        // Two batches were in flight when the first answer came: both keep their outcome.
        assert_eq!(t.sends(), 2);
        assert!(cancel.is_cancelled());
        for (i, (_, o)) in r.outcomes.iter().enumerate() {
            assert_eq!(*o, if i < 40 { Outcome::Done } else { Outcome::NotSent }, "work {i}");
        }
        assert!(r.failed_keys().is_empty());

        // Cancelled before the start: nothing is sent.
        let t = Scripted::items(|_, _| ok());
        let cancel = Cancel::default();
        cancel.cancel();
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            (0..3).map(assign).collect(),
            &Options::default(),
            &cancel,
            |_| {},
        )
        .report;
        assert_eq!(t.sends(), 0);
        assert!(r.outcomes.iter().all(|(_, o)| *o == Outcome::NotSent));
    }

    #[test]
    fn cancel_during_a_retry_after_wait_cuts_it_short() {
        let t = Scripted::items(|_, item| {
            if item_url(item) == assign_url(0) {
                throttled(Some("7"))
            } else {
                ok()
            }
        });
        let timer = VirtualTimer::new(0.5);
        let cancel = Cancel::default();
        let c = cancel.clone();
        *timer.0.on_sleep.borrow_mut() = Some(Box::new(move |ms| {
            if ms == 7000 {
                c.cancel();
            }
        }));
        let opts = Options {
            max_in_flight: 1,
            ..Options::default()
        };
        let run = go_with(&t, &timer, (0..30).map(assign).collect(), &opts, &cancel, |_| {});
        let r = run.report;
        assert_eq!(t.sends(), 1);
        assert_eq!(timer.waits(), Vec::<u64>::new(), "the 7 s wait did not run out");
        assert_eq!(r.outcome(key(0)), Some(&Outcome::NotSent));
        assert!((1..20).all(|i| r.outcome(key(i)) == Some(&Outcome::Done)));
        assert!((20..30).all(|i| r.outcome(key(i)) == Some(&Outcome::NotSent)));
        assert!(run.progress.iter().any(|p| p.waiting));
    }

    #[test]
    fn patch_ok_then_assign_429_resends_only_the_assign() {
        let t = Scripted::items(|n, item| {
            if n == 0 && !is_patch(item) {
                throttled(Some("1"))
            } else {
                ok()
            }
        });
        let r = go(&t, &VirtualTimer::new(0.5), (0..3).map(patch_assign).collect()).report;
        assert!(all_done(&r));
        for i in 0..3 {
            assert_eq!(t.sent_to("PATCH", &patch_url(i)), 1);
            assert_eq!(t.sent_to("POST", &assign_url(i)), 2);
        }
        // The resent assign depends on nothing: its PATCH is done.
        for (_, v) in t.inner().iter().filter(|(n, _)| *n == 1) {
            assert!(v.get("dependsOn").is_none());
        }
        assert_eq!(t.batch_sizes(), vec![6, 3]);
    }

    #[test]
    fn patch_400_then_assign_424_fails_with_the_patch_error() {
        let t = Scripted::items(|_, item| {
            if is_patch(item) {
                Some((
                    400,
                    json!({}),
                    error_body(
                        ErrorCode::BadRequest,
                        "Invalid value specified for property 'usageLocation'.",
                    ),
                ))
            } else {
                failed_dependency()
            }
        });
        let r = go(&t, &VirtualTimer::new(0.5), vec![patch_assign(0), assign(1)]).report;
        let e = failed(&r, 0);
        assert_eq!(e.message, "Invalid value specified for property 'usageLocation'.");
        assert_eq!(e.code, ErrorCode::BadRequest);
        // A 424 with nothing before it that failed is an error of its own.
        assert!(failed(&r, 1).message.contains("depends on failed"));
        assert_eq!(t.sends(), 1);
    }

    #[test]
    fn patch_429_then_assign_424_retries_both() {
        let t = Scripted::items(|n, item| match (n, is_patch(item)) {
            (0, true) => throttled(Some("2")),
            (0, false) => failed_dependency(),
            _ => ok(),
        });
        let timer = VirtualTimer::new(0.5);
        let r = go(&t, &timer, (0..2).map(patch_assign).collect()).report;
        assert!(all_done(&r));
        assert_eq!(timer.waits(), vec![2000]);
        for i in 0..2 {
            assert_eq!(t.sent_to("PATCH", &patch_url(i)), 2);
            assert_eq!(t.sent_to("POST", &assign_url(i)), 2);
        }
        let resent: Vec<Value> = t.inner().into_iter().filter(|(n, _)| *n == 1).map(|(_, v)| v).collect();
        assert_eq!(resent.len(), 4);
        assert_eq!(resent[1]["dependsOn"], json!([resent[0]["id"]]));

        // The same when the PATCH's throttling never ends: the PATCH's error, not the 424's.
        let t = Scripted::items(|_, item| {
            if is_patch(item) {
                throttled(None)
            } else {
                failed_dependency()
            }
        });
        let opts = Options {
            max_attempts: 2,
            ..Options::default()
        };
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            vec![patch_assign(0)],
            &opts,
            &Cancel::default(),
            |_| {},
        )
        .report;
        let e = failed(&r, 0);
        assert_eq!(e.code, ErrorCode::TooManyRequests);
        assert!(e.message.contains("tried 2 times") && e.message.contains("Too many requests."));
    }

    #[test]
    fn in_flight_never_above_the_limit() {
        let t = Scripted::items(|_, _| ok());
        let r = go(&t, &VirtualTimer::new(0.5), (0..200).map(assign).collect()).report;
        assert!(all_done(&r));
        assert_eq!(t.sends(), 10);
        assert_eq!(t.0.max_in_flight.get(), 4);

        let t = Scripted::items(|n, _| if n % 3 == 0 { throttled(Some("1")) } else { ok() });
        let opts = Options {
            max_in_flight: 3,
            ..Options::default()
        };
        let r = go_with(
            &t,
            &VirtualTimer::new(0.5),
            (0..200).map(patch_assign).collect(),
            &opts,
            &Cancel::default(),
            |_| {},
        )
        .report;
        assert!(all_done(&r));
        let max = t.0.max_in_flight.get();
        assert!(max > 1 && max <= 3, "{max}");
    }

    #[test]
    fn progress_is_monotonic_and_ends_at_the_total() {
        let t = Scripted::items(|n, item| match n % 4 {
            0 if item_url(item).ends_with("1/assignLicense") => throttled(None),
            1 => unavailable(),
            _ => ok(),
        });
        let run = go(&t, &VirtualTimer::new(0.5), (0..120).map(patch_assign).collect());
        // go() checks monotonic and the end; here also that it moved in steps.
        assert!(run.progress.len() >= t.sends());
        assert!(run.progress.iter().any(|p| p.done > 0 && p.done < 120));
        assert!(all_done(&run.report));

        // Nothing to do: one report, at 0 of 0.
        let t = Scripted::items(|_, _| ok());
        let run = go(&t, &VirtualTimer::new(0.5), Vec::new());
        assert_eq!(run.progress, vec![Progress::default()]);
        assert_eq!(run.report, Report::default());
        assert_eq!(t.sends(), 0);
    }

    #[test]
    fn a_work_too_big_for_a_batch_fails_and_the_others_run() {
        let big = Work {
            key: key(1),
            calls: (0..25)
                .map(|i| Call {
                    method: Method::Post,
                    url: format!("/groups/g{i}/assignLicense"),
                    body: Some(json!({})),
                })
                .collect(),
        };
        let t = Scripted::items(|_, _| ok());
        let r = go(&t, &VirtualTimer::new(0.5), vec![assign(0), big, assign(2)]).report;
        let e = failed(&r, 1);
        assert!(
            e.message.contains("25 requests") && e.message.contains("20"),
            "{}",
            e.message
        );
        assert_eq!(r.outcome(key(0)), Some(&Outcome::Done));
        assert_eq!(r.outcome(key(2)), Some(&Outcome::Done));
        assert_eq!(t.sends(), 1);
        assert_eq!(r.requests_sent, 2);
        assert!(t.inner().iter().all(|(_, v)| !item_url(v).starts_with("/groups/")));
    }

    #[test]
    fn yields_to_the_browser_when_a_slice_is_used_up() {
        // Each send takes 25 ms of the thread (an in-process tenant): with 40 ms slices the
        // runner yields every second batch.
        let timer = VirtualTimer::new(0.5);
        let t = Scripted::with_cost(
            move |_, items| Reply::Items(items.iter().map(|_| ok()).collect()),
            Some((timer.clone(), 25.0)),
        );
        let opts = Options {
            max_in_flight: 1,
            ..Options::default()
        };
        let r = go_with(
            &t,
            &timer,
            (0..100).map(assign).collect(),
            &opts,
            &Cancel::default(),
            |_| {},
        )
        .report;
        assert!(all_done(&r));
        assert_eq!(timer.all_waits(), vec![0, 0]);

        // A clock that does not move: no yields.
        let timer = VirtualTimer::new(0.5);
        let t = Scripted::items(|_, _| ok());
        go(&t, &timer, (0..100).map(assign).collect());
        assert!(timer.all_waits().is_empty());
    }

    #[test]
    fn report_helpers() {
        let r = Report {
            outcomes: vec![
                (key(0), Outcome::Done),
                (key(1), Outcome::Failed(GraphError::bad_request("no"))),
                (key(2), Outcome::Unknown(GraphError::bad_request("?"))),
                (key(3), Outcome::NotSent),
                (key(4), Outcome::Done),
            ],
            requests_sent: 4,
        };
        assert_eq!(r.succeeded(), 2);
        assert_eq!(r.failed_keys(), vec![key(1)]);
        assert_eq!(r.outcome(key(3)), Some(&Outcome::NotSent));
        assert_eq!(r.outcome(key(9)), None);
        // A work with no calls has nothing to do.
        let t = Scripted::items(|_, _| ok());
        let r = go(
            &t,
            &VirtualTimer::new(0.5),
            vec![Work {
                key: key(0),
                calls: Vec::new(),
            }],
        )
        .report;
        assert_eq!(r.outcomes, vec![(key(0), Outcome::Done)]);
        assert_eq!(t.sends(), 0);
    }

    fn unauthenticated() -> Reply {
        Reply::Whole(
            401,
            Vec::new(),
            error_body(
                ErrorCode::InvalidToken,
                "Lifetime validation failed, the token is expired.",
            ),
        )
    }

    #[test]
    fn a_session_that_ends_mid_run_pauses_it_until_the_admin_signs_in_again() {
        let ended = Rc::new(Cell::new(false));
        let flag = ended.clone();
        let t = Scripted::new(move |n, items| {
            if n == 1 {
                flag.set(true);
                return unauthenticated();
            }
            Reply::Items(items.iter().map(|_| ok()).collect())
        });
        let t = Scripted(Rc::new(SState { ended, ..take_state(t) }));
        let timer = VirtualTimer::new(0.5);
        let run = go(&t, &timer, (0..60).map(assign).collect());
        assert!(all_done(&run.report), "{:?}", run.report.outcomes);
        assert_eq!(t.0.sign_ins.get(), 1);
        for i in 0..60 {
            assert!(t.sent_to("POST", &assign_url(i)) >= 1, "{i} was sent");
        }
        // The refused batch went again, whole, after the sign-in; nothing was lost.
        assert_eq!(t.sends(), 4);
    }

    #[test]
    fn cancel_ends_the_wait_for_a_sign_in_and_leaves_the_rest_not_sent() {
        let t = Scripted::items(|_, _| ok());
        t.0.ended.set(true);
        t.0.signs_in_again.set(false);
        let cancel = Cancel::default();
        let c = cancel.clone();
        let timer = VirtualTimer::new(0.5);
        let run = go_with(
            &t,
            &timer,
            (0..5).map(assign).collect(),
            &Options::default(),
            &cancel,
            move |p| {
                if p.waiting {
                    c.cancel();
                }
            },
        );
        assert_eq!(t.sends(), 0);
        assert!(run.report.outcomes.iter().all(|(_, o)| *o == Outcome::NotSent));
    }

    #[test]
    fn a_401_with_the_session_still_there_fails_at_once() {
        let t = Scripted::new(|_, _| unauthenticated());
        let run = go(&t, &VirtualTimer::new(0.5), (0..3).map(assign).collect());
        assert_eq!(run.report.failed_keys().len(), 3);
        assert_eq!(t.sends(), 1, "a refused token is not sent again and again");
    }

    /// The state of a fresh `Scripted`, to build another with some fields changed.
    fn take_state(t: Scripted) -> SState {
        match Rc::try_unwrap(t.0) {
            Ok(s) => s,
            Err(_) => unreachable!("a fresh Scripted has one owner"),
        }
    }

    #[test]
    fn throttles_told_when_to_come_back_do_not_use_up_the_attempts() {
        // Ten sends throttled with Retry-After, one 503 without: more than six sends in
        // all, and the work still ends done.
        let t = Scripted::items(|n, _| match n {
            0..=9 => throttled(Some("1")),
            10 => unavailable(),
            _ => ok(),
        });
        let r = go(&t, &VirtualTimer::new(0.5), vec![assign(0)]).report;
        assert!(all_done(&r), "{:?}", r.outcomes);
        assert_eq!(t.sends(), 12);

        // A tenant that never lets through still ends, at max_throttled.
        let t = Scripted::items(|_, _| throttled(Some("1")));
        let r = go(&t, &VirtualTimer::new(0.5), vec![assign(0)]).report;
        assert!(
            failed(&r, 0).message.contains("tried 50 times"),
            "{}",
            failed(&r, 0).message
        );
        assert_eq!(t.sends(), Options::default().max_throttled as usize);
    }
}
