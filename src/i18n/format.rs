//! Numbers and dates as the browser writes them in the current language (`Intl`): 1,234 in
//! English is 1.234 in Dutch. Outside the browser (native tests) plain Rust formatting.

use super::current::locale;

/// `n` with the language's digit grouping, e.g. "25,000" or "25.000". Tracks the language.
pub fn number(n: impl Into<f64>) -> String {
    let n = n.into();
    let tag = locale().tag();
    intl::number(tag, n).unwrap_or_else(|| n.to_string())
}

/// An ISO 8601 date and time from Graph as a medium date and short time in the language
/// (e.g. "1 dec 2026, 15:33"), in the browser's time zone; the text as given if it is no
/// date. Tracks the language.
pub fn date_time(iso: &str) -> String {
    let tag = locale().tag();
    intl::date_time(tag, iso).unwrap_or_else(|| iso.replace('T', " ").trim_end_matches('Z').to_owned())
}

#[cfg(target_arch = "wasm32")]
mod intl {
    use std::cell::RefCell;

    use js_sys::{Array, Date, Function, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    // Making a formatter costs about a millisecond (the browser loads the language's
    // data); a page of rows formats hundreds of numbers. So one per kind is kept, for the
    // language it was made for.
    thread_local! {
        static NUMBER: RefCell<Option<(&'static str, Function)>> = const { RefCell::new(None) };
        static DATE_TIME: RefCell<Option<(&'static str, Function)>> = const { RefCell::new(None) };
    }

    fn formatter(
        cache: &'static std::thread::LocalKey<RefCell<Option<(&'static str, Function)>>>,
        tag: &'static str,
        make: impl FnOnce() -> Option<Function>,
    ) -> Option<Function> {
        cache.with(|c| {
            if let Some((t, f)) = &*c.borrow() {
                if *t == tag {
                    return Some(f.clone());
                }
            }
            let f = make()?;
            *c.borrow_mut() = Some((tag, f.clone()));
            Some(f)
        })
    }

    pub fn number(tag: &'static str, n: f64) -> Option<String> {
        let f = formatter(&NUMBER, tag, || {
            Some(Intl::NumberFormat::new(&Array::of1(&JsValue::from_str(tag)), &Object::new()).format())
        })?;
        f.call1(&JsValue::NULL, &JsValue::from_f64(n)).ok()?.as_string()
    }

    pub fn date_time(tag: &'static str, iso: &str) -> Option<String> {
        let date = Date::new(&JsValue::from_str(iso));
        if date.get_time().is_nan() {
            return None;
        }
        let f = formatter(&DATE_TIME, tag, || {
            let options = Object::new();
            Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
            Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
            Some(Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(tag)), &options).format())
        })?;
        f.call1(&JsValue::NULL, &date).ok()?.as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod intl {
    pub fn number(_tag: &'static str, _n: f64) -> Option<String> {
        None
    }

    pub fn date_time(_tag: &'static str, _iso: &str) -> Option<String> {
        None
    }
}
