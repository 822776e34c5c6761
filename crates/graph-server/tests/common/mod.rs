//! Shared by the HTTP tests: a `graph-server` process on a free port, and reading answers
//! whatever their status.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The demo tenant's Global admin, as a development token.
pub const ADMIN: &str = "Bearer dev:admin@contoso.onmicrosoft.com";

/// A server on a free port, stopped when dropped.
pub struct Server {
    child: Child,
    /// The version root, `http://127.0.0.1:PORT/v1.0`, as the start-up line says.
    pub base: String,
}

impl Server {
    /// Starts the binary with `flags` on a free port and waits for its start-up line.
    pub fn start(flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_graph-server"))
            .args(["--port", "0", "--group-delay-ms", "50"])
            .args(flags)
            .stdout(Stdio::piped())
            .spawn()
            .expect("graph-server starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("start-up line");
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("address in the start-up line")
            .to_owned();
        Server { child, base }
    }

    /// An absolute URL for a path under the version root.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` as the demo's Global admin.
    pub fn get(&self, path: &str) -> (u16, Value) {
        send(ureq::get(&self.url(path)).set("Authorization", ADMIN), None)
    }

    /// `POST` of a JSON body as the demo's Global admin.
    pub fn post(&self, path: &str, body: Value) -> (u16, Value) {
        send(ureq::post(&self.url(path)).set("Authorization", ADMIN), Some(body))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a request and reads the status and JSON body (a string if the body is not JSON),
/// whatever the status.
pub fn send(req: ureq::Request, body: Option<Value>) -> (u16, Value) {
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let r = match res {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = r.status();
    let text = r.into_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// The response whatever its status, for checking headers.
pub fn answer(res: Result<ureq::Response, ureq::Error>) -> ureq::Response {
    match res {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    }
}
