// File: detect/foreign/creation_wave_test.cc
#include "detect/foreign/creation_wave.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "detect/foreign/internal/binomial.h"

namespace sakimori::foreign {
namespace {

constexpr int64_t kDay0 = 18000;  // 2019-04-14

TEST(BinomialTest, UpperTailKnownValues) {
  EXPECT_DOUBLE_EQ(internal::BinomialUpperTail(10, 0, 0.3), 1.0);
  EXPECT_DOUBLE_EQ(internal::BinomialUpperTail(10, 11, 0.3), 0.0);
  EXPECT_NEAR(internal::BinomialUpperTail(10, 10, 0.5), 1.0 / 1024, 1e-15);
  EXPECT_NEAR(internal::BinomialUpperTail(10, 9, 0.5), 11.0 / 1024, 1e-15);
  // P[X >= 3], X ~ Bin(20, 0.1) = 1 - (0.9^20 + 20*0.1*0.9^19 + 190*0.01*0.9^18).
  double p = 1 - (std::pow(0.9, 20) + 2 * std::pow(0.9, 19) + 1.9 * std::pow(0.9, 18));
  EXPECT_NEAR(internal::BinomialUpperTail(20, 3, 0.1), p, 1e-12);
  EXPECT_GT(internal::BinomialUpperTail(1000000, 100, 1e-4), 0.4);
}

// Both sides of the mode agree with the plain sum of the terms.
TEST(BinomialTest, UpperTailMatchesTheDirectSumOnBothSidesOfTheMode) {
  for (double p : {0.02, 0.3, 0.5, 0.9}) {
    for (uint64_t n : {1u, 7u, 60u, 400u}) {
      for (uint64_t k = 1; k <= n; ++k) {
        double direct = 0;
        for (uint64_t i = k; i <= n; ++i) {
          direct += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) -
                             std::lgamma(n - i + 1.0) + i * std::log(p) + (n - i) * std::log1p(-p));
        }
        ASSERT_NEAR(internal::BinomialUpperTail(n, k, p), std::min(direct, 1.0), 1e-9)
            << "n=" << n << " k=" << k << " p=" << p;
      }
    }
  }
}

// Counts near 2^32 (summed per-account counters) stay exact in shape: far below the mean the
// tail is 1, at the mean of a symmetric law about 1/2, far above it 0.
TEST(BinomialTest, UpperTailOfHugeCounts) {
  constexpr uint64_t kN = 4'000'000'000;
  EXPECT_DOUBLE_EQ(internal::BinomialUpperTail(kN, 1, 0.5), 1.0);
  EXPECT_NEAR(internal::BinomialUpperTail(kN, kN / 2, 0.5), 0.5, 1e-4);
  EXPECT_NEAR(internal::BinomialUpperTail(kN, kN / 2 + 1'000'000, 0.5), 0.0, 1e-12);
  // Poisson(4) law; lgamma near 1e11 leaves about 1e-5 of absolute error in each log term.
  EXPECT_NEAR(internal::BinomialUpperTail(kN, 3, 1e-9), 1 - 13 * std::exp(-4.0), 2e-5);
}

// A population of 20000 accounts created uniformly over 1000 days.
CreationTracker UniformPopulation(std::mt19937_64* rng) {
  CreationTracker t;
  std::uniform_int_distribution<int64_t> day(kDay0, kDay0 + 999);
  for (AccountId a = 0; a < 20000; ++a) t.Update(a, day(*rng) * kMsPerDay + 5 * kMsPerHour);
  return t;
}

TEST(CreationWaveTest, FindsAPlantedWave) {
  std::mt19937_64 rng(1);
  CreationTracker t = UniformPopulation(&rng);
  // 30 members: 24 created on days 500..503, 6 spread out; 3 with no profile at all.
  std::vector<AccountId> members;
  for (AccountId a = 20000; a < 20024; ++a) {
    t.Update(a, (kDay0 + 500 + (a % 4)) * kMsPerDay + 3 * kMsPerHour);
    members.push_back(a);
  }
  for (AccountId a = 0; a < 6; ++a) members.push_back(a * 1000);
  members.push_back(30000);
  members.push_back(30001);
  members.push_back(30002);
  CreationWave w = t.Find(members);
  ASSERT_TRUE(w.found);
  EXPECT_EQ(w.members_known, 30u);
  EXPECT_GE(w.members_in_window, 24u);
  EXPECT_LE(w.start_day, kDay0 + 500);
  EXPECT_GT(w.start_day, kDay0 + 493);
  EXPECT_NEAR(w.population_share, 7.0 / 1000, 0.004);
  EXPECT_GT(w.confidence, 0.999999);
}

TEST(CreationWaveTest, NoWaveInUniformCreations) {
  std::mt19937_64 rng(2);
  CreationTracker t = UniformPopulation(&rng);
  int confident = 0;
  for (int g = 0; g < 20; ++g) {
    std::vector<AccountId> members;
    for (int i = 0; i < 40; ++i) members.push_back(static_cast<AccountId>(g * 1000 + i * 7));
    CreationWave w = t.Find(members);
    ASSERT_TRUE(w.found);
    confident += w.confidence > 0.95;
  }
  EXPECT_LE(confident, 1);
}

TEST(CreationWaveTest, TooFewKnownMembersIsNotTested) {
  CreationHistogram pop;
  pop.Add(kDay0 * kMsPerDay);
  CreationWave w = FindCreationWave({kDay0 * kMsPerDay, kNoTime, kNoTime}, pop);
  EXPECT_FALSE(w.found);
  EXPECT_EQ(w.members_known, 1u);
}

TEST(CreationWaveTest, FromProfilesAndCheckpoint) {
  EventBatch batch;
  Event& e = batch.Add();
  e.actor = 4;
  e.kind = EventKind::kProfileUpdate;
  Profile* p = batch.NewProfile();
  p->created_at = (kDay0 + 3) * kMsPerDay + 1;
  e.profile = p;
  CreationTracker t;
  t.Update(e);
  p->created_at = (kDay0 + 9) * kMsPerDay;  // a later snapshot does not move the day
  t.Update(e);
  EXPECT_EQ(t.CreationDay(4), kDay0 + 3);
  EXPECT_EQ(t.CreationDay(1), CreationTracker::kUnknownDay);
  EXPECT_EQ(t.population().total(), 1u);
  t.Update(2, -3 * kMsPerDay + 1);  // before the epoch
  EXPECT_EQ(t.CreationDay(2), -3);

  std::string bytes;
  t.Serialize(&bytes);
  CreationTracker r;
  ASSERT_TRUE(r.Deserialize(bytes).ok());
  EXPECT_EQ(r.CreationDay(4), kDay0 + 3);
  EXPECT_EQ(r.CreationDay(2), -3);
  EXPECT_EQ(r.population().total(), 2u);
  std::string again;
  r.Serialize(&again);
  EXPECT_EQ(again, bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(r.Deserialize(bytes.substr(0, cut)).code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(r.Deserialize("XXXX" + bytes.substr(4)).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sakimori::foreign
