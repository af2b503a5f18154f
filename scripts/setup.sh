#!/usr/bin/env bash
# Installs the Debian 12 packages buyergraph needs, only when some are missing.
# Idempotent; works as root or through sudo. Used by `make run` / `make test` and CI.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libtbb-dev libboost-dev libyaml-cpp-dev nlohmann-json3-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libphonenumber-dev libicu-dev libprotobuf-dev
  libfmt-dev libspdlog-dev libcli11-dev libre2-dev libvalijson-dev libcpp-httplib-dev
  libutf8proc-dev publicsuffix libidn2-dev zlib1g-dev libfasttext-dev
  clang-14 libclang-rt-14-dev lld-14  # libFuzzer + sanitizer runtimes for scripts/fuzz.sh (docs/security.md)
  libssl-dev                          # SHA-256 and random bytes for API tokens (docs/serve.md)
  libpq-dev postgresql                # the PostgreSQL store backend and its tests (docs/store.md)
  chromium                            # browser tests of the web app (tests/browser, docs/serve.md)
)
# Node.js and npm for the browser tests' driver: Debian's, unless a Node.js is installed already
# (Debian's npm package conflicts with other Node.js packages).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# `setup.sh --bench`: what bench/run.sh adds (find.sh's /usr/bin/time and JSON summary, perf
# for profiling; docs/performance.md). Not needed to build, run or test.
if [ "${1:-}" = "--bench" ]; then packages+=(time linux-perf python3); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The store tests run a private PostgreSQL server, which refuses to run as root: as root they run
# it as this unprivileged account (tests/support/postgres_server.cpp). No system service is used.
if [ "$(id -u)" -eq 0 ] && ! id buyergraph-test >/dev/null 2>&1; then
  echo "setup: creating the account buyergraph-test for the PostgreSQL store tests" >&2
  useradd --system --no-create-home --shell /usr/sbin/nologin buyergraph-test
fi

# puppeteer-core for the browser tests, exactly as locked; it drives the system chromium and
# downloads no browser.
browser_tests="$(cd "$(dirname "$0")/../tests/browser" && pwd)"
if [ ! -f "$browser_tests/node_modules/.package-lock.json" ] ||
   ! cmp -s "$browser_tests/package-lock.json" "$browser_tests/node_modules/.lock-installed"; then
  echo "setup: installing the browser tests' npm packages (tests/browser)" >&2
  (cd "$browser_tests" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null &&
   cp package-lock.json node_modules/.lock-installed)
fi
