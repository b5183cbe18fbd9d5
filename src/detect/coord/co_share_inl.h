// File: detect/coord/co_share_inl.h
// Template implementation of ForEachFirstCoShare (co_share.h); include co_share.h instead.
#pragma once

#include <cmath>

#include "absl/container/flat_hash_set.h"

namespace sakimori::coord {

template <typename Visit>
void ForEachFirstCoShare(const std::vector<Share>& sorted, const CoShareParams& params,
                         Visit&& visit) {
  const int64_t window_ms = std::llround(params.time_window_seconds * 1000.0);
  absl::flat_hash_set<uint64_t> seen;  // pairs already visited in the current burst
  size_t begin = 0;
  while (begin < sorted.size()) {
    ObjectId object = sorted[begin].object;
    size_t end = begin;
    while (end < sorted.size() && sorted[end].object == object) ++end;
    size_t lo = begin;
    seen.clear();
    for (size_t j = begin + 1; j < end; ++j) {
      const Share& newer = sorted[j];
      if (newer.time - sorted[j - 1].time > window_ms) seen.clear();  // new burst
      while (newer.time - sorted[lo].time > window_ms) ++lo;
      if (params.max_window_shares > 0 && j - lo > params.max_window_shares) continue;
      size_t first = lo;
      if (params.max_partners > 0 && j - lo > params.max_partners) first = j - params.max_partners;
      for (size_t i = first; i < j; ++i) {
        const Share& older = sorted[i];
        if (older.account == newer.account) continue;
        if (seen.insert(PairKey(older.account, newer.account)).second) visit(older, newer);
      }
    }
    begin = end;
  }
}

}  // namespace sakimori::coord
