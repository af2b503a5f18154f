#!/usr/bin/env bash
# The buyer group on four public sample org charts x the four seller profiles, scored against
# the expected roles written by hand (tests/fixtures/orgcharts, docs/role-eval.md).
#   tools/orgchart-eval.sh [BUILD_DIR]     # default build/release (built here if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
if [ "$build" = build/release ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target buyergraph orgchart-eval >/dev/null
fi
bin="$build/bin"
fixtures=tests/fixtures/orgcharts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A company=([chinook]="Chinook Corp" [odoo]="YourCompany" [treant]="Treant Basic Example"
                   [ofbiz]="The Apache OFBiz Demo Company")
runs=()
for chart in chinook odoo treant ofbiz; do
  export BUYERGRAPH_STORE="$work/$chart.db"
  "$bin/buyergraph" import "$fixtures/$chart-companies.csv" "$fixtures/$chart-people.csv" >/dev/null
  for seller in finance-software security cloud-infrastructure sales-tooling; do
    out="$work/$chart-$seller"
    "$bin/buyergraph" find "${company[$chart]}" --seller "sellers/$seller.yaml" --out "$out" \
      --format json --json --no-color >"$out.json"
    runs+=(--run "$chart,$seller,$out.json")
  done
done
"$bin/orgchart-eval" --expected "$fixtures/expected.csv" --labels "$fixtures/labels.csv" "${runs[@]}"
if [ -n "${KEEP_REPORTS:-}" ]; then mkdir -p "$KEEP_REPORTS" && cp "$work"/*.json "$KEEP_REPORTS"/; fi
