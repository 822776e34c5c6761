#!/usr/bin/env bash
# Installs Microsoft's Graph SDK for Python, pinned in requirements.txt, into
# tests/sdk/.venv. Skips at once when the venv already holds exactly those pins (a copy of
# requirements.txt is kept in the venv as the stamp). Used by run.sh and scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")"
VENV=$PWD/.venv
STAMP=$VENV/.requirements.installed
if [ -x "$VENV/bin/python" ] && cmp -s requirements.txt "$STAMP"; then
  exit 0
fi
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  PYTHON=$(command -v python3.11 || command -v python3)
fi
printf '\033[1msdk:\033[0m installing msgraph-sdk and its pinned dependencies into tests/sdk/.venv (%s)\n' \
  "$("$PYTHON" --version)"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
cp requirements.txt "$STAMP"
