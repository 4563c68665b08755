#!/usr/bin/env bash
# Benchmark (not a test): `coop serve` (release build) answering a rebuttal
# page and a letter page one request at a time (time at the server, from
# its Server-Timing header, and at the client), then 50 clients for 10
# seconds (rebuttals, letters, journal pages and new journal events) that
# must all get the right answer, with every saved event in the journal.
# Usage: bash benches/serve.sh [SECONDS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
clients=${2:-50}
cargo build --release --quiet --bin coop --example serve_load
bin=$PWD/target/release/coop
load=$PWD/target/release/examples/serve_load
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/coop.yaml" <<'YAML'
naam: De Groene Hof
gemeente: Utrecht
contactpersoon: Anna Jansen
functie: voorzitter
email: info@groenehof.nl
leden: 45
woningen: 30
wachtlijst: 120
YAML
(cd "$work" && exec "$bin" serve --port 0 >"$work/out" 2>"$work/err") &
server=$!
for _ in $(seq 100); do
  grep -q http "$work/out" 2>/dev/null && break
  sleep 0.1
done
host=$(grep -o 'http://[^/]*' "$work/out" | head -1 | sed 's#http://##')
"$load" "$host" "$work" "$seconds" "$clients"
kill -INT "$server"
wait "$server"
echo "coop serve stopped with exit code $?"
