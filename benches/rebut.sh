#!/usr/bin/env bash
# Benchmark (not a test): wall time and peak memory of `coop rebut` against
# just reading the data files. Usage: bash benches/rebut.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
cargo build --release --quiet
bin=target/release/coop

# Mean wall time per run in milliseconds, over $runs runs.
mean_ms() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.2f", (e - s) / n / 1000000 }'
}

# Peak resident memory in MB of one run.
peak_mb() {
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}

printf '%-45s %10s %10s\n' "command" "ms/run" "peak MB"
printf '%-45s %10s %10s\n' "cat data/*.yaml > /dev/null" \
  "$(mean_ms sh -c 'cat data/*.yaml')" "$(peak_mb sh -c 'cat data/*.yaml')"
printf '%-45s %10s %10s\n' "coop rebut \"goedkope grond\"" \
  "$(mean_ms "$bin" rebut "goedkope grond")" "$(peak_mb "$bin" rebut "goedkope grond")"
printf '%-45s %10s %10s\n' "coop rebut -n 5 --format json (long text)" \
  "$(mean_ms "$bin" rebut -n 5 --format json "ze zeiden dat er geen vraag is en dat we winst gaan maken op goedkope grond")" \
  "$(peak_mb "$bin" rebut -n 5 --format json "ze zeiden dat er geen vraag is en dat we winst gaan maken op goedkope grond")"
printf '%-45s %10s %10s\n' "coop gemeente utrecht" \
  "$(mean_ms "$bin" gemeente utrecht)" "$(peak_mb "$bin" gemeente utrecht)"
