#!/usr/bin/env bash
# bench_pdf.sh - render one booklet of N generated fiches in release mode and
# report wall time and peak memory (/usr/bin/time -v).
#   scripts/bench_pdf.sh [COUNT=1000]
# Uses CARGO_TARGET_DIR if set (default: the project's target/).
set -euo pipefail
COUNT=${1:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=/tmp/recueil-bench-$COUNT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
if [ ! -d "$CORPUS/fiches" ]; then
  python3 "$HERE/../shared/bench/gen_corpus.py" --count "$COUNT" --out "$CORPUS/fiches"
fi
cd "$HERE"
cargo build --release --quiet --example bench_livret
BIN=${CARGO_TARGET_DIR}/release/examples/bench_livret
mkdir -p /tmp/recueil-bench-out
RECUEIL_BENCH_ROOT=$CORPUS RECUEIL_BENCH_OUT=/tmp/recueil-bench-out \
  /usr/bin/time -v "$BIN" 2>&1 \
  | grep -E "bench:|load |User time|System time|Percent of CPU|Elapsed|Maximum resident"
ls -l /tmp/recueil-bench-out/recueil.pdf
pdfinfo /tmp/recueil-bench-out/recueil.pdf | grep -E "Pages|File size" || true
