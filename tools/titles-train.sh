#!/usr/bin/env bash
# Trains the job-title function model on the vendored ESCO data and writes
# data/titles/function-model.ftz + function-model.json (parameters, input checksums, metrics).
# Deterministic: one thread, fixed seed. Takes a few minutes. See docs/titles.md.
#   tools/titles-train.sh            # Release build (default)
#   PRESET=asan tools/titles-train.sh
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${PRESET:-release}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target titles-train >/dev/null
"build/$preset/bin/titles-train" --repo . --work "build/$preset/titles-train" "$@"
