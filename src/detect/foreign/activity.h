// File: detect/foreign/activity.h
// The activity clock (SPEC 5.4): per account, how many events fell in each UTC hour of the
// day, split into weekdays and weekends of the home country. The input of the UTC-offset fit
// (utc_offset.h), for one account or merged over a group.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "model/event.h"

namespace sakimori::foreign {

inline constexpr int kHoursPerDay = 24;

// Event counts by UTC hour of the day (0..23), for days that are weekdays (Monday..Friday)
// and weekend days (Saturday, Sunday) in the home country's time. A value type; also the
// merged profile of a group.
struct DailyActivity {
  std::array<uint64_t, kHoursPerDay> weekday{};
  std::array<uint64_t, kHoursPerDay> weekend{};
  // How many accounts' profiles are summed here (those with at least one event); the offset
  // fit expects a sum of many accounts to scatter less around a template than one account.
  uint32_t accounts = 0;

  uint64_t Total() const;
  // Weekday + weekend count of UTC hour `h`.
  uint64_t Hour(int h) const { return weekday[h] + weekend[h]; }
  void Add(const DailyActivity& other);
  // Counts one event at `time` (see ActivityTracker for the day-of-week rule); `accounts`
  // becomes at least 1.
  void AddEvent(TimeMs time, int home_utc_offset_hours);
};

// True if `time` falls on a Saturday or Sunday in the zone UTC+`utc_offset_hours`.
bool IsWeekend(TimeMs time, int utc_offset_hours);

// Keeps the activity clock of every account: 48 uint16 counters, 96 bytes per account, in a
// flat array indexed by AccountId (grown to the largest id seen). A counter never overflows:
// when one would pass 65535, all 48 counters of that account are halved (rounding down), so
// the shape of the profile is kept and the state stays 96 bytes. Deterministic (event time
// only). Not thread-safe.
class ActivityTracker {
 public:
  // `home_utc_offset_hours`: the zone whose calendar decides weekday or weekend (9 = Japan).
  explicit ActivityTracker(int home_utc_offset_hours = 9) : home_offset_(home_utc_offset_hours) {}

  static constexpr size_t kBytesPerAccount = 2 * kHoursPerDay * sizeof(uint16_t);

  // Counts an event of `account` at `time`. kNoAccount is ignored.
  void Update(AccountId account, TimeMs time);
  // Counts `e` (actor and time); profile snapshots (kProfileUpdate) are not activity and are
  // ignored.
  void Update(const Event& e);

  // The profile of `account` (all zero and accounts = 0 if it has no events).
  DailyActivity Get(AccountId account) const;
  // The sum of the profiles of `accounts` (a group's profile); unknown ids contribute nothing.
  DailyActivity Merge(const std::vector<AccountId>& accounts) const;
  // Number of account slots (largest id seen + 1).
  size_t size() const { return counts_.size() / (2 * kHoursPerDay); }
  int home_utc_offset_hours() const { return home_offset_; }
  size_t MemoryBytes() const { return counts_.capacity() * sizeof(uint16_t); }

  // Checkpoint: magic "SKAC", version 1, home offset (i8 as u8), account count (u32), then
  // 48 little-endian uint16 per account (weekday hours 0..23, weekend hours 0..23).
  void Serialize(std::string* out) const;
  // Replaces the state with a checkpoint. InvalidArgument on bad magic/version, truncated or
  // trailing bytes; the tracker is unchanged on error.
  Status Deserialize(std::string_view in);

 private:
  int home_offset_;
  std::vector<uint16_t> counts_;  // 48 per account
};

}  // namespace sakimori::foreign
