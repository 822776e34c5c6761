//! The browser's part of embedding, kept thin: what the page says about its frame, the
//! `message` listener (a message counts only when both its origin and its source are the
//! embedding page), posting to that page (to its exact origin, never `"*"`), the body's
//! height, and theme tokens on the document element. The rules are in the pure modules
//! beside this one.

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::mode::EmbedMode;
use super::origin::{AllowedOrigins, Origin};
use super::protocol::{self, Ignored, Inbound, Outbound};
use super::theme::ThemeChange;
use crate::components::height_observer::{observe_height, Observer};

/// The page that embeds the app: its window (`window.parent`) and its allowed origin.
#[derive(Clone)]
pub struct Host {
    parent: web_sys::Window,
    origin: Origin,
}

/// Decides how the app shows itself, from the page as it is at start, and the embedding
/// page when there is one.
pub fn detect(allowed: &AllowedOrigins) -> (EmbedMode, Option<Host>) {
    let Some(window) = web_sys::window() else {
        return (EmbedMode::Standalone, None);
    };
    let parent = window.parent().ok().flatten();
    let framed = parent.as_ref().is_some_and(|p| !Object::is(p, &window));
    let search = window.location().search().unwrap_or_default();
    let mode = EmbedMode::decide(framed, parent_origin(&window).as_deref(), allowed, &search);
    let host = match (mode.host(), parent) {
        (Some(origin), Some(parent)) => Some(Host {
            parent,
            origin: origin.clone(),
        }),
        _ => None,
    };
    (mode, host)
}

/// The origin of the page that frames this one: `location.ancestorOrigins[0]` where the
/// browser has it (Chromium, Safari), else `document.referrer` (which the embedding page
/// sends unless it turned referrers off).
fn parent_origin(window: &web_sys::Window) -> Option<String> {
    let ancestors = Reflect::get(&window.location(), &"ancestorOrigins".into()).ok();
    let first = ancestors
        .filter(|a| a.is_object())
        .and_then(|a| Reflect::get(&a, &JsValue::from(0)).ok())
        .and_then(|o| o.as_string());
    first.or_else(|| window.document().map(|d| d.referrer()).filter(|r| !r.is_empty()))
}

impl Host {
    /// Posts `message` to the embedding page, to its exact origin only.
    pub fn post(&self, message: &Outbound) {
        let Ok(value) = js_sys::JSON::parse(&message.to_json()) else {
            return;
        };
        let _ = self.parent.post_message(&value, self.origin.as_str());
    }

    /// Listens for the page's messages for the life of the app: a message whose origin is
    /// not the page's, or that another window sent (a sibling frame, a popup), is ignored;
    /// a valid one goes to `on`. Ignored messages of this protocol are named on the
    /// console, for the page's developer.
    pub fn listen(&self, on: impl Fn(Inbound) + 'static) {
        let Some(window) = web_sys::window() else { return };
        let (parent, origin) = (self.parent.clone(), self.origin.clone());
        let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            let kind = data
                .is_object()
                .then(|| Reflect::get(&data, &"type".into()).ok())
                .flatten()
                .and_then(|t| t.as_string())
                .filter(|t| t.starts_with(protocol::PREFIX));
            // Other scripts' messages are none of the app's business.
            let Some(kind) = kind else { return };
            if ev.origin() != origin.as_str() {
                warn(&format!(
                    "Tenant Desk ignored {kind} from {}: not the origin of the page that embeds it ({origin}).",
                    ev.origin()
                ));
                return;
            }
            if !ev.source().is_some_and(|s| Object::is(&s, &parent)) {
                warn(&format!(
                    "Tenant Desk ignored {kind}: it was not sent by the page that embeds it (window.parent)."
                ));
                return;
            }
            let text = js_sys::JSON::stringify(&data)
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            match protocol::parse(&text) {
                Ok(message) => on(message),
                Err(Ignored::Invalid { kind, why }) => warn(&format!("Tenant Desk ignored {kind}: {why}.")),
                Err(Ignored::NotOurs) => {}
            }
        });
        let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        listener.forget();
    }

    /// Posts `tenantDesk.resize` whenever the content's height changes (a ResizeObserver
    /// on the body). The observation lasts as long as the returned observer is kept.
    pub fn report_height(&self) -> Option<Observer> {
        let body = web_sys::window()?.document()?.body()?;
        let host = self.clone();
        let last = std::cell::Cell::new(0u32);
        observe_height(body.as_ref(), move |height| {
            let height = height.ceil().clamp(0.0, f64::from(u32::MAX)) as u32;
            if last.replace(height) != height {
                host.post(&Outbound::Resize { height });
            }
        })
    }
}

/// Marks the document as embedded (`<html data-embedded>`): the stylesheet then lets the
/// page take its content's height, so the embedding page can size the frame to it.
pub fn mark_embedded() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-embedded", "");
    }
}

/// Sets (and puts back) the theme tokens of `change` on the document element, and names
/// what was refused on the console.
pub fn apply_theme(change: &ThemeChange) {
    let style = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|e| e.style());
    if let Some(style) = style {
        for (name, value) in &change.set {
            let _ = style.set_property(name, value);
        }
        for name in &change.reset {
            let _ = style.remove_property(name);
        }
    }
    for (name, why) in &change.refused {
        warn(&format!("Tenant Desk ignored the theme token {name:?}: {why}."));
    }
}

/// Whether `path` resolves inside the app's own origin: the last check before the router
/// takes a path the page asked for ([`super::path::app_path`] has checked it already).
pub fn stays_here(path: &str) -> bool {
    let Some(here) = web_sys::window().and_then(|w| w.location().origin().ok()) else {
        return false;
    };
    web_sys::Url::new_with_base(path, &here).is_ok_and(|u| u.origin() == here)
}

/// A warning on the console.
pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(text));
}
