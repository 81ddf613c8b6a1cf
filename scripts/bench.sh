#!/usr/bin/env bash
# Benchmarks of recueil on generated corpora (not a test): wall time (median of
# RUNS runs) and peak memory (/usr/bin/time) of `check` and of a full site build
# without PDF at 1,000 and 10,000 fiches (output on tmpfs and on disk), the
# 1,000-fiche booklet, an incremental rebuild in `serve` after editing one fiche
# of 10,000, `recueil import` of 100 Word files, and Hugo on the equivalent
# site in the same run, so that the
# ratio holds on a noisy machine: compared commands run in turn, round after
# round. On disk, the floor is replacing the same files (rm -rf, then cp -r of
# the tmpfs build's output), as a build replaces its previous output.
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

# alternate RUNS LABEL1 CMD1 LABEL2 CMD2 … → each command (a bash string) runs
# in turn, RUNS rounds, so that all see the same machine; prints each median
# and peak, then the ratio of the first median to the second.
alternate() {
  local n=$(( $# / 2 )) k r
  local -a labels cmds
  for ((k = 0; k < n; k++)); do labels[k]=$1; cmds[k]=$2; shift 2; : > "$WORK/alt-$k.txt"; done
  for ((r = 0; r < RUNS; r++)); do
    for ((k = 0; k < n; k++)); do
      /usr/bin/time -f "%e %M" -a -o "$WORK/alt-$k.txt" bash -c "${cmds[k]}" >/dev/null 2>&1 || { echo "${labels[k]}: ÉCHEC"; return 1; }
    done
  done
  local -a meds
  for ((k = 0; k < n; k++)); do
    meds[k]=$(sort -n "$WORK/alt-$k.txt" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    local max; max=$(sort -k2 -n "$WORK/alt-$k.txt" | tail -1 | awk '{print $2}')
    printf '%-48s %6.2f s  %6d Mo\n' "${labels[k]}" "${meds[k]}" "$((max / 1024))"
  done
  awk -v a="${meds[0]}" -v b="${meds[1]}" -v la="${labels[0]}" -v lb="${labels[1]}" 'BEGIN {printf "  rapport : %s / %s = %.2f\n", la, lb, a / b}'
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


# recueil import of a folder of 100 Word files (half with French heading
# styles, a table and a picture, half typed without styles), into a fresh
# project each run. Alone with BENCH_PARTIE=import.
import_bench() {
  local src="$WORK/import-word" proj="$WORK/import-projet"
  rm -rf "$src"; mkdir -p "$src"
  for i in $(seq -w 1 50); do
    cp tests/fixtures/import/hirson-styles.docx "$src/hirson-$i.docx"
    cp tests/fixtures/import/clermont-sans-styles.docx "$src/clermont-$i.docx"
  done
  measure "import de 100 fichiers Word (dossier)" bash -c "rm -rf '$proj' && mkdir -p '$proj/fiches' && exec $BIN --root '$proj' --quiet import '$src'"
  echo "  ($(find "$proj/fiches" -name '*.md' | wc -l) fiches et $(find "$proj/fiches" -name '*.png' | wc -l) images écrites)"
}

echo "recueil $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cœurs, médiane de $RUNS essais (les commandes comparées alternent)"
if [ "${BENCH_PARTIE:-}" = import ]; then import_bench; exit 0; fi
import_bench
HUGO_VERSION=$(hugo version | awk '{print $2}')
for n in 1000 10000; do
  dir=$(corpus $n)
  hs=$(hugo_site $n)
  measure "check, $n fiches" $BIN --root "$dir" check
  # Output in memory (tmpfs): recueil and Hugo, in turn.
  alternate \
    "build --no-pdf, $n fiches, sortie tmpfs" "$BIN --root '$dir' --quiet build --no-pdf --output /dev/shm/recueil-bench-out" \
    "Hugo $HUGO_VERSION, $n fiches, sortie tmpfs" "rm -rf /dev/shm/hugo-bench-out; exec hugo --quiet --source '$hs' --destination /dev/shm/hugo-bench-out"
  # Output on disk: recueil replaces its previous output; the floor is replacing
  # the same files (those of the tmpfs build) with rm -rf and cp -r; then Hugo.
  alternate \
    "build --no-pdf, $n fiches, sortie disque" "$BIN --root '$dir' --quiet build --no-pdf --output '$WORK/out-$n'" \
    "mêmes fichiers remplacés (rm -rf, cp -r), disque" "rm -rf '$WORK/copie-$n'; cp -r /dev/shm/recueil-bench-out '$WORK/copie-$n'" \
    "Hugo, $n fiches, sortie disque" "rm -rf '$WORK/hugo-out-$n'; exec hugo --quiet --source '$hs' --destination '$WORK/hugo-out-$n'"
done
rm -rf /dev/shm/recueil-bench-out /dev/shm/hugo-bench-out
measure "livret de 1000 fiches, seul (examples/bench_livret)" env RECUEIL_BENCH_ROOT="$(corpus 1000)" RECUEIL_BENCH_OUT="$WORK" target/release/examples/bench_livret
measure "build --pdf-only, 1000 fiches (livret + 1000 PDF)" $BIN --root "$(corpus 1000)" --quiet build --pdf-only --output "$WORK/out-pdf"
printf '%-48s %6s ms\n' "serve : reconstruction après une fiche (10000)" "$(python3 scripts/incremental.py "$BIN" "$(corpus 10000)" "$RUNS")"
