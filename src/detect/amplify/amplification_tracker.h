// File: detect/amplify/amplification_tracker.h
// Anomalous amplification per item (SPEC section 5.3): a streaming operator that follows the
// engagement stream of every post, URL, hashtag and narrative with bounded state and ranks
// items by inauthentic amplification, with the numbers behind each rank. Formula and state
// sizes: docs/amplification.md.
//
// State, two tiers per item kind:
//  - every engaged item has a 40-byte Counter and an 8-byte key in a flat hash map (49 bytes
//    a slot, about 56 bytes per item at the map's 7/8 maximum load). It holds the first two
//    engagements exactly (time, account, type), so nothing is lost before promotion;
//  - at its third engagement an item is promoted to a TrackedItem (224 bytes; the hourly curve
//    is inline while the item was engaged in at most 6 hours of the window, then a ring of
//    4 * curve_hours bytes; 16 to 32 bytes per sampled account, the first `sample_cap`
//    distinct engaging accounts; a 256-byte HyperLogLog counts distinct accounts beyond the
//    sample). Most posts get 0-3 engagements, so most items stay in the first tier.
//  - per author with engaged posts: a 24-byte record (posts created, engagements received),
//    for the author baseline; per kind: two counters, for the platform baseline.
//
// Partitioning: all item state is keyed by (kind, key), so a tracker can be split by a hash
// of the item key and each part fed the events that touch its items; rankings merge by score.
// The author and platform baselines are keyed by author and kind: a partitioned deployment
// must either give every part all events (each part then keeps the baselines whole) or merge
// those counters before ranking.
//
// Thread safety: none; one thread updates, and Rank/Serialize must not run concurrently
// with Update.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "detect/amplify/item_score.h"
#include "model/event.h"

namespace sakimori::amplify {

struct TrackerOptions {
  // Distinct engaging accounts kept per tracked item (shares and concentration are computed
  // over their engagements). Between 1 and 1 << 20.
  uint32_t sample_cap = 4096;
  // Hours of the hourly engagement curve kept per tracked item (the latest ones). 1 to 720.
  uint32_t curve_hours = 48;
  // Key URLs by their normalised form (coord::NormalizeUrl) rather than as given.
  bool normalize_urls = true;
};

struct RankOptions {
  size_t limit = 100;             // 0 = no limit
  uint64_t min_engagements = 10;  // items need this many engagements (at least 3) to rank
  bool kinds[kNumItemKinds] = {true, true, true, true};  // which kinds to rank
  double automated_threshold = 0.5;      // automation score at which an account counts
  TimeMs recent_age = 30 * kMsPerDay;    // younger than this at engagement = recent
  double organic_reply_share = 0.10;     // reply share at which "no conversation" is 0
  const Interner* post_names = nullptr;  // names posts; else the id is the decimal PostId
};

// Counters for logs and the dashboard.
struct TrackerStats {
  uint64_t events = 0;
  uint64_t engagements = 0;              // item engagements (an event may engage several items)
  uint64_t items[kNumItemKinds] = {};    // engaged items per kind
  uint64_t tracked[kNumItemKinds] = {};  // promoted items per kind
  uint64_t authors = 0;
  uint64_t approx_bytes = 0;  // estimate of the heap held (see the file comment)
};

class AmplificationTracker {
 public:
  explicit AmplificationTracker(TrackerOptions options = {});
  ~AmplificationTracker();
  AmplificationTracker(AmplificationTracker&&) noexcept;
  AmplificationTracker& operator=(AmplificationTracker&&) noexcept;

  // Feeds one event; call in event-time order (late events are counted, and land in the
  // curve if their hour is still in it, but do not move `last` back). `narrative_id` is the
  // event's narrative cluster when the engine has one. What counts:
  //  - like/repost/quote/reply with a target: an engagement of that type with the target post
  //    (its author is Event::target_account);
  //  - any event carrying URLs or hashtags: an engagement with each distinct one, of the
  //    event's type, or "use" for an original post;
  //  - with a narrative id: an engagement with the narrative, typed the same way;
  //  - post, quote and reply: one more post by the actor, for the author baseline.
  void Update(const Event& event, std::optional<uint64_t> narrative_id = std::nullopt);

  // Scores every tracked item of the selected kinds with at least `min_engagements`
  // engagements, given per-account facts from `accounts`, and returns the top `limit` by
  // score (ties: kind, then key, ascending). Deterministic: the same updates and context give
  // the same result, whatever the hash maps' iteration order.
  std::vector<ItemScore> Rank(const AccountContext& accounts, const RankOptions& options) const;

  // Scores one item; nullopt if it is not tracked (fewer than three engagements).
  // `options.min_engagements`, `limit` and `kinds` are ignored.
  std::optional<ItemScore> Score(ItemKind kind, uint64_t key, const AccountContext& accounts,
                                 const RankOptions& options) const;

  // The key an item of `kind` named `name` has (URLs normalised as configured, hashtags
  // lowercased without '#'; posts and narratives: the decimal id).
  uint64_t KeyOf(ItemKind kind, std::string_view name) const;

  TrackerStats Stats() const;

  // Appends the whole state as little-endian binary ("SKAMPLIF", version 1) to `out`.
  // Deterministic: equal states give equal bytes.
  void Serialize(std::string* out) const;
  // Replaces the state (and options) with a checkpoint written by Serialize. Errors:
  // InvalidArgument for a wrong magic or version, truncated or corrupt input; the tracker is
  // then left empty.
  Status Deserialize(std::string_view data);
  // The same checkpoint in parts: `emit` gets consecutive pieces of a few MB (cut at record
  // boundaries), so that the whole never sits in memory; their concatenation is what
  // Serialize(std::string*) appends. Returns the first error of `emit`.
  Status Serialize(const std::function<Status(std::string_view part)>& emit) const;
  // Reads a checkpoint from the pieces `next` hands out, asking for one only when the bytes
  // before it are used up: given the parts of Serialize(emit), it asks for exactly those. Errors
  // as above, or the first error of `next`.
  Status Deserialize(const std::function<Status(std::string* part)>& next);

  // The state, opaque here (internal/tracker_state.h).
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace sakimori::amplify
