# Sourced by the scripts: puts the installed tools on PATH (cargo's bin, and binaryen's
# wasm-opt from tests/node_modules, which trunk looks up by name).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
