#!/usr/bin/env bash
# From a simulated election to partners and back, through the command line:
#   tests/stix/analyze_stix_test.sh SAKIMORI
# 1. A partner's STIX bundle names five accounts of a planted operation; `import stix` turns it
#    into a watch list; `analyze --watchlist-db` over the simulated upper-house-2025 must report
#    watch-list matches for exactly those five accounts.
# 2. The analysis' campaigns exported as STIX 2.1 validate object by object against the official
#    schemas (tests/stix/validate.mjs, ajv, offline), and a re-export of the same campaign
#    yields the same ids.
# Exit 77 (skipped) when node, the npm packages or the standards data are missing.
set -euo pipefail
sakimori=$1
source "$(dirname "$0")/preamble.sh"

"$sakimori" simulate --scenario upper-house-2025 --seed 3 --scale 0.1 --out "$work/sim" >/dev/null

# The partner's bundle: one indicator per account, the first five members of op1.
node - "$work/sim/truth.json" "$work/watch.json" <<'JS'
const fs = require('fs');
const [truthPath, out] = process.argv.slice(2);
const truth = JSON.parse(fs.readFileSync(truthPath, 'utf8'));
const members = truth.operations.find((o) => o.id === 'op1').members.slice(0, 5);
const t = '2025-07-01T00:00:00.000Z';
const objects = [{type: 'identity', spec_version: '2.1', created: t, modified: t,
                  id: 'identity--11111111-1111-4111-8111-111111111111', name: 'Partner CERT'}];
members.forEach((m, i) => objects.push({
  type: 'indicator', spec_version: '2.1', created: t, modified: t, valid_from: t,
  id: `indicator--22222222-2222-4222-8222-${String(i).padStart(12, '0')}`,
  created_by_ref: 'identity--11111111-1111-4111-8111-111111111111',
  pattern: `[user-account:user_id = '${m}']`, pattern_type: 'stix'}));
fs.writeFileSync(out, JSON.stringify({type: 'bundle', id: 'bundle--33333333-3333-4333-8333-333333333333', objects}));
fs.writeFileSync(out + '.ids', members.sort().join('\n') + '\n');
JS
"$sakimori" import stix "$work/watch.json" --db "$work/watch.db" --user ci >/dev/null

"$sakimori" analyze --input "$work/sim/events.jsonl" --out "$work/an" \
  --watchlist-db "$work/watch.db" >/dev/null
db="$work/an/sakimori.db"
sqlite3 "$db" "SELECT id FROM accounts WHERE signals LIKE '%\"watchlist\"%' ORDER BY id" \
  > "$work/matched.ids"
diff "$work/watch.json.ids" "$work/matched.ids"
# The campaign of those accounts carries the matches among its signals.
n=$(sqlite3 "$db" "SELECT COUNT(*) FROM campaigns WHERE signals LIKE '%\"watchlist\"%'")
[ "$n" -ge 1 ] || { echo "FAIL: no campaign reports the watch-list matches"; exit 1; }

# STIX bundles of the analysis validate; a re-export of one campaign gives the same ids.
validate() { node "$here/validate.mjs" --standards "$standards" "$@"; }
"$sakimori" export stix --db "$db" --all --tlp amber --out "$work/all.json" --user ci
campaign=$(sqlite3 "$db" "SELECT id FROM campaigns ORDER BY score DESC, id LIMIT 1")
"$sakimori" export stix --db "$db" --campaign "$campaign" --tlp green --out "$work/one.json" --user ci
"$sakimori" export stix --db "$db" --campaign "$campaign" --tlp green --out "$work/again.json" --user ci
validate "$work/all.json" "$work/one.json"
cmp "$work/one.json" "$work/again.json"
grep -q '"attack-pattern"' "$work/all.json" || { echo "FAIL: no DISARM attack-pattern"; exit 1; }
echo "ok: watch list matched exactly $(wc -l < "$work/matched.ids") accounts; bundles valid"
