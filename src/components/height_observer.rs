//! An element's height as the browser lays it out, from a `ResizeObserver`.
//!
//! Reading `clientHeight` while a page is being built forces the browser to lay the page
//! out there and then (10 ms at start-up for the users grid); a ResizeObserver reports
//! after the browser's own layout, and again whenever the size changes (a window resize).
//! leptos-use's `use_element_size` does this too, but adds about 22 KB (gzip) to the app.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The observer and its callback, kept together: dropping it (with the component that
/// owns it) stops the observation.
pub struct Observer {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on` with `el`'s height in CSS pixels once the browser has laid it out, and
/// again whenever it changes, for as long as the returned observer is kept.
pub fn observe_height(el: &web_sys::Element, mut on: impl FnMut(f64) + 'static) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
            on(entry.content_rect().height());
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some(Observer {
        observer,
        _callback: callback,
    })
}

/// The height in CSS pixels of the element behind `target`; `initial` until the browser
/// first reports it.
pub fn use_height<E>(target: NodeRef<E>, initial: f64) -> ReadSignal<f64>
where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + AsRef<web_sys::Element> + 'static,
{
    let (height, set_height) = signal(initial);
    let kept = StoredValue::new_local(None::<Observer>);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        if let Some(observer) = observe_height(el.as_ref(), move |h| set_height.set(h)) {
            kept.set_value(Some(observer));
        }
    });
    height
}
