#!/usr/bin/env bash
# Benchmark (not a test): every reader at and beyond its limit (README
# "Grenzen"), and two writers at once. Wall time and peak memory per command.
# Usage: bash benches/limits.sh [WRITES]   (WRITES per shell, default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
writes=${1:-200}
cargo build --release --quiet
bin=$PWD/target/release/coop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export COLUMNS=100 NO_COLOR=1
unset COOP_DATA COOP_PROFIEL COOP_JOURNAAL

# "label" command... : wall seconds and peak MB (exit code ignored).
measure() {
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" </dev/null || true
  read -r secs kb < <(tail -1 "$work/time")
  printf '| %s | %s s | %s MB | %s |\n' "$label" "$secs" "$((kb / 1024))" \
    "$(head -c 90 "$work/err" | tr '\n' ' ')"
}

echo "| invoer | tijd | piekgeheugen | melding (begin) |"
echo "|---|---|---|---|"

# Journal just under its limit (4 MB): events of about 240 bytes.
awk 'BEGIN {
  print "gebeurtenissen:"
  for (i = 1; i <= 17000; i++) {
    printf "  - id: e%d\n    datum: 2026-%02d-%02d\n    soort: gesprek\n    met: [Persoon %d]\n", i, i % 12 + 1, i % 28 + 1, i % 60
    printf "    samenvatting: Gebeurtenis %d over de kavel, de grondprijs en de planning van het project.\n", i
    printf "    uitkomst: De gemeente komt binnen een maand met een voorstel.\n"
  }
}' >journaal.yaml
measure "journaal $(du -h journaal.yaml | cut -f1) (\`coop journaal -n 1\`)" "$bin" journaal -n 1
measure "journaal $(du -h journaal.yaml | cut -f1) (\`coop journaal nieuw\`)" "$bin" journaal nieuw --soort brief --datum 2026-01-02 --samenvatting x
head -c 100000000 /dev/zero | tr '\0' 'a' | sed 's/^/x: /' >groot.yaml
measure "journaal 100 MB (geweigerd)" "$bin" journaal --journaal groot.yaml
printf 'naam: %s\n' "$(head -c 100000 /dev/zero | tr '\0' '[')" >diep.yaml
measure "journaal 100.000 keer [ " "$bin" journaal --journaal diep.yaml
measure "coop.yaml 100.000 keer [" "$bin" brief --profiel diep.yaml
measure "antwoorden 100.000 keer [" "$bin" start --antwoorden diep.yaml --ja
measure "ondertekenaars 100.000 keer [" "$bin" manifest --ondertekenaars diep.yaml
mkdir -p data && cp diep.yaml data/objections.yaml
measure "eigen gegevens 100.000 keer [" "$bin" --data data tegenwerpingen
rm -r data

# Profile just under 1 MB.
{
  echo "naam: De Groene Hof"
  echo "gemeente: Utrecht"
  echo "meerwaarde:"
  for i in $(seq 1 14000); do echo "  - Punt $i, elke week een open koffieochtend voor de buurt"; done
} >coop.yaml
measure "coop.yaml $(du -h coop.yaml | cut -f1) (\`coop brief\`)" "$bin" brief

# Profile just under 1 MB (above), recipients CSV just under 4 MB (only reading is timed: a wrong column stops it).
{
  echo "naam,partij,email"
  for i in $(seq 1 105000); do echo "Raadslid $i,VVD,r$i@raad.example"; done
  echo "kapot"
} >r.csv
measure "ontvangers $(du -h r.csv | cut -f1) (lezen)" "$bin" brief --ontvangers r.csv --out b
measure "stdin 200 MB (\`coop weerleg -\`)" bash -c "head -c 200000000 /dev/zero | tr '\\0' 'a' | $bin weerleg -"

# Two shells each adding $writes events at once.
rm -f journaal.yaml
start=$(date +%s.%N)
for w in a b; do
  (for i in $(seq 1 "$writes"); do
    "$bin" log add --journaal journaal.yaml --soort brief --datum 2026-01-02 --samenvatting "$w-$i" >/dev/null 2>/dev/null || echo fout >>fouten.txt
  done) &
done
wait
end=$(date +%s.%N)
saved=$("$bin" journaal --format json | grep -c '"id"' || true)
printf '| 2 × %s keer `coop journaal nieuw` tegelijk | %.1f s | | %s opgeslagen, %s fouten |\n' \
  "$writes" "$(echo "$end - $start" | bc)" "$saved" "$(grep -c . fouten.txt 2>/dev/null || echo 0)"
