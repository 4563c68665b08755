#!/usr/bin/env bash
# Benchmark (not a test): a journal of 10,000 events (plus 60 contacts and
# 1,000 follow-ups) is loaded, listed, added to, and turned into a dossier
# and a timeline. Wall time and peak memory per command.
# Usage: bash benches/journal.sh [RUNS] [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
events=${2:-10000}
cargo build --release --quiet
bin=$PWD/target/release/coop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A generated journal: realistic field mix, every 10th event public, every
# 7th with an objection, every 5th with an outcome, every 20th with an agreement.
awk -v n="$events" 'BEGIN {
  split("gesprek brief inspraak motie raadsvergadering actie rondleiding nieuwsbericht besluit", kinds, " ")
  split("goedkope-grond geen-vraag winst geen-tijd niche financieel-risico", objs, " ")
  split("projectleider wethouder-wonen raadslid specialist-grondzaken beleidsambtenaar jurist", roles, " ")
  print "contacten:"
  for (c = 1; c <= 60; c++) {
    printf "  - naam: Persoon %d\n    rol: %s\n    organisatie: Gemeente Almere\n    sinds: %d-01-01\n", c, roles[(c % 6) + 1], 2010 + int(c / 5)
    if (c <= 50) printf "    tot: %d-12-31\n", 2010 + int(c / 5)
  }
  print "gebeurtenissen:"
  for (i = 1; i <= n; i++) {
    day = i % 28 + 1; month = int(i / 28) % 12 + 1; year = 2000 + int(i / 400)
    kind = kinds[(i % 9) + 1]
    printf "  - id: e%d\n    datum: %04d-%02d-%02d\n    soort: %s\n", i, year, month, day, kind
    printf "    met: [Persoon %d, Persoon %d]\n", i % 60 + 1, (i * 7) % 60 + 1
    printf "    samenvatting: Gebeurtenis %d over de kavel, de grondprijs en de planning van het project.\n", i
    if (i % 5 == 0) printf "    uitkomst: De gemeente komt binnen een maand met een voorstel.\n"
    if (i % 20 == 0) printf "    afspraken: [Elk kwartaal overleg over de voortgang]\n"
    if (i % 7 == 0) printf "    tegenwerpingen: [%s]\n", objs[(i % 6) + 1]
    if (i % 10 == 0) printf "    openbaar: true\n    links: [https://example.org/nieuws/%d]\n", i
  }
  print "vervolg:"
  for (v = 1; v <= n / 10; v++) {
    printf "  - id: v%d\n    datum: %04d-%02d-15\n    wat: Actie %d uitvoeren\n    bij: e%d\n", v, 2000 + int(v * 10 / 400), v % 12 + 1, v, v * 10
    if (v % 2 == 0) printf "    klaar: %04d-%02d-16\n", 2000 + int(v * 10 / 400), v % 12 + 1
  }
}' > "$work/journaal.yaml"
printf 'naam: De Vonk\ngemeente: Almere\nleden: 48\n' > "$work/coop.yaml"
cd "$work"
echo "journaal.yaml: $events gebeurtenissen, $(du -k journaal.yaml | cut -f1) kB"

mean_ms() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.1f", (e - s) / n / 1000000 }'
}
peak_mb() {
  /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
row() {
  local label=$1
  shift
  printf '%-52s %8s %9s\n' "$label" "$(mean_ms "$@")" "$(peak_mb "$@")"
}

cp journaal.yaml base.yaml
printf '%-52s %8s %9s\n' "command" "ms/run" "peak MB"
row "cat journaal.yaml > /dev/null" cat journaal.yaml
row "coop journaal -n 10" "$bin" journaal -n 10
row "coop journaal --format json" "$bin" journaal --format json
row "coop todo" "$bin" todo
row "coop dossier --voor projectleider" "$bin" dossier --voor projectleider
row "coop dossier --voor wethouder --format docx" "$bin" dossier --voor wethouder --format docx --out d.docx --force
row "coop tijdlijn --format html" "$bin" tijdlijn --format html
row "cp + coop journaal nieuw (lezen en schrijven)" sh -c "cp base.yaml journaal.yaml && '$bin' journaal nieuw --soort actie --datum 2026-05-01 --samenvatting Spandoek"
