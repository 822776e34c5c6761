//! Dutch and English: which language the app speaks, its words in both, and numbers and
//! dates in the browser's way for that language. Views call [`t`] (a reactive text),
//! [`tr`] (the text now, inside a reactive closure) or [`tf`] (a text with values filled in),
//! so that switching the language re-renders the words and keeps every other state.

mod current;
pub mod engine_words;
mod format;
mod locale;
mod text;

pub use current::{init_locale, locale, locale_ready, set_locale, t, tf, tr};
pub use format::{date_time, number};
pub use locale::Locale;
pub use text::{text, Key};
