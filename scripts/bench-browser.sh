#!/usr/bin/env bash
# Builds the app (release) once and configures it for the demo tenant and for generated
# tenants of 100,000 and 1,000,000 users, builds a bare Leptos page, then measures them in
# headless Chromium (tests/bench/browser.mjs): bytes of the first load and of the build,
# first rows, view changes, the longest main-thread tasks, a bulk change of about 10,000 users.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
source scripts/env.sh
scripts/build-release.sh --dist dist-bench-demo
for users in 100000 1000000; do
  rm -rf "dist-bench-$users" && cp -r dist-bench-demo "dist-bench-$users"
  printf '{ "backend": "simulated", "tenant": { "kind": "generated", "users": %d, "seed": 1 } }\n' "$users" > "dist-bench-$users/config.json"
done
# The floor goes through the same release build as the app (the pinned nightly).
TRUNK_CONFIG=crates/floor/Trunk.toml scripts/build-release.sh
cd tests && node bench/browser.mjs ../dist-bench-demo ../dist-bench-100000 ../dist-bench-1000000 ../dist-floor
