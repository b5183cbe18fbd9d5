// File: detect/coord/co_share.h
// Co-action edges: two accounts are linked each time they act on the same object within
// `time_window` seconds of each other. Shares are grouped by object and sorted by time, and
// each share is paired with the earlier shares of the same object still inside the window
// (two pointers), so the work is proportional to the pairs inside the window, never the
// object's full quadratic self-join. Edge counts are aggregated in a flat hash map keyed by
// the packed account pair.
//
// Unit of an edge's weight: a co-share "burst". An object's shares are split into bursts
// wherever two consecutive shares are more than the window apart; a pair of accounts counts
// once per burst in which they co-share (however many times they share inside it), so an
// account re-sharing a post does not inflate an edge. Direction and delay come from the
// pair's first co-share in the burst.
//
// Bounded memory on viral objects: each share is paired with at most `max_partners` of the
// most recent earlier shares inside the window; the partners beyond are not paired and are
// counted in CoShareStats::partners_dropped.
//
// Crowd cap (optional, `max_window_shares`): a share that arrives while more than that many
// earlier shares of its object are inside the window is not paired at all (a co-share in a
// crowd of thousands is no evidence of coordination, and such crowds dominate the pairs);
// those pairs are counted in CoShareStats::crowd_skipped. The null model (q_o) still counts
// every pair in the window. Off (0) by default.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "detect/coord/share_set.h"

namespace sakimori::coord {

struct CoShareParams {
  double time_window_seconds = 60;
  uint32_t max_partners = 10000;
  // Accounts with fewer shares of an action than this are left out of that action.
  int64_t min_participation = 1;
  // Shares arriving when more than this many earlier shares of the object are inside the
  // window are not paired (0 = no cap). See the file comment.
  uint32_t max_window_shares = 0;
};

// Packs an unordered account pair into one key, smaller id in the high half.
inline uint64_t PairKey(AccountId a, AccountId b) {
  if (b < a) std::swap(a, b);
  return (uint64_t{a} << 32) | b;
}
inline AccountId PairFirst(uint64_t key) { return static_cast<AccountId>(key >> 32); }
inline AccountId PairSecond(uint64_t key) { return static_cast<AccountId>(key & 0xffffffffu); }

// Per-edge accumulator for one action. `a` is the smaller account id of the pair.
struct EdgeAcc {
  uint32_t weight = 0;  // co-share bursts
  uint32_t last_burst = UINT32_MAX;
  uint32_t a_first = 0;     // bursts in which a acted first
  uint32_t b_first = 0;     // bursts in which b acted first (the rest were simultaneous)
  double sum_delay_ms = 0;  // sum of first-co-share delays
};

using EdgeMap = absl::flat_hash_map<uint64_t, EdgeAcc>;

struct CoShareStats {
  uint64_t shares = 0;            // shares after the min_participation filter
  uint64_t pairs_in_window = 0;   // pairs of shares within the window (before the cap)
  uint64_t pairs_formed = 0;      // pairs enumerated (after the cap)
  uint64_t partners_dropped = 0;  // pairs skipped because of max_partners
  uint64_t same_account = 0;      // pairs of an account with itself (ignored)
  uint64_t crowd_skipped = 0;     // pairs skipped because of max_window_shares
};

// What the null model needs about one action (see significance.h).
struct ActionPopularity {
  std::vector<uint32_t> account_shares;     // n_a per account id (0 if none)
  std::vector<uint32_t> object_shares;      // n_o per object id
  std::vector<double> object_window_share;  // q_o: share of o's share pairs within the window
  uint64_t total_shares = 0;                // N
};

// The edges of one action.
struct ActionEdges {
  Action action;
  EdgeMap edges;
  CoShareStats stats;
  ActionPopularity popularity;
  std::vector<Share> sorted;  // the action's shares after the filter, by (object, time, seq)
};

// Sorts `shares` by (object, time, seq) in place (counting sort by object, then by time).
void SortByObjectTime(std::vector<Share>* shares, size_t num_objects);

// Computes the edges of one action. `shares` is the action's share list (copied and sorted
// internally). Deterministic.
ActionEdges ComputeActionEdges(const ActionShares& shares, const CoShareParams& params);

// Calls `visit(older, newer)` for the first co-share of each (burst, account pair) of
// `sorted` (sorted by SortByObjectTime), in the same order and under the same cap as
// ComputeActionEdges. Used for the evidence export and group statistics.
template <typename Visit>
void ForEachFirstCoShare(const std::vector<Share>& sorted, const CoShareParams& params,
                         Visit&& visit);

}  // namespace sakimori::coord

#include "detect/coord/co_share_inl.h"
