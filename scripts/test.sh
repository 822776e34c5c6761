#!/usr/bin/env bash
# Installs what is missing, then runs every check: format, lints, native tests (engine,
# server over HTTP, app), the release build, and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
source scripts/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo clippy (the app for wasm32)"
cargo clippy -p tenant-desk --target wasm32-unknown-unknown -- -D warnings
step "cargo test"
cargo test --workspace
step "Graph SDK for Python against graph-server"
tests/sdk/run.sh
step "fuzzing the OData parser and the REST surface (60 s each)"
./scripts/fuzz.sh 60
step "trunk build --release"
trunk build --release
# The same build configured for Graph, for the end-to-end tests against graph-server.
rm -rf dist-graph && cp -r dist dist-graph
printf '{ "backend": "graph", "baseUrl": "http://127.0.0.1:8787/v1.0", "devUser": "admin@contoso.onmicrosoft.com" }\n' > dist-graph/config.json
# And against a graph-server that answers after 1.5 s, where async bugs show.
rm -rf dist-slow && cp -r dist dist-slow
printf '{ "backend": "graph", "baseUrl": "http://127.0.0.1:8788/v1.0", "devUser": "admin@contoso.onmicrosoft.com" }\n' > dist-slow/config.json
sed -i 's#http://127.0.0.1:8787 #http://127.0.0.1:8787 http://127.0.0.1:8788 #' dist-slow/index.html # its CSP names its Graph endpoint
step "browser end-to-end tests (headless Chromium)"
(cd tests && CI=1 npx playwright test)
