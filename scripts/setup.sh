#!/usr/bin/env bash
# Sets up sakimori on a fresh Debian 12 machine and runs one job.
#
#   scripts/setup.sh demo    install dependencies, build the release binary, run the demo
#   scripts/setup.sh test    install dependencies, build, run the whole test suite
#   scripts/setup.sh build   install dependencies and build only
#   scripts/setup.sh quick   build and run the test suite without the tests labelled slow
#
# Must run as root (or with sudo) when packages are missing: it installs Debian packages
# with apt-get. The binary is build/sakimori afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian 12 packages the build, the tests and the servers need.
PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsimdjson-dev libabsl-dev libigraph-dev libxgboost-dev libsqlite3-dev sqlite3
  libpqxx-dev libpq-dev libcpp-httplib-dev libssl-dev libcli11-dev libspdlog-dev libfmt-dev
  postgresql
  libtomlplusplus-dev libicu-dev libxxhash-dev zlib1g-dev libzstd-dev zstd libsodium-dev
  libnats-dev nats-server librdkafka-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-tidy
  chromium fonts-noto-cjk
)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#PACKAGES[@]} Debian packages present"
    return
  fi
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Node.js and npm for the dashboard build and the STIX validator. A machine may already have
# them from another source (for example NodeSource's nodejs, which bundles npm and conflicts
# with Debian's npm package), so Debian's are installed only when the commands are missing.
install_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then
    log "node $(node --version) and npm $(npm --version) present"
    return
  fi
  log "installing Debian's nodejs and npm"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
}

build() {
  log "configuring and building the release build in build/"
  cmake --preset release >/dev/null
  cmake --build build --parallel "$(nproc)"
}

# The STIX schema validator's npm packages (ajv, ajv-formats; tests/stix/package-lock.json).
npm_stix() {
  if [ ! -d tests/stix/node_modules/ajv ]; then
    log "installing the STIX validator's npm packages (tests/stix)"
    (cd tests/stix && npm ci --no-audit --no-fund --silent)
  fi
}

# The web dashboard (web/): `npm ci` (the locked dependencies from the npm registry) and
# `npm run build` -> web/dist/, served by `sakimori serve`.
build_web() {
  log "building the web dashboard: npm ci && npm run build in web/ (node $(node --version)) -> web/dist/"
  (cd web && npm ci --no-audit --no-fund && npm run build)
}

run_tests() {
  local label_args=("$@")
  log "running tests (ctest ${label_args[*]:-})"
  ctest --test-dir build --output-on-failure --parallel "$(nproc)" "${label_args[@]}"
}

case "${1:-}" in
  demo)
    install_packages
    install_node
    build
    build_web
    log "running the demo: simulate two weeks before the 2025 upper-house election (a tenth"
    log "of the full scenario), analyse them in one pass, score the result against the"
    log "simulator's truth, and serve it in the dashboard (Ctrl-C stops; --no-serve skips)"
    shift
    ./build/sakimori demo "$@"
    ;;
  test)
    install_packages
    install_node
    build
    npm_stix
    build_web
    run_tests
    ;;
  quick)
    install_packages
    install_node
    build
    npm_stix
    build_web
    run_tests -LE slow
    ;;
  build)
    install_packages
    install_node
    build
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
