#!/bin/sh
# Runs every fuzz target (the readers, the checkpoints) for a short time (tests/fuzz/README.md).
#   tests/fuzz/run_fuzz.sh [SECONDS [BUILD_DIR]]
# Without BUILD_DIR, configures build-fuzz/ with `cmake --preset fuzz` (clang, libFuzzer,
# AddressSanitizer, UBSan) and builds the fuzz targets first. Each target starts from the
# seed inputs in tests/fuzz/seeds/<format>/ and the fixtures of its format, writes new
# corpus entries under BUILD_DIR/fuzz-corpus/ and crash inputs under BUILD_DIR/fuzz-crashes/.
# Exits 1 if any target crashed, 77 (skipped) if clang is not installed.
#
# The mutations start from a fixed seed, SAKIMORI_FUZZ_SEED (default 1), so that a run on
# the same commit tries the same inputs first and a test failure can be reproduced; set
# SAKIMORI_FUZZ_SEED=0 for a seed from the clock when fuzzing to find new inputs.
set -eu
seconds=${1:-20}
seed=${SAKIMORI_FUZZ_SEED:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-}
if [ -z "$build" ]; then
  if ! command -v clang++ >/dev/null 2>&1; then
    echo "run_fuzz.sh: clang++ not found; fuzzing skipped"
    exit 77
  fi
  build="$root/build-fuzz"
  (cd "$root" && cmake --preset fuzz >/dev/null)
fi
ninja -C "$build" -j2 fuzz_all >/dev/null

fixtures_of() {
  case "$1" in
    io-archive) echo "$root/tests/fixtures/io_archive" ;;
    ira) echo "$root/tests/fixtures/ira" ;;
    crowdtangle) echo "$root/tests/fixtures/crowdtangle" ;;
    auto) echo "$root/tests/fuzz/seeds/"* "$root/tests/fixtures/io_archive" \
               "$root/tests/fixtures/ira" "$root/tests/fixtures/crowdtangle" ;;
  esac
}

failed=""
for exe in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$exe" ] || continue
  target=$(basename "$exe")
  format=$(echo "${target#fuzz_}" | tr _ -)
  corpus="$build/fuzz-corpus/$format"
  crashes="$build/fuzz-crashes/$format"
  mkdir -p "$corpus" "$crashes"
  seeds=""
  [ -d "$root/tests/fuzz/seeds/$format" ] && seeds="$root/tests/fuzz/seeds/$format"
  if [ "$format" = checkpoint ] || [ "$format" = engine-state ]; then
    # Valid checkpoints of the current formats, written by the target itself, beside the
    # inputs kept in tests/fuzz/seeds/ (past crashes and timeouts).
    mkdir -p "$build/fuzz-seeds/$format"
    SAKIMORI_FUZZ_WRITE_SEEDS="$build/fuzz-seeds/$format" "$exe"
    seeds="$seeds $build/fuzz-seeds/$format"
  fi
  # shellcheck disable=SC2046
  if "$exe" -seed="$seed" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=0 -artifact_prefix="$crashes/" "$corpus" $seeds $(fixtures_of "$format") \
       >"$build/fuzz-$format.log" 2>&1; then
    echo "fuzz $format: ok ($(grep -c . "$build/fuzz-$format.log") log lines)"
  else
    echo "fuzz $format: FAILED (seed $seed), see $build/fuzz-$format.log and $crashes/"
    tail -40 "$build/fuzz-$format.log"
    failed="$failed $format"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz targets that failed:$failed"
  exit 1
fi
