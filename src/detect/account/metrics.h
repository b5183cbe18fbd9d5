// File: detect/account/metrics.h
// Evaluation measures for account scores: ROC AUC, Spearman's rank correlation and the
// decision threshold that maximises F1.
#pragma once

#include <span>
#include <vector>

namespace sakimori {

// Area under the ROC curve as the Mann-Whitney statistic (ties count one half): the
// probability that a random positive scores above a random negative. NaN when either class
// is empty. `labels` are 0/1.
double RocAuc(std::span<const float> scores, std::span<const float> labels);

// Average ranks (1-based, ties share their mean rank).
std::vector<double> Ranks(std::span<const double> values);

// Spearman's rho: Pearson correlation of the average ranks. NaN for fewer than two values or
// a constant input.
double SpearmanRho(std::span<const double> a, std::span<const double> b);

struct ThresholdChoice {
  double threshold = 0.5;  // flag scores >= threshold
  double f1 = 0;
  double precision = 0;
  double recall = 0;
};

// The threshold among the observed scores that maximises F1 (the highest such threshold on
// ties, so the choice is deterministic).
ThresholdChoice MaxF1Threshold(std::span<const float> scores, std::span<const float> labels);

}  // namespace sakimori
