// File: detect/amplify/internal/tracker_state.h
// The state behind AmplificationTracker: per-item counters, promoted items, author and
// platform baselines. Private to the module (shared by the update, ranking and checkpoint
// code).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/hash.h"
#include "detect/amplify/amplification_tracker.h"

namespace sakimori::amplify::internal {

inline constexpr uint32_t kPromoteAt = 3;  // engagements at which an item is promoted
inline constexpr uint32_t kNotTracked = UINT32_MAX;

// The first tier: one per engaged item. Holds the first two engagements exactly; after
// promotion only `tracked` matters. 40 bytes.
struct Counter {
  TimeMs t[2] = {0, 0};
  AccountId account[2] = {kNoAccount, kNoAccount};
  uint32_t count = 0;
  uint32_t tracked = kNotTracked;
  uint8_t type[2] = {0, 0};
};
static_assert(sizeof(Counter) == 40);

// Engagements by one sampled account: how many, and when the first was.
struct SampleEntry {
  uint32_t count = 0;
  TimeMs first = 0;
};

// HyperLogLog with 256 registers (Flajolet, Fusy, Gandouet & Meunier 2007, "HyperLogLog:
// the analysis of a near-optimal cardinality estimation algorithm"; standard error about
// 1.04 / sqrt(256) = 6.5 %), with linear counting for small cardinalities.
struct Hll {
  std::array<uint8_t, 256> reg{};
  void Add(uint32_t account) {
    uint64_t h = Mix64(account + 0x9e3779b97f4a7c15ULL);
    uint32_t idx = static_cast<uint32_t>(h >> 56);
    uint64_t rest = (h << 8) | 0x80;  // never zero: rank at most 57
    uint8_t rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
    if (rank > reg[idx]) reg[idx] = rank;
  }
  double Estimate() const;
};

// The second tier: full state of a promoted item.
struct TrackedItem {
  ItemKind kind = ItemKind::kPost;
  uint64_t key = 0;
  std::string name;  // URL or hashtag as keyed; empty for posts and narratives
  AccountId author = kNoAccount;
  uint64_t counts[kNumEngagementTypes] = {};
  uint64_t total = 0;
  TimeMs first = 0;
  TimeMs last = 0;
  TimeMs peak_hour_start = 0;
  uint64_t peak_hour_count = 0;
  int64_t curve_last_hour = 0;  // hour index (time / 1 h) of the newest curve slot
  std::vector<uint32_t> curve;  // ring of curve_hours slots, slot = hour % curve_hours
  // Welford's running mean and sum of squared deviations of inter-arrival gaps (seconds).
  uint64_t gaps = 0;
  double gap_mean = 0;
  double gap_m2 = 0;
  absl::flat_hash_map<AccountId, SampleEntry> sample;
  uint64_t sampled_engagements = 0;
  std::unique_ptr<Hll> hll;  // set once the sample is full
};

// Posts an account created and engagements its posts received (author baseline).
struct AuthorStats {
  uint64_t posts = 0;          // post/quote/reply events by the account
  uint64_t engaged_posts = 0;  // its distinct posts that got an engagement
  uint64_t engagements = 0;    // engagements its posts received
};

}  // namespace sakimori::amplify::internal

namespace sakimori::amplify {

struct AmplificationTracker::State {
  TrackerOptions options;
  uint64_t events = 0;
  uint64_t engagements = 0;
  absl::flat_hash_map<uint64_t, internal::Counter> counters[kNumItemKinds];
  // A deque: it grows without copying or doubling (the largest part of the state).
  std::deque<internal::TrackedItem> tracked;
  absl::flat_hash_map<AccountId, internal::AuthorStats> authors;
  // Platform baseline per kind: engagements and engaged items.
  uint64_t kind_engagements[kNumItemKinds] = {};
};

}  // namespace sakimori::amplify
