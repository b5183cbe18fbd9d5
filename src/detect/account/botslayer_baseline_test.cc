// File: detect/account/botslayer_baseline_test.cc
// The BotSlayer-CE heuristic on inputs whose score is computed by hand.
#include "detect/account/botslayer_baseline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "detect/account/account_features.h"

namespace sakimori {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<float> Row() { return std::vector<float>(kNumAccountFeatures, kNaN); }
void Set(std::vector<float>& r, AccountFeature f, float v) { r[static_cast<int>(f)] = v; }

TEST(BotSlayerBaselineTest, AllComponentsKnown) {
  std::vector<float> r = Row();
  Set(r, AccountFeature::kFriends, 2000);
  Set(r, AccountFeature::kFollowers, 100);
  Set(r, AccountFeature::kAccountAgeDays, 1000);
  Set(r, AccountFeature::kPostsPerDay, 40);
  Set(r, AccountFeature::kDefaultProfile, 1);
  Set(r, AccountFeature::kDefaultImage, 0);
  Set(r, AccountFeature::kVerified, 0);
  const double expected =
      (Sigmoid(2.0 - 1) + Sigmoid(20.0 - 7.4) + Sigmoid(40.0 - 33) + 1 + 0 + 1) / 6;
  EXPECT_NEAR(BotSlayerScore(r.data()), expected, 1e-9);
}

TEST(BotSlayerBaselineTest, VerifiedHumanScoresLow) {
  std::vector<float> r = Row();
  Set(r, AccountFeature::kFriends, 300);
  Set(r, AccountFeature::kFollowers, 50000);
  Set(r, AccountFeature::kAccountAgeDays, 3000);
  Set(r, AccountFeature::kPostsPerDay, 5);
  Set(r, AccountFeature::kDefaultProfile, 0);
  Set(r, AccountFeature::kVerified, 1);
  // No default_image: the default profile flag stands in for it.
  const double expected = (Sigmoid(0.1 - 1) + Sigmoid(0.006 - 7.4) + Sigmoid(5.0 - 33)) / 6;
  EXPECT_NEAR(BotSlayerScore(r.data()), expected, 1e-6);
}

TEST(BotSlayerBaselineTest, MissingComponentsAreLeftOut) {
  std::vector<float> r = Row();
  EXPECT_DOUBLE_EQ(BotSlayerScore(r.data()), 0.5);
  Set(r, AccountFeature::kVerified, 0);
  EXPECT_DOUBLE_EQ(BotSlayerScore(r.data()), 1.0);
  Set(r, AccountFeature::kFriends, 10);
  Set(r, AccountFeature::kFollowers, 0);  // friends / max(followers, 1)
  EXPECT_NEAR(BotSlayerScore(r.data()), (1.0 + Sigmoid(10 - 7.4)) / 2, 1e-9);
}

}  // namespace
}  // namespace sakimori
