use tenant::rest::{Body, GraphRequest, GraphResponse};
use tenant::{ErrorCode, GraphError, Timestamp};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

use super::transport::{LocalFuture, Transport};

/// Graph (or a Graph-compatible server such as `graph-server`) over `fetch`.
pub struct Http {
    root: String,
    authorization: Option<String>,
}

impl Http {
    /// A transport to `root` (`https://graph.microsoft.com/v1.0`).
    pub fn new(root: String, authorization: Option<String>) -> Self {
        Http {
            root: root.trim_end_matches('/').to_owned(),
            authorization,
        }
    }
}

impl Transport for Http {
    fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse> {
        let url = if req.url.starts_with("http") {
            req.url.clone()
        } else {
            format!("{}{}", self.root, req.url)
        };
        let auth = self.authorization.clone();
        Box::pin(async move {
            match fetch(&url, &req, auth.as_deref()).await {
                Ok(r) => r,
                Err(e) => network_error(&e),
            }
        })
    }
}

fn network_error(why: &str) -> GraphResponse {
    let e = GraphError::new(
        ErrorCode::ServiceUnavailable,
        format!("The tenant could not be reached: {why}"),
    );
    GraphResponse {
        status: 503,
        headers: Vec::new(),
        body: Body::Json(e.to_body(&Timestamp(0).iso(), "client")),
    }
}

async fn fetch(url: &str, req: &GraphRequest, auth: Option<&str>) -> Result<GraphResponse, String> {
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    let headers = Headers::new().map_err(js_text)?;
    for (k, v) in &req.headers {
        headers.set(k, v).map_err(js_text)?;
    }
    if let Some(a) = auth {
        headers.set("Authorization", a).map_err(js_text)?;
    }
    if let Some(b) = &req.body {
        headers.set("Content-Type", "application/json").map_err(js_text)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(&b.to_string()));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init).map_err(js_text)?;
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_text)?
        .dyn_into()
        .map_err(js_text)?;
    let status = resp.status();
    let mut out_headers = Vec::new();
    for name in ["Location", "Retry-After", "Content-Type"] {
        if let Ok(Some(v)) = resp.headers().get(name) {
            out_headers.push((name.to_owned(), v));
        }
    }
    let text = JsFuture::from(resp.text().map_err(js_text)?)
        .await
        .map_err(js_text)?
        .as_string()
        .unwrap_or_default();
    let is_json = out_headers
        .iter()
        .any(|(k, v)| k == "Content-Type" && v.contains("json"));
    let body = if text.is_empty() {
        Body::Empty
    } else if is_json {
        serde_json::from_str(&text).map(Body::Json).unwrap_or(Body::Text(text))
    } else {
        Body::Text(text)
    };
    Ok(GraphResponse {
        status,
        headers: out_headers,
        body,
    })
}

/// Fetches a text file next to the app (config.json).
pub async fn get_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(js_text)?
        .dyn_into()
        .map_err(js_text)?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(js_text)?).await.map_err(js_text)?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// A JavaScript error or value as text for a message: an `Error`'s message alone (its
/// stack means nothing to an admin), a string as it is.
pub(super) fn js_text(v: wasm_bindgen::JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}
