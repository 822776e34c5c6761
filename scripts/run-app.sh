#!/usr/bin/env bash
# Installs what is missing, builds the app and serves it on the built-in simulated tenant
# at http://127.0.0.1:8080 (set PORT to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
source scripts/env.sh
scripts/build-release.sh
echo "Tenant Desk: http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops it)"
exec node tests/serve.mjs dist "${PORT:-8080}"
