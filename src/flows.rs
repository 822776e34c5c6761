//! The use cases: what a licence flow does, step by step, as plain Rust that `cargo test`
//! reaches. The engine plans (`tenant::plan`), the api layer runs (`api::runner`), a flow
//! ties the two together for one dialog, and its view only shows the flow's state and
//! dispatches the admin's clicks to it.

pub mod entra_assign;
pub mod licence_change;
pub mod outcome;

#[cfg(test)]
mod testing;
