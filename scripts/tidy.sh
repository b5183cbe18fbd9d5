#!/usr/bin/env bash
# Runs clang-tidy's naming check (.clang-tidy) over every src/**/*.cc listed in a build's
# compile_commands.json and fails on any finding. Usage: scripts/tidy.sh [BUILD_DIR]
# (default build/). Runs TIDY_JOBS (default 2) clang-tidy processes at once, through
# run-clang-tidy when it is installed, otherwise xargs -P.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
jobs=${TIDY_JOBS:-2}
tidy=${CLANG_TIDY:-clang-tidy}
db="$build/compile_commands.json"
if [ ! -f "$db" ]; then
  echo "tidy.sh: $db not found: configure the build first (cmake --preset release)" >&2
  exit 2
fi
mapfile -t files < <(grep -o "\"file\": *\"$root/src/[^\"]*\\.cc\"" "$db" |
  sed 's/^"file": *"//; s/"$//' | sort -u)
if [ ${#files[@]} -eq 0 ]; then
  echo "tidy.sh: no src/**/*.cc in $db" >&2
  exit 2
fi
echo "tidy.sh: ${#files[@]} files, $jobs at a time" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
runner=$(command -v run-clang-tidy || command -v run-clang-tidy-14 || true)
if [ -n "$runner" ]; then
  "$runner" -quiet -j "$jobs" -p "$build" -clang-tidy-binary "$(command -v "$tidy")" \
    "$root/src/.*\.cc\$" >"$log" 2>&1 || status=$?
else
  printf '%s\n' "${files[@]}" |
    xargs -P "$jobs" -n 4 "$tidy" --quiet -p "$build" >"$log" 2>&1 || status=$?
fi
# Findings, without colour codes; "N warnings generated" lines are noise.
findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E ': (warning|error): ' | sort -u || true)
if [ -n "$findings" ] || [ "$status" -ne 0 ]; then
  printf '%s\n' "$findings"
  echo "tidy.sh: $(printf '%s\n' "$findings" | grep -c . || true) findings (exit status $status)" >&2
  [ -n "$findings" ] || sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -40
  exit 1
fi
echo "tidy.sh: no findings" >&2
