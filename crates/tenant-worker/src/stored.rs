//! The journal's stored form, made and read here so that the page only moves text between
//! the worker and `localStorage`.
//!
//! Local storage holds about five million characters per site, and a bulk change journals
//! every request it sends: about 390 characters per user, so a change to 12,000 users
//! filled it. The journal is highly repetitive, so a large one is stored gzip-compressed by
//! the browser's own `CompressionStream` (no compressor in the code) and base64-encoded
//! (storage holds text), behind `gzip:`. Small journals are stored as plain JSON.

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableWritablePair, Response};

// web-sys has these two only behind its unstable-APIs flag, which also changes other
// signatures; they are in every current browser, workers too, so they are bound here. Each
// has a `readable` and a `writable` side, which is all `pipeThrough` asks of its argument.
#[wasm_bindgen]
extern "C" {
    /// A `CompressionStream` or a `DecompressionStream`.
    #[wasm_bindgen(extends = ReadableWritablePair)]
    type Codec;
    #[wasm_bindgen(constructor, catch, js_class = "CompressionStream")]
    fn compressing(format: &str) -> Result<Codec, JsValue>;
    #[wasm_bindgen(constructor, catch, js_class = "DecompressionStream")]
    fn decompressing(format: &str) -> Result<Codec, JsValue>;
    // The global scope's, in a worker as in a window.
    #[wasm_bindgen(catch)]
    fn btoa(binary: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn atob(b64: &str) -> Result<String, JsValue>;
}

/// Marks the compressed form; plain JSON starts with `{`.
const GZIP: &str = "gzip:";

/// Journals up to this many characters (a few dozen single changes) are stored plain, as
/// they are; larger ones come from bulk changes and are compressed.
pub const PLAIN_LIMIT: usize = 8_000;

/// The stored form of the journal `json`.
pub async fn encode(json: String) -> Result<String, String> {
    if json.len() <= PLAIN_LIMIT {
        return Ok(json);
    }
    gzip(&json)
        .await
        .map(|b64| format!("{GZIP}{b64}"))
        .map_err(|e| format!("the journal could not be compressed ({})", text_of(e)))
}

/// The journal's JSON from its stored form. An error means the compressed form is damaged;
/// the caller reports it like a corrupt journal.
pub async fn decode(stored: String) -> Result<String, String> {
    match stored.strip_prefix(GZIP) {
        None => Ok(stored),
        Some(b64) => gunzip(b64)
            .await
            .map_err(|e| format!("the saved tenant is damaged ({e})")),
    }
}

fn text_of(v: JsValue) -> String {
    match v.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => v.as_string().unwrap_or_else(|| format!("{v:?}")),
    }
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
    btoa(&binary)
}

async fn gunzip(b64: &str) -> Result<String, String> {
    let binary = atob(b64).map_err(|_| "not base64".to_owned())?;
    let mut bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    let stream = Codec::decompressing("gzip").map_err(text_of)?;
    let input = Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(text_of)?;
    let res = transform(input, &stream).map_err(text_of)?;
    let text = JsFuture::from(res.text().map_err(text_of)?)
        .await
        .map_err(|_| "not gzip".to_owned())?;
    text.dyn_into::<JsString>()
        .map(String::from)
        .map_err(|_| "not text".to_owned())
}
