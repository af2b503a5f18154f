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
    "$new" --reps 1 --raw | sed 's/^/new /' >>"$raw"
    "$old" --reps 1 --raw | sed 's/^/old /' >>"$raw"
  done
  # median seconds per (build, side, threads)
  sort -k1,1 -k2,2 -k3,3n -k4,4g "$raw" | awk '
    { key = $1 " " $2 " " $3; v[key, ++n[key]] = $4 }
    END {
      for (k in n) { c = n[k]; m[k] = (c % 2) ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2 }
      printf "%-8s %-7s %14s %14s %10s\n", "build", "threads", "engine s", "hand-wired s", "ratio"
      for (b = 0; b < 2; b++) { bn = b ? "new" : "old"
        for (t = 1; t <= 2; t++)
          printf "%-8s %-7d %14.4f %14.4f %10.2f\n", bn, t, m[bn " engine " t], m[bn " hand " t],
                 m[bn " engine " t] / m[bn " hand " t] }
      for (b = 0; b < 2; b++) { bn = b ? "new" : "old"
        printf "%s: engine speed-up 1 -> 2 threads %.2fx, hand-wired %.2fx\n", bn,
               m[bn " engine 1"] / m[bn " engine 2"], m[bn " hand 1"] / m[bn " hand 2"] }
      printf "engine, new vs old: %.2fx faster on 1 thread, %.2fx on 2 threads\n",
             m["old engine 1"] / m["new engine 1"], m["old engine 2"] / m["new engine 2"]
    }'
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
