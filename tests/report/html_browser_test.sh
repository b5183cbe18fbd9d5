#!/usr/bin/env bash
# The HTML report in headless Chromium, without network:
#   tests/report/html_browser_test.sh SAKIMORI REPORT_FIXTURE
# Renders the fixture's report in English and Japanese, loads each with every host name
# unresolvable, checks that the browser logs no console error and no network request, that
# the DOM holds the charts, and that a screenshot is not blank and shows the chart colour.
# Exit 77 (skipped) when chromium or node is missing.
set -euo pipefail
sakimori=$1
fixture=$2
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v node >/dev/null; then
  echo "SKIP: chromium or node not installed"; exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fixture" "$work/store.db"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-dev-shm-usage --host-resolver-rules="MAP * ~NOTFOUND"
       --enable-logging=stderr --v=0)
for lang in en ja; do
  html="$work/report-$lang.html"
  "$sakimori" report --db "$work/store.db" --lang "$lang" --out "$html" --user ci
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
    --dump-dom "file://$html" > "$work/dom-$lang.html" 2> "$work/log-$lang.txt" || true
  if grep -E "CONSOLE|Uncaught|ERR_|Refused to" "$work/log-$lang.txt" | grep -v "^$"; then
    echo "FAIL: console errors or blocked requests ($lang)"; exit 1
  fi
  svgs=$(grep -o "<svg" "$work/dom-$lang.html" | wc -l)
  circles=$(grep -o "<circle" "$work/dom-$lang.html" | wc -l)
  [ "$svgs" -eq 7 ] || { echo "FAIL: $svgs svg elements in the DOM ($lang), want 7"; exit 1; }
  [ "$circles" -eq 30 ] || { echo "FAIL: $circles network nodes ($lang), want 30"; exit 1; }
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
    --window-size=1200,2000 --screenshot="$work/shot-$lang.png" "file://$html" \
    > /dev/null 2> "$work/shot-log-$lang.txt" || true
  [ -s "$work/shot-$lang.png" ] || { echo "FAIL: no screenshot ($lang)"; exit 1; }
  stats=$(node "$here/png_stats.mjs" "$work/shot-$lang.png")
  echo "$lang: $stats"
  non_white=$(echo "$stats" | sed 's/.*"non_white":\([0-9]*\).*/\1/')
  accent=$(echo "$stats" | sed 's/.*"accent":\([0-9]*\).*/\1/')
  # 1200x2000 = 2.4 M pixels: text and tables alone cover some percent, the bar charts add
  # thousands of pixels of the accent colour.
  [ "$non_white" -gt 50000 ] || { echo "FAIL: screenshot nearly blank ($lang)"; exit 1; }
  [ "$accent" -gt 2000 ] || { echo "FAIL: no chart colour in the screenshot ($lang)"; exit 1; }
  if [ -n "${SAKIMORI_KEEP_SCREENSHOTS:-}" ]; then cp "$work/shot-$lang.png" "$SAKIMORI_KEEP_SCREENSHOTS/"; fi
done
echo "PASS"
