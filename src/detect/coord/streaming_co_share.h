// File: detect/coord/streaming_co_share.h
// The streaming form of co-action edges (co_share.h): Update(event) as events arrive in
// time order, Snapshot() at any time. On time-ordered input it produces the same edges
// (weights, leader/follower counts, delays) as ComputeActionEdges with min_participation 1.
//
// State and its bound: per action, a sliding window per live object holding at most
// `max_partners` of the object's most recent shares (older ones are dropped first and
// counted in `window_evictions`; the batch form pairs with the same most recent shares), and
// the set of account pairs already counted in the object's current burst. An object's state
// is freed once it has been idle for longer than the window (its burst is over); a sweep
// every `sweep_every` updates finds such objects. A burst's pair set holds at most
// `max_burst_pairs` pairs; at that bound it is cleared (counted in `burst_resets`) and a
// pair that co-shares again later in the same burst counts once more — the one place where
// streaming and batch can differ. Edge accumulators grow with the number of distinct
// account pairs, as in batch.
//
// Crowd cap (`max_window_shares`, 0 = off): as in the batch form (co_share.h), a share that
// arrives while more than that many earlier shares of its object are inside the window is not
// paired (counted in `crowd_skipped`). To count the crowd exactly the window then keeps up
// to max(max_partners, max_window_shares + 1) shares, still pairing with only the
// `max_partners` most recent. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "detect/coord/co_share.h"

namespace sakimori::coord {

struct StreamingParams {
  double time_window_seconds = 60;
  uint32_t max_partners = 10000;
  size_t max_burst_pairs = size_t{1} << 20;
  uint32_t sweep_every = 1 << 16;
  uint32_t max_window_shares = 0;  // crowd cap, as CoShareParams::max_window_shares
};

struct StreamingStats {
  uint64_t shares = 0;
  uint64_t window_evictions = 0;  // shares dropped from a full window (max_partners)
  uint64_t burst_resets = 0;
  uint64_t live_objects = 0;  // objects holding state at the last update
  uint64_t out_of_order = 0;  // events older than the latest seen (processed anyway)
  // Pairs not formed because of max_window_shares (counting only the shares the window keeps,
  // so a lower bound when max_partners <= max_window_shares).
  uint64_t crowd_skipped = 0;
};

// One edge of a snapshot for one action.
struct StreamEdge {
  size_t action_index;
  AccountId a, b;  // a < b
  EdgeAcc acc;     // last_burst unused
};

class StreamingCoShare {
 public:
  // `dict` resolves post ids for keys and must outlive this object.
  StreamingCoShare(const std::vector<Action>& actions, const ExtractOptions& extract,
                   const Dictionary* dict, const StreamingParams& params);

  // Adds the event's shares and pairs them with the live windows.
  void Update(const Event& event);
  // Adds a share directly (object by key), as ShareSet::AddShare.
  void UpdateShare(size_t action_index, std::string_view object_key, AccountId account,
                   TimeMs time);

  // The edges so far, ordered by (action, a, b).
  std::vector<StreamEdge> Snapshot() const;
  const StreamingStats& stats() const { return stats_; }

 private:
  struct Window {
    std::deque<std::pair<TimeMs, AccountId>> shares;
    absl::flat_hash_set<uint64_t> counted;  // pairs counted in the current burst
    TimeMs last_time = 0;
  };
  struct PerAction {
    ActionKeyer keyer;
    Interner objects;
    absl::flat_hash_map<ObjectId, Window> live;
    EdgeMap edges;
  };

  void AddShare(PerAction& pa, ObjectId object, AccountId account, TimeMs time);
  void Sweep();

  StreamingParams params_;
  int64_t window_ms_;
  size_t keep_ = 0;  // shares a window keeps (0 = unbounded)
  std::vector<std::unique_ptr<PerAction>> actions_;
  std::vector<std::string> keys_;
  StreamingStats stats_;
  TimeMs now_ = INT64_MIN;
  uint64_t updates_ = 0;
};

}  // namespace sakimori::coord
