// File: eval/metrics.h
// The statistics `sakimori eval` is built from, each defined exactly so that the figures can
// be recomputed by hand: precision/recall/F1, ROC AUC by the Mann-Whitney statistic with
// midranks, the adjusted Rand index of two partitions, best-match F1, the median.
// Pure functions; thread-compatible.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace sakimori::eval {

inline constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// tp / (tp + fp); undefined (NaN) when nothing was flagged.
double Precision(int64_t tp, int64_t fp);
// tp / positives; NaN when there are no positives.
double Recall(int64_t tp, int64_t positives);
// Harmonic mean of precision and recall: 2 tp / (2 tp + fp + fn). NaN when tp + fp + fn = 0;
// 0 when tp = 0 and the others are not both 0.
double F1(int64_t tp, int64_t fp, int64_t fn);

// ROC AUC as the normalised Mann-Whitney U statistic (Mann & Whitney 1947; Hanley & McNeil
// 1982): the probability that a random positive scores above a random negative, ties counting
// one half, which equals the rank-sum formula with midranks for tied scores.
// `implicit_negative_zeros` more negatives score exactly 0 (accounts absent from the results).
// NaN when there are no positives or no negatives. O((P + N) log N).
double MannWhitneyAuc(const std::vector<double>& positive_scores,
                      std::vector<double> negative_scores, int64_t implicit_negative_zeros = 0);

// The adjusted Rand index (Hubert & Arabie 1985, "Comparing partitions", J. Classification 2)
// between two partitions of the same n items, given as one cluster label per item
// (labels[i] is item i's cluster; label values are arbitrary non-negative integers):
//   ARI = (Σij C(nij,2) - E) / (½(Σi C(ai,2) + Σj C(bj,2)) - E),
//   E = Σi C(ai,2) Σj C(bj,2) / C(n,2),
// with nij the contingency table and ai, bj its row and column sums. 1 for identical
// partitions, 0 in expectation for random ones, may be negative. When the denominator is 0
// (n < 2, or both partitions all singletons, or both one cluster) the result is 1 if the two
// partitions are identical and 0 otherwise. Requires labels_a.size() == labels_b.size().
double AdjustedRandIndex(const std::vector<int64_t>& labels_a,
                         const std::vector<int64_t>& labels_b);

// The median of `values` (mean of the two middle values for an even count); NaN when empty.
double Median(std::vector<double> values);

}  // namespace sakimori::eval
