#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer, runs the
# whole test suite, then a short fuzz run of every reader of untrusted input (docs/security.md;
# BUYERGRAPH_FUZZ_SECONDS per target, default 15, 0 to skip). `.ci/run` runs exactly this.
# BUYERGRAPH_PRESET=release|debug to change the preset.
# The asan test preset retries a failed test once (CMakePresets.json): LeakSanitizer's exit-time
# tracer sometimes crashes ("Tracer caught signal 11") in multi-threaded integration tests on a
# loaded machine; a test that fails twice fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset="${BUYERGRAPH_PRESET:-asan}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j2
fuzz_seconds="${BUYERGRAPH_FUZZ_SECONDS:-15}"
if [ "$fuzz_seconds" != 0 ]; then scripts/fuzz.sh "$fuzz_seconds"; fi
