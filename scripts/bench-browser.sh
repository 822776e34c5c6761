#!/usr/bin/env bash
# Builds the app (release) for a generated tenant of 100,000 users and a bare Leptos page,
# then measures both in headless Chromium: transfer size, first rows, filter changes.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
source scripts/env.sh
trunk build --release --dist dist-bench
printf '{ "backend": "simulated", "tenant": { "kind": "generated", "users": 100000, "seed": 1 } }\n' > dist-bench/config.json
(cd crates/floor && trunk build --release)
cd tests && node bench/browser.mjs ../dist-bench ../dist-floor
