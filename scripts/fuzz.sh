#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/, a separate clang build in build/fuzz) and runs each for
# SECONDS (default 20) from its seed corpus in fuzz/corpus/<target>/. New inputs go to a scratch
# corpus under build/fuzz, never into the repo. A crash, leak, sanitizer report or timeout fails
# the run and leaves the input in build/fuzz/artifacts/<target>/ (docs/security.md says how to
# turn it into a regression test).
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pipeline_reader seller_profile csv_reader jsonl_import es_dsl provider_mappers)

build=build/fuzz
cxx=$(command -v clang++-14 || command -v clang++)
CXX="$cxx" cmake -S fuzz -B "$build" -G Ninja >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  scratch="$build/corpus/$t" artifacts="$build/artifacts/$t"
  mkdir -p "$scratch" "$artifacts"
  log="$build/$t.log"
  # -rss_limit_mb and -malloc_limit_mb: an input that makes a reader allocate without bound is a
  # finding (the /dev/zero and billion-laughs class), not an out-of-memory kill of the machine.
  if "$build/fuzz_$t" "$scratch" "fuzz/corpus/$t" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $t: ${execs} executions in ${seconds}s, no finding"
  else
    status=1
    echo "fuzz $t: FINDING (log $log, input in $artifacts/):" >&2
    grep -m5 -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" >&2 || tail -20 "$log" >&2
    # The input itself, so a finding on a CI machine can be reproduced elsewhere:
    #   base64 -d > input <<< '...'
    for unit in "$artifacts"/*; do
      [ -f "$unit" ] || continue
      if [ "$(stat -c %s "$unit")" -le 8192 ]; then
        echo "input $(basename "$unit") as base64:" >&2
        base64 -w0 "$unit" >&2
        echo >&2
      fi
    done
  fi
done
exit $status
