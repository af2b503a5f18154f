#!/usr/bin/env bash
# Builds the benchmarks in Release and prints the headline table: every figure measured in this
# one run, next to its reference or goal, as a ratio (the build machines are shared and noisy:
# absolute numbers move between runs, ratios from one run move less). docs/performance.md.
#   engine_bench   engine overhead vs hand-wired oneTBB; async stage vs Little's law
#   engine_ratio   the same overhead at 1 and 2 threads, interleaved (bench/engine-ratio.sh)
#   domain_bench   titles/s, company resolution over 10k and 100k companies, score + roles
#   buyergraph bench  batch throughput of pipelines/buyer-group.yaml, 1 and 2 worker threads
#   bench/find.sh  `buyergraph find` wall time and peak RSS: small, medium, large, largest company
# Usage: bench/run.sh [extra Google Benchmark flags]
# Env: BUYERGRAPH_STORE (default: the demo store), BENCH_ACCOUNTS (default 1000), FIND_REPEAT.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench
export BUYERGRAPH_STORE=${BUYERGRAPH_STORE:-$HOME/.local/share/buyergraph/demo/store.db}
accounts=${BENCH_ACCOUNTS:-1000}
cmake --preset release >/dev/null
cmake --build --preset release --target engine_bench engine_ratio domain_bench bench_headline \
  buyergraph
out=build/release
build/release/bin/engine_bench --benchmark_out="$out/bench-results.json" \
  --benchmark_out_format=json "$@"
build/release/bin/engine_ratio
build/release/bin/domain_bench --benchmark_out="$out/domain-results.json" \
  --benchmark_out_format=json "$@"
# Small and medium companies (<= 5,000 declared employees), cycled to $accounts accounts.
for threads in 1 2; do
  build/release/bin/buyergraph bench -n "$accounts" --max-employees 5000 -j "$threads" \
    --seller sellers/security.yaml --json >"$out/batch-$threads.json"
done
bench/find.sh "$out/find-results.jsonl"
echo
build/release/bin/bench_headline "$out/bench-results.json" "$out/domain-results.json" \
  "$out/batch-1.json" "$out/batch-2.json" "$out/find-results.jsonl"
