//! The simulated tenant as the browser keeps it: a seed plus the log of write requests.
//!
//! Storing the seed and the commands instead of the tenant keeps storage small even for
//! 100,000 generated users, and gives from one mechanism: reload (replay), undo (replay all
//! but the last), and an activity log of who did what, when, and how it ended.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::demo::demo_tenant;
use crate::generate::generated_tenant;
use crate::rest::{authenticate, handle_as, Context, GraphRequest, GraphResponse, Method};
use crate::roles::Actor;
use crate::tenant::Tenant;
use crate::time::Timestamp;

/// The journal format; a stored journal of another version is not replayed.
pub const JOURNAL_VERSION: u32 = 1;

/// Which tenant a simulation starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TenantSeed {
    /// Contoso, from the seed documents.
    Demo,
    /// `users` generated users from `seed`.
    Generated {
        /// How many users.
        users: u32,
        /// The generator's seed.
        seed: u64,
    },
}

impl TenantSeed {
    /// Builds the starting tenant.
    pub fn build(&self) -> Tenant {
        match self {
            TenantSeed::Demo => demo_tenant(),
            TenantSeed::Generated { users, seed } => generated_tenant(*users, *seed),
        }
    }
}

/// One write request and how it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// When (seconds since the epoch).
    pub at: i64,
    /// Who: the acting admin's user principal name.
    pub actor: String,
    /// Method.
    pub method: Method,
    /// URL relative to `/v1.0`.
    pub url: String,
    /// Headers that shape the request (no authorization).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// Body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The response status: the outcome.
    pub status: u16,
    /// The error message, for failed requests; for a `$batch`, how many of its requests
    /// failed and the first reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The change this request belongs to: a bulk change of many requests is one change,
    /// which undo takes back as a whole.
    #[serde(default)]
    pub change: u64,
}

/// A stored simulation: where it started and what was done since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Journal {
    /// Format version.
    pub version: u32,
    /// The starting tenant.
    pub seed: TenantSeed,
    /// Requests run on the seed before the admin's own: an exercise's start (see
    /// [`crate::training`]), so the trainee's work is journaled, saved and undone on top of
    /// the tenant the exercise describes, and undo never takes the start apart. Empty (and
    /// not written) for a plain simulation, whose stored form stays as it was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup: Vec<JournalEntry>,
    /// Write requests in order.
    pub entries: Vec<JournalEntry>,
}

/// Why a stored journal could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalError {
    /// Not JSON of the journal's shape.
    Corrupt(String),
    /// Written by another version of the app.
    OldVersion(u32),
    /// Replaying it gave another outcome than the one recorded (the engine changed since):
    /// the tenant it rebuilds is not the one the admin left.
    Diverged {
        /// The entry's position in the journal.
        entry: usize,
        /// What it is, for the message (`PATCH /users/...`).
        what: String,
        /// The status recorded when it ran.
        recorded: u16,
        /// The status it gets now.
        replayed: u16,
    },
    /// It was made from another starting tenant than the one configured.
    OtherSeed(TenantSeed),
    /// It was made from the configured seed but with another start run on it (another
    /// exercise, or the same exercise since edited), or its start no longer builds as it
    /// was recorded: the trainee's work would land on a tenant other than the one they left.
    OtherStart(String),
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JournalError::Corrupt(why) => write!(f, "the saved tenant is damaged ({why})"),
            JournalError::OldVersion(v) => write!(
                f,
                "the saved tenant is from an older version of Tenant Desk (format {v})"
            ),
            JournalError::Diverged {
                entry,
                what,
                recorded,
                replayed,
            } => write!(
                f,
                "the saved tenant no longer replays as it was made: change {} ({what}) ended with {recorded} then and {replayed} now",
                entry + 1
            ),
            JournalError::OtherSeed(seed) => write!(
                f,
                "the saved tenant was made from another starting tenant ({})",
                match seed {
                    TenantSeed::Demo => "the demo".to_owned(),
                    TenantSeed::Generated { users, seed } => format!("{users} generated users, seed {seed}"),
                }
            ),
            JournalError::OtherStart(why) => write!(f, "the saved tenant was made from another start ({why})"),
        }
    }
}

impl std::error::Error for JournalError {}

/// A simulated tenant with its journal.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The current state.
    pub tenant: Tenant,
    /// How it got there.
    pub journal: Journal,
    /// The change requests are being grouped into, between `begin_change` and `end_change`.
    open_change: Option<u64>,
}

impl Simulation {
    /// A fresh simulation.
    pub fn new(seed: TenantSeed) -> Self {
        Simulation {
            tenant: seed.build(),
            journal: Journal {
                version: JOURNAL_VERSION,
                seed,
                setup: Vec::new(),
                entries: Vec::new(),
            },
            open_change: None,
        }
    }

    /// A fresh simulation from `seed` with `setup` run on it first (an exercise's start, as
    /// [`crate::training::Exercise::start_simulation`] records it): the admin's requests are
    /// journaled after it, and undo goes back as far as the start, never into it. Each setup
    /// entry must end as recorded, else the start is not the one that was meant.
    pub fn from_start(seed: TenantSeed, setup: Vec<JournalEntry>) -> Result<Self, JournalError> {
        let mut sim = Simulation::new(seed);
        for (i, e) in setup.into_iter().enumerate() {
            let replayed = sim.apply(&e).status;
            if replayed != e.status {
                return Err(JournalError::OtherStart(format!(
                    "setup call {} ({} {}) ended with {} then and {replayed} now",
                    i + 1,
                    e.method.as_str(),
                    e.url,
                    e.status
                )));
            }
            sim.journal.setup.push(e);
        }
        Ok(sim)
    }

    /// Runs one request of the start as `actor` and records it in the setup, not in the
    /// admin's entries (for [`crate::training`], which builds an exercise's start).
    pub(crate) fn run_setup(&mut self, actor: &Actor, req: &GraphRequest, now: Timestamp) -> GraphResponse {
        debug_assert!(self.journal.entries.is_empty(), "the start comes before any change");
        let ctx = context(now);
        let res = handle_as(&mut self.tenant, actor, req, &ctx);
        let body = res.json_body();
        let error = if res.ok() {
            batch_failures(&body)
        } else {
            Some(body["error"]["message"].as_str().unwrap_or_default().to_owned())
        };
        self.journal.setup.push(JournalEntry {
            at: now.0,
            actor: actor.upn.clone(),
            method: req.method,
            url: req.url.clone(),
            headers: Vec::new(),
            body: req.body.clone(),
            status: res.status,
            error,
            change: 0,
        });
        res
    }

    fn next_change(&self) -> u64 {
        self.journal.entries.iter().map(|e| e.change).max().unwrap_or(0) + 1
    }

    /// Groups the following requests into one change (a bulk assignment), until
    /// [`Simulation::end_change`].
    pub fn begin_change(&mut self) -> u64 {
        let id = self.next_change();
        self.open_change = Some(id);
        id
    }

    /// Ends the change begun by [`Simulation::begin_change`].
    pub fn end_change(&mut self) {
        self.open_change = None;
    }

    /// Rebuilds a simulation from stored JSON, checking that every entry ends as recorded
    /// (else the rebuilt tenant would silently differ from the one saved).
    pub fn restore(json: &str) -> Result<Self, JournalError> {
        let raw: Value = serde_json::from_str(json).map_err(|e| JournalError::Corrupt(e.to_string()))?;
        let version = raw["version"].as_u64().unwrap_or(0) as u32;
        if version != JOURNAL_VERSION {
            return Err(JournalError::OldVersion(version));
        }
        let journal: Journal = serde_json::from_value(raw).map_err(|e| JournalError::Corrupt(e.to_string()))?;
        let mut sim = Simulation::from_start(journal.seed.clone(), journal.setup)?;
        for (i, e) in journal.entries.into_iter().enumerate() {
            let replayed = sim.apply(&e).status;
            if replayed != e.status {
                return Err(JournalError::Diverged {
                    entry: i,
                    what: format!("{} {}", e.method.as_str(), e.url),
                    recorded: e.status,
                    replayed,
                });
            }
            sim.journal.entries.push(e);
        }
        Ok(sim)
    }

    /// [`Simulation::restore`], for the tenant configured as `seed`: a journal of another
    /// starting tenant is refused, not replayed on the wrong one (an exercise's journal, one
    /// with a setup, too: see [`Simulation::restore_for_start`]).
    pub fn restore_for(json: &str, seed: &TenantSeed) -> Result<Self, JournalError> {
        Self::restore_for_start(json, seed, &[])
    }

    /// [`Simulation::restore_for`] for a simulation started with `setup` on `seed` (an
    /// exercise: pass the setup of a fresh [`crate::training::Exercise::start_simulation`]):
    /// a journal made from another start is refused, so a trainee's saved work never lands
    /// on an exercise that was changed since.
    pub fn restore_for_start(json: &str, seed: &TenantSeed, setup: &[JournalEntry]) -> Result<Self, JournalError> {
        let sim = Self::restore(json)?;
        if &sim.journal.seed != seed {
            return Err(JournalError::OtherSeed(sim.journal.seed));
        }
        if sim.journal.setup != setup {
            let (saved, expected) = (sim.journal.setup.len(), setup.len());
            return Err(JournalError::OtherStart(if saved == expected {
                "its setup calls are not this exercise's".to_owned()
            } else {
                format!("{saved} setup calls saved, {expected} expected")
            }));
        }
        Ok(sim)
    }

    /// Runs `entries` (made on another copy of this tenant, in another tab) on top of this
    /// one, journaling each with the outcome it gets here and as changes after this
    /// journal's own, so two tabs' changes add up instead of one replacing the other.
    pub fn rebase(&mut self, entries: &[JournalEntry]) {
        let mut renumbered: Vec<(u64, u64)> = Vec::new();
        for e in entries {
            let change = match renumbered.iter().find(|(old, _)| *old == e.change) {
                Some((_, new)) => *new,
                None => {
                    let new = self.next_change();
                    renumbered.push((e.change, new));
                    new
                }
            };
            let res = self.apply(e);
            let error = if res.ok() {
                batch_failures(&res.json_body())
            } else {
                Some(
                    res.json_body()["error"]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                )
            };
            self.journal.entries.push(JournalEntry {
                status: res.status,
                error,
                change,
                ..e.clone()
            });
        }
    }

    fn replay(journal: Journal) -> Self {
        let mut sim = Simulation::new(journal.seed.clone());
        // The setup replayed as recorded when this simulation was made or restored.
        for e in journal.setup {
            sim.apply(&e);
            sim.journal.setup.push(e);
        }
        for e in journal.entries {
            sim.apply(&e);
            sim.journal.entries.push(e);
        }
        sim
    }

    fn apply(&mut self, e: &JournalEntry) -> GraphResponse {
        let ctx = context(Timestamp(e.at));
        let req = GraphRequest {
            method: e.method,
            url: e.url.clone(),
            headers: e.headers.clone(),
            body: e.body.clone(),
        };
        match self.tenant.actor(&e.actor) {
            Some(actor) => handle_as(&mut self.tenant, &actor, &req, &ctx),
            None => GraphResponse::error(
                &crate::error::GraphError::new(
                    crate::error::ErrorCode::InvalidToken,
                    "The acting admin no longer exists.",
                ),
                &ctx,
            ),
        }
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.journal).unwrap_or_default()
    }

    /// Runs a request as Graph would, and journals it if it writes.
    pub fn request(&mut self, req: &GraphRequest, now: Timestamp) -> GraphResponse {
        let ctx = context(now);
        let actor = match authenticate(&self.tenant, req) {
            Ok(a) => a,
            Err(e) => return GraphResponse::error(&e, &ctx),
        };
        let res = handle_as(&mut self.tenant, &actor, req, &ctx);
        if req.writes() {
            let body = res.json_body();
            let error = if !res.ok() {
                Some(body["error"]["message"].as_str().unwrap_or_default().to_owned())
            } else {
                batch_failures(&body)
            };
            let change = self.open_change.unwrap_or_else(|| self.next_change());
            self.journal.entries.push(JournalEntry {
                at: now.0,
                actor: actor.upn,
                method: req.method,
                url: req.url.clone(),
                headers: req
                    .headers
                    .iter()
                    .filter(|(k, _)| !k.eq_ignore_ascii_case("Authorization"))
                    .cloned()
                    .collect(),
                body: req.body.clone(),
                status: res.status,
                error,
                change,
            });
        }
        res
    }

    /// Undoes the last successful change, all its requests together: replays the journal
    /// without them. Returns the requests undone (to tell the admin what was taken back),
    /// or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Vec<JournalEntry>> {
        let pos = self
            .journal
            .entries
            .iter()
            .rposition(|e| (200..300).contains(&e.status))?;
        let change = self.journal.entries[pos].change;
        let mut journal = self.journal.clone();
        let (undone, kept) = journal.entries.into_iter().partition(|e| e.change == change);
        journal.entries = kept;
        *self = Self::replay(journal);
        Some(undone)
    }
}

/// For a `$batch` answer: how many of its requests failed, and the first reason.
fn batch_failures(body: &Value) -> Option<String> {
    let responses = body["responses"].as_array()?;
    let failed: Vec<&Value> = responses
        .iter()
        .filter(|r| !(200..300).contains(&r["status"].as_u64().unwrap_or(0)))
        .collect();
    let first = failed.first()?;
    Some(format!(
        "{} of {} requests failed: {}",
        failed.len(),
        responses.len(),
        first["body"]["error"]["message"].as_str().unwrap_or("unknown error")
    ))
}

/// The context of in-browser requests: group licences are processed at once, and links
/// point at Graph's own root, which the in-process transport strips again.
pub fn context(now: Timestamp) -> Context {
    Context {
        base_url: SIMULATED_ROOT.to_owned(),
        now,
        request_id: format!("sim-{}", now.0),
        process_groups_now: true,
    }
}

/// The version root the simulated tenant writes into links.
pub const SIMULATED_ROOT: &str = "https://graph.microsoft.com/v1.0";
