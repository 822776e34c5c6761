//! Reusable widgets. Each renders and dispatches; rules live in the engine.

pub mod change_run;
pub mod deferred;
pub mod dialog;
pub mod entra_assign;
pub mod error_box;
pub mod exercise_bar;
pub mod export;
pub mod filters;
pub mod height_observer;
pub mod invite_dialog;
pub mod language_switch;
pub mod link;
pub mod manage_licenses;
pub mod modal;
pub mod page;
pub mod people_picker;
pub mod portal_frame;
pub mod portal_sign_in;
pub mod product_picker;
pub mod shell;
pub mod sign_in;
pub mod user_grid;
pub mod user_panel;
