// File: detect/foreign/utc_offset_test.cc
#include "detect/foreign/utc_offset.h"

#include <gtest/gtest.h>

#include <numeric>

#include "detect/foreign/internal/synthetic_activity.h"

namespace sakimori::foreign {
namespace {

DailyActivity Draw(RhythmTemplate t, int offset, int weeks, double per_week, uint64_t seed) {
  DailyActivity a;
  for (TimeMs time : internal::DrawEvents(t, offset, weeks, per_week, seed)) a.AddEvent(time, 9);
  return a;
}

TEST(UtcOffsetTest, ExpectedProfileIsADistributionShiftedByTheOffset) {
  for (int o : {-12, -5, 0, 3, 9, 14}) {
    std::vector<double> p = ExpectedProfile(RhythmTemplate::kLeisure, o, 9);
    ASSERT_EQ(p.size(), 48u);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
  }
  // At home (+9) the weekday maximum is 22 h local = 13 h UTC; weekdays hold 5/7 of the
  // days but less than 5/7 of the mass because weekends are busier.
  std::vector<double> home = ExpectedProfile(RhythmTemplate::kLeisure, 9, 9);
  int argmax = std::max_element(home.begin(), home.begin() + 24) - home.begin();
  EXPECT_EQ(argmax, 13);
  double weekday_mass = std::accumulate(home.begin(), home.begin() + 24, 0.0);
  EXPECT_LT(weekday_mass, 5.0 / 7.0);
  // Office hours at UTC+3 on weekdays: 9-18 local = 6-15 UTC; weekend nearly empty.
  std::vector<double> office = ExpectedProfile(RhythmTemplate::kOffice, 3, 9);
  EXPECT_GT(office[6], 10 * office[20]);
  EXPECT_GT(office[10], 10 * office[24 + 10]);
}

TEST(UtcOffsetTest, RecoversOffsetsOfTheLeisureRhythm) {
  for (int offset : {9, 3, 8, 0, -5}) {
    DailyActivity a = Draw(RhythmTemplate::kLeisure, offset, 4, 150, 100 + offset);
    OffsetFit fit = FitUtcOffset(a);
    ASSERT_TRUE(fit.fitted);
    EXPECT_EQ(fit.offset_hours, offset);
    EXPECT_EQ(fit.rhythm, RhythmTemplate::kLeisure) << offset;
    EXPECT_GT(fit.confidence, 0.5) << offset;
    EXPECT_FALSE(fit.no_nightly_rest);
    if (offset == 9) {
      EXPECT_EQ(fit.gain_over_home, 0.0);
    } else {
      EXPECT_GT(fit.gain_over_home, 0.0);
      EXPECT_LT(fit.home_posterior, 0.5);
    }
  }
}

TEST(UtcOffsetTest, GroupOfSmallAccountsIsFittedWhenMerged) {
  // Twenty accounts of 20 events each at UTC+3: each alone is unknown; merged they fit +3.
  DailyActivity group;
  int unknown = 0;
  for (int i = 0; i < 20; ++i) {
    DailyActivity a = Draw(RhythmTemplate::kLeisure, 3, 2, 10, 500 + i);
    unknown += !FitUtcOffset(a).fitted;
    group.Add(a);
  }
  EXPECT_EQ(unknown, 20);
  OffsetFit fit = FitUtcOffset(group);
  ASSERT_TRUE(fit.fitted);
  EXPECT_EQ(fit.offset_hours, 3);
  EXPECT_GT(fit.confidence, 0.9);
}

TEST(UtcOffsetTest, OfficeHoursSelectTheOfficeTemplate) {
  for (int offset : {3, 8}) {
    DailyActivity a = Draw(RhythmTemplate::kOffice, offset, 2, 200, 7 + offset);
    OffsetFit fit = FitUtcOffset(a);
    ASSERT_TRUE(fit.fitted);
    EXPECT_EQ(fit.offset_hours, offset);
    EXPECT_EQ(fit.rhythm, RhythmTemplate::kOffice);
    EXPECT_GT(fit.template_confidence, 0.99);
    EXPECT_GT(fit.confidence, 0.9);
    EXPECT_FALSE(fit.no_nightly_rest);
    EXPECT_LT(fit.rest_share, 0.05);
  }
}

TEST(UtcOffsetTest, OfficePlusLeisureSelectsTheWorkdayTemplate) {
  DailyActivity a = Draw(RhythmTemplate::kWorkday, 8, 3, 300, 8);
  OffsetFit fit = FitUtcOffset(a);
  ASSERT_TRUE(fit.fitted);
  EXPECT_EQ(fit.offset_hours, 8);
  EXPECT_EQ(fit.rhythm, RhythmTemplate::kWorkday);
  EXPECT_GT(fit.confidence, 0.5);
  EXPECT_FALSE(fit.no_nightly_rest);
}

TEST(UtcOffsetTest, LockStepRingClaimsNoConfidentZone) {
  // The summed profile of a simulated domestic (UTC+9) repost ring: 30 accounts acting
  // within seconds of each other at the same ten moments of two weekdays (upper-house-2025
  // seed 4 x0.2, op1), so every event is one of 30 copies. As 30 independent accounts it
  // fitted UTC+8 with confidence 0.999, a false foreign signal.
  DailyActivity ring;
  ring.weekday = {120, 0, 0, 60, 0, 60, 0, 0, 0, 60, 0, 60, 60, 0, 0, 171, 9, 0, 0, 0, 0, 0, 0, 0};
  ring.accounts = 30;
  OffsetFitOptions independent;
  independent.concentration_halvings = 0;
  const OffsetFit naive = FitUtcOffset(ring, independent);
  ASSERT_TRUE(naive.fitted);
  EXPECT_EQ(naive.offset_hours, 8);
  EXPECT_GT(naive.confidence, 0.99);
  EXPECT_EQ(naive.concentration, 3000.0);
  // Estimated from the profile, the concentration is that of one or two accounts and no
  // offset is claimed with the engine's minimum confidence (0.6).
  const OffsetFit fit = FitUtcOffset(ring);
  ASSERT_TRUE(fit.fitted);
  EXPECT_LT(fit.concentration, 5.0);
  EXPECT_LT(fit.confidence, 0.4);
}

TEST(UtcOffsetTest, IndependentAccountsKeepTheirConfidence) {
  // Thirty accounts drawn independently from the office rhythm at UTC+3: the estimated
  // concentration stays high and the fit stays sure.
  DailyActivity group;
  for (int i = 0; i < 30; ++i) group.Add(Draw(RhythmTemplate::kOffice, 3, 2, 20, 900 + i));
  const OffsetFit fit = FitUtcOffset(group);
  ASSERT_TRUE(fit.fitted);
  EXPECT_EQ(fit.offset_hours, 3);
  EXPECT_EQ(fit.rhythm, RhythmTemplate::kOffice);
  EXPECT_GT(fit.concentration, 100.0);
  EXPECT_GT(fit.confidence, 0.9);
}

TEST(UtcOffsetTest, UniformActivityHasNoNightlyRest) {
  DailyActivity a;
  for (int d = 0; d < 14; ++d) {
    for (int h = 0; h < 24; ++h) {
      for (int k = 0; k < 3; ++k) {
        a.AddEvent((DaysFromCivil(2025, 1, 6) + d) * kMsPerDay + h * kMsPerHour + k, 9);
      }
    }
  }
  OffsetFit fit = FitUtcOffset(a);
  EXPECT_TRUE(fit.rest_known);
  EXPECT_TRUE(fit.no_nightly_rest);
  EXPECT_NEAR(fit.rest_share, 4.0 / 24, 1e-12);
  // No offset explains a flat day: the posterior stays spread out.
  EXPECT_LT(fit.confidence, 0.5);
}

TEST(UtcOffsetTest, RestRunIsCyclicAndLocated) {
  DailyActivity a;
  // Busy 5..19 UTC except a lighter 7 UTC; quiet 20..4 UTC across midnight.
  for (int h = 5; h < 20; ++h) a.weekday[h] = h == 7 ? 2 : 20;
  a.weekend[23] = 1;
  OffsetFit fit = FitUtcOffset(a);
  EXPECT_TRUE(fit.rest_known);
  EXPECT_FALSE(fit.no_nightly_rest);
  EXPECT_EQ(fit.rest_share, 0.0);
  EXPECT_EQ(fit.rest_start_utc_hour, 0);  // 0..3 UTC, the first empty 4-hour window
  // Round the clock with one quiet hour is no rest.
  DailyActivity b;
  for (int h = 0; h < 24; ++h) b.weekday[h] = h == 3 ? 0 : 10;
  OffsetFit nb = FitUtcOffset(b);
  EXPECT_TRUE(nb.no_nightly_rest);
  EXPECT_NEAR(nb.rest_share, 30.0 / 230, 1e-12);
}

TEST(UtcOffsetTest, FewEventsAreUnknown) {
  DailyActivity a = Draw(RhythmTemplate::kLeisure, 3, 1, 30, 1);
  ASSERT_LT(a.Total(), 50u);
  OffsetFit fit = FitUtcOffset(a);
  EXPECT_FALSE(fit.fitted);
  EXPECT_FALSE(fit.rest_known);
  EXPECT_FALSE(fit.no_nightly_rest);
  EXPECT_TRUE(fit.offset_posterior.empty());
}

TEST(UtcOffsetTest, Deterministic) {
  DailyActivity a = Draw(RhythmTemplate::kLeisure, 5, 2, 80, 3);
  OffsetFit x = FitUtcOffset(a), y = FitUtcOffset(a);
  EXPECT_EQ(x.offset_hours, y.offset_hours);
  EXPECT_EQ(x.confidence, y.confidence);
  EXPECT_EQ(x.offset_posterior, y.offset_posterior);
}

}  // namespace
}  // namespace sakimori::foreign
