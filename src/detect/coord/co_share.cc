// File: detect/coord/co_share.cc
#include "detect/coord/co_share.h"

#include <algorithm>
#include <cmath>

namespace sakimori::coord {

void SortByObjectTime(std::vector<Share>* shares, size_t num_objects) {
  std::vector<uint32_t> offset(num_objects + 1, 0);
  for (const Share& s : *shares) ++offset[s.object + 1];
  for (size_t o = 0; o < num_objects; ++o) offset[o + 1] += offset[o];
  std::vector<Share> out(shares->size());
  std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
  for (const Share& s : *shares) out[fill[s.object]++] = s;  // stable: input order kept

  // Within an object, by (time, seq). When the input is in seq order (ShareSet's always is),
  // so is each object's bucket, and (time, position in the bucket) is the same order; it
  // packs into one 64-bit key, (time - min time) << 24 | position, whose sort is several
  // times faster than sorting the 24-byte shares by two fields. Otherwise, or for spans of
  // time or buckets too large for the key, the shares are sorted directly.
  constexpr int kPositionBits = 24;
  bool packable = !out.empty();
  int64_t t_min = packable ? out[0].time : 0, t_max = t_min;
  for (size_t i = 0; i < shares->size(); ++i) {
    const Share& s = (*shares)[i];
    t_min = std::min(t_min, s.time);
    t_max = std::max(t_max, s.time);
    if (i > 0 && s.seq <= (*shares)[i - 1].seq) packable = false;
  }
  if (packable && static_cast<uint64_t>(t_max - t_min) >= (uint64_t{1} << (63 - kPositionBits))) {
    packable = false;
  }
  std::vector<uint64_t> keys;
  std::vector<Share> bucket;
  for (size_t o = 0; o < num_objects; ++o) {
    auto b = out.begin() + offset[o], e = out.begin() + offset[o + 1];
    const size_t m = static_cast<size_t>(e - b);
    if (m < 2) continue;
    if (packable && m < (size_t{1} << kPositionBits)) {
      keys.resize(m);
      for (size_t k = 0; k < m; ++k) {
        keys[k] = (static_cast<uint64_t>(b[k].time - t_min) << kPositionBits) | k;
      }
      if (std::is_sorted(keys.begin(), keys.end())) continue;
      std::sort(keys.begin(), keys.end());
      bucket.assign(b, e);
      const uint64_t position_mask = (uint64_t{1} << kPositionBits) - 1;
      for (size_t k = 0; k < m; ++k) b[k] = bucket[keys[k] & position_mask];
    } else {
      std::sort(b, e, [](const Share& x, const Share& y) {
        return x.time != y.time ? x.time < y.time : x.seq < y.seq;
      });
    }
  }
  shares->swap(out);
}

ActionEdges ComputeActionEdges(const ActionShares& as, const CoShareParams& params) {
  ActionEdges result;
  result.action = as.action;
  ActionPopularity& pop = result.popularity;
  const int64_t window_ms = std::llround(params.time_window_seconds * 1000.0);

  uint32_t bound = 0;
  for (const Share& s : as.shares) bound = std::max(bound, s.account + 1);
  std::vector<uint32_t> count(bound, 0);
  for (const Share& s : as.shares) ++count[s.account];
  std::vector<Share> sorted;
  sorted.reserve(as.shares.size());
  for (const Share& s : as.shares) {
    if (count[s.account] >= params.min_participation) sorted.push_back(s);
  }
  const size_t num_objects = as.objects.size();
  SortByObjectTime(&sorted, num_objects);

  pop.account_shares.assign(bound, 0);
  pop.object_shares.assign(num_objects, 0);
  pop.object_window_share.assign(num_objects, 0.0);
  pop.total_shares = sorted.size();
  for (const Share& s : sorted) {
    ++pop.account_shares[s.account];
    ++pop.object_shares[s.object];
  }
  result.stats.shares = sorted.size();

  // Pairs are not applied to the edge map as they are formed but queued, in formation order,
  // and applied a batch at a time while the map slots of the pairs kPrefetchAhead places
  // later are prefetched: with millions of edges nearly every pair misses the cache, and
  // this overlaps the misses. The map sees exactly the same updates in the same order.
  EdgeMap& edges = result.edges;
  struct PendingPair {
    uint64_t key;
    uint32_t burst;
    uint32_t lead;  // 0 simultaneous, 1 the smaller account id first, 2 the larger
    int64_t delay_ms;
  };
  constexpr size_t kBatch = 4096;
  constexpr size_t kPrefetchAhead = 16;
  std::vector<PendingPair> pending;
  pending.reserve(kBatch);
  auto apply = [&] {
    const size_t n = pending.size();
    for (size_t k = 0; k < std::min(n, kPrefetchAhead); ++k) edges.prefetch(pending[k].key);
    for (size_t k = 0; k < n; ++k) {
      if (k + kPrefetchAhead < n) edges.prefetch(pending[k + kPrefetchAhead].key);
      const PendingPair& p = pending[k];
      EdgeAcc& e = edges[p.key];
      if (e.last_burst == p.burst) continue;
      e.last_burst = p.burst;
      ++e.weight;
      e.a_first += p.lead == 1;
      e.b_first += p.lead == 2;
      e.sum_delay_ms += static_cast<double>(p.delay_ms);
    }
    pending.clear();
  };
  uint32_t burst = 0;
  size_t begin = 0;
  while (begin < sorted.size()) {
    const ObjectId object = sorted[begin].object;
    size_t end = begin;
    while (end < sorted.size() && sorted[end].object == object) ++end;
    uint64_t in_window = 0;
    size_t lo = begin;
    ++burst;
    for (size_t j = begin + 1; j < end; ++j) {
      const Share& newer = sorted[j];
      if (newer.time - sorted[j - 1].time > window_ms) ++burst;
      while (newer.time - sorted[lo].time > window_ms) ++lo;
      in_window += j - lo;
      if (params.max_window_shares > 0 && j - lo > params.max_window_shares) {
        result.stats.crowd_skipped += j - lo;
        continue;
      }
      size_t first = lo;
      if (params.max_partners > 0 && j - lo > params.max_partners) {
        first = j - params.max_partners;
        result.stats.partners_dropped += first - lo;
      }
      result.stats.pairs_formed += j - first;
      for (size_t i = first; i < j; ++i) {
        const Share& older = sorted[i];
        if (older.account == newer.account) {
          ++result.stats.same_account;
          continue;
        }
        const uint32_t lead = older.time == newer.time ? 0 : older.account < newer.account ? 1 : 2;
        pending.push_back(PendingPair{PairKey(older.account, newer.account), burst, lead,
                                      newer.time - older.time});
        if (pending.size() == kBatch) apply();
      }
    }
    result.stats.pairs_in_window += in_window;
    const double n = static_cast<double>(end - begin);
    if (n >= 2)
      pop.object_window_share[object] = static_cast<double>(in_window) / (n * (n - 1) / 2);
    begin = end;
  }
  apply();
  result.sorted = std::move(sorted);
  return result;
}

}  // namespace sakimori::coord
