use serde::Deserialize;
use tenant::simulation::TenantSeed;

/// Which backend the deployment uses; read from `config.json`, never from the URL, so a
/// link cannot point the app at another server.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "backend", rename_all = "camelCase")]
pub enum Backend {
    /// The built-in simulated tenant.
    Simulated {
        /// Which tenant to start from.
        #[serde(default = "demo")]
        tenant: TenantSeed,
    },
    /// Microsoft Graph or a Graph-compatible server.
    Graph {
        /// The version root, e.g. `https://graph.microsoft.com/v1.0`.
        #[serde(rename = "baseUrl")]
        base_url: String,
        /// The development sign-in (`dev:` + UPN) for `graph-server`; sent only when there
        /// is no `auth`, so a real tenant never sees one.
        #[serde(rename = "devUser")]
        dev_user: Option<String>,
        /// Signing in with the Microsoft identity platform (or another OpenID provider).
        #[serde(default)]
        auth: Option<crate::auth::AuthConfig>,
    },
}

fn demo() -> TenantSeed {
    TenantSeed::Demo
}

/// The deployment's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The backend.
    pub backend: Backend,
}

/// Reads `config.json` next to the app. A missing or broken file falls back to the demo
/// tenant and says why, so a static site without one still works.
pub async fn load_config() -> (Config, Option<String>) {
    let fallback = Config {
        backend: Backend::Simulated {
            tenant: TenantSeed::Demo,
        },
    };
    let text = match early_text().await {
        Some(t) => t,
        None => super::http::get_text("/config.json").await,
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            return (
                fallback,
                Some(format!("config.json could not be read ({e}); using the demo tenant.")),
            )
        }
    };
    match serde_json::from_str::<Backend>(&text) {
        Ok(backend) => {
            let warning = unsigned_graph(&backend);
            (Config { backend }, warning)
        }
        Err(e) => (
            fallback,
            Some(format!("config.json is not valid ({e}); using the demo tenant.")),
        ),
    }
}

/// A Graph backend with neither sign-in nor a development user sends no token at all, so
/// every request would fail with 401: say so at once, with the fix.
fn unsigned_graph(backend: &Backend) -> Option<String> {
    match backend {
        Backend::Graph {
            auth: None,
            dev_user: None,
            ..
        } => Some(
            "config.json names a Graph backend without \"auth\", so nobody can sign in: add the app registration's \"auth\" settings (see the README).".into(),
        ),
        _ => None,
    }
}

/// The text of `config.json` as `boot.js` started reading it (`window.tenantDeskConfig`),
/// or `None` when the app was loaded another way.
async fn early_text() -> Option<Result<String, String>> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let promise = js_sys::Reflect::get(&window, &"tenantDeskConfig".into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    Some(
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(super::http::js_text)
            .and_then(|t| t.as_string().ok_or_else(|| "not text".to_owned())),
    )
}
