//! The one modal dialog every flow uses: a title that names it, Escape closes (when it may),
//! Tab and Shift+Tab stay inside, the focus stays in it when its content changes, and goes
//! back to the control that opened it when it closes.

use std::cell::Cell;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::dialog::trap_tab;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A modal dialog.
#[component]
pub fn Modal(
    /// The heading, which is also the dialog's accessible name.
    #[prop(into)]
    title: Signal<String>,
    /// Closes the dialog (Escape, or a Cancel/Close button inside calls it too).
    #[prop(into)]
    on_close: Callback<()>,
    /// Whether Escape may close it now (not while a change is being saved).
    #[prop(into, default = Signal::stored(true))]
    closable: Signal<bool>,
    /// Wide, for previews and outcome tables.
    #[prop(default = false)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let title_id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        format!("modal-title-{}", n.get())
    });
    let node: NodeRef<html::Div> = NodeRef::new();
    // The control that opened the dialog gets the focus back when it closes.
    // (Cleanups run before the owner's values go, so the stored opener is still there.)
    let opener = StoredValue::new_local(active_element());
    on_cleanup(move || {
        let el = opener.try_with_value(|o| o.clone()).flatten();
        if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    Effect::new(move |_| {
        if let Some(d) = node.get() {
            focus_first(&d);
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        trap_tab(&ev);
        if ev.key() == "Escape" {
            // A dialog may sit inside the user panel: Escape closes only the dialog.
            ev.stop_propagation();
            if closable.get_untracked() {
                on_close.run(());
            }
        }
    };
    // A step that replaces the content removes the focused button: keep the focus inside,
    // so keys still reach the dialog.
    let on_focusout = move |ev: web_sys::FocusEvent| {
        if ev.related_target().is_none() {
            set_timeout(
                move || {
                    // The dialog may be gone by now (it closed and took the focus with it).
                    let Some(d) = node.try_get_untracked().flatten() else {
                        return;
                    };
                    let inside = active_element().is_some_and(|a| d.contains(Some(&a)));
                    if !inside {
                        let _ = d.focus();
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    };
    let labelled_by = title_id.clone();
    view! {
        <div class="dialog-backdrop"></div>
        <div class="dialog" class:wide=wide role="dialog" aria-modal="true" aria-labelledby=labelled_by
            tabindex="-1" node_ref=node on:keydown=on_keydown on:focusout=on_focusout>
            <h2 id=title_id>{move || title.get()}</h2>
            {children()}
        </div>
    }
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Focuses the first field or button of a newly opened dialog, else the dialog itself.
fn focus_first(dialog: &web_sys::HtmlDivElement) {
    let first = dialog
        .query_selector("input:not([disabled]), select:not([disabled]), textarea:not([disabled])")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match first {
        Some(f) => {
            let _ = f.focus();
        }
        None => {
            let _ = dialog.focus();
        }
    }
}
