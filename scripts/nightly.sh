#!/usr/bin/env bash
# Makes sure the pinned nightly is there, with the components named as arguments
# (e.g. rust-src), and prints its name. The nightly builds the fuzz targets and the
# wasm release build (scripts/build-release.sh); stable stays the default for everything
# else. Idempotent: a second run takes a second.
set -euo pipefail
# The machine's own `nightly` when it is this one, else this one installed by date.
NIGHTLY_DATE=2026-05-19
PINNED="nightly-2026-05-20"
say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }

if rustc +nightly -V 2>/dev/null | grep -q "$NIGHTLY_DATE"; then
  toolchain=nightly
elif rustc "+$PINNED" -V >/dev/null 2>&1; then
  toolchain="$PINNED"
else
  say "installing the $PINNED toolchain"
  rustup toolchain install "$PINNED" --profile minimal >&2
  toolchain="$PINNED"
fi
for component in "$@"; do
  if ! rustup component list --toolchain "$toolchain" --installed 2>/dev/null | grep -q "^$component"; then
    say "adding $component to $toolchain"
    rustup component add "$component" --toolchain "$toolchain" >&2
  fi
done
echo "$toolchain"
