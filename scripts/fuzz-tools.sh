#!/usr/bin/env bash
# Makes sure the fuzzing tools are there (a nightly pinned by its date, and cargo-fuzz), and
# prints the toolchain to use. Idempotent: a second run takes a second.
set -euo pipefail
# The nightly the fuzz targets are built with: the machine's own `nightly` when it is this
# one, else this one installed by date.
NIGHTLY_DATE=2026-05-19
PINNED="nightly-2026-05-20"
CARGO_FUZZ_VERSION=0.13.2
say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }

if rustc +nightly -V 2>/dev/null | grep -q "$NIGHTLY_DATE"; then
  toolchain=nightly
elif rustc "+$PINNED" -V >/dev/null 2>&1; then
  toolchain="$PINNED"
else
  say "installing the $PINNED toolchain for fuzzing"
  rustup toolchain install "$PINNED" --profile minimal >&2
  toolchain="$PINNED"
fi
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked >&2
fi
echo "$toolchain"
