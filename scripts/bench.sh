#!/usr/bin/env bash
# Benchmarks of recueil on generated corpora (not a test): wall time (median of
# RUNS runs) and peak memory (/usr/bin/time -v) of `check` and of a full site
# build without PDF, at 1,000 and 10,000 fiches, output on tmpfs and on disk.
# Usage: scripts/bench.sh [RUNS]   (needs ../shared/bench/gen_corpus.py)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SHARED=$(cd ../shared && pwd)
WORK=${BENCH_DIR:-/tmp/recueil-bench}
BIN=target/release/recueil
cargo build --release --quiet
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { echo "installez le paquet time (apt-get install time)"; exit 2; }

corpus() { # N → project folder
  local n=$1 dir="$WORK/corpus-$1"
  if [ ! -f "$dir/.ok" ]; then
    rm -rf "$dir"; mkdir -p "$dir"
    python3 "$SHARED/bench/gen_corpus.py" --count "$n" --out "$dir/fiches" >/dev/null
    touch "$dir/.ok"
  fi
  echo "$dir"
}

# measure LABEL CMD… → prints "LABEL: median wall s, max peak MB"
measure() {
  local label=$1; shift
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || { echo "$label: ÉCHEC"; cat "$WORK/time.txt"; return 1; }
    read -r t m < "$WORK/time.txt"
    times+=("$t"); mems+=("$m")
  done
  local med max
  med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  max=$(printf '%s\n' "${mems[@]}" | sort -n | tail -1)
  printf '%-48s %6.2f s  %6d Mo\n' "$label" "$med" "$((max / 1024))"
}

for n in 1000 10000; do
  dir=$(corpus $n)
  measure "check, $n fiches" $BIN --root "$dir" check
  measure "build --no-pdf, $n fiches, sortie tmpfs" $BIN --root "$dir" --quiet build --no-pdf --output /dev/shm/recueil-bench-out
  measure "build --no-pdf, $n fiches, sortie disque" $BIN --root "$dir" --quiet build --no-pdf --output "$WORK/out-$n"
done
rm -rf /dev/shm/recueil-bench-out
