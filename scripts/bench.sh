#!/usr/bin/env bash
# Benchmarks of recueil on generated corpora (not a test): wall time (median of
# RUNS runs) and peak memory (/usr/bin/time) of `check` and of a full site build
# without PDF at 1,000 and 10,000 fiches (output on tmpfs and on disk), the
# 1,000-fiche booklet, an incremental rebuild in `serve` after editing one fiche
# of 10,000, and Hugo on the equivalent site in the same run, so that the
# ratio holds on a noisy machine.
# Usage: scripts/bench.sh [RUNS]   (needs ../shared/bench/gen_corpus.py)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SHARED=$(cd ../shared && pwd)
WORK=${BENCH_DIR:-/tmp/recueil-bench}
BIN=target/release/recueil
cargo build --release --quiet --bin recueil --example bench_livret
mkdir -p "$WORK"
if [ ! -x /usr/bin/time ] || ! command -v hugo >/dev/null; then
  [ "$(id -u)" = 0 ] && { apt-get update -qq && apt-get install -y -qq time hugo >/dev/null; } || { echo "installez les paquets time et hugo"; exit 2; }
fi

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

hugo_site() { # N → Hugo site folder with the same fiches (--flavor hugo)
  local n=$1 dir="$WORK/hugo-$1"
  if [ ! -f "$dir/.ok" ]; then
    rm -rf "$dir"; cp -r "$SHARED/bench/hugo-site" "$dir"; mkdir -p "$dir/content"
    python3 "$SHARED/bench/gen_corpus.py" --count "$n" --flavor hugo --out "$dir/content/fiches" >/dev/null
    touch "$dir/.ok"
  fi
  echo "$dir"
}

# Hugo writes into a folder that does not exist yet (deleting is not part of a build).
HUGO_BUILD='rm -rf "$2"; exec hugo --quiet --source "$1" --destination "$2"'

echo "recueil $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cœurs, médiane de $RUNS essais"
for n in 1000 10000; do
  dir=$(corpus $n)
  measure "check, $n fiches" $BIN --root "$dir" check
  measure "build --no-pdf, $n fiches, sortie tmpfs" $BIN --root "$dir" --quiet build --no-pdf --output /dev/shm/recueil-bench-out
  measure "build --no-pdf, $n fiches, sortie disque" $BIN --root "$dir" --quiet build --no-pdf --output "$WORK/out-$n"
  hs=$(hugo_site $n)
  measure "Hugo $(hugo version | awk '{print $2}'), $n fiches, sortie tmpfs" bash -c "$HUGO_BUILD" _ "$hs" /dev/shm/hugo-bench-out
  measure "Hugo, $n fiches, sortie disque" bash -c "$HUGO_BUILD" _ "$hs" "$WORK/hugo-out-$n"
done
rm -rf /dev/shm/recueil-bench-out /dev/shm/hugo-bench-out
measure "livret de 1000 fiches, seul (examples/bench_livret)" env RECUEIL_BENCH_ROOT="$(corpus 1000)" RECUEIL_BENCH_OUT="$WORK" target/release/examples/bench_livret
measure "build --pdf-only, 1000 fiches (livret + 1000 PDF)" $BIN --root "$(corpus 1000)" --quiet build --pdf-only --output "$WORK/out-pdf"
printf '%-48s %6s ms\n' "serve : reconstruction après une fiche (10000)" "$(python3 scripts/incremental.py "$BIN" "$(corpus 10000)" "$RUNS")"
