#!/usr/bin/env bash
# Engine overhead at 1 and 2 threads, side by side (docs/performance.md): builds engine_ratio in
# Release and prints the hand-wired / engine time ratio per thread count (goal <= 1.15) and the
# engine's 2-thread / 1-thread speed-up (goal >= 1.8x), from interleaved repetitions.
#
#   bench/engine-ratio.sh [--reps N] [--base COMMIT] [--profile]
#
# --base COMMIT  also builds that commit's engine (with this tree's engine_ratio.cpp, in
#                $BASE_DIR, default /tmp/buyergraph-base-<commit>) and runs old and new
#                processes alternately: before/after items/s, ratios and speed-ups.
# --profile      per-item cost, load-independent: instructions (callgrind) and heap allocations
#                (memcheck) per item on one thread, from the difference of a 10,000- and a
#                30,000-item run (start-up cancels out); for the base build too with --base.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=7 base="" profile=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --profile) profile=1; shift ;;
    *) echo "usage: bench/engine-ratio.sh [--reps N] [--base COMMIT] [--profile]" >&2; exit 2 ;;
  esac
done

cmake --preset release >/dev/null
cmake --build --preset release --target engine_ratio >/dev/null
new=build/release/bin/engine_ratio

old=""
if [ -n "$base" ]; then
  short=$(git rev-parse --short "$base")
  dir=${BASE_DIR:-/tmp/buyergraph-base-$short}
  if [ ! -x "$dir/build/release/bin/engine_ratio" ]; then
    mkdir -p "$dir"
    git archive "$base" | tar -x -C "$dir"
    cp bench/engine_ratio.cpp bench/map_chain.hpp "$dir/bench/"
    grep -q engine_ratio "$dir/bench/CMakeLists.txt" ||
      sed -n '/^# Engine \/ hand-wired ratio/,$p' bench/CMakeLists.txt >>"$dir/bench/CMakeLists.txt"
    (cd "$dir" && cmake --preset release >/dev/null &&
      cmake --build --preset release --target engine_ratio >/dev/null)
  fi
  old=$dir/build/release/bin/engine_ratio
fi

echo "== this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with local changes'))"
"$new" --reps "$reps"

if [ -n "$old" ]; then
  echo
  echo "== before ($short) and after, processes alternated, $reps repetitions each, medians"
  raw=$(mktemp)
  trap 'rm -f "$raw"' EXIT
  for ((r = 0; r < reps; r++)); do
    "$new" --reps 1 --raw | sed "s/^/new $r /" >>"$raw"
    "$old" --reps 1 --raw | sed "s/^/old $r /" >>"$raw"
  done
  # Lines: build rep side threads seconds. Medians of seconds per (build, side, threads), and
  # the spread (min-max) of the per-repetition figures: each repetition's ratio and speed-up
  # come from one process, so the load it saw hits both sides alike.
  awk '
    function med(a, c,   i, j, t) {
      for (i = 2; i <= c; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    { s[$1, $2, $3, $4] = $5; reps[$2] = 1 }
    END {
      printf "%-6s %-8s %10s %12s %7s %13s\n", "build", "threads", "engine s", "hand-wired s", "ratio", "ratio min-max"
      for (b = 0; b < 2; b++) {
        bn = b ? "new" : "old"
        for (t = 1; t <= 2; t++) {
          n = 0; lo = 1e9; hi = 0
          for (r in reps) {
            n++; e[n] = s[bn, r, "engine", t]; h[n] = s[bn, r, "hand", t]
            q = e[n] / h[n]; if (q < lo) lo = q; if (q > hi) hi = q
          }
          me[bn, t] = med(e, n); mh[bn, t] = med(h, n)
          printf "%-6s %-8d %10.4f %12.4f %7.2f %6.2f-%-6.2f\n", bn, t, me[bn, t], mh[bn, t], me[bn, t] / mh[bn, t], lo, hi
        }
      }
      for (b = 0; b < 2; b++) {
        bn = b ? "new" : "old"; lo = 1e9; hi = 0
        for (r in reps) { q = s[bn, r, "engine", 1] / s[bn, r, "engine", 2]; if (q < lo) lo = q; if (q > hi) hi = q }
        printf "%s: engine speed-up 1 -> 2 threads %.2fx (per repetition %.2f-%.2f), hand-wired %.2fx\n",
               bn, me[bn, 1] / me[bn, 2], lo, hi, mh[bn, 1] / mh[bn, 2]
      }
      printf "engine, new vs old: %.2fx faster on 1 thread, %.2fx on 2 threads\n",
             me["old", 1] / me["new", 1], me["old", 2] / me["new", 2]
    }' "$raw"
fi

if [ "$profile" = 1 ]; then
  command -v valgrind >/dev/null || { echo "--profile needs valgrind" >&2; exit 1; }
  echo
  echo "== per item, one thread (difference of 10,000 and 30,000 items; 4 map stages)"
  per_item() {  # binary side tool -> instructions or allocations per item
    local bin=$1 side=$2 tool=$3 a b
    for n in 10000 30000; do
      if [ "$tool" = callgrind ]; then
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --only "$side" \
          --threads 1 --reps 1 --items $n 2>&1 | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
      else
        valgrind --tool=memcheck --leak-check=no "$bin" --only "$side" --threads 1 --reps 1 \
          --items $n 2>&1 | sed -n 's/.*total heap usage: *\([0-9,]*\) allocs.*/\1/p' | tr -d ,
      fi
    done | { read -r a; read -r b; awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (b - a) / 20000 }'; }
  }
  printf "%-10s %-11s %18s %18s\n" build side instructions allocations
  for build in new ${old:+old}; do
    bin=$new
    [ "$build" = old ] && bin=$old
    for side in engine hand; do
      printf "%-10s %-11s %18s %18s\n" "$build" "$side" "$(per_item "$bin" "$side" callgrind)" \
        "$(per_item "$bin" "$side" memcheck)"
    done
  done
fi
