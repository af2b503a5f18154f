#!/usr/bin/env bash
# Company resolution against the listings evaluation set (docs/company-resolution.md,
# "Evaluation"): imports tools/resolve-eval/data/companies.csv into a fresh store through the
# normal companies-CSV path, resolves every query of a split with `buyergraph resolve`, scores.
#   tools/resolve-eval.sh [dev|test] [--errors N]     # default: test (the split never tuned on)
# Needs python3 and a build (BUILD_DIR, default build/release; scripts/setup.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
split="${1:-test}"
shift || true
bin="${BUILD_DIR:-build/release}/bin/buyergraph"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=tools/resolve-eval/data
"$bin" import "$data/companies.csv" --format companies-csv --store "$work/store.db" >&2
awk -F'\t' -v s="$split" '$1 == s { print $2 }' "$data/queries.tsv" > "$work/queries.txt"
start=$(date +%s%N)
"$bin" resolve - --store "$work/store.db" < "$work/queries.txt" > "$work/answers.jsonl"
end=$(date +%s%N)
echo "$(wc -l < "$work/queries.txt") queries in $(((end - start) / 1000000)) ms (store path, one process)" >&2
python3 tools/resolve-eval/score.py "$data/queries.tsv" "$work/answers.jsonl" "$split" "$@"
