#!/usr/bin/env python3
# File: scripts/coord_ring_edges.py
# Share of planted ring edges kept: for each operation of a simulator truth.json, the pairs of
# its members that are significant edges of `sakimori coord` (edges.csv, column
# `significant`), the pairs above the percentile cut of a CooRTweet-mode network (edges.csv of
# `sakimori coord --coortweet`, column `weight_threshold`), and of the member pairs that are
# edges of that network but fall below its cut, how many the significance test keeps.
# usage: coord_ring_edges.py truth.json coord/edges.csv [coortweet/edges.csv]
import csv
import json
import sys
from itertools import combinations


def load(path, flag_col):
    """(all pairs listed, pairs whose flag column is 1), pairs as sorted tuples."""
    seen, kept = set(), set()
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        i = header.index(flag_col)
        for row in rows:
            key = (min(row[0], row[1]), max(row[0], row[1]))
            seen.add(key)
            if row[i] == "1":
                kept.add(key)
    return seen, kept


def main():
    truth = json.load(open(sys.argv[1]))
    _, significant = load(sys.argv[2], "significant")
    net, above = load(sys.argv[3], "weight_threshold") if len(sys.argv) > 3 else (set(), set())
    print("operation\tmembers\tpairs\tsignificant\tabove percentile cut\t"
          "below the cut (edges)\tof those significant")
    for op in truth["operations"]:
        pairs = list(combinations(sorted(op["members"]), 2))
        n = max(len(pairs), 1)
        sig = sum(p in significant for p in pairs)
        pct = sum(p in above for p in pairs)
        dropped = [p for p in pairs if p in net and p not in above]
        kept = sum(p in significant for p in dropped)
        share = f" ({kept / len(dropped):.1%})" if dropped else ""
        print(f"{op['id']}\t{len(op['members'])}\t{len(pairs)}\t{sig} ({sig / n:.1%})\t"
              f"{pct} ({pct / n:.1%})\t{len(dropped)}\t{kept}{share}")


if __name__ == "__main__":
    main()
