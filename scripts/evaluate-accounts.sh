#!/bin/sh
# Reproduces the figures of docs/evaluation-accounts.md:
#   1. 5-fold CV ROC AUC on cresci-rtbust-2019, model vs the BotSlayer-CE heuristic (same folds);
#   2. trained on rtbust, recall on botwiki-2019 (all bots) at the max-F1 threshold chosen on
#      rtbust's out-of-fold scores (the heuristic at its own max-F1 threshold on rtbust);
#   3. Spearman's rho between scores and the mean human rating (0 = definitely human ..
#      4 = definitely bot) of the TwiBot-20/22 annotation study's profiles.
# Usage: scripts/evaluate-accounts.sh [DATA_DIR] (default ../shared/data/real). Needs python3.
set -eu
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/real}"
BR="$DATA/botometer_bot_repository"
TB="$DATA/twibot22_annotations"
OUT="${TMPDIR:-/tmp}/sakimori-eval-accounts"
mkdir -p "$OUT"
S=./build/sakimori

$S train --labels "$BR/cresci-rtbust-2019.tsv" --profiles "$BR/cresci-rtbust-2019_tweets.json" \
  --cv 5 --json --out "$OUT/rtbust-model.json" > "$OUT/cv.json"
$S score --model "$OUT/rtbust-model.json" --input "$BR/botwiki-2019_tweets.json" --out "$OUT/botwiki.csv"
$S score --baseline --input "$BR/botwiki-2019_tweets.json" --out "$OUT/botwiki-baseline.csv"
for set in Twibot20 Twibot22; do
  $S score --model "$OUT/rtbust-model.json" --input "$TB/$set-anno_study.json" --out "$OUT/$set.csv"
  $S score --baseline --input "$TB/$set-anno_study.json" --out "$OUT/$set-baseline.csv"
done

python3 - "$OUT" "$BR" "$TB" <<'PY'
import csv, json, sys
out, br, tb = sys.argv[1:4]
cv = json.load(open(f"{out}/cv.json"))

def read_scores(path):
    with open(path) as f:
        return {r["account_id"]: float(r["score"]) for r in csv.DictReader(f)}

def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and v[order[j]] == v[order[i]]:
            j += 1
        for k in range(i, j):
            r[order[k]] = (i + 1 + j) / 2
        i = j
    return r

def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a); m = (n + 1) / 2
    cov = sum((x - m) * (y - m) for x, y in zip(ra, rb))
    va = sum((x - m) ** 2 for x in ra); vb = sum((y - m) ** 2 for y in rb)
    return cov / (va * vb) ** 0.5

print(f"1. cresci-rtbust-2019 5-fold CV (n={cv['n']}, bots={cv['bots']})")
print(f"   model AUC     {cv['auc']:.3f} +- {cv['auc_std']:.3f}   per fold "
      + " ".join(f"{f['auc']:.3f}" for f in cv["per_fold"]))
print(f"   BotSlayer AUC {cv['baseline_botslayer_auc']:.3f} +- {cv['baseline_botslayer_auc_std']:.3f}"
      "   per fold " + " ".join(f"{f['baseline_botslayer_auc']:.3f}" for f in cv["per_fold"]))

bots = [l.split("\t")[0] for l in open(f"{br}/botwiki-2019.tsv") if l.strip()]
for name, path, thr in (("model", f"{out}/botwiki.csv", cv["threshold"]),
                        ("BotSlayer", f"{out}/botwiki-baseline.csv", cv["baseline_botslayer_threshold"])):
    s = read_scores(path)
    scored = [s[i] for i in bots if i in s]
    hit = sum(x >= thr for x in scored)
    print(f"2. botwiki-2019 recall ({name}, threshold {thr:.3f} from rtbust): "
          f"{hit}/{len(scored)} = {hit / len(scored):.3f}")

ratings = {}
with open(f"{tb}/annotation_combine.csv") as f:
    for r in csv.DictReader(f):
        ratings.setdefault(r["id"], []).append(float(r["label"]))
for st in ("Twibot20", "Twibot22"):
    for name, suffix in (("model", ""), ("BotSlayer", "-baseline")):
        s = read_scores(f"{out}/{st}{suffix}.csv")
        ids = [i for i in s if i in ratings]
        rho = spearman([s[i] for i in ids], [sum(ratings[i]) / len(ratings[i]) for i in ids])
        print(f"3. {st} Spearman rho ({name}) vs mean human rating, n={len(ids)}: {rho:.3f}")
PY
