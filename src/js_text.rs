//! JavaScript errors as text for messages.

use wasm_bindgen::JsCast;

/// A JavaScript error or value as text for a message: an `Error`'s message alone (its
/// stack means nothing to an admin), a string as it is.
pub fn js_text(v: wasm_bindgen::JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}
