#!/bin/sh
# Rebuilds models/default-account-model.json, the account model `sakimori score` uses when no
# --model is given: trained on the Botometer bot repository's cresci-rtbust-2019 profiles and
# labels (Mazza et al. 2019). Deterministic: the same data gives the same bytes.
# Usage: scripts/train-default-model.sh [DATA_DIR] (default ../shared/data/real).
set -eu
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data/real}/botometer_bot_repository"
./build/sakimori train \
  --labels "$DATA/cresci-rtbust-2019.tsv" \
  --profiles "$DATA/cresci-rtbust-2019_tweets.json" \
  --out models/default-account-model.json
