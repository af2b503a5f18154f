#!/usr/bin/env bash
# Builds the benchmarks in Release and prints the headline table (figures measured side by side
# in one run). Usage: bench/run.sh [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target engine_bench bench_headline
out=build/release/bench-results.json
build/release/bin/engine_bench --benchmark_out="$out" --benchmark_out_format=json "$@"
echo
build/release/bin/bench_headline "$out"
