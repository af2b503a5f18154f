#!/usr/bin/env bash
# Installs what is missing, builds (Release), makes the synthetic demo dataset and its store on
# first use, and runs the main job on it: `buyergraph find`. Extra arguments go to `find`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target buyergraph
bg=build/release/bin/buyergraph

demo_dir="${BUYERGRAPH_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/buyergraph/demo}"
export BUYERGRAPH_STORE="${BUYERGRAPH_STORE:-$demo_dir/store.db}"
if [ ! -f "$demo_dir/.imported" ]; then
  echo "First run: generating the synthetic demo dataset in $demo_dir (people are fictional)" >&2
  "$bg" demo-data --out "$demo_dir"
  "$bg" import "$demo_dir/companies.jsonl" "$demo_dir/employees.jsonl" --store "$BUYERGRAPH_STORE"
  touch "$demo_dir/.imported"
fi

# The main job: the buyer group at Contoso for a cloud-infrastructure seller. The summary goes
# to the terminal, the reports (JSON, Markdown, HTML, CSV) to build/demo-reports/, and the run
# into the store's history (`buyergraph history Contoso`). Extra arguments go to `find`.
echo "Finding the buyer group at Contoso on the demo store (synthetic people)" >&2
"$bg" find "Contoso" --seller sellers/cloud-infrastructure.yaml -o build/demo-reports "$@"
