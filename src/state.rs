//! App state: the session context, the embedding, and user-list state as it lives in the URL.

mod embed;
mod list_url;
mod portal;
mod selection;
mod session;
mod sign_in;
mod simulation;
mod training;

pub use embed::{provide_embed, use_embed, Embed};
pub use list_url::{Chip, Field, ListUrl, View};
pub use portal::{provide_portal, use_portal};
pub use selection::Selection;
pub use session::{provide_session, use_api, use_session, Session};
pub use sign_in::{provide_sign_in, use_sign_in, SignIn};
pub use simulation::{provide_simulation, use_simulation, Simulation};
pub use training::{
    active_exercise_id, forget_active_exercise, leave_exercise, provide_training, use_training, Progress, Training,
};
