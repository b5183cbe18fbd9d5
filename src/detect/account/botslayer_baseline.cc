// File: detect/account/botslayer_baseline.cc
// BotSlayer-CE's heuristic score over sakimori's account features.
#include "detect/account/botslayer_baseline.h"

#include <algorithm>
#include <cmath>

#include "detect/account/account_features.h"

namespace sakimori {
namespace {

double Sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

double BotSlayerScore(const float* f) {
  auto get = [f](AccountFeature k) { return static_cast<double>(f[static_cast<int>(k)]); };
  const double friends = get(AccountFeature::kFriends);
  const double followers = get(AccountFeature::kFollowers);
  const double age = get(AccountFeature::kAccountAgeDays);
  const double posts_per_day = get(AccountFeature::kPostsPerDay);
  const double default_profile = get(AccountFeature::kDefaultProfile);
  const double default_image = get(AccountFeature::kDefaultImage);
  const double verified = get(AccountFeature::kVerified);

  double sum = 0;
  int n = 0;
  auto add = [&](double v) {
    if (std::isnan(v)) return;
    sum += v;
    ++n;
  };
  if (!std::isnan(friends) && !std::isnan(age)) add(Sigmoid(friends / std::max(age, 1.0) - 1.0));
  if (!std::isnan(friends) && !std::isnan(followers)) {
    add(Sigmoid(friends / std::max(followers, 1.0) - 7.4));
  }
  if (!std::isnan(posts_per_day)) add(Sigmoid(posts_per_day - 33.0));
  add(default_profile);
  add(!std::isnan(default_image) ? default_image : default_profile);
  if (!std::isnan(verified)) add(1.0 - verified);
  return n == 0 ? 0.5 : sum / n;
}

}  // namespace sakimori
