// File: detect/foreign/activity_test.cc
#include "detect/foreign/activity.h"

#include <gtest/gtest.h>

namespace sakimori::foreign {
namespace {

TimeMs At(int y, int m, int d, int hour_utc) {
  return DaysFromCivil(y, m, d) * kMsPerDay + hour_utc * kMsPerHour;
}

TEST(ActivityTest, WeekendIsReadInHomeTime) {
  // Friday 2025-01-10 20:00 UTC is Saturday 05:00 in Japan (UTC+9) but Friday in UTC.
  EXPECT_TRUE(IsWeekend(At(2025, 1, 10, 20), 9));
  EXPECT_FALSE(IsWeekend(At(2025, 1, 10, 20), 0));
  // Sunday 2025-01-12 16:00 UTC is Monday 01:00 in Japan.
  EXPECT_FALSE(IsWeekend(At(2025, 1, 12, 16), 9));
  EXPECT_TRUE(IsWeekend(At(2025, 1, 12, 14), 9));
  // Before the epoch: 1969-12-27 was a Saturday.
  EXPECT_TRUE(IsWeekend(At(1969, 12, 27, 12), 0));
  EXPECT_FALSE(IsWeekend(At(1969, 12, 26, 12), 0));
}

TEST(ActivityTest, CountsByUtcHourAndHomeDayType) {
  ActivityTracker tracker(9);
  tracker.Update(3, At(2025, 1, 10, 20));  // Saturday in Japan, 20 h UTC
  tracker.Update(3, At(2025, 1, 10, 20));
  tracker.Update(3, At(2025, 1, 8, 1));  // Wednesday
  tracker.Update(kNoAccount, At(2025, 1, 8, 1));
  EXPECT_EQ(tracker.size(), 4u);
  DailyActivity a = tracker.Get(3);
  EXPECT_EQ(a.weekend[20], 2u);
  EXPECT_EQ(a.weekday[1], 1u);
  EXPECT_EQ(a.Total(), 3u);
  EXPECT_EQ(tracker.Get(0).Total(), 0u);
  EXPECT_EQ(tracker.Get(99).Total(), 0u);

  Event profile;
  profile.kind = EventKind::kProfileUpdate;
  profile.actor = 3;
  profile.time = At(2025, 1, 8, 5);
  tracker.Update(profile);
  EXPECT_EQ(tracker.Get(3).Total(), 3u);

  tracker.Update(1, At(2025, 1, 8, 1));
  DailyActivity group = tracker.Merge({1, 3, 42});
  EXPECT_EQ(group.weekday[1], 2u);
  EXPECT_EQ(group.weekend[20], 2u);
  EXPECT_EQ(group.Total(), 4u);
  EXPECT_EQ(group.accounts, 2u);  // 42 has no events
}

TEST(ActivityTest, HalvesInsteadOfOverflowing) {
  ActivityTracker tracker(9);
  for (int i = 0; i < 65535; ++i) tracker.Update(0, At(2025, 1, 8, 2));
  tracker.Update(0, At(2025, 1, 8, 3));
  tracker.Update(0, At(2025, 1, 8, 3));
  tracker.Update(0, At(2025, 1, 8, 3));
  EXPECT_EQ(tracker.Get(0).weekday[2], 65535u);
  tracker.Update(0, At(2025, 1, 8, 2));  // would overflow: halve everything, then count
  DailyActivity a = tracker.Get(0);
  EXPECT_EQ(a.weekday[2], 65535u / 2 + 1);
  EXPECT_EQ(a.weekday[3], 1u);
}

TEST(ActivityTest, SerializeRoundTripsAndRejectsBadInput) {
  ActivityTracker tracker(9);
  for (int i = 0; i < 100; ++i) tracker.Update(i % 7, At(2025, 1, 1 + i % 20, i % 24));
  std::string bytes;
  tracker.Serialize(&bytes);
  EXPECT_EQ(bytes.size(), 5 + 1 + 4 + 7 * ActivityTracker::kBytesPerAccount);

  ActivityTracker restored(0);
  ASSERT_TRUE(restored.Deserialize(bytes).ok());
  EXPECT_EQ(restored.home_utc_offset_hours(), 9);
  ASSERT_EQ(restored.size(), tracker.size());
  for (AccountId a = 0; a < 7; ++a) {
    EXPECT_EQ(restored.Get(a).weekday, tracker.Get(a).weekday);
    EXPECT_EQ(restored.Get(a).weekend, tracker.Get(a).weekend);
  }
  std::string again;
  restored.Serialize(&again);
  EXPECT_EQ(again, bytes);

  for (size_t cut : {size_t{0}, size_t{3}, size_t{9}, bytes.size() - 1}) {
    Status s = restored.Deserialize(std::string_view(bytes).substr(0, cut));
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << cut;
  }
  EXPECT_EQ(restored.Deserialize(bytes + "x").code(), absl::StatusCode::kInvalidArgument);
  std::string bad_version = bytes;
  bad_version[4] = 7;
  EXPECT_EQ(restored.Deserialize(bad_version).code(), absl::StatusCode::kInvalidArgument);
  // A failed load leaves the state as it was.
  EXPECT_EQ(restored.size(), tracker.size());
}

}  // namespace
}  // namespace sakimori::foreign
