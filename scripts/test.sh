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
step "cargo clippy (the app and its worker for wasm32)"
cargo clippy -p tenant-desk -p tenant-worker --target wasm32-unknown-unknown -- -D warnings
step "cargo test"
cargo test --workspace
step "Graph SDK for Python against graph-server"
tests/sdk/run.sh
step "fuzzing the OData parser and the REST surface (60 s each)"
./scripts/fuzz.sh 60
step "the release build (scripts/build-release.sh: trunk, the wasm on the pinned nightly)"
scripts/build-release.sh
# The same app built for a site that serves it under a sub-path (trunk's public_url).
scripts/build-release.sh --public-url /courses/tenant-desk/ --dist dist-subpath
# The same build configured for each setup the browser tests use (tests/configs):
# graph-server plain, slow and throttling, signing in with a real provider, faulting, and
# embedded in an intranet page (on the simulated tenant, and on graph-server with the
# page's token).
for setup in graph slow signin faults embed embed-graph; do
  rm -rf "dist-$setup" && cp -r dist "dist-$setup"
  node scripts/configure.mjs "dist-$setup" "tests/configs/$setup.json"
done
step "the test OpenID provider, by itself (tests/oidc/check.mjs)"
(cd tests && node oidc/check.mjs)
step "browser end-to-end tests (headless Chromium)"
(cd tests && CI=1 npx playwright test)
