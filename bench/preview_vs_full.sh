#!/usr/bin/env bash
# Preview first vs full collect, side by side in one run, against the CoreSignal mock at a
# provider-like latency and the documented rate limit (docs/performance.md, docs/providers.md):
#   full     pipelines/buyer-group-coresignal-full.yaml  every selected person collected, then ranked
#   preview  pipelines/buyer-group-coresignal.yaml       ranked on previews, members collected
# For a small, a medium and the 10k-employee demo company x the four sellers, each group is a
# fresh `buyergraph find --no-cache` process. Prints credits and calls per group and per
# member, seat agreement (members of the preview run that are members of the full run, by
# LinkedIn profile) and wall time per group.
# Usage: bench/preview_vs_full.sh [OUT.jsonl]
# Env: BUYERGRAPH_BIN, BUYERGRAPH_MOCK_BIN, BUYERGRAPH_STORE (default: the demo store),
#      BENCH_LATENCY_MS (200), BENCH_RATE (5 requests/s: CoreSignal's trial/Mini/Starter ceiling),
#      BENCH_SELLERS (default: all four), BENCH_COMPANIES (labels: small,medium,10k),
#      BENCH_KEEP (a folder: keeps each group's JSON as LABEL-SELLER-SHAPE.json, to compare),
#      BENCH_SET (extra space-separated STAGE.OPTION=VALUE overrides for both shapes),
#      BENCH_SET_PREVIEW (the same, for the preview-first shape only, e.g. preview.preview_share=0.5).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BUYERGRAPH_BIN:-build/release/bin/buyergraph}
mock=${BUYERGRAPH_MOCK_BIN:-build/release/bin/buyergraph-mock}
export BUYERGRAPH_STORE=${BUYERGRAPH_STORE:-$HOME/.local/share/buyergraph/demo/store.db}
latency=${BENCH_LATENCY_MS:-200}
rate=${BENCH_RATE:-5}
client_rate=$rate   # the pipeline needs a rate > 0: "no limit" (0) is a high one for the client
[ "$rate" = 0 ] && client_rate=1000
sellers=${BENCH_SELLERS:-cloud-infrastructure security sales-tooling finance-software}
companies=${BENCH_COMPANIES:-small,medium,10k}
out=${1:-build/release/preview-vs-full.jsonl}
for b in "$bin" "$mock"; do
  [ -x "$b" ] || { echo "no $b: build it first (cmake --build --preset release)" >&2; exit 1; }
done
[ -f "$BUYERGRAPH_STORE" ] || { echo "no store at $BUYERGRAPH_STORE (scripts/demo.sh)" >&2; exit 1; }

tmp=$(mktemp -d)
mock_pid=
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null && wait "$mock_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
key=bench-key
"$mock" --store "$BUYERGRAPH_STORE" --port 0 --key "$key" --providers coresignal \
  --latency-ms "$latency" --rate "$rate" >"$tmp/mock.out" 2>"$tmp/mock.err" &
mock_pid=$!
for _ in $(seq 1 600); do
  grep -q "listening on" "$tmp/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$tmp/mock.err" >&2; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$tmp/mock.out")
[ -n "$base" ] || { echo "the mock did not start" >&2; exit 1; }
echo "mock at $base: latency ${latency} ms, ${rate} requests/s per key" >&2

: >"$out"
# label|company|website|declared employees (the default demo dataset, docs/demo-data.md)
while IFS='|' read -r label company website employees; do
  case ",$companies," in *",$label,"*) ;; *) continue ;; esac
  for seller in $sellers; do
    for shape in full preview; do
      pipeline=pipelines/buyer-group-coresignal.yaml
      [ "$shape" = full ] && pipeline=pipelines/buyer-group-coresignal-full.yaml
      extra=()
      for kv in ${BENCH_SET:-}; do extra+=(--set "$kv"); done
      if [ "$shape" = preview ]; then
        for kv in ${BENCH_SET_PREVIEW:-}; do extra+=(--set "$kv"); done
      fi
      start=$(date +%s.%N)
      if ! CORESIGNAL_API_KEY=$key "$bin" find "$company" --domain "$website" \
          --seller "sellers/$seller.yaml" --pipeline "$pipeline" --no-cache \
          --set "resources.http.coresignal.base_url=$base/cdapi/v2" \
          --set "resources.http.coresignal.rate_per_s=$client_rate" \
          --set "history.store=$tmp/history.db" "${extra[@]}" -o "$tmp/reports" --format json --json \
          >"$tmp/group.json" 2>"$tmp/err"; then
        echo "find \"$company\" ($shape, $seller) failed:" >&2; cat "$tmp/err" >&2; exit 1
      fi
      end=$(date +%s.%N)
      [ -n "${BENCH_KEEP:-}" ] && mkdir -p "$BENCH_KEEP" &&
        cp "$tmp/group.json" "$BENCH_KEEP/$label-$seller-$shape.json"
      python3 - "$tmp/group.json" "$label" "$company" "$employees" "$seller" "$shape" \
        "$start" "$end" >>"$out" <<'PY'
import json, re, sys
path, label, company, employees, seller, shape, start, end = sys.argv[1:]
wall = float(end) - float(start)
g = json.load(open(path))
def key(m):
    p = m.get("person", m)
    url = (p.get("profile_url") or "").lower()
    url = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    return url or str(p.get("id"))
cs = g.get("ledger", {}).get("by_provider", {}).get("coresignal", {})
print(json.dumps({"label": label, "company": company, "employees": int(employees),
                  "seller": seller, "shape": shape, "wall_s": round(wall, 2),
                  "members": sorted(key(m) for m in g.get("members", [])),
                  "calls": cs.get("calls", 0), "paid_calls": cs.get("paid_calls", 0),
                  "credits": cs.get("credits", 0),
                  "records_bought": g.get("coverage", {}).get("verification", {}).get("records_bought"),
                  "replaced": g.get("coverage", {}).get("verification", {}).get("replaced")}))
PY
      echo "  $label $seller $shape: $(tail -1 "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["credits"], "credits,", r["calls"], "calls,", len(r["members"]), "members,", r["wall_s"], "s")')" >&2
    done
  done
done <<'LIST'
small|Northwind Traders|https://www.northwindtraders.example|860
medium|Contoso Ltd|https://www.contoso.example|3400
10k|Fabrikam Group|https://www.fabrikam.example|9800
LIST

python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["label"], r["seller"], r["shape"]): r for r in rows}
print(f"{'company':<26} {'seller':<21} {'credits full/prev':>17} {'calls full/prev':>15} "
      f"{'cr/member full/prev':>19} {'members':>7} {'same seats':>10} {'wall full/prev':>15}")
tot = {"full": [0, 0, 0], "preview": [0, 0, 0]}  # credits, calls, members
seats = same = 0
for (label, seller, shape), r in by.items():
    if shape != "full" or (label, seller, "preview") not in by:
        continue
    p = by[(label, seller, "preview")]
    fm, pm = set(r["members"]), set(p["members"])
    seats += len(fm)
    same += len(fm & pm)
    for s, x in (("full", r), ("preview", p)):
        tot[s][0] += x["credits"]; tot[s][1] += x["calls"]; tot[s][2] += len(x["members"])
    per = lambda x: x["credits"] / max(1, len(x["members"]))
    print(f"{r['company'] + ' (' + str(r['employees']) + ')':<26} {seller:<21} "
          f"{r['credits']:>8.0f}/{p['credits']:<8.0f} {r['calls']:>7}/{p['calls']:<7} "
          f"{per(r):>9.0f}/{per(p):<9.0f} {len(fm):>3}/{len(pm):<3} {len(fm & pm):>4}/{len(fm):<5} "
          f"{r['wall_s']:>6.1f}/{p['wall_s']:<6.1f}s")
f, p = tot["full"], tot["preview"]
if f[2] and p[2]:
    print(f"\ntotal credits full {f[0]:.0f}, preview {p[0]:.0f}: {f[0] / max(1, p[0]):.1f}x fewer; "
          f"per member {f[0] / f[2]:.0f} vs {p[0] / p[2]:.0f}; calls {f[1]} vs {p[1]}; "
          f"seats kept {same}/{seats} = {100 * same / max(1, seats):.1f}%")
PY
