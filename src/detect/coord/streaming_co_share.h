// File: detect/coord/streaming_co_share.h
// The streaming form of co-action edges (co_share.h): Update(event) as events arrive in
// time order, Snapshot() at any time. On time-ordered input it produces the same edges
// (weights, leader/follower counts, delays) as ComputeActionEdges with min_participation 1.
//
// State and its bound: per action, a sliding window per live object holding at most
// `max_partners` of the object's most recent shares (older ones are dropped first and
// counted in `window_evictions`; the batch form pairs with the same most recent shares), and
// the history of the object's current burst, which tells whether a pair was already counted
// in it (below). An object's state is freed once it has been idle for longer than the window
// (its burst is over); a sweep every `sweep_every` updates finds such objects. Edge
// accumulators grow with the number of distinct account pairs, as in batch.
//
// Burst history: a pair counts once per burst. Instead of a set of the pairs counted (one
// hash update per pair), a burst keeps, from its second share on, one entry per share (its
// account, the first share it paired with, the same account's previous share), and finds an
// account's latest share by a scan (short bursts) or a map: one update per share. A share
// whose account is new to the burst forms only new pairs; for a repeat, a pair was counted
// iff, walking both accounts' shares newest first, some share's pairing range reached the
// other account's latest share before it (ranges only move forward, so that share is the one
// to test). When more than `max_burst_pairs` pairs have been counted in a burst, or its
// history holds more shares, the history before the window's oldest share is dropped (counted
// in `burst_resets`), and a pair whose only co-share in the burst lay before it counts once
// more — the one place where streaming and batch can differ.
//
// Edge storage (the bulk of the memory on long streams): most edges never co-share twice, so
// an edge of weight 1 whose first-burst delay fits 22 bits (70 minutes) is stored inline in an
// 8-byte slot of its smaller account's open-addressing table (partner, packed delay, who acted
// first, and a 7-bit tick stamp for `single_idle_ms`); at its second burst (or when it is
// listed) it moves to the dense accumulators (20 bytes each; only listed edges keep their
// pair). This stores exactly what EdgeAcc holds, in about a fifth of the bytes. The tables
// grow by 1.33-1.5x (not 2x) over odd capacities, for a mean load near 0.68.
//
// Windows: pooled records (the object's entry in the id map holds its index, so a share
// costs one hash lookup); the first share is held inline, a ring (power-of-two capacity)
// from the second on, and the burst's pair set is allocated at its first pair. Most objects
// are shared once per burst and allocate nothing. A share's pairs are gathered first and
// their table slots and accumulators prefetched before the edges are updated, in the same
// order as one at a time.
//
// Crowd cap (`max_window_shares`, 0 = off): as in the batch form (co_share.h), a share that
// arrives while more than that many earlier shares of its object are inside the window is not
// paired (counted in `crowd_skipped`). To count the crowd exactly the window then keeps up
// to max(max_partners, max_window_shares + 1) shares, still pairing with only the
// `max_partners` most recent. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/hash.h"
#include "common/status.h"
#include "detect/coord/co_share.h"

namespace sakimori::coord {

struct StreamingParams {
  double time_window_seconds = 60;
  uint32_t max_partners = 10000;
  size_t max_burst_pairs = size_t{1} << 20;  // bounds a burst's history (file comment)
  uint32_t sweep_every = 1 << 16;
  uint32_t max_window_shares = 0;  // crowd cap, as CoShareParams::max_window_shares
  // Edges whose weight reaches this are listed as they cross it, so that ForEachEdge with
  // min_weight >= track_weight visits only them instead of scanning every edge. 0 = off.
  // With `track_ln_p` < 0, an edge is listed only once its weight k is also unlikely under
  // the popularity null at that moment: ln P(X = k) <= track_ln_p for X ~ Poisson(n_a n_b S)
  // (significance.h), checked whenever its weight grows. Edges of very popular objects, most
  // of them, then never reach the list; an edge that would pass only because S fell after
  // its last co-share is missed (S moves slowly once the stream is long).
  uint32_t track_weight = 0;
  double track_ln_p = 0;
  // Event time after which an edge that co-shared once and never again is forgotten (0 =
  // never). Such edges are checked every quarter of `single_idle_ms` of event time (a tick)
  // and dropped at the first check after they have been idle for that long (so they live
  // between 1 and 1.25 times single_idle_ms); a pair that co-shares again later starts from
  // weight 1. Edges of weight >= 2 are always kept.
  int64_t single_idle_ms = 0;
  // With single_idle_ms, only edges whose expected co-actions under the popularity null,
  // n_a n_b S (significance.h) as of the check, are at least this are forgotten (0: every
  // idle single edge). The single co-action of two quiet accounts is kept.
  double forget_min_expected = 0;
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
  uint64_t singles_forgotten = 0;  // weight-1 edges dropped after single_idle_ms
  uint64_t pair_updates = 0;       // pairs the shares formed, each one edge update (a burst)
};

// ln k! as std::lgamma(k + 1) gives it (the same bits), from a table for k < 4096.
double LnFactorial(uint32_t k);

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
  // Optional hints that change no result: start loading what Update(event) will read first,
  // for the actions keyed by target post (most shares). Call PrefetchObject a few events
  // ahead of Update (the object's slot in the id map, the account's share counter), then
  // PrefetchWindow for the same event nearer to it (the object's null-model counts and
  // window, found through the now loaded slot).
  void PrefetchObject(const Event& event) const;
  void PrefetchWindow(const Event& event) const;
  // Adds a share directly (object by key), as ShareSet::AddShare. An action fed through both
  // Update and UpdateShare must not be keyed by target post (ActionKeyer::KeysTargetPost):
  // Update identifies those objects by post id, not by name.
  void UpdateShare(size_t action_index, std::string_view object_key, AccountId account,
                   TimeMs time);

  // The edges so far, ordered by (action, a, b).
  std::vector<StreamEdge> Snapshot() const;
  // Calls visit(a, b, acc) for every edge of action `action_index` with weight >=
  // `min_weight`, in unspecified order (no copy; for cheap periodic scans).
  template <typename Visit>
  void ForEachEdge(size_t action_index, uint32_t min_weight, Visit&& visit) const {
    const PerAction& pa = *actions_[action_index];
    if (params_.track_weight > 0 && min_weight >= params_.track_weight) {
      for (size_t i = 0; i < pa.heavy.size(); ++i) {
        PrefetchListed(pa, i + kListedAhead);
        const Listed& l = pa.heavy[i];
        const EdgeAcc acc = pa.edge_acc[l.index].Get();
        if (acc.weight >= min_weight) visit(l.a, l.b, acc);
      }
      return;
    }
    for (size_t a = 0; a < pa.adjacency.size(); ++a) {
      const Adjacency& adj = pa.adjacency[a];
      for (uint32_t s = 0; s < adj.capacity; ++s) {
        const AdjSlot& slot = adj.slots[s];
        if (slot.partner_plus1 == 0) continue;
        if (slot.value & kHeavyBit) {
          const EdgeAcc acc = pa.edge_acc[slot.value & ~kHeavyBit].Get();
          if (acc.weight >= min_weight)
            visit(static_cast<AccountId>(a), slot.partner_plus1 - 1, acc);
        } else if (min_weight <= 1) {
          visit(static_cast<AccountId>(a), slot.partner_plus1 - 1, Unpack(slot.value));
        }
      }
    }
  }
  // What the popularity null model (significance.h) needs for action `action_index`, from
  // the shares so far: n_a per account, n_o per object and q_o, the share of o's share pairs
  // that fell within the window (pairs with the shares held in the window at each arrival).
  ActionPopularity Popularity(size_t action_index) const;
  // The null model's S = sum_o p_o^2 q_o (significance.h) of action `action_index`, kept up to
  // date per share (O(1)), and n_a.
  double NullS(size_t action_index) const;
  // Drops listed edges that are no longer unlikely under the current null (their accounts'
  // activity or the object popularity grew since they were listed); they are listed again
  // if their weight grows while unlikely. Keeps ForEachEdge's list short on long streams.
  void PruneTracked();
  // Changes track_ln_p (e.g. as the test family grows); applies from the next PruneTracked.
  void set_track_ln_p(double ln_p) { params_.track_ln_p = ln_p; }
  // Edges whose weight reached track_weight (0 when tracking is off).
  size_t TrackedEdges(size_t action_index) const { return actions_[action_index]->heavy.size(); }
  size_t AccountTableSize(size_t action_index) const {
    return actions_[action_index]->account_shares.size();
  }
  uint32_t AccountShares(size_t action_index, AccountId account) const {
    const auto& n = actions_[action_index]->account_shares;
    return account < n.size() ? n[account] : 0;
  }
  // The edge a-b of action `action_index` (last_burst unused); false when there is none.
  bool FindEdge(size_t action_index, AccountId a, AccountId b, EdgeAcc* out) const;
  // Edges of action `action_index`; of them, those held inline at weight 1.
  uint64_t NumEdges(size_t action_index) const { return actions_[action_index]->num_edges; }
  uint64_t InlineEdges(size_t action_index) const {
    return actions_[action_index]->num_edges - actions_[action_index]->edge_acc.size();
  }
  // Heap bytes held by the edge store of all actions (tables, accumulators, lists).
  size_t EdgeBytes() const;
  size_t num_actions() const { return actions_.size(); }
  Action action(size_t action_index) const { return actions_[action_index]->keyer.action(); }
  const StreamingStats& stats() const { return stats_; }

  // Checkpoint: the whole state as little-endian bytes, magic "SKCS", version 2: the
  // parameters; per action its kind, objects (hash, window), windows (time, shares, the
  // burst's share count and history), free windows, edge tables slot by slot, accumulators,
  // listed edges, null-model counts and forgetting schedule; then the counters and clocks.
  // Scratch buffers are not kept. The same state gives the same bytes; a restored object
  // continues exactly as the original would (same edges, listings, forgetting and
  // statistics). Version 1 (windows with the burst's counted pairs instead of a history) is
  // read too and continues exactly as well.
  void Serialize(std::string* out) const;
  // The exact size of that checkpoint in bytes (Serialize reserves it up front).
  size_t CheckpointBytes() const;
  // Replaces the state with a checkpoint written by Serialize. This object must have been
  // constructed with the same actions in the same order (their keys depend on the extract
  // options and dictionary given then); the parameters come from the checkpoint. Errors:
  // InvalidArgument on a bad magic or version, other actions, or truncated or inconsistent
  // input; the state is then unchanged.
  Status Deserialize(std::string_view in);

 private:
  struct Share {
    TimeMs time;
    AccountId account;
  };
  // The history of a burst (see the file comment), from its second share on. Shares are
  // numbered from 0 in the burst; entries are kept from `floor` on.
  struct BurstHistory {
    struct Entry {
      AccountId account;
      uint32_t lo;          // the first share this one paired with (its own number: none)
      uint32_t prev_plus1;  // the same account's previous share + 1 (0: none)
    };
    // Up to this many entries an account's latest share is found by a scan (most bursts are
    // short); beyond, through `last`.
    static constexpr size_t kScan = 16;
    uint32_t floor = 0;
    uint64_t pairs = 0;          // counted since the last reset
    std::vector<Entry> entries;  // shares floor, floor + 1, ...
    // Each account's latest share (>= floor), once there are more than kScan entries.
    absl::flat_hash_map<AccountId, uint32_t> last;
    // Pairs counted before the history began, for a burst restored from a version-1
    // checkpoint (which kept them instead of a history); empty otherwise.
    absl::flat_hash_set<uint64_t> legacy;

    const Entry& At(uint32_t share) const { return entries[share - floor]; }
    // The account's latest share + 1 (0: none since floor).
    uint32_t LatestPlus1(AccountId account) const;
    // Adds the entry of the next share.
    void Push(const Entry& e);
    // Whether accounts whose latest shares are `x` and `y` (>= floor, distinct accounts)
    // paired in the burst.
    bool Paired(uint32_t x, uint32_t y) const;
    // Drops the entries before share `floor`.
    void DropBefore(uint32_t floor);
  };
  // An object's sliding window: its shares in arrival order, the first one inline (most
  // objects are shared once per burst), from the second on in a ring whose capacity is a
  // power of two; and the history of its current burst.
  struct Window {
    TimeMs last_time = 0;
    uint64_t object_hash = 0;  // finds the object's entry when the window is freed
    Share first{};             // the only share while capacity == 0
    uint32_t head = 0, count = 0, capacity = 0;
    bool used = false;
    uint32_t seq = 0;  // shares of the current burst so far (the next share's number)
    std::unique_ptr<Share[]> ring;
    std::unique_ptr<BurstHistory> history;  // from the burst's second share on

    const Share& At(size_t i) const {
      return capacity == 0 ? first : ring[(head + i) & (capacity - 1)];
    }
    const Share& Front() const { return At(0); }
    void PopFront() {
      --count;
      if (capacity > 0) head = (head + 1) & (capacity - 1);
    }
    void PushBack(Share s);
    // Empties the window and frees its ring and history (a new burst, or the window is
    // released).
    void Clear();
  };
  // What the null model keeps per object (12 bytes, one cache line).
#pragma pack(push, 4)
  struct ObjectStats {
    uint32_t shares = 0;        // n_o
    uint64_t window_pairs = 0;  // pairs within the window
  };
#pragma pack(pop)
  // An object: its dense id and its window (index + 1 into `windows`; 0 = none).
  struct ObjectEntry {
    ObjectId id;
    uint32_t window;
  };
  // An array that grows in fixed chunks: no reallocation copy, so no transient doubling of
  // the largest arrays while they grow.
  template <typename T>
  class ChunkedArray {
   public:
    T& operator[](size_t i) { return chunks_[i >> kShift][i & (kChunk - 1)]; }
    const T& operator[](size_t i) const { return chunks_[i >> kShift][i & (kChunk - 1)]; }
    size_t size() const { return size_; }
    void push_back(const T& v) {
      if ((size_ & (kChunk - 1)) == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
      (*this)[size_++] = v;
    }
    size_t bytes() const { return chunks_.size() * kChunk * sizeof(T); }

   private:
    static constexpr size_t kShift = 14, kChunk = size_t{1} << kShift;
    std::vector<std::unique_ptr<T[]>> chunks_;
    size_t size_ = 0;
  };
  // The accumulator of an edge not held inline: EdgeAcc in 20 bytes (the pair is known from
  // the table slot pointing here; last_burst is replaced by the `listed` bit).
#pragma pack(push, 4)
  struct PackedAcc {
    uint32_t weight = 0;  // kListedBit | bursts
    uint32_t a_first = 0;
    uint32_t b_first = 0;
    double sum_delay_ms = 0;
    EdgeAcc Get() const {
      EdgeAcc e;
      e.weight = weight & ~kListedBit;
      e.a_first = a_first;
      e.b_first = b_first;
      e.sum_delay_ms = sum_delay_ms;
      return e;
    }
  };
#pragma pack(pop)
  static constexpr uint32_t kListedBit = 1u << 31;
  // Listed edges whose accumulators a walk of `heavy` loads ahead.
  static constexpr size_t kListedAhead = 8;
  // Tables a walk of the tables due for forgetting loads ahead: headers, then slots.
  static constexpr size_t kDueHeaderAhead = 8, kDueSlotsAhead = 4;
  // An edge listed in `heavy`.
  struct Listed {
    uint32_t index;  // its accumulator
    AccountId a, b;
  };
  // One slot of an account's edge table: partner + 1 (0 = empty) and either kHeavyBit | the
  // index of the edge's accumulator, or an inline weight-1 edge: kAFirstBit, kBFirstBit, the
  // period stamp (bits 22-28) and the delay in ms (below 2^22).
  struct AdjSlot {
    uint32_t partner_plus1;
    uint32_t value;
  };
  // An account's table: linear probing from the home slot Home(partner + 1, capacity), load
  // at most 0.8. Capacities run 3, 5, 7, 11, 15, 23, 31, ... (2^k - 1 and 3 * 2^k - 1, a
  // growth of 1.33 to 1.5 instead of 2: the mean load is near 0.68 rather than 0.55, and
  // an odd count of 8-byte slots fills a malloc chunk with its 8-byte header exactly).
  struct Adjacency {
    std::unique_ptr<AdjSlot[]> slots;
    uint32_t capacity = 0;
    uint32_t size = 0;
  };
  static uint32_t Home(uint32_t partner_plus1, uint32_t capacity) {
    return static_cast<uint32_t>(
        (static_cast<uint64_t>(static_cast<uint32_t>(Mix64(partner_plus1))) * capacity) >> 32);
  }
  // The capacity after `capacity` in the sequence above (0 -> 3).
  static uint32_t NextCapacity(uint32_t capacity) {
    if (capacity == 0) return 3;
    const uint32_t c = capacity + 1;
    return (c & (c - 1)) == 0 ? c / 2 * 3 - 1 : c / 3 * 4 - 1;
  }
  // The smallest capacity of the sequence holding `size` edges at load at most 0.8.
  static uint32_t CapacityFor(uint32_t size) {
    uint32_t capacity = 0;
    while (uint64_t{size} * 5 > uint64_t{capacity} * 4) capacity = NextCapacity(capacity);
    return capacity;
  }
  // Moves `adj` into a new table of `capacity` slots (>= its size).
  static void Rehash(Adjacency& adj, uint32_t capacity);
  static constexpr uint32_t kHeavyBit = 1u << 31, kAFirstBit = 1u << 30, kBFirstBit = 1u << 29;
  static constexpr uint32_t kDelayMask = (1u << 22) - 1, kStampShift = 22, kStampMask = 127;
  static EdgeAcc Unpack(uint32_t value) {
    EdgeAcc e;
    e.weight = 1;
    e.a_first = (value & kAFirstBit) ? 1 : 0;
    e.b_first = (value & kBFirstBit) ? 1 : 0;
    e.sum_delay_ms = static_cast<double>(value & kDelayMask);
    return e;
  }

  struct PerAction {
    explicit PerAction(ActionKeyer k) : keyer(std::move(k)) {}
    ActionKeyer keyer;
    // Objects by the 64-bit hash of their key (of the post id, Mix64, for actions keyed by
    // target post), ids in order of first share (the key strings are not kept: two keys with
    // the same hash, about one chance in 10^6 among 6 million objects, would count as one
    // object).
    absl::flat_hash_map<uint64_t, ObjectEntry> object_ids;
    // Windows of the live objects, pooled: an object gets one at a share and loses it at the
    // first sweep after it has been idle for longer than the window.
    std::vector<Window> windows;
    std::vector<uint32_t> free_windows;  // indices of unused entries of `windows`
    // Edges: per smaller account of the pair, its table of partners; accumulators of the
    // edges not held inline (weight >= 2, listed, or a delay that does not fit), in the order
    // they left the inline form.
    std::vector<Adjacency> adjacency;
    ChunkedArray<PackedAcc> edge_acc;
    uint64_t num_edges = 0;
    std::vector<uint32_t> account_shares;  // n_a
    ChunkedArray<ObjectStats> objects;     // by object id
    uint64_t total_shares = 0;
    double pair_sum = 0;        // sum over objects of 2 w_o n_o / (n_o - 1)
    std::vector<Listed> heavy;  // edges whose weight reached track_weight
    // With single_idle_ms: per tick, the tables (smaller accounts) that got an inline edge in
    // it, oldest tick first, and per table the last tick it was listed under (kNotDue: none
    // pending). ForgetSingles checks only the tables of ticks old enough.
    struct DueList {
      int64_t tick;
      std::vector<AccountId> tables;
    };
    std::deque<DueList> due;
    std::vector<uint32_t> due_tick;
  };
  static constexpr uint32_t kNotDue = UINT32_MAX;
  // Starts loading the accumulator of listed edge `i` of `pa`, if there is one (the
  // accumulators are in no useful order).
  static void PrefetchListed(const PerAction& pa, size_t i);
  // The object hash of a post, for the actions keyed by target post.
  static uint64_t PostHash(PostId post) { return Mix64(post); }
  // Calls fn(per_action, object_hash) for each action keyed by target post that `event`
  // performs (the shares Update(event) adds to them).
  template <typename Fn>
  void ForEachTargetPost(const Event& event, Fn&& fn) const {
    if (event.actor == kNoAccount) return;
    for (const auto& pa : actions_) {
      if (!pa->keyer.KeysTargetPost()) continue;
      const PostId post = pa->keyer.TargetPost(event);
      if (post != kNoPost) fn(static_cast<const PerAction&>(*pa), PostHash(post));
    }
  }
  // Lists table `a` under the current tick (an inline edge was just added to it).
  void NoteInline(PerAction& pa, AccountId a);

  // Adds a share of the object whose key hashes to `hash`.
  void AddShare(PerAction& pa, uint64_t hash, AccountId account, TimeMs time);
  // Adds one burst to each pending pair of the share (edges of `pa`), in order.
  void AddBursts(PerAction& pa, TimeMs time);
  // The slot of edge (a, b), a < b, inserted empty (value 0, *fresh) when absent.
  static AdjSlot& EdgeSlot(PerAction& pa, AccountId a, AccountId b, bool* fresh);
  static const AdjSlot* FindSlot(const PerAction& pa, AccountId a, AccountId b);
  void Sweep();
  // Ticks per single_idle_ms.
  static constexpr uint32_t kForgetTicks = 4;
  // Drops inline edges stamped more than kForgetTicks ticks before tick `period`, which is
  // `jump` ticks after the previous check, from the tables listed in ticks that old, and
  // compacts those tables.
  void ForgetSingles(int64_t period, int64_t jump);
  bool Unlikely(const PerAction& pa, AccountId a, AccountId b, uint32_t weight) const;

  // Shares a window keeps (0 = unbounded): max_partners, or more to count a crowd exactly.
  static size_t WindowKeep(const StreamingParams& params);

  StreamingParams params_;
  int64_t window_ms_;
  size_t keep_ = 0;  // WindowKeep(params_)
  std::vector<std::unique_ptr<PerAction>> actions_;
  std::vector<std::string> keys_;
  // The pairs a share forms, gathered before their edges are updated so that the edge
  // tables' cache lines are fetched together (reused buffers).
  struct Pending {
    uint64_t key;
    TimeMs other_time;
    uint32_t index;    // the edge's accumulator (set by AddBursts)
    bool other_first;  // the earlier share's account is the pair's smaller one
  };
  std::vector<Pending> pending_;
  StreamingStats stats_;
  TimeMs now_ = INT64_MIN;
  uint64_t updates_ = 0;
  int64_t period_ = INT64_MIN;  // current tick of event time (single_idle_ms / kForgetTicks)
};

}  // namespace sakimori::coord
