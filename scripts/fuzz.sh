#!/usr/bin/env bash
# Fuzzes the engine (the OData parser, and the REST surface with any request) with
# cargo fuzz on nightly, for a bounded time per target: ./scripts/fuzz.sh [SECONDS_EACH]
# (default 60). New inputs go to a scratch folder; the corpus kept in the repo only seeds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
SECONDS_EACH="${1:-60}"
TOOLCHAIN="$(scripts/fuzz-tools.sh)"
cd crates/tenant/fuzz
for target in odata_filter rest_handle; do
  scratch="$(mktemp -d)"
  printf '\033[1mfuzz:\033[0m %s for %s s\n' "$target" "$SECONDS_EACH"
  # libFuzzer prints a line per new input; keep its summary.
  cargo "+$TOOLCHAIN" fuzz run "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -print_final_stats=1 >"$scratch.log" 2>&1 \
    || { tail -n 60 "$scratch.log"; exit 1; }
  grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$scratch.log" || tail -n 5 "$scratch.log"
  rm -rf "$scratch" "$scratch.log"
done
