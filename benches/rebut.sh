#!/usr/bin/env bash
# Benchmark (not a test): median wall time and peak memory of `coop rebut`,
# next to `true` measured in the same run (process start-up on this machine).
# Usage: bash benches/rebut.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
bin=target/release/coop
mail=benches/mail-300.txt # 300 words of a council e-mail and minutes (dev corpus)

# Median wall time of one run in milliseconds, over $runs runs.
median_ms() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( end - start )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] / 1000000 }'
}

# Peak resident memory in MB: the median of 21 runs (one run varies by a
# few hundred kB with what the kernel maps in around each page).
peak_mb() {
  for _ in $(seq 21); do
    /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1024 }'
}

row() {
  local label=$1
  shift
  printf '%-48s %10s %10s\n' "$label" "$(median_ms "$@")" "$(peak_mb "$@")"
}

printf '%-48s %10s %10s\n' "command" "median ms" "peak MB"
row "true" true
row "coop rebut \"goedkope grond\"" "$bin" rebut "goedkope grond"
row "coop rebut (one sentence of 40 words)" "$bin" rebut "Uit uw verzoek maken wij op dat u, gelet op de huidige marktomstandigheden en in het licht van de afspraken in het coalitieakkoord, vooral een korting op de grondprijs verwacht, terwijl de gemeente de kavel alleen tegen marktwaarde kan verkopen."
row "coop rebut --format json - < mail (300 words)" sh -c "$bin rebut --format json - < $mail"
row "coop gemeente utrecht" "$bin" gemeente utrecht
