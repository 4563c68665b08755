#!/usr/bin/env bash
# Measurement (not a test): `coop weerleg` through the whole matcher
# (sentence splitting, short echoes, denials) on dev sentences it did not
# learn from. For each fifth k of dev: train without it (HOLDOUT=k), build,
# and measure it (`eval --holdout k`). Cross-validation in train.rs scores
# whole texts with the model alone; this scores what a user gets.
# At the end the model is trained on all of dev again: the same
# src/matching/model.tsv as before, byte for byte.
# Usage: bash benches/holdout.sh   (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
# A quicker build than the release profile: only the figures matter here.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target/holdout}
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
cargo build --release --quiet --example train
out=$(mktemp)
for k in 0 1 2 3 4; do
  HOLDOUT=$k "$CARGO_TARGET_DIR/release/examples/train" >/dev/null
  cargo build --release --quiet --example eval
  echo "fifth $k:"
  "$CARGO_TARGET_DIR/release/examples/eval" --holdout "$k" | sed -n '2,8p' | tee -a "$out"
done
# All five fifths together: the counts "(right/all)" of each line summed.
echo "all of dev:"
awk -F'[()/]' '/%/ && !/no answer/ { key = $1; sub(/ *[0-9.]+% *$/, "", key); sub(/as the$/, "as the objection they deny", key); ok[key] += $(NF-2); n[key] += $(NF-1); if (!(key in seen)) { seen[key] = 1; order[++m] = key } }
  END { for (i = 1; i <= m; i++) { k = order[i]; printf "%-56s %5.1f%% (%d/%d)\n", k, 100 * ok[k] / n[k], ok[k], n[k] } }' "$out"
rm -f "$out"
"$CARGO_TARGET_DIR/release/examples/train" >/dev/null
git diff --quiet -- src/matching/model.tsv || echo "warning: src/matching/model.tsv differs from git" >&2
