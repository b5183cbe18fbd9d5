// File: detect/amplify/internal/tracker_state.h
// The state behind AmplificationTracker: per-item counters, promoted items, author and
// platform baselines. Private to the module (shared by the update, ranking and checkpoint
// code).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/hash.h"
#include "detect/amplify/amplification_tracker.h"

namespace sakimori::amplify::internal {

inline constexpr uint32_t kPromoteAt = 3;  // engagements at which an item is promoted
inline constexpr uint32_t kNotTracked = UINT32_MAX;

// The first tier: one per engaged item. Holds the first two engagements exactly; after
// promotion only `tracked` matters. 32 bytes (40 with its key in the map).
struct Counter {
  TimeMs t[2] = {0, 0};
  AccountId account[2] = {kNoAccount, kNoAccount};
  uint32_t tracked = kNotTracked;
  uint8_t count = 0;  // engagements held, at most kPromoteAt - 1
  uint8_t type[2] = {0, 0};
};
static_assert(sizeof(Counter) == 32);

// Engagements by one sampled account: how many, and when the first was.
struct SampleEntry {
  AccountId account = kNoAccount;  // kNoAccount: an empty slot
  uint32_t count = 0;
  TimeMs first = 0;
};
static_assert(sizeof(SampleEntry) == 16);

// The sampled accounts of a tracked item: an open-addressing table of 16-byte entries
// (linear probing, at most 3/4 full, capacity a power of two from 4). Most tracked items
// have a handful of accounts; a general hash map costs about twice as much per account and
// more for small tables. Iteration order is the table's and must not matter to callers.
class AccountSample {
 public:
  AccountSample() = default;
  AccountSample(AccountSample&& o) noexcept
      : slots_(std::exchange(o.slots_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        capacity_(std::exchange(o.capacity_, 0)) {}
  AccountSample& operator=(AccountSample&& o) noexcept {
    std::swap(slots_, o.slots_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~AccountSample() { delete[] slots_; }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // The entry of `account` (not kNoAccount), or null.
  SampleEntry* Find(AccountId account) {
    if (size_ == 0) return nullptr;
    for (size_t i = Home(account);; i = (i + 1) & (capacity_ - 1)) {
      if (slots_[i].account == account) return &slots_[i];
      if (slots_[i].account == kNoAccount) return nullptr;
    }
  }
  // Adds an account that is not in the sample; false if it is (nothing changes then).
  bool Insert(AccountId account, uint32_t count, TimeMs first) {
    if (Find(account) != nullptr) return false;
    if (4 * (size_ + 1) > 3 * capacity_) Grow();
    Place(SampleEntry{account, count, first});
    ++size_;
    return true;
  }
  void Reserve(size_t n) {
    while (4 * n > 3 * capacity_) Grow();
  }
  // Calls f(const SampleEntry&) for every account, in table order.
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i = 0; i < capacity_; ++i) {
      if (slots_[i].account != kNoAccount) f(slots_[i]);
    }
  }

 private:
  size_t Home(AccountId account) const {
    return static_cast<size_t>(Mix64(account)) & (capacity_ - 1);
  }
  void Place(const SampleEntry& e) {
    size_t i = Home(e.account);
    while (slots_[i].account != kNoAccount) i = (i + 1) & (capacity_ - 1);
    slots_[i] = e;
  }
  void Grow() {
    SampleEntry* old = slots_;
    const uint32_t old_capacity = capacity_;
    capacity_ = capacity_ == 0 ? 4 : 2 * capacity_;
    slots_ = new SampleEntry[capacity_];
    for (uint32_t i = 0; i < old_capacity; ++i) {
      if (old[i].account != kNoAccount) Place(old[i]);
    }
    delete[] old;
  }

  SampleEntry* slots_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

// The hourly engagement curve of a tracked item: the counts of the `hours` hours up to and
// including `last_hour` (the newest hour seen). Most tracked items are engaged in a few hours
// only, so up to kInline (age, count) pairs are held inline (age = last hour - hour); a ring of `hours` counters
// (slot = hour mod hours) is allocated at the first hour beyond that. Both forms hold the
// same counts. Hours are absolute (time / 1 h, floored).
class HourCurve {
 public:
  static constexpr uint32_t kInline = 6;

  // Moves the window so that it ends at `hour` if `hour` is newer; the counts of hours that
  // leave the window are dropped. The first call (on an empty curve) only sets the end.
  void Advance(int64_t hour, uint32_t hours) {
    if (!started_) {
      started_ = true;
      last_hour_ = hour;
      return;
    }
    if (hour <= last_hour_) return;
    if (ring_) {
      int64_t clear = std::min<int64_t>(hour - last_hour_, hours);
      for (int64_t h = hour - clear + 1; h <= hour; ++h) ring_[Slot(h, hours)] = 0;
    } else {
      const int64_t shift = hour - last_hour_;
      uint32_t kept = 0;
      for (uint32_t i = 0; i < n_; ++i) {
        const int64_t age = age_[i] + shift;
        if (age < hours) {
          age_[kept] = static_cast<uint16_t>(age);
          count_[kept] = count_[i];
          ++kept;
        }
      }
      n_ = kept;
    }
    last_hour_ = hour;
  }
  // Adds one to `hour`, which must be in the window; returns the new count.
  uint32_t Increment(int64_t hour, uint32_t hours) {
    if (ring_) return ++ring_[Slot(hour, hours)];
    const uint16_t age = static_cast<uint16_t>(last_hour_ - hour);
    for (uint32_t i = 0; i < n_; ++i) {
      if (age_[i] == age) return ++count_[i];
    }
    if (n_ < kInline) {
      age_[n_] = age;
      count_[n_] = 1;
      ++n_;
      return 1;
    }
    ring_ = std::make_unique<uint32_t[]>(hours);  // zeroed
    for (uint32_t i = 0; i < n_; ++i) ring_[Slot(last_hour_ - age_[i], hours)] = count_[i];
    n_ = 0;
    return ++ring_[Slot(hour, hours)];
  }
  // The count of `hour` (0 outside the window or when never engaged).
  uint32_t At(int64_t hour, uint32_t hours) const {
    if (!started_ || hour > last_hour_ || hour <= last_hour_ - hours) return 0;
    if (ring_) return ring_[Slot(hour, hours)];
    const uint16_t age = static_cast<uint16_t>(last_hour_ - hour);
    for (uint32_t i = 0; i < n_; ++i) {
      if (age_[i] == age) return count_[i];
    }
    return 0;
  }
  // The ring form: out[slot] for every slot in [0, hours).
  void ToRing(uint32_t hours, uint32_t* out) const {
    for (uint32_t i = 0; i < hours; ++i) out[i] = 0;
    if (!started_) return;
    for (int64_t h = last_hour_ - hours + 1; h <= last_hour_; ++h) out[Slot(h, hours)] = At(h, hours);
  }
  // Replaces the curve with a ring form ending at `last_hour`.
  void FromRing(int64_t last_hour, uint32_t hours, const uint32_t* ring) {
    started_ = true;
    last_hour_ = last_hour;
    n_ = 0;
    ring_ = std::make_unique<uint32_t[]>(hours);
    for (uint32_t i = 0; i < hours; ++i) ring_[i] = ring[i];
  }
  int64_t last_hour() const { return last_hour_; }
  size_t HeapBytes(uint32_t hours) const { return ring_ ? hours * sizeof(uint32_t) : 0; }

 private:
  static size_t Slot(int64_t hour, int64_t hours) {
    return static_cast<size_t>(((hour % hours) + hours) % hours);
  }
  int64_t last_hour_ = 0;
  uint32_t count_[kInline] = {};
  uint16_t age_[kInline] = {};  // last_hour_ - hour, below `hours` (at most 720)
  uint8_t n_ = 0;
  bool started_ = false;
  std::unique_ptr<uint32_t[]> ring_;
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
  std::unique_ptr<std::string> name;  // URL or hashtag as keyed; null for posts and narratives
  AccountId author = kNoAccount;
  uint64_t counts[kNumEngagementTypes] = {};
  uint64_t total = 0;
  TimeMs first = 0;
  TimeMs last = 0;
  TimeMs peak_hour_start = 0;
  uint64_t peak_hour_count = 0;
  HourCurve curve;  // the latest curve_hours hours; curve.last_hour() is the newest
  // Welford's running mean and sum of squared deviations of inter-arrival gaps (seconds).
  uint64_t gaps = 0;
  double gap_mean = 0;
  double gap_m2 = 0;
  AccountSample sample;
  uint64_t sampled_engagements = 0;
  std::unique_ptr<Hll> hll;  // set once the sample is full
};

// The promoted items, in promotion order, in chunks of kChunk: the store grows without
// copying items or doubling, and costs sizeof(TrackedItem) per item (a std::deque allocates
// a block for every two items of this size).
class TrackedItems {
 public:
  static constexpr size_t kChunk = 1024;
  size_t size() const { return size_; }
  TrackedItem& operator[](size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const TrackedItem& operator[](size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  // Appends a default item and returns it.
  TrackedItem& emplace_back() {
    if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique<TrackedItem[]>(kChunk));
    ++size_;
    return (*this)[size_ - 1];
  }
  // Appends default items up to `n` (never shrinks).
  void resize(size_t n) {
    while (size_ < n) emplace_back();
  }

 private:
  std::vector<std::unique_ptr<TrackedItem[]>> chunks_;
  size_t size_ = 0;
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
  // Chunked: it grows without copying or doubling (the largest part of the state).
  internal::TrackedItems tracked;
  absl::flat_hash_map<AccountId, internal::AuthorStats> authors;
  // Platform baseline per kind: engagements and engaged items.
  uint64_t kind_engagements[kNumItemKinds] = {};
};

}  // namespace sakimori::amplify
