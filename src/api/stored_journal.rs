//! The simulated tenant's journal in the browser's local storage, gzip-compressed.
//!
//! Local storage holds about five million characters per site, and a bulk change journals
//! every request it sends: about 390 characters per user, so a change to 12,000 users
//! filled it. The journal is highly repetitive, so it is stored gzip-compressed by the
//! browser's own `CompressionStream` (no compressor in the app's code) and base64-encoded
//! (storage holds text). Small journals are stored as plain JSON, written at once.

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableWritablePair, Response};

use super::http::js_text;

// web-sys has these two only behind its unstable-APIs flag, which also changes other
// signatures; they are in every current browser, so they are bound here. Each has a
// `readable` and a `writable` side, which is all `pipeThrough` asks of its argument.
#[wasm_bindgen]
extern "C" {
    /// A `CompressionStream` or a `DecompressionStream`.
    #[wasm_bindgen(extends = ReadableWritablePair)]
    type Codec;
    #[wasm_bindgen(constructor, catch, js_class = "CompressionStream")]
    fn compressing(format: &str) -> Result<Codec, JsValue>;
    #[wasm_bindgen(constructor, catch, js_class = "DecompressionStream")]
    fn decompressing(format: &str) -> Result<Codec, JsValue>;
}

/// Where one simulated tenant's journal is kept in local storage: the free sandbox's, or
/// one training exercise's, so an exercise never touches the sandbox nor another exercise.
/// Each shelf has three keys: the journal, a version counter bumped by every write (a tab
/// whose last known version differs knows another tab changed the tenant, and the
/// `storage` event on it tells the other tabs at once), and where **Keep a copy and start
/// fresh** puts a journal that cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shelf {
    key: String,
}

impl Shelf {
    /// The free sandbox (its keys are the ones the app always used).
    pub fn sandbox() -> Shelf {
        Shelf {
            key: "tenant-desk.simulation".into(),
        }
    }

    /// One exercise's own tenant.
    pub fn exercise(id: &str) -> Shelf {
        Shelf {
            key: format!("tenant-desk.training.{id}"),
        }
    }

    /// The journal's key; also the name of the Web Lock the tabs take around a change.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The version counter's key.
    pub fn version_key(&self) -> String {
        format!("{}.version", self.key)
    }

    fn aside_key(&self) -> String {
        format!("{}.aside", self.key)
    }
}

/// Marks the compressed form; plain JSON starts with `{`.
const GZIP: &str = "gzip:";

/// Journals up to this many characters (a few dozen single changes) are stored plain,
/// synchronously, so that a change is saved before anything else can happen; larger ones
/// come from bulk changes, which take a moment anyway, and are compressed.
pub const PLAIN_LIMIT: usize = 8_000;

impl Shelf {
    /// The saved journal as JSON, `None` when nothing is saved. An error means storage could
    /// not be read or the compressed form is damaged; the caller reports it like a corrupt
    /// journal.
    pub async fn read(&self) -> Result<Option<String>, String> {
        let Some(stored) = storage().and_then(|s| s.get_item(&self.key).ok().flatten()) else {
            return Ok(None);
        };
        match stored.strip_prefix(GZIP) {
            None => Ok(Some(stored)),
            Some(b64) => gunzip(b64)
                .await
                .map(Some)
                .map_err(|e| format!("the saved tenant is damaged ({e})")),
        }
    }

    /// Writes a journal, plain or [`encode`]d, and bumps the version; returns the new
    /// version. Fails when the browser keeps no storage for the page or the site's storage
    /// is full.
    pub fn store(&self, encoded: &str) -> Result<u64, String> {
        let s = storage().ok_or("this browser keeps no local storage for the page")?;
        s.set_item(&self.key, encoded)
            .map_err(|_| "the browser's storage for this site is full".to_owned())?;
        Ok(self.bump(&s))
    }

    /// The version of the saved journal (0 when none was ever written).
    pub fn version(&self) -> u64 {
        storage()
            .and_then(|s| s.get_item(&self.version_key()).ok().flatten())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn bump(&self, s: &web_sys::Storage) -> u64 {
        let next = self.version().wrapping_add(1);
        let _ = s.set_item(&self.version_key(), &next.to_string());
        next
    }

    /// Forgets the saved journal (other tabs hear of it); returns the new version.
    pub fn clear(&self) -> u64 {
        match storage() {
            Some(s) => {
                let _ = s.remove_item(&self.key);
                self.bump(&s)
            }
            None => 0,
        }
    }

    /// Keeps the saved journal, as stored, aside, so that starting fresh loses nothing the
    /// admin may want back.
    pub fn set_aside(&self) -> Result<(), String> {
        let s = storage().ok_or("this browser keeps no local storage for the page")?;
        if let Some(stored) = s.get_item(&self.key).ok().flatten() {
            s.set_item(&self.aside_key(), &stored)
                .map_err(|_| "the browser's storage for this site is full".to_owned())?;
        }
        Ok(())
    }
}

/// The stored form of `json`. Compressing is asynchronous; [`Shelf::store`] writes the
/// result.
pub async fn encode(json: &str) -> Result<String, String> {
    gzip(json).await.map(|b64| format!("{GZIP}{b64}")).map_err(js_text)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// `input`'s body run through a compression or decompression stream, as a response to
/// read the result from.
fn transform(input: Response, stream: &Codec) -> Result<Response, JsValue> {
    let body = input.body().ok_or("no body to compress")?;
    Response::new_with_opt_readable_stream(Some(&body.pipe_through(stream)))
}

async fn gzip(text: &str) -> Result<String, JsValue> {
    let res = transform(Response::new_with_opt_str(Some(text))?, &Codec::compressing("gzip")?)?;
    let bytes = Uint8Array::new(&JsFuture::from(res.array_buffer()?).await?).to_vec();
    // btoa takes a "binary string": one character per byte.
    let binary: String = bytes.iter().map(|&b| char::from(b)).collect();
    web_sys::window().ok_or("no window")?.btoa(&binary)
}

async fn gunzip(b64: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let binary = window.atob(b64).map_err(|_| "not base64".to_owned())?;
    let mut bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    let stream = Codec::decompressing("gzip").map_err(js_text)?;
    let input = Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(js_text)?;
    let res = transform(input, &stream).map_err(js_text)?;
    let text = JsFuture::from(res.text().map_err(js_text)?)
        .await
        .map_err(|_| "not gzip".to_owned())?;
    text.dyn_into::<JsString>()
        .map(String::from)
        .map_err(|_| "not text".to_owned())
}
