// File: engine/account_trail.h
// Per-account memory of the most recent items an account engaged with (the target post of a
// like, repost, quote or reply; a URL, hashtag or narrative it posted), with the event time.
// The engine reads it when it assembles a campaign: the items a group's members engaged with
// in common are what the group amplified, and the pairs of times are an edge's evidence.
//
// State: a ring of `kTrailLength` entries (16 bytes each) per account that engaged with
// anything, so 16 * kTrailLength bytes per account; older entries are overwritten. Keyed by
// account only, so the state splits by account hash. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "detect/amplify/item_score.h"
#include "model/event.h"

namespace sakimori::engine {

// An item: kind in the top 3 bits, a per-kind id in the low 58 bits (PostId, an interned URL
// or hashtag, a narrative id). Trail entries keep the engagement's EventKind in bits 58-60.
// The kinds are those of the amplification tracker.
using amplify::ItemKind;
using amplify::ItemKindName;  // "post", "url", "hashtag", "narrative"
inline constexpr int kTrailLength = 16;

inline constexpr uint64_t kItemIdMask = (uint64_t{1} << 58) - 1;
inline uint64_t PackItem(ItemKind kind, uint64_t id) {
  return (uint64_t{static_cast<uint8_t>(kind)} << 61) | (id & kItemIdMask);
}
inline ItemKind ItemKindOf(uint64_t item) { return static_cast<ItemKind>(item >> 61); }
inline uint64_t ItemIdOf(uint64_t item) { return item & kItemIdMask; }

struct TrailEntry {
  uint64_t item = 0;  // PackItem form
  TimeMs time = kNoTime;
  EventKind kind = EventKind::kPost;  // how the account engaged (like, repost, post, ...)
};

class AccountTrails {
 public:
  // Records that `account` engaged with `item` (PackItem form) by an event of `kind` at `time`.
  void Add(AccountId account, uint64_t item, EventKind kind, TimeMs time);
  // The account's entries, oldest first (at most kTrailLength).
  std::vector<TrailEntry> Of(AccountId account) const;
  size_t accounts() const { return rings_.size(); }
  size_t MemoryBytes() const { return rings_.capacity() * sizeof(Ring) + next_.capacity(); }

  // Checkpoint: little-endian bytes with a magic and version. Deserialize replaces the state;
  // InvalidArgument for truncated or corrupt bytes.
  void Serialize(std::string* out) const;
  Status Deserialize(std::string_view bytes);

 private:
  struct Packed {
    uint64_t item_and_kind;
    TimeMs time;
  };
  using Ring = std::array<Packed, kTrailLength>;
  std::vector<Ring> rings_;     // indexed by account id
  std::vector<uint8_t> next_;   // write position | 0x80 once the ring has wrapped
};

}  // namespace sakimori::engine
