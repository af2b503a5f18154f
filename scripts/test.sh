#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer, and runs
# the whole test suite. `.ci/run` runs exactly this. BUYERGRAPH_PRESET=release|debug to change.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset="${BUYERGRAPH_PRESET:-asan}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j2
