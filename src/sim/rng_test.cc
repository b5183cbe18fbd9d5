// File: sim/rng_test.cc
#include "sim/rng.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/rhythm.h"

namespace sakimori::sim {
namespace {

TEST(RngTest, SameSeedSameStreamDifferentSeedDifferent) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
  Rng f1 = Rng::Fork(7, 1), f2 = Rng::Fork(7, 2), f1b = Rng::Fork(7, 1);
  EXPECT_EQ(f1.Next(), f1b.Next());
  EXPECT_NE(Rng::Fork(7, 1).Next(), f2.Next());
}

TEST(RngTest, SamplerMomentsMatch) {
  Rng rng(1);
  const int n = 200000;
  double su = 0, se = 0, sn = 0, sn2 = 0, sp = 0, spl = 0;
  for (int i = 0; i < n; ++i) {
    su += rng.Uniform();
    se += rng.Exponential(3.0);
    double z = rng.Normal();
    sn += z;
    sn2 += z * z;
    sp += static_cast<double>(rng.Poisson(4.5));
    spl += static_cast<double>(rng.Poisson(250));
  }
  EXPECT_NEAR(su / n, 0.5, 0.005);
  EXPECT_NEAR(se / n, 3.0, 0.05);
  EXPECT_NEAR(sn / n, 0.0, 0.01);
  EXPECT_NEAR(sn2 / n, 1.0, 0.02);
  EXPECT_NEAR(sp / n, 4.5, 0.03);
  EXPECT_NEAR(spl / n, 250, 0.3);
}

TEST(RngTest, ParetoTailAndLogNormalMedian) {
  Rng rng(2);
  const int n = 200000;
  int above10 = 0;
  std::vector<double> ln;
  for (int i = 0; i < n; ++i) {
    if (rng.Pareto(1, 1.5) > 10) ++above10;
    ln.push_back(rng.LogNormal(std::log(5.0), 1.0));
  }
  // P(X > 10) = 10^-1.5 = 0.0316.
  EXPECT_NEAR(above10 / static_cast<double>(n), 0.0316, 0.002);
  std::nth_element(ln.begin(), ln.begin() + n / 2, ln.end());
  EXPECT_NEAR(ln[n / 2], 5.0, 0.1);
}

TEST(RngTest, AliasTableFollowsWeights) {
  AliasTable table({1, 0, 3, 6});
  Rng rng(3);
  int counts[4] = {};
  for (int i = 0; i < 100000; ++i) ++counts[table.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / 1e5, 0.1, 0.005);
  EXPECT_NEAR(counts[2] / 1e5, 0.3, 0.007);
  EXPECT_NEAR(counts[3] / 1e5, 0.6, 0.007);
}

TEST(RhythmTest, JapaneseEveningPeakAndNightTrough) {
  TimeMs start;
  ASSERT_TRUE(ParseTimestamp("2025-07-06T15:00:00Z", &start));  // Monday 00:00 JST
  Rhythm rhythm(start, 9);
  EXPECT_EQ(rhythm.LocalHour(start), 0);
  EXPECT_FALSE(rhythm.IsWeekend(start));
  EXPECT_TRUE(rhythm.IsWeekend(start + 5 * kMsPerDay + kMsPerHour));  // Saturday
  Rng rng(4);
  int hours[24] = {};
  for (int i = 0; i < 100000; ++i) {
    TimeMs t = rhythm.SampleInDay(1, 0, rng);
    ASSERT_GE(t, rhythm.DayStart(1));
    ASSERT_LT(t, rhythm.DayStart(2));
    ++hours[rhythm.LocalHour(t)];
  }
  int busiest = 0, quietest = 0;
  for (int h = 0; h < 24; ++h) {
    if (hours[h] > hours[busiest]) busiest = h;
    if (hours[h] < hours[quietest]) quietest = h;
  }
  EXPECT_GE(busiest, 20);
  EXPECT_LE(busiest, 23);
  EXPECT_GE(quietest, 3);
  EXPECT_LE(quietest, 6);
  EXPECT_GT(hours[12], hours[10]);  // lunch peak
}

}  // namespace
}  // namespace sakimori::sim
