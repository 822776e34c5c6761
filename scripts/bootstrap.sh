#!/usr/bin/env bash
# Installs what building and testing Tenant Desk needs, skipping whatever is already
# present at the right version, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $BINDGEN_VERSION\$"; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (about 4 minutes)"
  # Not --locked: the CLI's own lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "=$BINDGEN_VERSION"
fi

# wasm-split-cli splits the app's wasm at its split points (scripts/split-app.mjs). It has
# no --version, so cargo's list of installed packages says which one is there.
SPLIT_VERSION=0.2.3
if ! cargo install --list | grep -qx "wasm_split_cli_support v$SPLIT_VERSION:"; then
  say "installing wasm-split-cli $SPLIT_VERSION (about 2 minutes)"
  cargo install wasm_split_cli_support --version "=$SPLIT_VERSION" --features build-binary --locked
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Playwright and binaryen's wasm-opt (Debian's binaryen is too old for trunk's wasm).
if [ ! -x tests/node_modules/.bin/wasm-opt ] || [ ! -d tests/node_modules/@playwright/test ] \
  || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  say "installing the browser test tools (npm ci)"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi

# Microsoft's Graph SDK for Python (tests/sdk/requirements.txt) for the SDK test against
# graph-server; skipped at once when tests/sdk/.venv already holds those pins.
tests/sdk/install.sh

# The pinned nightly with std's source (the wasm release build), and cargo-fuzz.
scripts/nightly.sh rust-src >/dev/null
scripts/fuzz-tools.sh >/dev/null

say "ready"
