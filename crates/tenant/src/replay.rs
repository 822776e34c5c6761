//! The simulated tenant over time: a seed plus the journal of requests, replayed on load and
//! for undo ([`simulation`]), and the activity log read from that journal ([`activity`]).

pub mod activity;
pub mod simulation;
