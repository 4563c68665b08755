#!/usr/bin/env bash
# Benchmark (not a test): a national mailing of 10,000 letters from one CSV.
# Usage: bash benches/mailmerge.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
cargo build --release --quiet
bin=$PWD/target/release/coop
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
for format in md eml docx; do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o mem.txt "$bin" brief --ontvangers raad.csv --out "out-$format" --format "$format" 2>/dev/null
  end=$(date +%s%N)
  count=$(ls "out-$format" | wc -l)
  awk -v s="$start" -v e="$end" -v n="$count" -v f="$format" -v m="$(cat mem.txt)" \
    'BEGIN { printf "%-5s %6d letters in %6.2f s, peak %5.0f MB\n", f, n, (e - s) / 1e9, m / 1024 }'
done

# The same letters into one zip (and the e-mails into one mbox): no file
# system work per letter, so this measures coop itself.
for format in md eml docx; do
  rm -f "one-$format.zip"
  start=$(date +%s%N)
  /usr/bin/time -f "%M %U" -o mem.txt "$bin" brief --ontvangers raad.csv --out "one-$format.zip" --format "$format" 2>/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" -v f="$format" -v m="$(cut -d' ' -f1 mem.txt)" -v u="$(cut -d' ' -f2 mem.txt)" \
    'BEGIN { printf "%-5s into one zip in %6.2f s (CPU %5.2f s), peak %5.0f MB\n", f, (e - s) / 1e9, u, m / 1024 }'
done
rm -f one.mbox
start=$(date +%s%N)
"$bin" brief --ontvangers raad.csv --out one.mbox --format eml 2>/dev/null
end=$(date +%s%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "eml   into one mbox in %6.2f s\n", (e - s) / 1e9 }'
