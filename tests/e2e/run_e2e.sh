#!/usr/bin/env bash
# End-to-end test of the dashboard (ctest: dashboard_e2e).
#   run_e2e.sh SAKIMORI_BINARY E2E_SEED_BINARY ARTIFACTS_DIR
# Builds web/dist, makes a fresh SQLite store with four users and a 5,000-account network,
# starts `sakimori serve --analyze` (live analysis, a detection step every hour of event time)
# on a free loopback port, runs tests/e2e/run.mjs (headless Chromium through playwright-core),
# which ingests a world with a planted operation for the engine to find, and stops the server. Screenshots and summary.json go to
# ARTIFACTS_DIR. Exit 77 (ctest: skipped) when Chromium, Node.js, web/node_modules or the
# serve command is missing.
set -euo pipefail
sakimori=$(realpath "$1") seed=$(realpath "$2") artifacts=$(realpath -m "$3")
cd "$(dirname "$0")/../.."

skip() { echo "SKIPPED: $*" >&2; exit 77; }
command -v node >/dev/null || skip "node is not installed (scripts/setup.sh installs nodejs)"
[ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is missing (apt-get install chromium)"
[ -d web/node_modules/playwright-core ] || skip "web/node_modules is missing (cd web && npm ci)"
"$sakimori" serve --help >/dev/null 2>&1 || skip "this sakimori has no serve command"

mkdir -p "$artifacts"
echo "[e2e] building web/dist" >&2
(cd web && npm run --silent build >/dev/null)

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

db=$tmp/e2e.db
password=e2e-password-$$
"$seed" users "$db" "$password"
"$seed" large "$db" 5000
"$sakimori" user share nato C-LARGE --tlp amber --db "$db" >/dev/null

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
echo "[e2e] starting sakimori serve on 127.0.0.1:$port" >&2
(cd "$tmp" && exec "$sakimori" serve --db "$db" --listen "127.0.0.1:$port" --static "$OLDPWD/web/dist" \
   --analyze --detect-every 1) \
  >"$artifacts/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$port/api/health"; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$artifacts/serve.log" >&2; echo "server exited" >&2; exit 1; }
  sleep 0.1
done

node tests/e2e/run.mjs --base "http://127.0.0.1:$port" --seed "$seed" --db "$db" \
  --password "$password" --artifacts "$artifacts"
