use serde::Deserialize;
use serde_json::Value;
use tenant::simulation::TenantSeed;

use crate::embed::origin::{AllowedOrigins, Origin};

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
    /// The pages that may embed the app (`embed.allowedOrigins`); none when absent.
    pub embed: AllowedOrigins,
}

/// `config.json`'s `embed` section as written.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EmbedSection {
    /// Origins such as `https://intranet.example`.
    allowed_origins: Vec<String>,
}

/// The origins in `config.json`'s `embed` section, and a warning naming every entry left
/// out and why, so a typo shows at once instead of as a frame that never talks.
pub fn embed_origins(section: Option<&Value>) -> (AllowedOrigins, Option<String>) {
    let Some(section) = section.filter(|v| !v.is_null()) else {
        return (AllowedOrigins::default(), None);
    };
    let written = match EmbedSection::deserialize(section) {
        Ok(s) => s.allowed_origins,
        Err(e) => {
            return (
                AllowedOrigins::default(),
                Some(format!(
                    "config.json's \"embed\" is not valid ({e}); it should be {{ \"allowedOrigins\": [\"https://intranet.example\"] }}. No page may embed the app."
                )),
            )
        }
    };
    let mut origins = Vec::new();
    let mut bad = Vec::new();
    for (i, text) in written.iter().enumerate() {
        match Origin::parse(text) {
            Ok(o) => origins.push(o),
            Err(why) => bad.push(format!("embed.allowedOrigins[{i}] {text:?} is not an origin ({why})")),
        }
    }
    let warning = (!bad.is_empty()).then(|| format!("config.json: {}; it is left out.", bad.join("; ")));
    (AllowedOrigins::new(origins), warning)
}

/// Reads `config.json` next to the app. A missing or broken file falls back to the demo
/// tenant and says why, so a static site without one still works.
pub async fn load_config() -> (Config, Option<String>) {
    let fallback = Config {
        backend: Backend::Simulated {
            tenant: TenantSeed::Demo,
        },
        embed: AllowedOrigins::default(),
    };
    let text = match early_text().await {
        Some(t) => t,
        None => super::http::get_text(&crate::site::url("/config.json")).await,
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
            // The embed section apart, so a mistake in it leaves the backend working.
            let value = serde_json::from_str::<Value>(&text).unwrap_or_default();
            let (embed, warning) = embed_origins(value.get("embed"));
            (Config { backend, embed }, warning)
        }
        Err(e) => (
            fallback,
            Some(format!("config.json is not valid ({e}); using the demo tenant.")),
        ),
    }
}

/// A Graph backend with neither sign-in nor a development user sends no token at all
/// (unless an embedding page hands one over), so every request would fail with 401: say so
/// at once, with the fix.
pub fn unsigned_graph(config: &Config) -> Option<String> {
    match &config.backend {
        Backend::Graph {
            auth: None,
            dev_user: None,
            ..
        } if config.embed.is_empty() => Some(
            "config.json names a Graph backend without \"auth\", so nobody can sign in: add the app registration's \"auth\" settings (see the README).".into(),
        ),
        Backend::Graph {
            auth: None,
            dev_user: None,
            ..
        } => Some(
            "config.json names a Graph backend without \"auth\": only a page in embed.allowedOrigins can hand the app a token. Open it inside that page, or add the app registration's \"auth\" settings (see the README).".into(),
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_embed_section_names_its_origins() {
        let (allowed, warning) = embed_origins(Some(
            &json!({ "allowedOrigins": ["https://intranet.example", "http://127.0.0.1:4179/"] }),
        ));
        assert_eq!(warning, None);
        assert!(allowed.find("https://intranet.example").is_some());
        assert!(
            allowed.find("http://127.0.0.1:4179").is_some(),
            "the trailing / forgiven"
        );
        assert_eq!(embed_origins(None), (AllowedOrigins::default(), None));
        assert_eq!(embed_origins(Some(&Value::Null)), (AllowedOrigins::default(), None));
    }

    #[test]
    fn a_bad_origin_is_left_out_with_a_warning_naming_it() {
        let (allowed, warning) = embed_origins(Some(
            &json!({ "allowedOrigins": ["intranet.example", "https://intranet.example", "*"] }),
        ));
        assert!(allowed.find("https://intranet.example").is_some());
        let warning = warning.unwrap_or_default();
        assert!(
            warning.contains("embed.allowedOrigins[0] \"intranet.example\" is not an origin"),
            "{warning}"
        );
        assert!(warning.contains("embed.allowedOrigins[2] \"*\""), "{warning}");
        assert!(warning.contains("wildcards"), "{warning}");
    }

    #[test]
    fn a_malformed_embed_section_allows_nobody_and_says_how_it_should_look() {
        for bad in [
            json!({ "allowedOrigins": "https://intranet.example" }),
            json!({ "allowedOrigin": ["https://intranet.example"] }),
            json!(["https://intranet.example"]),
            json!({ "allowedOrigins": [5] }),
        ] {
            let (allowed, warning) = embed_origins(Some(&bad));
            assert!(allowed.is_empty(), "{bad}");
            assert!(warning.unwrap_or_default().contains("allowedOrigins"), "{bad}");
        }
    }

    #[test]
    fn a_graph_backend_without_tokens_is_warned_about_with_the_fix() {
        let graph = |embed: AllowedOrigins| Config {
            backend: Backend::Graph {
                base_url: "https://graph.microsoft.com/v1.0".into(),
                dev_user: None,
                auth: None,
            },
            embed,
        };
        assert!(unsigned_graph(&graph(AllowedOrigins::default()))
            .unwrap_or_default()
            .contains("nobody can sign in"));
        let (embed, _) = embed_origins(Some(&json!({ "allowedOrigins": ["https://intranet.example"] })));
        assert!(unsigned_graph(&graph(embed))
            .unwrap_or_default()
            .contains("embed.allowedOrigins"));
    }
}
