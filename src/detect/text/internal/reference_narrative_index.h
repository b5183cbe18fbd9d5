// File: detect/text/internal/reference_narrative_index.h
// The straightforward NarrativeIndex (a deque of entries, a vector of band links per entry,
// candidates deduplicated by sorting), kept for tests only: NarrativeIndex keeps its entries in
// flat rings for speed and must give exactly the same Assignment for every call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "common/time.h"
#include "detect/text/fingerprint.h"
#include "detect/text/narrative_index.h"

namespace sakimori::text::internal {

// Not thread-safe; one index per partition. Results depend only on the sequence of Assign
// calls (event time, never wall-clock time).
class ReferenceNarrativeIndex {
 public:
  static StatusOr<ReferenceNarrativeIndex> Create(const NarrativeIndexOptions& options);

  // Assigns the text with sequence number `seq` (increasing) at event time `time`.
  Assignment Assign(uint64_t seq, TimeMs time, std::string_view text);

  // The live narrative `id`, or nullptr once all its entries are evicted.
  const NarrativeInfo* Find(uint64_t id) const;
  const NarrativeIndexStats& stats() const { return stats_; }
  // An estimate of the heap bytes held (entries, buckets, narratives).
  size_t MemoryBytes() const;

 private:
  struct Entry {
    uint64_t seq;
    TimeMs time;
    uint64_t narrative;
    uint64_t exact_hash;
    // links[b] is the band-b key; links[bands + b] the low 32 bits of the position of the next
    // older entry in the same bucket, or of this entry itself when there is none.
    std::vector<uint32_t> links;
    ShingleSketch sketch;
  };
  // A bucket is a chain through the entries, newest first; the map keeps its head and the
  // number of live entries in it (so it is erased when the last one leaves).
  struct BucketHead {
    uint32_t newest;  // low 32 bits of the position
    uint32_t live;
  };

  ReferenceNarrativeIndex(const NarrativeIndexOptions& options, Fingerprinter f);
  void EvictFront();
  const Entry& At(uint64_t position) const { return entries_[position - first_position_]; }
  // Positions are stored as their low 32 bits: live positions span fewer than 2^31 and a chain
  // link always points to an entry that was live when the link was made, so an evicted one
  // never aliases a live one.
  bool IsLive(uint32_t low) const {
    return static_cast<uint32_t>(low - static_cast<uint32_t>(first_position_)) < entries_.size();
  }
  uint64_t Position(uint32_t low) const {
    return first_position_ + static_cast<uint32_t>(low - static_cast<uint32_t>(first_position_));
  }

  NarrativeIndexOptions options_;
  Fingerprinter fingerprinter_;
  Fingerprint scratch_;
  std::deque<Entry> entries_;  // arrival order; entry at position p is entries_[p - first_]
  uint64_t first_position_ = 0;
  TimeMs watermark_ = INT64_MIN;
  std::vector<absl::flat_hash_map<uint32_t, BucketHead>> buckets_;  // per band: key -> head
  absl::flat_hash_map<uint64_t, uint64_t> exact_;  // normalised hash -> latest position
  absl::flat_hash_map<uint64_t, NarrativeInfo> narratives_;
  std::vector<std::pair<uint64_t, uint32_t>> candidates_;  // scratch: (position, bands shared)
  NarrativeIndexStats stats_;
};

inline StatusOr<ReferenceNarrativeIndex> ReferenceNarrativeIndex::Create(
    const NarrativeIndexOptions& options) {
  if (options.window_ms <= 0 || options.max_entries == 0 ||
      options.max_entries >= (size_t{1} << 31) || options.bucket_cap == 0) {
    return absl::InvalidArgumentError(
        "narrative index needs a positive window and bucket_cap, and 0 < max_entries < 2^31");
  }
  ASSIGN_OR_RETURN(Fingerprinter f, Fingerprinter::Create(options.near_duplicate));
  return ReferenceNarrativeIndex(options, std::move(f));
}

inline ReferenceNarrativeIndex::ReferenceNarrativeIndex(const NarrativeIndexOptions& options,
                                                        Fingerprinter f)
    : options_(options), fingerprinter_(std::move(f)), buckets_(fingerprinter_.lsh().bands) {}

inline void ReferenceNarrativeIndex::EvictFront() {
  const Entry& e = entries_.front();
  const uint64_t position = first_position_;
  const size_t bands = buckets_.size();
  for (size_t b = 0; b < bands; ++b) {
    auto it = buckets_[b].find(e.links[b]);
    // The entry is the oldest of its bucket; the chain simply ends before it from now on.
    if (it != buckets_[b].end() && --it->second.live == 0) buckets_[b].erase(it);
  }
  auto ex = exact_.find(e.exact_hash);
  if (ex != exact_.end() && ex->second == position) exact_.erase(ex);
  auto n = narratives_.find(e.narrative);
  if (n != narratives_.end() && --n->second.live_entries == 0) {
    narratives_.erase(n);
    ++stats_.narratives_expired;
  }
  entries_.pop_front();
  ++first_position_;
  --stats_.live_entries;
}

inline Assignment ReferenceNarrativeIndex::Assign(uint64_t seq, TimeMs time,
                                                  std::string_view text) {
  ++stats_.texts;
  Assignment result;
  result.narrative = seq;
  fingerprinter_.Compute(text, &scratch_);
  if (!scratch_.clusterable) {
    ++stats_.too_short;
    return result;
  }
  result.clustered = true;

  watermark_ = std::max(watermark_, time);
  const TimeMs cutoff =
      watermark_ < INT64_MIN + options_.window_ms ? INT64_MIN : watermark_ - options_.window_ms;
  while (!entries_.empty() && entries_.front().time < cutoff) {
    EvictFront();
    ++stats_.evicted_by_time;
  }
  while (entries_.size() >= options_.max_entries) {
    EvictFront();
    ++stats_.evicted_by_capacity;
  }

  const uint64_t position = first_position_ + entries_.size();
  const double threshold = fingerprinter_.options().threshold;
  const size_t capacity = fingerprinter_.options().sketch_capacity;
  bool matched = false;
  if (auto ex = exact_.find(scratch_.exact_hash); ex != exact_.end()) {
    result.narrative = At(ex->second).narrative;
    result.similarity = 1.0;
    matched = true;
    ++stats_.exact_matches;
  } else {
    candidates_.clear();
    const size_t bands = buckets_.size();
    for (size_t b = 0; b < bands; ++b) {
      auto it = buckets_[b].find(scratch_.band_keys[b]);
      if (it == buckets_[b].end()) continue;
      // The newest bucket_cap live members of the chain.
      uint32_t low = it->second.newest;
      for (size_t n = 0; n < options_.bucket_cap && IsLive(low); ++n) {
        const uint64_t p = Position(low);
        candidates_.emplace_back(p, 1);
        const uint32_t older = At(p).links[bands + b];
        if (older == low) break;
        low = older;
      }
    }
    std::sort(candidates_.begin(), candidates_.end());
    size_t distinct = 0;
    for (size_t i = 0; i < candidates_.size(); ++i) {
      if (distinct > 0 && candidates_[distinct - 1].first == candidates_[i].first) {
        ++candidates_[distinct - 1].second;
      } else {
        candidates_[distinct++] = candidates_[i];
      }
    }
    candidates_.resize(distinct);
    std::sort(candidates_.begin(), candidates_.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (candidates_.size() > options_.max_verifications) {
      candidates_.resize(options_.max_verifications);
    }
    double best = -1.0;
    for (const auto& [p, shared] : candidates_) {
      const Entry& e = At(p);
      ++stats_.verifications;
      double j = ShingleSketch::Jaccard(e.sketch, scratch_.sketch, capacity);
      if (j < threshold) continue;
      if (j > best || (j == best && e.narrative < result.narrative)) {
        best = j;
        result.narrative = e.narrative;
      }
    }
    if (best >= 0) {
      result.similarity = best;
      matched = true;
      ++stats_.near_matches;
    }
  }

  if (matched) {
    NarrativeInfo& info = narratives_[result.narrative];
    info.last_time = std::max(info.last_time, time);
    ++info.texts;
    ++info.live_entries;
  } else {
    result.new_narrative = true;
    NarrativeInfo& info = narratives_[seq];
    info.id = seq;
    info.representative = std::string(text.substr(0, options_.representative_bytes));
    info.first_time = info.last_time = time;
    info.texts = 1;
    info.live_entries = 1;
  }

  const size_t bands = buckets_.size();
  std::vector<uint32_t> links(2 * bands);
  const uint32_t low = static_cast<uint32_t>(position);
  for (size_t b = 0; b < bands; ++b) {
    links[b] = scratch_.band_keys[b];
    auto [it, inserted] = buckets_[b].try_emplace(scratch_.band_keys[b], BucketHead{low, 0});
    links[bands + b] = inserted ? low : it->second.newest;
    it->second.newest = low;
    // Past the cap, the oldest member of the chain is no longer looked at.
    if (++it->second.live > options_.bucket_cap) ++stats_.bucket_drops;
  }
  exact_[scratch_.exact_hash] = position;
  entries_.push_back(Entry{seq, time, result.narrative, scratch_.exact_hash, std::move(links),
                           std::move(scratch_.sketch)});
  ++stats_.live_entries;
  return result;
}

inline const NarrativeInfo* ReferenceNarrativeIndex::Find(uint64_t id) const {
  auto it = narratives_.find(id);
  return it == narratives_.end() ? nullptr : &it->second;
}

inline size_t ReferenceNarrativeIndex::MemoryBytes() const {
  size_t bytes = entries_.size() * sizeof(Entry);
  for (const Entry& e : entries_) {
    bytes += e.links.capacity() * sizeof(uint32_t) + e.sketch.MemoryBytes();
  }
  for (const auto& band : buckets_) {
    bytes += band.capacity() * (sizeof(uint32_t) + sizeof(BucketHead) + 1);
  }
  bytes += exact_.capacity() * (2 * sizeof(uint64_t) + 1);
  for (const auto& [id, info] : narratives_) {
    bytes += sizeof(NarrativeInfo) + sizeof(uint64_t) + info.representative.capacity();
  }
  return bytes;
}

}  // namespace sakimori::text::internal
