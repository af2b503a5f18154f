#!/usr/bin/env bash
# Role assignment vs the demo generator's ground truth, per seller profile (docs/role-eval.md).
#   tools/role-eval.sh [SELLER.yaml ...]     # default: every profile in sellers/
# Needs a release build and the demo store (scripts/demo.sh makes both).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build --preset release --target buyergraph role-eval >/dev/null
bin=build/release/bin
demo_dir="${BUYERGRAPH_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/buyergraph/demo}"
export BUYERGRAPH_STORE="${BUYERGRAPH_STORE:-$demo_dir/store.db}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every demo company, named by id so resolution is not what is measured here.
sed -n 's/^{"id":\([0-9]*\),"company_name":"\([^"]*\)".*/{"key":"\1","name":"\2","provider_id":"\1"}/p' \
  "$demo_dir/companies.jsonl" > "$work/accounts.jsonl"
profiles=("$@")
[ ${#profiles[@]} -eq 0 ] && profiles=(sellers/*.yaml)
for seller in "${profiles[@]}"; do
  # The seller reaches the stages as the account's attachment; `run` takes it from --seller.
  "$bin/buyergraph" run pipelines/buyer-group.yaml --accounts "$work/accounts.jsonl" \
    --seller "$seller" --set report.formats=[json] --set "report.dir=$work/reports" \
    -o "$work/groups.jsonl" -q
  "$bin/role-eval" --groups "$work/groups.jsonl" --truth "$demo_dir/truth.jsonl" --seller "$seller"
  echo
done
