#!/usr/bin/env bash
# Makes sure the fuzzing tools are there (the pinned nightly of scripts/nightly.sh, and
# cargo-fuzz), and prints the toolchain to use. Idempotent: a second run takes a second.
set -euo pipefail
CARGO_FUZZ_VERSION=0.13.2
say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }

toolchain="$("$(dirname "$0")/nightly.sh")"
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked >&2
fi
echo "$toolchain"
