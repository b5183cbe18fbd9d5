#!/usr/bin/env bash
# `analyze --save-state` / `--resume` through the command line, on a simulated election with
# the shipped account model:
#   tests/analyze/resume_test.sh SAKIMORI
# The events are cut in two files at the middle; one run over both files and two runs, the
# second resuming from the first's state, must write the same results.json and campaigns.jsonl,
# byte for byte. A damaged state file and a state written with other options (channels, detection
# interval, account model) are refused with a clear error; another thread count is accepted.
set -euo pipefail
sakimori=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$sakimori" simulate --scenario upper-house-2025 --seed 3 --scale 0.05 --out "$work/sim" >/dev/null
n=$(wc -l < "$work/sim/events.jsonl")
head -n $((n / 2)) "$work/sim/events.jsonl" > "$work/a.jsonl"
tail -n +$((n / 2 + 1)) "$work/sim/events.jsonl" > "$work/b.jsonl"

"$sakimori" analyze --input "$work/a.jsonl" "$work/b.jsonl" --out "$work/whole" >/dev/null 2>&1
"$sakimori" analyze --input "$work/a.jsonl" --out "$work/first" --save-state "$work/state" \
  >/dev/null 2>&1
test -s "$work/first/results.json"
"$sakimori" analyze --input "$work/b.jsonl" --resume "$work/state" --out "$work/second" \
  >/dev/null 2>&1
cmp "$work/whole/results.json" "$work/second/results.json"
cmp "$work/whole/campaigns.jsonl" "$work/second/campaigns.jsonl"
grep -q '"alerts": \[$' "$work/whole/results.json"  # the world's operations are alerted
echo "resumed run: same results.json and campaigns.jsonl as one run over both halves"

# A damaged state: one byte flipped in the middle.
cp "$work/state" "$work/damaged"
size=$(stat -c %s "$work/damaged")
printf '\x5a' | dd of="$work/damaged" bs=1 seek=$((size / 2)) conv=notrunc status=none
if "$sakimori" analyze --input "$work/b.jsonl" --resume "$work/damaged" --out "$work/bad" \
    >/dev/null 2>"$work/err"; then
  echo "a damaged state was accepted" >&2
  exit 1
fi
grep -q "checksum" "$work/err"
# Other options: channels, a detection interval, no account model.
for other in "--channel repost@60" "--detect-every 2" "--no-model"; do
  # shellcheck disable=SC2086
  if "$sakimori" analyze --input "$work/b.jsonl" --resume "$work/state" $other \
      --out "$work/bad" >/dev/null 2>"$work/err"; then
    echo "a state written with other options was accepted ($other)" >&2
    exit 1
  fi
  grep -Eq "other options|detection step every 3 hours, this run takes one every 2" "$work/err"
done
# The thread count is not one of them.
"$sakimori" analyze --input "$work/b.jsonl" --resume "$work/state" --threads 1 \
  --out "$work/one-thread" >/dev/null 2>&1
cmp "$work/whole/results.json" "$work/one-thread/results.json"
echo "damaged state and other options refused; another thread count accepted"
