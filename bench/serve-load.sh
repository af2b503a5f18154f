#!/usr/bin/env bash
# `buyergraph serve` under load next to the same work through `buyergraph batch`, in one run:
# 50 clients x 20 groups each (1,000 groups over 12 demo companies) against the demo store, then
# the same 1,000 accounts as one batch. Prints both, the ratio, and the server's peak memory.
# Each side gets its own copy of the store (both save every group to the history).
# Usage: bench/serve-load.sh   (env: BUYERGRAPH_BIN, BUYERGRAPH_STORE, CLIENTS=50, PER_CLIENT=20)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BUYERGRAPH_BIN:-build/release/bin/buyergraph}
store=${BUYERGRAPH_STORE:-build/asan/e2e-demo/store.db}
clients=${CLIENTS:-50}
groups=${PER_CLIENT:-20}
seller=security
[ -x "$bin" ] || { echo "no $bin: build it first (cmake --build --preset release --target buyergraph)" >&2; exit 1; }
[ -f "$store" ] || { echo "no store at $store (scripts/demo.sh, or run the e2e tests once)" >&2; exit 1; }
tmp=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
companies=("Contoso" "Northwind Traders" "Adventure Works Cycles" "Wide World Importers" "Litware"
  "Fabrikam Group" "Relecloud" "Proseware" "Alpine Ski House" "Coho Winery" "Margie's Travel"
  "Lamna Healthcare")
total=$((clients * groups))

# 1. serve: the server's memory sampled every 0.2 s while the clients run.
cp "$store" "$tmp/serve.db"
"$bin" serve --listen 127.0.0.1:0 --store "$tmp/serve.db" --rate-limit 0 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.err" && break; sleep 0.1; done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err")
[ -n "$port" ] || { cat "$tmp/serve.err" >&2; exit 1; }
(while kill -0 "$server" 2>/dev/null; do
   awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null; sleep 0.2; done) >"$tmp/rss" &
sampler=$!
node bench/serve_load.mjs "http://127.0.0.1:$port" "$clients" "$groups" "$seller" "${companies[@]}" \
  >"$tmp/serve.json"
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
kill "$server"; wait "$server" 2>/dev/null || true
server=
kill "$sampler" 2>/dev/null || true
start_kb=$(head -1 "$tmp/rss")

# 2. batch: the same accounts, one process, one graph.
cp "$store" "$tmp/batch.db"
{ echo "key,name"; for ((i = 0; i < total; i++)); do
    printf 'a%04d,"%s"\n' "$i" "${companies[$((i % ${#companies[@]}))]}"; done; } >"$tmp/accounts.csv"
t0=$(date +%s.%N)
"$bin" batch "$tmp/accounts.csv" --seller "sellers/$seller.yaml" --out "$tmp/batch" \
  --store "$tmp/batch.db" --set 'report.formats=[]' >"$tmp/batch.out" 2>"$tmp/batch.err" ||
  { cat "$tmp/batch.err" >&2; exit 1; }
t1=$(date +%s.%N)

python3 - "$tmp/serve.json" "$t0" "$t1" "$total" "$start_kb" "$peak_kb" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
batch_s = float(sys.argv[3]) - float(sys.argv[2])
total = int(sys.argv[4])
batch_rate = total / batch_s
print(f"serve: {s['groups']} of {s['requested']} groups in {s['wall_s']:.1f}s = {s['groups_per_s']:.1f} groups/s; "
      f"latency p50 {s['p50_s']:.2f}s p95 {s['p95_s']:.2f}s max {s['max_s']:.2f}s; errors {s['errors'] or 'none'}")
print(f"serve memory: {int(sys.argv[5]) / 1024:.0f} MB at the first sample, peak {int(sys.argv[6]) / 1024:.0f} MB")
print(f"batch: {total} groups in {batch_s:.1f}s = {batch_rate:.1f} groups/s")
print(f"serve / batch throughput: {s['groups_per_s'] / batch_rate:.2f}")
PY
