// File: detect/account/metrics.cc
// ROC AUC, Spearman's rho and the F1-maximising threshold.
#include "detect/account/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sakimori {

std::vector<double> Ranks(std::span<const double> values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k < j; ++k) ranks[order[k]] = mean_rank;
    i = j;
  }
  return ranks;
}

double RocAuc(std::span<const float> scores, std::span<const float> labels) {
  std::vector<double> s(scores.begin(), scores.end());
  std::vector<double> ranks = Ranks(s);
  double positives = 0;
  double rank_sum = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] > 0.5f) {
      ++positives;
      rank_sum += ranks[i];
    }
  }
  const double negatives = static_cast<double>(labels.size()) - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

double SpearmanRho(std::span<const double> a, std::span<const double> b) {
  const size_t n = std::min(a.size(), b.size());
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> ra = Ranks(a.first(n));
  std::vector<double> rb = Ranks(b.first(n));
  const double mean = (n + 1) / 2.0;
  double cov = 0, va = 0, vb = 0;
  for (size_t i = 0; i < n; ++i) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) * (ra[i] - mean);
    vb += (rb[i] - mean) * (rb[i] - mean);
  }
  if (va == 0 || vb == 0) return std::numeric_limits<double>::quiet_NaN();
  return cov / std::sqrt(va * vb);
}

ThresholdChoice MaxF1Threshold(std::span<const float> scores, std::span<const float> labels) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double positives = 0;
  for (float l : labels) positives += l > 0.5f;
  ThresholdChoice best;
  best.f1 = -1;
  double tp = 0;
  double flagged = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      tp += labels[order[j]] > 0.5f;
      ++flagged;
      ++j;
    }
    const double precision = tp / flagged;
    const double recall = positives > 0 ? tp / positives : 0;
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    if (f1 > best.f1) {
      best = {scores[order[i]], f1, precision, recall};
    }
    i = j;
  }
  if (best.f1 < 0) best.f1 = 0;
  return best;
}

}  // namespace sakimori
