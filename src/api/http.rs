use gloo_net::http::{Headers, Request, RequestBuilder};
use tenant::rest::{Body, GraphRequest, GraphResponse};
use tenant::{ErrorCode, GraphError, Timestamp};

use super::transport::{LocalFuture, Transport};
use crate::auth::{Auth, TokenSource};
use crate::embed::host_token::HostToken;
pub(crate) use crate::js_text::js_text;

/// Graph (or a Graph-compatible server such as `graph-server`) over `fetch`, by gloo-net.
/// Signed in, every request carries the admin's access token: refreshed before it
/// expires, refreshed once more and sent again when Graph answers 401. Embedded with a
/// handed-over token, every request carries that one; without a token that works, requests
/// wait for the page to hand over a new one.
pub struct Http {
    root: String,
    origin: String,
    tokens: Option<TokenSource>,
}

impl Http {
    /// A transport to `root` (`https://graph.microsoft.com/v1.0`) with its tokens from
    /// `tokens` when there is a source (without, the caller's own `Authorization` header
    /// goes as it is).
    pub fn new(root: String, tokens: Option<TokenSource>) -> Self {
        let root = root.trim_end_matches('/').to_owned();
        Http {
            origin: origin_of(&root).to_owned(),
            root,
            tokens,
        }
    }

    /// The URL to fetch for `url`: a path goes under the root; an absolute URL (an
    /// `@odata.nextLink`) only when it is on the root's origin, so a tampered answer cannot
    /// send the admin's token elsewhere.
    fn resolve(&self, url: &str) -> Result<String, GraphResponse> {
        if url.starts_with('/') {
            return Ok(format!("{}{url}", self.root));
        }
        let on_origin = url
            .strip_prefix(self.origin.as_str())
            .is_some_and(|rest| rest.starts_with('/'));
        if on_origin {
            Ok(url.to_owned())
        } else {
            Err(client_error(format!(
                "The tenant's answer pointed to {}, which is not {}; it was not followed.",
                origin_of(url),
                self.origin
            )))
        }
    }
}

/// `scheme://host[:port]` of an absolute URL (all of it when it has no path).
pub fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?', '#']) {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

impl Transport for Http {
    fn send(&self, req: GraphRequest) -> LocalFuture<GraphResponse> {
        let url = self.resolve(&req.url);
        let tokens = self.tokens.clone();
        Box::pin(async move {
            let url = match url {
                Ok(u) => u,
                Err(refused) => return refused,
            };
            match tokens {
                None => fetch(&url, &req, None).await.unwrap_or_else(|e| network_error(&e)),
                Some(TokenSource::Session(auth)) => signed_in(&auth, &url, &req).await,
                Some(TokenSource::Host(host)) => handed_over(&host, &url, &req).await,
            }
        })
    }

    fn ready(&self) -> Option<LocalFuture<()>> {
        match &self.tokens {
            None => None,
            Some(TokenSource::Session(auth)) => auth.signed_in_again(),
            Some(TokenSource::Host(host)) => host.ready(),
        }
    }
}

/// Sends with the session's token, refreshed and sent once more after a 401.
async fn signed_in(auth: &Auth, url: &str, req: &GraphRequest) -> GraphResponse {
    let token = match auth.access_token().await {
        Ok(t) => t,
        Err(e) => return GraphResponse::error(&e, &tenant::simulation::context(Timestamp(0))),
    };
    let first = fetch(url, req, Some(&token))
        .await
        .unwrap_or_else(|e| network_error(&e));
    if first.status != 401 {
        return first;
    }
    // Graph refused the token (expired early, revoked): refresh once and send again;
    // a 401 means nothing was applied, so this is safe for writes too.
    match auth.refresh_after_401(&token).await {
        Ok(fresh) => fetch(url, req, Some(&fresh))
            .await
            .unwrap_or_else(|e| network_error(&e)),
        Err(_) => first,
    }
}

/// Sends with the embedding page's token. Without one that works, or when Graph refuses
/// it, the answer is a 401 and the page has been asked for a new token; callers wait for
/// it ([`Transport::ready`]) and send again, since a 401 applied nothing.
async fn handed_over(host: &HostToken, url: &str, req: &GraphRequest) -> GraphResponse {
    let Some(token) = host.token() else {
        let e = GraphError::new(
            ErrorCode::InvalidToken,
            "Waiting for the page that embeds Tenant Desk to hand over a Microsoft Graph token.",
        );
        return GraphResponse::error(&e, &tenant::simulation::context(Timestamp(0)));
    };
    let answer = fetch(url, req, Some(&token))
        .await
        .unwrap_or_else(|e| network_error(&e));
    if answer.status == 401 {
        host.refused(&token);
    }
    answer
}

/// Aborts its fetch when dropped: a request the runner timed out or cancelled, or whose
/// page went away, stops in the browser too instead of running on unseen.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
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

fn client_error(message: String) -> GraphResponse {
    GraphResponse::error(
        &GraphError::bad_request(message),
        &tenant::simulation::context(Timestamp(0)),
    )
}

async fn fetch(url: &str, req: &GraphRequest, token: Option<&str>) -> Result<GraphResponse, String> {
    let abort = AbortOnDrop(web_sys::AbortController::new().ok());
    let headers = Headers::new();
    for (k, v) in &req.headers {
        headers.set(k, v);
    }
    if let Some(t) = token {
        headers.set("Authorization", &format!("Bearer {t}"));
    }
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_str());
    if let Some(b) = &req.body {
        headers.set("Content-Type", "application/json");
        init.set_body(&wasm_bindgen::JsValue::from_str(&b.to_string()));
    }
    init.set_headers(&headers.into_raw());
    if let Some(c) = &abort.0 {
        init.set_signal(Some(&c.signal()));
    }
    // Built from the URL as it is: gloo-net's builder would parse it and write its query
    // again (adding a stray `&`), and a next link is to be followed verbatim.
    let request: Request = web_sys::Request::new_with_str_and_init(url, &init)
        .map_err(js_text)?
        .into();
    let resp = request.send().await.map_err(|e| e.to_string())?;
    let status = resp.status();
    let mut out_headers = Vec::new();
    for name in ["Location", "Retry-After", "Content-Type"] {
        if let Some(v) = resp.headers().get(name) {
            out_headers.push((name.to_owned(), v));
        }
    }
    let text = resp.text().await.map_err(|e| e.to_string())?;
    drop(abort);
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

/// Fetches a text file next to the app (config.json), or any URL the app itself names
/// (the sign-in provider's discovery document).
pub async fn get_text(url: &str) -> Result<String, String> {
    let resp = RequestBuilder::new(url).send().await.map_err(|e| e.to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    resp.text().await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_are_cut_at_the_path() {
        assert_eq!(
            origin_of("https://graph.microsoft.com/v1.0"),
            "https://graph.microsoft.com"
        );
        assert_eq!(origin_of("http://127.0.0.1:8787/v1.0/users?x"), "http://127.0.0.1:8787");
        assert_eq!(
            origin_of("https://evil.example?https://graph.microsoft.com/"),
            "https://evil.example"
        );
        assert_eq!(origin_of("https://graph.microsoft.com"), "https://graph.microsoft.com");
    }
}
