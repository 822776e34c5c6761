//! What signing in needs from the browser: random values, SHA-256, base64url and the one
//! entry in session storage that must survive the redirect (the attempt's secrets).

use wasm_bindgen_futures::JsFuture;

use crate::js_text::js_text;

use super::flow::Attempt;

/// Where the attempt waits during the redirect. Session storage is per tab and ends with
/// it; the entry is removed as soon as the provider's answer is read.
const ATTEMPT_KEY: &str = "tenant-desk.signIn";

/// `bytes` random bytes from the browser's cryptographic generator, base64url-encoded: the
/// state, nonce and PKCE verifier (32 bytes give RFC 7636's recommended 43 characters).
pub fn random_token(bytes: usize) -> Result<String, String> {
    let crypto = web_sys::window().ok_or("no window")?.crypto().map_err(js_text)?;
    let mut buf = vec![0u8; bytes];
    crypto.get_random_values_with_u8_array(&mut buf).map_err(js_text)?;
    base64url_encode(&buf)
}

/// The PKCE S256 challenge of `verifier`: base64url(SHA-256(verifier)), by the browser's
/// Web Crypto (no hand-written hash).
pub async fn s256(verifier: &str) -> Result<String, String> {
    let subtle = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(js_text)?
        .subtle();
    let data = js_sys::Uint8Array::from(verifier.as_bytes());
    let promise = subtle
        .digest_with_str_and_buffer_source("SHA-256", &data)
        .map_err(js_text)?;
    let digest = JsFuture::from(promise).await.map_err(js_text)?;
    let bytes = js_sys::Uint8Array::new(&digest).to_vec();
    base64url_encode(&bytes)
}

/// base64url without padding, by the browser's `btoa`.
pub fn base64url_encode(bytes: &[u8]) -> Result<String, String> {
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    let b64 = web_sys::window().ok_or("no window")?.btoa(&binary).map_err(js_text)?;
    Ok(b64.trim_end_matches('=').replace('+', "-").replace('/', "_"))
}

/// Decodes base64url (padded or not), by the browser's `atob`.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut b64 = s.replace('-', "+").replace('_', "/");
    while !b64.len().is_multiple_of(4) {
        b64.push('=');
    }
    let binary = web_sys::window()?.atob(&b64).ok()?;
    // `atob` gives one character per byte, each below 256.
    binary.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Keeps `attempt` for the way back from the provider.
pub fn keep_attempt(attempt: &Attempt) -> Result<(), String> {
    let text = serde_json::to_string(attempt).map_err(|e| e.to_string())?;
    session_storage()
        .ok_or("this browser keeps no session storage, which signing in needs")?
        .set_item(ATTEMPT_KEY, &text)
        .map_err(js_text)
}

/// The kept attempt, removed from storage as it is read: a code is redeemed once.
pub fn take_attempt() -> Option<Attempt> {
    let storage = session_storage()?;
    let text = storage.get_item(ATTEMPT_KEY).ok()??;
    let _ = storage.remove_item(ATTEMPT_KEY);
    serde_json::from_str(&text).ok()
}

/// Empties the tab's session storage (signing out).
pub fn clear_session_storage() {
    if let Some(s) = session_storage() {
        let _ = s.clear();
    }
}

/// The app's address now: its origin, and its path with query and fragment.
pub fn here() -> Option<(String, String, String, String)> {
    let loc = web_sys::window()?.location();
    Some((
        loc.origin().ok()?,
        loc.pathname().ok()?,
        loc.search().ok()?,
        loc.hash().ok()?,
    ))
}

/// Sends the browser to `url` (the provider).
pub fn go_to(url: &str) -> Result<(), String> {
    web_sys::window()
        .ok_or("no window")?
        .location()
        .assign(url)
        .map_err(js_text)
}

/// Puts `url` (same origin) in the address bar without loading it: the redirect's code
/// leaves the address bar and the history.
pub fn replace_url(url: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// The sign-in window, opened by a click (so no pop-up blocker stops it).
pub fn open_popup(url: &str) -> Result<web_sys::Window, String> {
    web_sys::window()
        .ok_or("no window")?
        .open_with_url_and_target_and_features(url, POPUP_NAME, "popup,width=520,height=680")
        .map_err(js_text)?
        .ok_or_else(|| "The browser blocked the sign-in window. Allow pop-ups for this site and try again.".into())
}

/// The name of the sign-in window; `boot.js` does not start the app in it.
pub const POPUP_NAME: &str = "tenant-desk-sign-in";

/// The query of the sign-in window once it is back on this origin; `None` while it is on
/// the provider's pages (reading them is refused) or gone.
pub fn popup_query(popup: &web_sys::Window) -> Option<String> {
    let loc = popup.location();
    let origin = loc.origin().ok()?;
    let ours = web_sys::window()?.location().origin().ok()?;
    if origin != ours {
        return None;
    }
    loc.search().ok()
}

/// Whether the window is closed.
pub fn is_closed(w: &web_sys::Window) -> bool {
    w.closed().unwrap_or(true)
}
