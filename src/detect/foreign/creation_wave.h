// File: detect/foreign/creation_wave.h
// Waves of account creation (SPEC 5.4): operations often register their accounts in bulk, so
// a group whose members were created within a few days of each other, far more than the
// population's creations in those days explain, carries a signal.
//
// The test is a scan over windows of `window_days` anchored at each member's creation day:
// the anchoring member is in its window by construction, so the other k - 1 members in the
// window are tested against Binomial(m - 1, q), m = members with a known creation time, q =
// the population's share of creations in that window; the window with the smallest tail
// probability is reported, and the confidence is 1 - min(1, p x m) (a union bound over the m
// anchors; Kulldorff 1997, Commun. Stat. Theory Methods 26:1481, frames such window scans;
// the bound here is the simple conservative one).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "common/time.h"
#include "model/event.h"

namespace sakimori::foreign {

struct CreationWaveOptions {
  int window_days = 7;
  // Fewer members with a known creation time than this: no wave is reported (found = false).
  uint32_t min_members = 5;
};

struct CreationWave {
  bool found = false;          // enough members with known creation times to test
  uint32_t members_known = 0;  // members with a creation time
  int64_t start_day = 0;       // first day of the window (days since 1970-01-01, UTC)
  uint32_t members_in_window = 0;
  double member_share = 0.0;      // members_in_window / members_known
  double population_share = 0.0;  // the population's share of creations in the window
  double p_value = 1.0;           // binomial upper tail of the window, uncorrected
  double confidence = 0.0;        // 1 - min(1, p_value x members_known)
};

// Creations by UTC day for a population. Value type.
class CreationHistogram {
 public:
  void Add(TimeMs created_at);
  void AddDays(int64_t day, uint64_t count);
  uint64_t total() const { return total_; }
  // Creations on days [first_day, first_day + days).
  uint64_t CountInRange(int64_t first_day, int days) const;
  const absl::flat_hash_map<int64_t, uint64_t>& days() const { return by_day_; }

 private:
  absl::flat_hash_map<int64_t, uint64_t> by_day_;
  uint64_t total_ = 0;
};

// Finds the most significant creation window of a group. `member_created` may hold kNoTime
// (unknown, skipped). `population` should include the members. Deterministic: ties go to the
// earlier window.
CreationWave FindCreationWave(const std::vector<TimeMs>& member_created,
                              const CreationHistogram& population,
                              const CreationWaveOptions& options = {});

// Streaming: remembers each account's creation day from profile snapshots (4 bytes per
// account, int32 days since 1970-01-01, INT32_MIN when unknown) and the population histogram
// (one entry per distinct creation day). The first creation time seen for an account is kept.
// Not thread-safe.
class CreationTracker {
 public:
  static constexpr size_t kBytesPerAccount = sizeof(int32_t);
  static constexpr int32_t kUnknownDay = INT32_MIN;

  // Records e.profile->created_at for e.actor when the event carries a profile.
  void Update(const Event& e);
  void Update(AccountId account, TimeMs created_at);

  // The creation day of `account`, or kUnknownDay.
  int32_t CreationDay(AccountId account) const;
  const CreationHistogram& population() const { return population_; }
  // FindCreationWave over `members`.
  CreationWave Find(const std::vector<AccountId>& members,
                    const CreationWaveOptions& options = {}) const;
  size_t size() const { return days_.size(); }

  // Checkpoint: magic "SKCW", version 1, account count (u32), one i32 day per account (as
  // u32). The population histogram is rebuilt from the days on load.
  void Serialize(std::string* out) const;
  // InvalidArgument on bad magic/version, truncation or trailing bytes; unchanged on error.
  Status Deserialize(std::string_view in);

 private:
  std::vector<int32_t> days_;
  CreationHistogram population_;
};

}  // namespace sakimori::foreign
