#!/usr/bin/env bash
# The app's release build: trunk, with the wasm built on the pinned nightly
# (scripts/nightly.sh) with std rebuilt for it and panics that abort at once, which leaves
# out std's panic formatting: 783.3 KB gzip instead of 730 KB on stable (measured
# 2026-12-01, same commit). A panic then shows in the console as "RuntimeError:
# unreachable" without its message; TENANT_DESK_STABLE=1 builds on stable, with it.
# Arguments go to trunk: ./scripts/build-release.sh --public-url /tools/tenant-desk/ --dist out
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ -n "${TENANT_DESK_STABLE:-}" ]; then
  exec trunk build --release "$@"
fi
toolchain="$(scripts/nightly.sh rust-src)"
# std is rebuilt from source; the target is added anyway, so the build does not rest on
# build-std finding a target rustup does not know.
if ! rustup target list --toolchain "$toolchain" --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain" >&2
fi
# Rebuilding std needs its own dependencies, which trunk's offline build cannot fetch.
library="$(rustc "+$toolchain" --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
cargo "+$toolchain" fetch --locked --manifest-path "$library" --offline >/dev/null 2>&1 \
  || cargo "+$toolchain" fetch --locked --manifest-path "$library" >/dev/null
# The wasm's flags replace .cargo/config.toml's, so erase_components is repeated here.
RUSTUP_TOOLCHAIN="$toolchain" \
CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort" \
  exec trunk build --release "$@"
