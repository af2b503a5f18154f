#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer, runs the
# whole test suite, then a short fuzz run of every reader of untrusted input (docs/security.md;
# BUYERGRAPH_FUZZ_SECONDS per target, default 15, 0 to skip). `.ci/run` runs exactly this.
# BUYERGRAPH_PRESET=release|debug to change the preset.
# The asan test preset runs a failed test up to twice more (CMakePresets.json): LeakSanitizer's
# exit-time tracer sometimes crashes ("Tracer caught signal 11") in multi-threaded integration
# tests on a loaded machine, once in a while twice in a row (3 of 856 runs on one full run); a
# test that fails three times fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset="${BUYERGRAPH_PRESET:-asan}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j2
fuzz_seconds="${BUYERGRAPH_FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then scripts/fuzz.sh "$fuzz_seconds"; fi
