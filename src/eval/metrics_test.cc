#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sakimori::eval {
namespace {

TEST(MetricsTest, PrecisionRecallF1ByHand) {
  // 3 true positives, 1 false positive, 2 missed.
  EXPECT_DOUBLE_EQ(Precision(3, 1), 0.75);
  EXPECT_DOUBLE_EQ(Recall(3, 5), 0.6);
  EXPECT_DOUBLE_EQ(F1(3, 1, 2), 6.0 / 9.0);  // 2PR/(P+R) = 0.9/1.35
  EXPECT_TRUE(std::isnan(Precision(0, 0)));
  EXPECT_TRUE(std::isnan(Recall(0, 0)));
  EXPECT_DOUBLE_EQ(F1(0, 4, 3), 0.0);
  EXPECT_TRUE(std::isnan(F1(0, 0, 0)));
}

TEST(MetricsTest, AucWithTiesIsTheMidrankMannWhitneyStatistic) {
  // Scores 0(n) 0.1(n) 0.5(n) 0.5(p) 0.5(p) 0.9(p); midranks 1 2 4 4 4 6.
  // Positive rank sum 14, U = 14 - 3*4/2 = 8, AUC = 8 / (3*3).
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({0.9, 0.5, 0.5}, {0.5, 0.1}, /*implicit_negative_zeros=*/1),
                   8.0 / 9.0);
  // The same negatives written out explicitly.
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({0.9, 0.5, 0.5}, {0.5, 0.1, 0.0}), 8.0 / 9.0);
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({1, 1}, {1, 1, 1}), 0.5);
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({0.0}, {}, 7), 0.5);
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({2, 3}, {0, 1}), 1.0);
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({0, 1}, {2, 3}), 0.0);
  // A negative score below the implicit zeros.
  EXPECT_DOUBLE_EQ(MannWhitneyAuc({0.0}, {-1.0}, 1), (1.0 + 0.5) / 2.0);
  EXPECT_TRUE(std::isnan(MannWhitneyAuc({}, {1.0})));
  EXPECT_TRUE(std::isnan(MannWhitneyAuc({1.0}, {}, 0)));
}

TEST(MetricsTest, AdjustedRandIndexTextbookValues) {
  // Contingency {2 | 1 1}: index 1, E = 2*1/6, max 3/2 -> (2/3)/(7/6) = 4/7.
  EXPECT_NEAR(AdjustedRandIndex({0, 0, 1, 1}, {0, 0, 1, 2}), 4.0 / 7.0, 1e-15);
  // {2 1 | 1 2}: index 2, E = 6*3/15 = 1.2, max 4.5 -> 0.8/3.3 = 8/33.
  EXPECT_NEAR(AdjustedRandIndex({0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 2, 2}), 8.0 / 33.0, 1e-15);
  // Crossed halves: index 0, E = 2*2/6, max 2 -> (-2/3)/(4/3) = -1/2.
  EXPECT_NEAR(AdjustedRandIndex({0, 0, 1, 1}, {0, 1, 0, 1}), -0.5, 1e-15);
  // Label values do not matter.
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 0, 1, 1}, {7, 7, 3, 3}), 1.0);
  // Degenerate denominators: identical -> 1, different -> 0.
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 1, 2}, {5, 6, 7}), 1.0);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 0, 0}, {1, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({0, 0, 0, 0}, {0, 1, 2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(AdjustedRandIndex({4}, {9}), 1.0);
}

TEST(MetricsTest, Median) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({-60, 7200}), 3570);
  EXPECT_TRUE(std::isnan(Median({})));
}

}  // namespace
}  // namespace sakimori::eval
