#!/usr/bin/env bash
# The sharing commands end to end on the fixture store:
#   tests/report/sharing_cli_test.sh SAKIMORI REPORT_FIXTURE
# Pseudonymised network exports (CSV, GraphML) contain none of the store's account ids,
# handles or texts, and two exports with one key are identical; a STIX export imported into
# another store gives exactly the campaign's members as watch list; MISP export; purge by
# event time; every command is audit-logged. Needs sqlite3.
set -euo pipefail
sakimori=$1
fixture=$2
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/store.db"
"$fixture" "$db"
printf 'research-key-0123456789' > "$work/key"
printf 'another-research-key-xyz' > "$work/key2"

for f in csv graphml; do
  "$sakimori" export network --db "$db" --all --format $f --pseudonymize "$work/key" --out "$work/a.$f" --user ci
  "$sakimori" export network --db "$db" --all --format $f --pseudonymize "$work/key" --out "$work/b.$f" --user ci
  "$sakimori" export network --db "$db" --all --format $f --pseudonymize "$work/key2" --out "$work/c.$f" --user ci
  "$sakimori" export network --db "$db" --all --format $f --out "$work/plain.$f" --user ci
  cmp "$work/a.$f" "$work/b.$f"
  ! cmp -s "$work/a.$f" "$work/c.$f"
done
# Every id, handle and text of the store, one per line.
sqlite3 "$db" "SELECT id FROM accounts UNION SELECT handle FROM accounts
  UNION SELECT content_a FROM evidence WHERE content_a <> '' UNION SELECT content_b FROM evidence WHERE content_b <> ''
  UNION SELECT summary_en FROM campaigns UNION SELECT summary_ja FROM campaigns
  UNION SELECT note FROM reviews UNION SELECT body FROM notes" > "$work/secrets.txt"
n=$(wc -l < "$work/secrets.txt")
[ "$n" -ge 70 ] || { echo "FAIL: only $n secrets listed"; exit 1; }
for f in csv graphml; do
  # The plain export does contain them (the check can fail) ...
  grep -qF -f <(sqlite3 "$db" "SELECT id FROM accounts") "$work/plain.$f"
  # ... the pseudonymised one none of them.
  if grep -F -f "$work/secrets.txt" "$work/a.$f"; then echo "FAIL: leak in a.$f"; exit 1; fi
done
rows=$(($(wc -l < "$work/a.csv") - 1))
evidence=$(sqlite3 "$db" "SELECT COUNT(*) FROM evidence")
[ "$rows" -eq "$evidence" ] || { echo "FAIL: $rows csv rows, $evidence evidence"; exit 1; }

# STIX export -> import into another store: the watch list is exactly the members.
"$sakimori" export stix --db "$db" --campaign c-copypasta --tlp green --out "$work/c.json" --user ci
"$sakimori" import stix "$work/c.json" --db "$work/partner.db" --user partner
diff <(sqlite3 "$work/partner.db" "SELECT type || ':' || value || ':' || source || ':' || tlp FROM indicators ORDER BY value") \
     <(sqlite3 "$db" "SELECT 'account_id:' || account_id || ':sakimori:green' FROM campaign_members WHERE campaign_id = 'c-copypasta' ORDER BY account_id")

# MISP.
"$sakimori" export misp --db "$db" --campaign c-burst --tlp amber --out "$work/event.json" --user ci
grep -q '"tlp:amber"' "$work/event.json"
grep -q 'misp-galaxy:disarm-techniques=\\"Flood Existing Hashtag\\"' "$work/event.json"

# Purge: the newest event time is the run's last event, 2026-07-07T00:00Z; 1 day keeps only
# rows from 2026-07-06T00:00Z on.
"$sakimori" purge --db "$db" --older-than 1 --user ci | tee "$work/purge.txt"
grep -q "cut-off 2026-07-06T00:00:00Z" "$work/purge.txt"
[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM evidence WHERE time_a < 1783296000000 AND time_b < 1783296000000")" -eq 0 ]
[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM evidence")" -gt 0 ]
[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM campaigns")" -eq 2 ]
"$sakimori" purge --db "$db" --older-than 0 --now 2026-08-01T00:00:00Z --user ci
[ "$(sqlite3 "$db" "SELECT COUNT(*) FROM campaigns")" -eq 0 ]

# The audit log: 8 network exports, 1 stix, 1 misp, 2 purges here; 1 import there.
diff <(sqlite3 "$db" "SELECT action, COUNT(*) FROM audit_log WHERE user_name = 'ci' GROUP BY action ORDER BY action") \
     <(printf 'export_misp|1\nexport_network|8\nexport_stix|1\npurge|2\n')
[ "$(sqlite3 "$work/partner.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'import_stix' AND user_name = 'partner'")" -eq 1 ]
echo PASS
