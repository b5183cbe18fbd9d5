// File: detect/account/metrics_test.cc
// ROC AUC, Spearman's rho and the F1 threshold on small hand-checked inputs.
#include "detect/account/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sakimori {
namespace {

TEST(MetricsTest, RocAuc) {
  const std::vector<float> labels = {1, 1, 0, 0};
  EXPECT_DOUBLE_EQ(RocAuc(std::vector<float>{0.9f, 0.8f, 0.2f, 0.1f}, labels), 1.0);
  EXPECT_DOUBLE_EQ(RocAuc(std::vector<float>{0.1f, 0.2f, 0.8f, 0.9f}, labels), 0.0);
  // One positive above both negatives, one between them: 3 of 4 pairs.
  EXPECT_DOUBLE_EQ(RocAuc(std::vector<float>{0.9f, 0.5f, 0.6f, 0.1f}, labels), 0.75);
  // Ties count one half.
  EXPECT_DOUBLE_EQ(RocAuc(std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f}, labels), 0.5);
  EXPECT_TRUE(std::isnan(RocAuc(std::vector<float>{0.1f}, std::vector<float>{1})));
}

TEST(MetricsTest, Spearman) {
  const std::vector<double> a = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(SpearmanRho(a, std::vector<double>{10, 20, 30, 40, 50}), 1.0);
  EXPECT_DOUBLE_EQ(SpearmanRho(a, std::vector<double>{5, 4, 3, 2, 1}), -1.0);
  // rho = 1 - 6 * sum d^2 / (n (n^2 - 1)) without ties: d = (0,0,1,-1,0) -> 1 - 12/120.
  EXPECT_NEAR(SpearmanRho(a, std::vector<double>{1, 2, 4, 3, 5}), 0.9, 1e-12);
  EXPECT_EQ(Ranks(std::vector<double>{3, 1, 3, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
  EXPECT_TRUE(std::isnan(SpearmanRho(a, std::vector<double>{1, 1, 1, 1, 1})));
}

TEST(MetricsTest, MaxF1Threshold) {
  const std::vector<float> scores = {0.9f, 0.8f, 0.7f, 0.3f, 0.2f};
  const std::vector<float> labels = {1, 1, 0, 1, 0};
  // >= 0.8: P 1, R 2/3, F1 0.8; >= 0.3: P 3/4, R 1, F1 6/7 (best).
  ThresholdChoice t = MaxF1Threshold(scores, labels);
  EXPECT_FLOAT_EQ(t.threshold, 0.3f);
  EXPECT_NEAR(t.f1, 6.0 / 7.0, 1e-12);
  EXPECT_DOUBLE_EQ(t.recall, 1.0);
}

}  // namespace
}  // namespace sakimori
