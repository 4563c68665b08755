#!/usr/bin/env bash
# Benchmark (not a test): a national mailing of 10,000 letters from one CSV.
# Usage: [COOP_BIN=PATH] bash benches/mailmerge.sh [ROWS] [RUNS]
# Prints the best of RUNS wall-clock times and the CPU time (user + system)
# of that run. Every run writes to a new name, and nothing is deleted
# between runs of one kind, so no run pays for removing the output of the
# one before; after its runs, a kind's output is removed and synced.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
runs=${2:-3}
# COOP_BIN=PATH measures another build (an older one, to compare).
if [ -z "${COOP_BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=${COOP_BIN:-$PWD/target/release/coop}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

parties=(VVD SP CDA D66 GroenLinks-PvdA ChristenUnie SGP PvdD JA21 BBB Volt "Lokaal Belang")
{
  echo "naam;partij;email"
  for i in $(seq "$rows"); do
    echo "Raadslid $i;${parties[$((i % ${#parties[@]}))]};raadslid$i@example.org"
  done
} > "$work/raad.csv"
printf 'naam: De Groene Hof\ngemeente: Utrecht\nleden: 45\nwachtlijst: 120\nemail: info@example.org\n' > "$work/coop.yaml"
cd "$work"

# best LABEL FORMAT OUT-STEM EXT: the best of $runs runs into OUT-STEM-N.EXT
# (EXT empty: a folder).
best() {
  local label=$1 format=$2 stem=$3 ext=$4 best_s="" cpu="" mem=""
  for run in $(seq "$runs"); do
    local out="$stem-$run${ext:+.$ext}"
    local start end s
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o stats.txt "$bin" brief --ontvangers raad.csv --out "$out" --format "$format" 2>/dev/null
    end=$(date +%s%N)
    s=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
      best_s=$s
      cpu=$(awk '{ printf "%.2f", $2 + $3 }' stats.txt)
      mem=$(awk '{ printf "%.0f", $1 / 1024 }' stats.txt)
    fi
  done
  printf '%-5s %-10s %6s s (CPU %5s s), peak %4s MB\n' "$format" "$label" "$best_s" "$cpu" "$mem"
  # Room on the disk for the next format; synced, so that no later run
  # pays for this removal.
  rm -rf "$stem"-*
  sync
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $rows letters, best of $runs"
for format in md eml docx; do
  best "folder" "$format" "out-$format" ""
done
# The same letters into one zip (and the e-mails into one mbox): no file
# system work per letter, so this measures coop itself.
for format in md eml docx; do
  best "zip" "$format" "one-$format" zip
done
best "mbox" eml "one" mbox
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
