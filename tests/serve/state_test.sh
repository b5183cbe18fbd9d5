#!/usr/bin/env bash
# `serve --analyze --state FILE` through the command line:
#   tests/serve/state_test.sh SAKIMORI
# A simulated election, cut in two request bodies, is posted to a live server that is stopped
# (SIGTERM) and started again between the two; another server takes both bodies without a
# restart. The state each leaves at its stop must be the same, byte for byte: the restarted
# engine continued exactly where it stopped. A third server starts from the state `analyze
# --save-state` wrote for the first body and takes the second: `analyze --resume` of its state
# (no more input) writes the results.json of one `analyze` over both. A damaged state file
# stops the server at start with a clear error. A fourth server saves beside ingest after
# every body and is killed (SIGKILL): restarted, it ends in the state of the first. The servers detect every 3 hours, as analyze
# does by default: given on the command line, except for the third, which takes the interval
# from the state analyze wrote. Needs Node.js for the HTTP requests (skipped, exit 77, without it).
set -euo pipefail
sakimori=$1
command -v node >/dev/null || { echo "SKIPPED: node not found"; exit 77; }
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$sakimori" simulate --scenario upper-house-2025 --seed 3 --scale 0.02 --out "$work/sim" >/dev/null
n=$(wc -l < "$work/sim/events.jsonl")
head -n $((n / 2)) "$work/sim/events.jsonl" > "$work/a.jsonl"
tail -n +$((n / 2 + 1)) "$work/sim/events.jsonl" > "$work/b.jsonl"

# start NAME [OPTIONS]: serves NAME.db with the state NAME.state and the analysis OPTIONS
# (default --detect-every 3); waits until it answers.
start() {
  local name=$1
  shift
  local options=("$@")
  [ $# -gt 0 ] || options=(--detect-every 3)
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
  "$sakimori" serve --db "$work/$name.db" --listen "127.0.0.1:$port" --spool "$work/$name.spool" \
    --analyze "${options[@]}" --state "$work/$name.state" >>"$work/$name.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
        "http://127.0.0.1:$port/api/health"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/$name.log" >&2; echo "server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not answer" >&2
  exit 1
}
stop() {
  kill -TERM "$server_pid"
  wait "$server_pid"
  server_pid=
}
post() {
  node -e '
    const [url, token, file] = process.argv.slice(1);
    fetch(url, {method: "POST", body: require("fs").readFileSync(file),
                headers: {Authorization: "Bearer " + token, "Content-Type": "application/x-ndjson"}})
      .then(async r => { if (r.status !== 202) { console.error(r.status, await r.text()); process.exit(1); } },
            e => { console.error(e); process.exit(1); });' \
    "http://127.0.0.1:$port/api/ingest" "$token" "$1"
}
token_for() {
  "$sakimori" db migrate --db "$work/$1.db" >/dev/null
  echo "pw-$$-secret" | "$sakimori" user add ana --role analyst --db "$work/$1.db" >/dev/null
  "$sakimori" user token ana --db "$work/$1.db" | tail -n 1
}

token=$(token_for once)
start once
post "$work/a.jsonl"
post "$work/b.jsonl"
stop

token=$(token_for twice)
start twice
post "$work/a.jsonl"
stop
test -s "$work/twice.state"
start twice
grep -q "resumed the analysis from $work/twice.state" "$work/twice.log"
post "$work/b.jsonl"
stop
cmp "$work/once.state" "$work/twice.state"
echo "restarted server: the same engine state as one server over both bodies"

# Saves beside ingest (a child process after every body), then SIGKILL: whichever save had
# finished, the restarted server replays the bodies after it and ends in the same state.
token=$(token_for killed)
start killed --detect-every 3 --state-every 0
post "$work/a.jsonl"
post "$work/b.jsonl"
grep -q "written beside ingest" "$work/killed.log"
kill -KILL "$server_pid"
wait "$server_pid" || true
server_pid=
start killed
grep -q "resumed the analysis from $work/killed.state" "$work/killed.log"
stop
cmp "$work/once.state" "$work/killed.state"
if ls "$work"/killed.state.tmp* >/dev/null 2>&1; then
  echo "a temporary state file was left behind" >&2
  exit 1
fi
echo "saves beside ingest, SIGKILL, restart: the same engine state as one server over both bodies"

# Live after batch: analyze the first body, serve the second from its state.
"$sakimori" analyze --input "$work/a.jsonl" --out "$work/first" --save-state "$work/third.state" \
  >/dev/null 2>&1
token=$(token_for third)
start third --fdr 0.01
grep -q "written by analyze --save-state" "$work/third.log"
grep -q "detecting every 3 hours, as the state $work/third.state was written" "$work/third.log"
post "$work/b.jsonl"
stop
: > "$work/empty.jsonl"
"$sakimori" analyze --input "$work/empty.jsonl" --resume "$work/third.state" --out "$work/third" \
  >/dev/null 2>&1
"$sakimori" analyze --input "$work/a.jsonl" "$work/b.jsonl" --out "$work/whole" >/dev/null 2>&1
cmp "$work/whole/results.json" "$work/third/results.json"
grep -q '"alerts": \[$' "$work/whole/results.json"  # the world's operations are alerted
echo "analyze, then serve, then analyze --resume: the results.json of one analyze over both"

# A damaged state: the server refuses to start and says why.
size=$(stat -c %s "$work/twice.state")
printf '\x5a' | dd of="$work/twice.state" bs=1 seek=$((size / 2)) conv=notrunc status=none
if "$sakimori" serve --db "$work/twice.db" --listen 127.0.0.1:0 --spool "$work/twice.spool" \
    --analyze --detect-every 3 --state "$work/twice.state" >"$work/bad.log" 2>&1; then
  echo "a damaged state was accepted" >&2
  exit 1
fi
grep -q "checksum" "$work/bad.log"
echo "damaged state refused"
