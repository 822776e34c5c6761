//! The simulated tenant's Web Worker: takes the app's commands (JSON text, see
//! `tenant::host`) one at a time, in the order they came, and posts each reply back. All
//! the engine's work (building the tenant, replaying a journal, a bulk change's requests)
//! and the journal's stored form (compressing it, [`stored`]) happen here, not on the
//! page's thread. Built by trunk (`data-type="worker"` in index.html) and started by the
//! app's `api::worker`.

mod stored;

use futures::channel::mpsc;
use futures::StreamExt;
use tenant::host::{Command, Envelope, Host, Reply};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (queue, mut commands) = mpsc::unbounded::<String>();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        // Anything but text is not a command; the host refuses it like any other.
        let _ = queue.unbounded_send(ev.data().as_string().unwrap_or_default());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page that started it.
    on_message.forget();
    // One command at a time, each to its end (decompressing a journal takes a while), so
    // none overtakes another.
    wasm_bindgen_futures::spawn_local(async move {
        let mut host = Host::default();
        while let Some(text) = commands.next().await {
            let reply = serve(&mut host, &text).await;
            // Only fails once the page is gone, when no one waits for the reply.
            let _ = scope.post_message(&JsValue::from_str(&reply));
        }
    });
}

/// One command: what the page stored is decoded on its way in, and what it is to store is
/// encoded on its way out; the rest is the host's.
async fn serve(host: &mut Host, text: &str) -> String {
    let Ok(Envelope { id, body }) = serde_json::from_str::<Envelope<Command>>(text) else {
        return host.handle_json(text);
    };
    let reply = match body {
        Command::Open {
            start,
            saved: Some(stored),
        } => match stored::decode(stored).await {
            Ok(json) => host.handle(Command::Open {
                start,
                saved: Some(json),
            }),
            Err(why) => match host.handle(Command::Open { start, saved: None }) {
                Reply::Opened { entries, .. } => Reply::Opened {
                    load_error: Some(why),
                    entries,
                },
                other => other,
            },
        },
        Command::TakeIn {
            theirs: Some(stored),
            saved,
        } => match stored::decode(stored).await {
            Ok(json) => host.handle(Command::TakeIn {
                theirs: Some(json),
                saved,
            }),
            Err(why) => Reply::Refused(why),
        },
        Command::Save => match host.handle(Command::Save) {
            Reply::Saved { json, entries } => match stored::encode(json).await {
                Ok(json) => Reply::Saved { json, entries },
                Err(why) => Reply::Refused(why),
            },
            other => other,
        },
        other => host.handle(other),
    };
    Host::reply_json(id, reply)
}
