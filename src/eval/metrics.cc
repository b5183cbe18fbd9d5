// File: eval/metrics.cc
#include "eval/metrics.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <cassert>

namespace sakimori::eval {
namespace {

long double Pairs(int64_t n) { return static_cast<long double>(n) * (n - 1) / 2; }

// Renumbers labels to 0..k-1 in order of first appearance.
std::vector<int64_t> Canonical(const std::vector<int64_t>& labels) {
  absl::flat_hash_map<int64_t, int64_t> ids;
  std::vector<int64_t> out;
  out.reserve(labels.size());
  for (int64_t l : labels) out.push_back(ids.try_emplace(l, int64_t(ids.size())).first->second);
  return out;
}

}  // namespace

double Precision(int64_t tp, int64_t fp) {
  return tp + fp == 0 ? kUndefined : double(tp) / double(tp + fp);
}

double Recall(int64_t tp, int64_t positives) {
  return positives == 0 ? kUndefined : double(tp) / double(positives);
}

double F1(int64_t tp, int64_t fp, int64_t fn) {
  int64_t denominator = 2 * tp + fp + fn;
  return denominator == 0 ? kUndefined : 2.0 * double(tp) / double(denominator);
}

double MannWhitneyAuc(const std::vector<double>& positive_scores,
                      std::vector<double> negative_scores, int64_t implicit_negative_zeros) {
  const long double negatives = static_cast<long double>(negative_scores.size()) +
                                static_cast<long double>(implicit_negative_zeros);
  if (positive_scores.empty() || negatives == 0) return kUndefined;
  std::sort(negative_scores.begin(), negative_scores.end());
  // For each positive: the negatives strictly below it plus half of those equal to it.
  long double u = 0;
  for (double s : positive_scores) {
    auto lo = std::lower_bound(negative_scores.begin(), negative_scores.end(), s);
    auto hi = std::upper_bound(lo, negative_scores.end(), s);
    long double below = lo - negative_scores.begin();
    long double equal = hi - lo;
    if (0.0 < s) below += implicit_negative_zeros;
    if (0.0 == s) equal += implicit_negative_zeros;
    u += below + equal / 2;
  }
  return static_cast<double>(u / (negatives * static_cast<long double>(positive_scores.size())));
}

double AdjustedRandIndex(const std::vector<int64_t>& labels_a,
                         const std::vector<int64_t>& labels_b) {
  assert(labels_a.size() == labels_b.size());
  const int64_t n = static_cast<int64_t>(labels_a.size());
  std::vector<int64_t> a = Canonical(labels_a);
  std::vector<int64_t> b = Canonical(labels_b);
  if (n < 2) return a == b ? 1.0 : 0.0;
  absl::flat_hash_map<std::pair<int64_t, int64_t>, int64_t> cells;
  absl::flat_hash_map<int64_t, int64_t> rows, cols;
  for (int64_t i = 0; i < n; ++i) {
    ++cells[{a[i], b[i]}];
    ++rows[a[i]];
    ++cols[b[i]];
  }
  long double index = 0, sum_rows = 0, sum_cols = 0;
  for (const auto& [cell, count] : cells) index += Pairs(count);
  for (const auto& [row, count] : rows) sum_rows += Pairs(count);
  for (const auto& [col, count] : cols) sum_cols += Pairs(count);
  const long double expected = sum_rows * sum_cols / Pairs(n);
  const long double maximum = (sum_rows + sum_cols) / 2;
  if (maximum == expected) return a == b ? 1.0 : 0.0;
  return static_cast<double>((index - expected) / (maximum - expected));
}

double Median(std::vector<double> values) {
  if (values.empty()) return kUndefined;
  size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + mid);
  return (lower + upper) / 2;
}

}  // namespace sakimori::eval
