#!/bin/sh
# Rebuilds models/default-account-model.json, the account model `sakimori score` uses when no
# --model is given, in one `sakimori train` run over two labelled sources:
#   - the Botometer bot repository's cresci-rtbust-2019 profiles and labels (Mazza et al. 2019):
#     real accounts, profile features only;
#   - the simulator's upper-house-2025 scenario, seed 1, scale 0.2 (events and truth.json):
#     behaviour and profile features of simulated accounts.
# Deterministic: the same data and the same simulator give the same bytes (a change to the
# simulator's templates changes the simulated source, hence the model).
# Usage: scripts/train-default-model.sh [DATA_DIR] (default ../shared/data/real).
set -eu
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/real}/botometer_bot_repository"
SIM="$(mktemp -d "${TMPDIR:-/tmp}/sakimori-default-model.XXXXXX")"
trap 'rm -rf "$SIM"' EXIT
./build/sakimori simulate --scenario upper-house-2025 --seed 1 --scale 0.2 --out "$SIM"
./build/sakimori train \
  --labels "$DATA/cresci-rtbust-2019.tsv" \
  --profiles "$DATA/cresci-rtbust-2019_tweets.json" \
  --input "$SIM/events.jsonl" --truth "$SIM/truth.json" \
  --out models/default-account-model.json
