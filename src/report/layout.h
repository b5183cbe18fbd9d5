// File: report/layout.h
// Deterministic force-directed graph layout for the report's network drawings:
// Fruchterman & Reingold, "Graph drawing by force-directed placement", Software: Practice and
// Experience 21(11), 1991. Nodes start on a sunflower spiral in index order (no randomness),
// attract along weighted edges and repel pairwise; the step is capped by a linearly cooling
// temperature. Same input -> same positions (plain double arithmetic in a fixed order).
#pragma once

#include <utility>
#include <vector>

namespace sakimori::report {

struct LayoutEdge {
  int a;
  int b;
  double weight;  // > 0; heavier edges pull harder (scaled by weight / max weight)
};

struct Point {
  double x;
  double y;
};

// Positions of `n` nodes in [0, width] x [0, height] (a margin of 5% is kept free).
std::vector<Point> ForceLayout(int n, const std::vector<LayoutEdge>& edges, double width,
                               double height, int iterations = 300);

}  // namespace sakimori::report
