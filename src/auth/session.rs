//! The signed-in admin's session in the browser: starting it (the redirect and its way
//! back, or a silent attempt on reload), keeping its tokens fresh, and signing in again in
//! a window of its own when the session ends, so the page keeps its work.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use tenant::{ErrorCode, GraphError};

use super::browser;
use super::flow::{self, Attempt, AuthConfig, Callback, Endpoints, Prompt};
use super::tokens::{self, TokenAnswer, TokenRefusal, Tokens};

/// Where the session stands; the shell shows the Sign in page, the app, or the app under
/// a Sign in again bar.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthStatus {
    /// Signed in: every request carries the admin's token.
    SignedIn,
    /// The session ended while working (refreshing was refused): requests wait until the
    /// admin signs in again. `why` says what happened.
    SignInAgain {
        /// What ended the session, or why signing in again did not work.
        why: String,
    },
    /// Not signed in: only the Sign in page. `why` is the provider's refusal, if any.
    SignedOut {
        /// The provider's words, when it refused.
        why: Option<String>,
    },
}

/// How [`Auth::start`] ended.
pub enum Start {
    /// The app can show: signed in, or the Sign in page.
    Ready(Auth),
    /// The browser is on its way to the provider (a silent attempt on load).
    Leaving,
}

/// Why a refresh gave no token.
#[derive(Debug, Clone)]
enum RefreshError {
    /// The provider refused (the session ended): sign in again.
    Ended(String),
    /// The provider could not be reached or failed: try again later.
    Transient(String),
}

type Refreshing = Shared<LocalBoxFuture<'static, Result<String, RefreshError>>>;

struct Inner {
    config: AuthConfig,
    endpoints: Endpoints,
    redirect_uri: String,
    tokens: RefCell<Option<Tokens>>,
    refreshing: RefCell<Option<Refreshing>>,
    waiters: RefCell<Vec<oneshot::Sender<()>>>,
    status: ArcRwSignal<AuthStatus>,
}

/// The session: cheap to clone, one per app. Tokens live in it, in memory only.
#[derive(Clone)]
pub struct Auth(Rc<Inner>);

impl Auth {
    /// Starts the session on page load: completes a sign-in the provider sent the browser
    /// back from, or (on a plain load) tries a silent one, which leaves the page.
    pub async fn start(config: AuthConfig) -> Result<Start, String> {
        config.check()?;
        let discovery = config.discovery_url();
        let text = crate::api::get_text(&discovery)
            .await
            .map_err(|e| format!("The sign-in provider's settings ({discovery}) could not be read: {e}"))?;
        let endpoints: Endpoints = serde_json::from_str(&text)
            .map_err(|e| format!("The sign-in provider's settings ({discovery}) are not valid: {e}"))?;
        let (origin, path, search, hash) = browser::here().ok_or("the page has no address")?;
        let redirect_uri = config
            .redirect_uri
            .clone()
            .unwrap_or_else(|| format!("{origin}{}", crate::site::url("/")));
        let auth = Auth(Rc::new(Inner {
            config,
            endpoints,
            redirect_uri,
            tokens: RefCell::new(None),
            refreshing: RefCell::new(None),
            waiters: RefCell::new(Vec::new()),
            status: ArcRwSignal::new(AuthStatus::SignedOut { why: None }),
        }));
        match Callback::parse(&search) {
            Some(callback) => {
                let attempt = browser::take_attempt();
                let rest = format!("{path}{}{hash}", flow::strip_callback(&search));
                let back_to = attempt.as_ref().map_or(rest, |a| a.return_to.clone());
                browser::replace_url(&back_to);
                let status = match auth.finish(callback, attempt).await {
                    Ok(()) => AuthStatus::SignedIn,
                    Err(why) => AuthStatus::SignedOut { why },
                };
                auth.0.status.set(status);
                Ok(Start::Ready(auth))
            }
            None => {
                auth.redirect(Prompt::None, format!("{path}{search}{hash}")).await?;
                Ok(Start::Leaving)
            }
        }
    }

    /// The session's state, for views.
    pub fn status(&self) -> ArcRwSignal<AuthStatus> {
        self.0.status.clone()
    }

    /// **Sign in**: to the provider and back to this page.
    pub async fn sign_in(&self) -> Result<(), String> {
        let (_, path, search, hash) = browser::here().ok_or("the page has no address")?;
        self.redirect(Prompt::Normal, format!("{path}{search}{hash}")).await
    }

    async fn new_attempt(&self, silent: bool, return_to: String) -> Result<(Attempt, String), String> {
        let attempt = Attempt {
            state: browser::random_token(32)?,
            nonce: browser::random_token(32)?,
            verifier: browser::random_token(32)?,
            return_to,
            silent,
        };
        let challenge = browser::s256(&attempt.verifier).await?;
        Ok((attempt, challenge))
    }

    async fn redirect(&self, prompt: Prompt, return_to: String) -> Result<(), String> {
        let (attempt, challenge) = self.new_attempt(prompt == Prompt::None, return_to).await?;
        let i = &self.0;
        let url = flow::authorize_url(&i.endpoints, &i.config, &i.redirect_uri, &attempt, &challenge, prompt);
        browser::keep_attempt(&attempt)?;
        browser::go_to(&url)
    }

    /// Reads the provider's answer to `attempt`: `Err(None)` when a silent attempt found
    /// no session (the Sign in page, no error), `Err(Some(why))` when it failed.
    async fn finish(&self, callback: Callback, attempt: Option<Attempt>) -> Result<(), Option<String>> {
        let Some(attempt) = attempt.filter(|a| a.state == callback.state()) else {
            return Err(Some(
                "The sign-in answer was not for this tab (it may have been opened from another one). Sign in again."
                    .into(),
            ));
        };
        match callback {
            Callback::Error { .. } if attempt.silent && callback.needs_interaction() => Err(None),
            Callback::Error { error, description, .. } => Err(Some(refusal_text(&error, &description))),
            Callback::Code { code, .. } => self.redeem(&code, &attempt).await.map_err(Some),
        }
    }

    /// Exchanges `code` for tokens and checks the ID token answers `attempt`.
    async fn redeem(&self, code: &str, attempt: &Attempt) -> Result<(), String> {
        let i = &self.0;
        let body = flow::code_body(&i.config, &i.redirect_uri, code, &attempt.verifier);
        let answer = match post_token(&i.endpoints.token_endpoint, body).await {
            Ok(a) => a,
            Err(RefreshError::Ended(why) | RefreshError::Transient(why)) => return Err(why),
        };
        let claims = match &answer.id_token {
            Some(t) => tokens::claims(t, browser::base64url_decode)?,
            None => return Err("The provider sent no ID token; is the openid scope allowed?".into()),
        };
        tokens::check_nonce(&claims, &attempt.nonce)?;
        *i.tokens.borrow_mut() = Some(Tokens::from_answer(answer, js_sys::Date::now(), None));
        Ok(())
    }

    /// A valid access token: the one held, or a fresh one when it is about to expire.
    pub async fn access_token(&self) -> Result<String, GraphError> {
        let held = self.0.tokens.borrow().clone();
        match held {
            Some(t) if !t.stale(js_sys::Date::now()) => Ok(t.access),
            Some(_) => self.refresh().await.map_err(to_graph_error),
            None => Err(to_graph_error(RefreshError::Ended("You are not signed in.".into()))),
        }
    }

    /// After Graph refused `used`: a newer token when another request already refreshed,
    /// else a refresh.
    pub async fn refresh_after_401(&self, used: &str) -> Result<String, GraphError> {
        let held = self.0.tokens.borrow().as_ref().map(|t| t.access.clone());
        match held {
            Some(now) if now != used => Ok(now),
            _ => self.refresh().await.map_err(to_graph_error),
        }
    }

    /// One refresh at a time: requests that need one while it runs wait for the same.
    async fn refresh(&self) -> Result<String, RefreshError> {
        let running = self.0.refreshing.borrow().clone();
        let shared = match running {
            Some(s) => s,
            None => {
                let me = self.clone();
                let fut: LocalBoxFuture<'static, Result<String, RefreshError>> = Box::pin(async move {
                    let result = me.refresh_now().await;
                    *me.0.refreshing.borrow_mut() = None;
                    result
                });
                let s = fut.shared();
                *self.0.refreshing.borrow_mut() = Some(s.clone());
                s
            }
        };
        shared.await
    }

    async fn refresh_now(&self) -> Result<String, RefreshError> {
        let i = &self.0;
        let refresh = i.tokens.borrow().as_ref().and_then(|t| t.refresh.clone());
        let Some(refresh) = refresh else {
            let why = "Your sign-in has expired and the provider gave no way to renew it.".to_owned();
            i.status.set(AuthStatus::SignInAgain { why: why.clone() });
            return Err(RefreshError::Ended(why));
        };
        match post_token(&i.endpoints.token_endpoint, flow::refresh_body(&i.config, &refresh)).await {
            Ok(answer) => {
                let previous = i.tokens.borrow().clone();
                let fresh = Tokens::from_answer(answer, js_sys::Date::now(), previous.as_ref());
                let access = fresh.access.clone();
                *i.tokens.borrow_mut() = Some(fresh);
                Ok(access)
            }
            Err(RefreshError::Ended(refused)) => {
                let why = format!("Your sign-in has ended: the sign-in provider would not renew it. {refused}");
                i.status.set(AuthStatus::SignInAgain { why: why.clone() });
                Err(RefreshError::Ended(why))
            }
            Err(e) => Err(e),
        }
    }

    /// `Some` while the session waits for the admin to sign in again: resolves when they
    /// have.
    pub fn signed_in_again(&self) -> Option<crate::api::transport::LocalFuture<()>> {
        if !matches!(self.0.status.get_untracked(), AuthStatus::SignInAgain { .. }) {
            return None;
        }
        let (tx, rx) = oneshot::channel();
        self.0.waiters.borrow_mut().push(tx);
        Some(Box::pin(async move {
            let _ = rx.await;
        }))
    }

    /// **Sign in again**, in a window of its own so this page keeps its work; requests
    /// waiting for it go on once it is done.
    pub async fn sign_in_again(&self) {
        if let Err(why) = self.sign_in_in_popup().await {
            self.0.status.set(AuthStatus::SignInAgain { why });
        }
    }

    async fn sign_in_in_popup(&self) -> Result<(), String> {
        let (attempt, challenge) = self.new_attempt(false, String::new()).await?;
        let i = &self.0;
        let url = flow::authorize_url(
            &i.endpoints,
            &i.config,
            &i.redirect_uri,
            &attempt,
            &challenge,
            Prompt::Normal,
        );
        let popup = browser::open_popup(&url)?;
        let query = loop {
            crate::api::timer::sleep_ms(250).await;
            if let Some(q) = browser::popup_query(&popup).filter(|q| Callback::parse(q).is_some()) {
                popup.close().ok();
                break q;
            }
            if browser::is_closed(&popup) {
                return Err("The sign-in window was closed before signing in finished. Sign in again to go on.".into());
            }
        };
        let callback = Callback::parse(&query).ok_or("The sign-in window came back without an answer.")?;
        self.finish(callback, Some(attempt))
            .await
            .map_err(|why| why.unwrap_or_else(|| "The provider asked to sign in again.".into()))?;
        i.status.set(AuthStatus::SignedIn);
        for w in i.waiters.borrow_mut().drain(..) {
            let _ = w.send(());
        }
        Ok(())
    }

    /// **Sign out**: forgets the tokens and the tab's session storage, then ends the
    /// provider's session, which sends the browser back here.
    pub fn sign_out(&self) {
        let i = &self.0;
        let id_token = i.tokens.borrow_mut().take().and_then(|t| t.id_token);
        browser::clear_session_storage();
        i.status.set(AuthStatus::SignedOut { why: None });
        let url = flow::end_session_url(&i.endpoints, &i.config, &i.redirect_uri, id_token.as_deref())
            .unwrap_or_else(|| i.redirect_uri.clone());
        let _ = browser::go_to(&url);
    }
}

/// The provider's refusal in plain words.
fn refusal_text(error: &str, description: &str) -> String {
    let what = match error {
        "access_denied" => "Signing in was cancelled or refused.",
        "consent_required" | "interaction_required" => "The app needs consent to its permissions first.",
        "invalid_client" | "unauthorized_client" => {
            "The app registration does not allow this sign-in: check auth.clientId and its redirect URI."
        }
        "invalid_grant" => "The sign-in is no longer valid.",
        _ => "Signing in did not work.",
    };
    let description = description.trim().trim_end_matches('.');
    if description.is_empty() {
        format!("{what} ({error})")
    } else {
        format!("{what} ({error}: {description})")
    }
}

fn to_graph_error(e: RefreshError) -> GraphError {
    match e {
        RefreshError::Ended(why) => GraphError::new(ErrorCode::InvalidToken, why),
        RefreshError::Transient(why) => GraphError::new(
            ErrorCode::ServiceUnavailable,
            format!("The sign-in provider could not renew the token: {why}"),
        ),
    }
}

/// A token request: its tokens, or why not: `Ended` with the provider's refusal in plain
/// words (the code or refresh token is no good), `Transient` for anything that may pass.
async fn post_token(endpoint: &str, body: String) -> Result<TokenAnswer, RefreshError> {
    let request = RequestBuilder::new(endpoint)
        .method(Method::POST)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .map_err(|e| RefreshError::Transient(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|e| RefreshError::Transient(format!("the provider could not be reached ({e})")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| RefreshError::Transient(e.to_string()))?;
    if (200..300).contains(&status) {
        return serde_json::from_str(&text)
            .map_err(|e| RefreshError::Transient(format!("the provider's answer is not valid ({e})")));
    }
    match serde_json::from_str::<TokenRefusal>(&text) {
        Ok(r) if (400..500).contains(&status) && !r.error.is_empty() => {
            Err(RefreshError::Ended(refusal_text(&r.error, &r.error_description)))
        }
        _ => Err(RefreshError::Transient(format!("the provider answered HTTP {status}"))),
    }
}
