//! `graph-server`: the tenant engine behind HTTP, in Microsoft Graph v1.0's wire format.
//!
//! A client written against Graph (the app's HTTP transport, a script, a test) runs against
//! this server unchanged: the same paths under `/v1.0`, the same headers, status codes and
//! JSON bodies, including Graph's errors, `$batch`, throttling and asynchronous group
//! licensing. Flags inject latency, 429s and 503s (for whole responses and for `$batch`
//! items, as Graph throttles them) so clients can be tested against them.
//!
//! Sign-in: without `--issuer`, a request names its admin with a development token,
//! `Authorization: Bearer dev:<upn>`. With `--issuer`, signed access tokens (JWTs) from
//! those OpenID Connect issuers are checked as Graph checks Entra's ([`tokens`]) and
//! development tokens are refused unless `--allow-dev-tokens`.
//!
//! Outside Graph's paths, `GET /_stats` answers request counters for benchmarks, never
//! delayed nor faulted: `{"requests": N, "batches": N, "batchItems": N, "throttled": N,
//! "unavailable": N}` ([`stats`]).

mod args;
mod faults;
mod service;
mod stats;
mod tokens;

use std::net::SocketAddr;

use clap::Parser;

use crate::args::Args;

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(message) = args.check() {
        eprintln!("graph-server: {message}");
        std::process::exit(2);
    }
    let state = service::State::new(&args);
    service::spawn_group_worker(state.clone(), args.group_delay_ms);
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("graph-server: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    // Tests and scripts wait for this line before sending requests.
    println!("graph-server listening on http://{local}/v1.0 ({})", state.describe());
    let app = service::router(state);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("graph-server: {e}");
        std::process::exit(1);
    }
}
