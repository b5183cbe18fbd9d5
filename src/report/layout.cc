// File: report/layout.cc
#include "report/layout.h"

#include <algorithm>
#include <cmath>

namespace sakimori::report {

std::vector<Point> ForceLayout(int n, const std::vector<LayoutEdge>& edges, double width,
                               double height, int iterations) {
  std::vector<Point> pos(n);
  if (n == 0) return pos;
  const double kGolden = M_PI * (3.0 - std::sqrt(5.0));
  for (int i = 0; i < n; ++i) {
    double r = std::sqrt((i + 0.5) / n);
    pos[i] = {r * std::cos(i * kGolden), r * std::sin(i * kGolden)};
  }
  double max_w = 0;
  for (const LayoutEdge& e : edges) max_w = std::max(max_w, e.weight);
  if (max_w <= 0) max_w = 1;
  // Work in the unit square; k is the ideal distance.
  const double k = std::sqrt(4.0 / n);
  std::vector<Point> disp(n);
  for (int it = 0; it < iterations; ++it) {
    double temp = 0.1 * (1.0 - static_cast<double>(it) / iterations) + 1e-4;
    std::fill(disp.begin(), disp.end(), Point{0, 0});
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        double dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        double d2 = std::max(dx * dx + dy * dy, 1e-9);
        double f = k * k / d2;  // repulsion k^2/d, along the unit vector (dx/d)
        disp[i].x += dx * f;
        disp[i].y += dy * f;
        disp[j].x -= dx * f;
        disp[j].y -= dy * f;
      }
    }
    for (const LayoutEdge& e : edges) {
      if (e.a == e.b || e.a < 0 || e.b < 0 || e.a >= n || e.b >= n) continue;
      double dx = pos[e.a].x - pos[e.b].x, dy = pos[e.a].y - pos[e.b].y;
      double d = std::sqrt(dx * dx + dy * dy) + 1e-9;
      double f = d / k * (0.5 + 0.5 * e.weight / max_w);  // attraction d^2/k
      disp[e.a].x -= dx * f;
      disp[e.a].y -= dy * f;
      disp[e.b].x += dx * f;
      disp[e.b].y += dy * f;
    }
    for (int i = 0; i < n; ++i) {
      // Gravity towards the centre keeps disconnected parts on the canvas.
      disp[i].x -= 0.05 * pos[i].x / k;
      disp[i].y -= 0.05 * pos[i].y / k;
      double d = std::sqrt(disp[i].x * disp[i].x + disp[i].y * disp[i].y);
      if (d > 0) {
        double step = std::min(d, temp);
        pos[i].x += disp[i].x / d * step;
        pos[i].y += disp[i].y / d * step;
      }
    }
  }
  double min_x = pos[0].x, max_x = pos[0].x, min_y = pos[0].y, max_y = pos[0].y;
  for (const Point& p : pos) {
    min_x = std::min(min_x, p.x);
    max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y);
    max_y = std::max(max_y, p.y);
  }
  double sx = max_x - min_x > 1e-9 ? 0.9 * width / (max_x - min_x) : 0;
  double sy = max_y - min_y > 1e-9 ? 0.9 * height / (max_y - min_y) : 0;
  for (Point& p : pos) {
    p.x = sx > 0 ? 0.05 * width + (p.x - min_x) * sx : width / 2;
    p.y = sy > 0 ? 0.05 * height + (p.y - min_y) * sy : height / 2;
  }
  return pos;
}

}  // namespace sakimori::report
