#!/usr/bin/env bash
# Runs the property tests of every reader (tests/it/fuzz.rs) for longer than
# CI does. CI runs 64 cases per reader; this runs PROPTEST_CASES (default
# 20000) in release mode. Usage: scripts/fuzz.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_RANDOM=1
export PROPTEST_CASES="${1:-${PROPTEST_CASES:-20000}}"
exec cargo test --release --test it fuzz:: -- --test-threads="$(nproc)"
