//! The least a Leptos page can do that looks like the app's users list: a select that
//! filters rows of a table. The browser benchmark measures it beside the app, so the app's
//! figures can be read against what Leptos and wasm cost on their own.

use leptos::prelude::*;

const NAMES: [&str; 8] = ["Adele", "Alex", "Ben", "Chris", "Diego", "Grady", "Isaiah", "Joni"];

fn main() {
    mount_to_body(|| {
        let (kind, set_kind) = signal(String::from("All users"));
        let rows = move || {
            let guests = kind.get() == "Guest users";
            (0..100_000u32)
                .filter(move |i| !guests || i % 10 == 0)
                .take(50)
                .map(|i| (i, format!("{} {i}", NAMES[i as usize % NAMES.len()])))
                .collect::<Vec<_>>()
        };
        view! {
            <select aria-label="Filter users by view" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                <option>"All users"</option>
                <option>"Guest users"</option>
            </select>
            <div role="grid">
                <For each=rows key=|r| r.0 let((_, name))>
                    <div role="row"><span role="gridcell">{name}</span></div>
                </For>
            </div>
        }
    });
}
