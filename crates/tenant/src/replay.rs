//! The simulated tenant over time: a seed plus the journal of requests, replayed on load and
//! for undo ([`simulation`]), the activity log read from that journal ([`activity`]), and
//! the same driven by messages, as the app's Web Worker runs it ([`host`]).

pub mod activity;
pub mod host;
mod packed;
pub mod simulation;
