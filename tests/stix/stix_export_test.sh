#!/usr/bin/env bash
# STIX export validation against the official schemas, end to end through the command line:
#   tests/stix/stix_export_test.sh SAKIMORI REPORT_FIXTURE
# Builds the fixture store, exports bundles (every TLP level, one campaign and all,
# pseudonymised), validates each with tests/stix/validate.mjs (ajv, offline), proves the
# validator fails on a wrong TLP label, checks that a re-export yields the same ids and that
# every export is audit-logged. Exit 77 (skipped) when node, the npm packages or the
# standards data are missing.
set -euo pipefail
sakimori=$1
fixture=$2
source "$(dirname "$0")/preamble.sh"
db="$work/store.db"
"$fixture" "$db"
validate() { node "$here/validate.mjs" --standards "$standards" "$@"; }

for tlp in clear green amber amber+strict red; do
  "$sakimori" export stix --db "$db" --all --tlp "$tlp" --out "$work/all-$tlp.json" --user ci
done
"$sakimori" export stix --db "$db" --campaign c-burst --tlp amber --out "$work/burst.json" --user ci
"$sakimori" export stix --db "$db" --campaign c-burst --tlp amber --out "$work/burst-again.json" --user ci
printf 'research-key-0123456789' > "$work/key"
"$sakimori" export stix --db "$db" --all --tlp green --pseudonymize "$work/key" \
  --out "$work/pseudo.json" --user ci
validate "$work"/all-*.json "$work/burst.json" "$work/pseudo.json"

# A re-export of the same campaign yields the same ids (and bytes).
cmp "$work/burst.json" "$work/burst-again.json"
ids() { grep -o '"id": "[a-z0-9-]*--[0-9a-f-]*"' "$1" | sort; }
diff <(ids "$work/burst.json") <(ids "$work/burst-again.json")
# The campaign ids of the single export are those of the full export.
comm -23 <(grep -o '"campaign--[0-9a-f-]*"' "$work/burst.json" | sort -u) \
         <(grep -o '"campaign--[0-9a-f-]*"' "$work/all-amber.json" | sort -u) | (! grep .)

# The validator can fail: a wrong TLP label on the official AMBER id.
sed 's/"tlp_2_0": "amber"/"tlp_2_0": "red"/' "$work/burst.json" > "$work/wrong-tlp.json"
! cmp -s "$work/burst.json" "$work/wrong-tlp.json"
if validate "$work/wrong-tlp.json" 2> "$work/wrong.err"; then
  echo "FAIL: a wrong TLP label passed validation"; exit 1
fi
grep -q "TLP 2.0 schema" "$work/wrong.err"
# ... and a missing required property.
sed '0,/"first_seen"/s/"first_seen"/"first_seen_x"/; 0,/"pattern_type": "stix"/s/"pattern_type": "stix"/"pattern_typo": "stix"/' \
  "$work/burst.json" > "$work/broken.json"
if validate "$work/broken.json" 2>/dev/null; then
  echo "FAIL: an indicator without pattern_type passed validation"; exit 1
fi

# Every export is in the audit log (8 exports above).
n=$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'export_stix' AND user_name = 'ci'")
[ "$n" -eq 8 ] || { echo "FAIL: $n audit entries, want 8"; exit 1; }
echo "PASS"
