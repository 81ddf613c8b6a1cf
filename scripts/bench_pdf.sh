#!/usr/bin/env bash
# bench_pdf.sh - render one booklet of N generated fiches in release mode and
# report wall time and peak memory (/usr/bin/time -v).
#   scripts/bench_pdf.sh [COUNT=1000]
# Uses CARGO_TARGET_DIR if set (default /work/target-pdf).
set -euo pipefail
COUNT=${1:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=/tmp/recueil-bench-$COUNT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/target-pdf}
if [ ! -d "$CORPUS/fiches" ]; then
  python3 /work/shared/bench/gen_corpus.py --count "$COUNT" --out "$CORPUS/fiches"
fi
cd "$HERE"
BIN=$(cargo test --release --test pdf_bench --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable") and "pdf_bench" in m["target"]["name"]:
        print(m["executable"])')
mkdir -p /tmp/recueil-bench-out
RECUEIL_BENCH_ROOT=$CORPUS RECUEIL_BENCH_OUT=/tmp/recueil-bench-out \
  /usr/bin/time -v "$BIN" --ignored --exact bench_booklet --nocapture 2>&1 \
  | grep -E "bench:|load |User time|System time|Percent of CPU|Elapsed|Maximum resident"
ls -l /tmp/recueil-bench-out/recueil.pdf
pdfinfo /tmp/recueil-bench-out/recueil.pdf | grep -E "Pages|File size" || true
