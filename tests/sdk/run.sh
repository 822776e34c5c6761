#!/usr/bin/env bash
# Drives graph-server with Microsoft's Graph SDK for Python: installs the pinned SDK in
# tests/sdk/.venv when missing (install.sh: about a minute once, nothing after), builds and
# starts target/debug/graph-server on port 8790 (GRAPH_SDK_PORT to change it), runs
# test_graph_sdk.py against it and stops the server. Prints `N passed, N failed` last.
set -euo pipefail
cd "$(dirname "$0")"
SDK_DIR=$PWD
ROOT=$(cd ../.. && pwd)
PORT=${GRAPH_SDK_PORT:-8790}
VENV=$SDK_DIR/.venv

./install.sh

# Built every time (seconds when up to date), so a stale binary is never the one tested.
BIN=$ROOT/target/debug/graph-server
(cd "$ROOT" && cargo build -q -p graph-server)

LOG=$(mktemp)
"$BIN" --port "$PORT" --group-delay-ms 200 >"$LOG" 2>&1 &
SERVER=$!
stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -f "$LOG"
}
trap stop EXIT

# Wait for the start-up line (the server prints it once it listens).
for _ in $(seq 1 100); do
  grep -q "listening on" "$LOG" && break
  if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "sdk: graph-server did not start:"; cat "$LOG"; exit 1
  fi
  sleep 0.1
done
grep -q "listening on" "$LOG" || { echo "sdk: graph-server did not start in 10 s:"; cat "$LOG"; exit 1; }

GRAPH_SERVER_URL="http://127.0.0.1:$PORT/v1.0" "$VENV/bin/python" test_graph_sdk.py
