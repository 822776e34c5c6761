#!/usr/bin/env bash
# Measures the release build against graph-server over HTTP in headless Chromium: a bulk
# Assign more of one product to 1,000 users (with and without injected 429s and 503s) and
# Graph mode on 100,000 users (first rows, Export users), each beside a floor measured by
# Node against the same server in the same run. Ports 4180-4183 and 8800-8805.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release -p graph-server
if [ ! -f dist/index.html ]; then
  trunk build --release
fi
cd tests && node bench/graph.mjs ../dist
