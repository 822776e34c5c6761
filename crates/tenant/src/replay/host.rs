//! The simulated tenant driven by messages: what the app's Web Worker runs, so that building
//! a tenant of a million users, replaying a saved journal, undo, and every request of a bulk
//! change happen off the page's thread. Commands and replies are plain data (JSON across
//! `postMessage`); the page keeps what a worker has not (storage, the tabs' lock) and sends
//! the worker what it read.

use serde::{Deserialize, Serialize};

use crate::rest::{GraphRequest, GraphResponse};
use crate::simulation::{JournalEntry, Simulation, TenantSeed, SIMULATED_ROOT};
use crate::tenant::Tenant;
use crate::time::Timestamp;
use crate::training::{check, parse_exercise, CriterionResult, Exercise, Missing};

pub use super::packed::Packed;

/// Where a simulated tenant starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Start {
    /// The free sandbox, from its seed.
    Sandbox(TenantSeed),
    /// A training exercise, as its file reads (`file` is its name in the index): the
    /// host builds its start and checks the trainee's work against it.
    Exercise {
        /// The file's name.
        file: String,
        /// The file's text.
        text: String,
    },
}

/// What the page asks of the simulated tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Command {
    /// Start from `start`, or from the journal saved for it (`saved`: its JSON, which the
    /// worker decodes from what the page read from storage). Comes first; anything before
    /// it is refused.
    Open {
        /// Where it starts.
        start: Start,
        /// The saved journal, if any.
        saved: Option<String>,
    },
    /// One Graph request, at `now` (seconds since the epoch).
    Request {
        /// The request.
        request: GraphRequest,
        /// When it is made.
        now: i64,
    },
    /// The next requests are one change (see [`Simulation::begin_change`]).
    BeginChange,
    /// The change is over.
    EndChange,
    /// Takes back the last successful change.
    Undo,
    /// The journal's entries, oldest first.
    Journal,
    /// The journal as it is to be saved (its JSON, which the worker encodes for storage).
    Save,
    /// Another tab saved `theirs` (`None`: it reset): start from it and run this tab's
    /// entries after the first `saved` on top.
    TakeIn {
        /// The other tab's saved journal.
        theirs: Option<String>,
        /// How many of this tab's entries are saved already.
        saved: usize,
    },
    /// Back to the start.
    Reset,
    /// Checks the open exercise on the tenant as it is now.
    Check,
    /// Builds the tenant's list index ahead of the first filter.
    WarmUp,
}

/// The simulated tenant's answer to one [`Command`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reply {
    /// Opened; `load_error` says why the saved journal could not be used, when it could
    /// not (it started afresh and the saved one is left alone).
    Opened {
        /// Why the saved journal was not used.
        load_error: Option<String>,
        /// How many journal entries it opened with.
        entries: usize,
    },
    /// The answer to a request.
    Response(GraphResponse),
    /// Done, nothing to say.
    Done,
    /// What undo took back; `None` when there was nothing to undo.
    Undone(Option<Packed<Vec<JournalEntry>>>),
    /// The journal's entries.
    Entries(Packed<Vec<JournalEntry>>),
    /// The journal to save, and how many entries it holds.
    Saved {
        /// The stored form.
        json: String,
        /// Its entries.
        entries: usize,
    },
    /// Took the other tab's journal in; `saved` of the entries are the saved ones.
    TookIn {
        /// How many entries are saved.
        saved: usize,
    },
    /// The open exercise's criteria, checked.
    Checked(Packed<Vec<Checked>>),
    /// The command could not be carried out, and why.
    Refused(String),
}

/// One criterion as checked, with what is missing as data (the page words it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checked {
    /// The criterion's name.
    pub name: String,
    /// Whether it holds.
    pub passed: bool,
    /// What is missing, in English.
    pub missing: Option<String>,
    /// What is missing, as data.
    pub why: Vec<Missing>,
}

impl From<CriterionResult> for Checked {
    fn from(r: CriterionResult) -> Self {
        Checked {
            name: r.name,
            passed: r.passed,
            missing: r.missing,
            why: r.why,
        }
    }
}

impl From<Checked> for CriterionResult {
    fn from(c: Checked) -> Self {
        CriterionResult {
            name: c.name,
            passed: c.passed,
            missing: c.missing,
            why: c.why,
        }
    }
}

/// A simulated tenant behind [`Command`]s: starts empty, [`Command::Open`] gives it one.
#[derive(Default)]
pub struct Host {
    open: Option<Opened>,
}

struct Opened {
    sim: Simulation,
    /// The start: its seed, and the setup calls an exercise runs on it. A fresh start is
    /// built again from it rather than kept as a copy, which at 1,000,000 users would
    /// double the worker's memory and add a second to every opening.
    seed: TenantSeed,
    setup: Vec<JournalEntry>,
    /// The open exercise and its tenant as it started.
    exercise: Option<(Exercise, Tenant)>,
}

impl Opened {
    fn restore(&self, json: &str) -> Result<Simulation, String> {
        restore(json, &self.seed, &self.setup)
    }

    /// The simulation as it started, built again.
    fn fresh(&self) -> Result<Simulation, String> {
        match &self.exercise {
            None => Ok(Simulation::new(self.seed.clone())),
            Some((exercise, _)) => exercise.start_simulation().map_err(|e| e.to_string()),
        }
    }
}

/// A saved journal of the start `seed` and `setup`, replayed.
fn restore(json: &str, seed: &TenantSeed, setup: &[JournalEntry]) -> Result<Simulation, String> {
    Simulation::restore_for_start(json, seed, setup).map_err(|e| e.to_string())
}

impl Host {
    /// Carries out one command.
    pub fn handle(&mut self, command: Command) -> Reply {
        if let Command::Open { start, saved } = command {
            return self.open(start, saved);
        }
        let Some(o) = self.open.as_mut() else {
            return Reply::Refused("the simulated tenant is not open yet".into());
        };
        match command {
            // Taken above.
            Command::Open { .. } => Reply::Done,
            Command::Request { mut request, now } => {
                if let Some(rel) = request.url.strip_prefix(SIMULATED_ROOT) {
                    request.url = rel.to_owned();
                }
                Reply::Response(o.sim.request(&request, Timestamp(now)))
            }
            Command::BeginChange => {
                o.sim.begin_change();
                Reply::Done
            }
            Command::EndChange => {
                o.sim.end_change();
                Reply::Done
            }
            // Undone is said even when the entries cannot be written: the page saves on it.
            Command::Undo => Reply::Undone(
                o.sim
                    .undo()
                    .map(|u| Packed::new(&u).unwrap_or_else(|_| Packed::unreadable())),
            ),
            Command::Journal => match Packed::new(&o.sim.journal.entries) {
                Ok(entries) => Reply::Entries(entries),
                Err(e) => Reply::Refused(format!("the journal could not be written: {e}")),
            },
            Command::Save => Reply::Saved {
                json: o.sim.to_json(),
                entries: o.sim.journal.entries.len(),
            },
            Command::TakeIn { theirs, saved } => {
                let theirs = match theirs {
                    None => o.fresh(),
                    Some(json) => o.restore(&json),
                };
                match theirs {
                    Ok(mut theirs) => {
                        // After an undo whose save failed, fewer entries than were saved.
                        let mine = &o.sim.journal.entries[saved.min(o.sim.journal.entries.len())..];
                        let saved = theirs.journal.entries.len();
                        theirs.rebase(mine);
                        o.sim = theirs;
                        Reply::TookIn { saved }
                    }
                    Err(why) => Reply::Refused(why),
                }
            }
            Command::Reset => match o.fresh() {
                Ok(fresh) => {
                    o.sim = fresh;
                    Reply::Done
                }
                Err(why) => Reply::Refused(why),
            },
            Command::Check => match &o.exercise {
                Some((exercise, start)) => {
                    let checked: Vec<Checked> = check(exercise, start, &o.sim.tenant)
                        .into_iter()
                        .map(Checked::from)
                        .collect();
                    match Packed::new(&checked) {
                        Ok(checked) => Reply::Checked(checked),
                        Err(e) => Reply::Refused(format!("the checks could not be written: {e}")),
                    }
                }
                None => Reply::Refused("no training exercise is open".into()),
            },
            Command::WarmUp => {
                o.sim.tenant.warm_up();
                Reply::Done
            }
        }
    }

    /// Opens the start, or the saved journal of it when there is one and it can be used:
    /// the tenant is built once either way (a journal's replay builds its own).
    fn open(&mut self, start: Start, saved: Option<String>) -> Reply {
        let (seed, built, exercise) = match start {
            Start::Sandbox(seed) => (seed, None, None),
            Start::Exercise { file, text } => {
                let built = parse_exercise(&file, &text).and_then(|e| Ok((e.start_simulation()?, e)));
                match built {
                    Ok((sim, exercise)) => {
                        let start = sim.tenant.clone();
                        (sim.journal.seed.clone(), Some(sim), Some((exercise, start)))
                    }
                    Err(e) => return Reply::Refused(e.to_string()),
                }
            }
        };
        let setup = built.as_ref().map(|s| s.journal.setup.clone()).unwrap_or_default();
        let (restored, load_error) = match saved.map(|json| restore(&json, &seed, &setup)) {
            Some(Ok(sim)) => (Some(sim), None),
            Some(Err(why)) => (None, Some(why)),
            None => (None, None),
        };
        let sim = restored.or(built).unwrap_or_else(|| Simulation::new(seed.clone()));
        let entries = sim.journal.entries.len();
        self.open = Some(Opened {
            sim,
            seed,
            setup,
            exercise,
        });
        Reply::Opened { load_error, entries }
    }
}

/// One command or reply on the wire, with the number that pairs a reply with its command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Chosen by the page, sent back as is.
    pub id: u64,
    /// The command or the reply.
    pub body: T,
}

impl Host {
    /// [`Host::handle`] on the wire: a JSON [`Envelope`] of a [`Command`] in, one of a
    /// [`Reply`] out. A message that is not a command is refused (with its id, when it
    /// has one), never a reason to stop.
    pub fn handle_json(&mut self, text: &str) -> String {
        match serde_json::from_str::<Envelope<Command>>(text) {
            Ok(Envelope { id, body }) => Self::reply_json(id, self.handle(body)),
            Err(e) => {
                let id = serde_json::from_str::<serde_json::Value>(text)
                    .ok()
                    .and_then(|v| v["id"].as_u64())
                    .unwrap_or(0);
                Self::reply_json(
                    id,
                    Reply::Refused(format!("not a command the simulated tenant knows ({e})")),
                )
            }
        }
    }

    /// `reply` to command `id` on the wire.
    pub fn reply_json(id: u64, reply: Reply) -> String {
        serde_json::to_string(&Envelope { id, body: &reply }).unwrap_or_else(|e| {
            let why = format!("the reply could not be written ({e})");
            serde_json::json!({ "id": id, "body": { "refused": why } }).to_string()
        })
    }
}
