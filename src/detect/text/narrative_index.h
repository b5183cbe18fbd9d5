// File: detect/text/narrative_index.h
// Streaming near-duplicate assignment: each new text joins the narrative of its most similar
// recent variant (Jaccard >= threshold, found by MinHash + banded LSH and verified on shingle
// sketches) or starts a new narrative whose id is the text's own sequence number.
//
// Memory is bounded: entries older than `window_ms` of event time (relative to the latest
// event time seen) are evicted in arrival order, at most `max_entries` are live, and only the
// `bucket_cap` newest members of an LSH bucket are looked at (older ones are reached only through
// their other bands or their exact hash). Every eviction and drop is counted in stats(). Unlike the
// batch clusterer, narratives are never merged afterwards: a text that matches two narratives joins
// the more similar one (ties: the older narrative).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "common/time.h"
#include "detect/text/fingerprint.h"

namespace sakimori::text {

struct NarrativeIndexOptions {
  NearDuplicateOptions near_duplicate;
  TimeMs window_ms = 24LL * 3600 * 1000;
  size_t max_entries = size_t{1} << 20;
  size_t bucket_cap = 32;  // newest members of a bucket looked at
  // Candidates verified per text, in decreasing order of bands shared (an estimate of
  // similarity), ties by age.
  size_t max_verifications = 64;
  // Bytes of the first member's text kept as the narrative's representative.
  size_t representative_bytes = 560;
};

struct Assignment {
  uint64_t narrative = 0;   // narrative id (the sequence number of its first text)
  double similarity = 0.0;  // verified Jaccard with the matched variant (1 for exact copies)
  bool clustered = false;   // false: too short to cluster, `narrative` is the text's own seq
  bool new_narrative = false;
};

struct NarrativeInfo {
  uint64_t id = 0;
  std::string representative;
  TimeMs first_time = 0;
  TimeMs last_time = 0;
  uint64_t texts = 0;         // texts assigned so far (including evicted ones)
  uint64_t live_entries = 0;  // of them, still in the index
};

struct NarrativeIndexStats {
  uint64_t texts = 0;
  uint64_t too_short = 0;
  uint64_t exact_matches = 0;
  uint64_t near_matches = 0;
  uint64_t verifications = 0;
  uint64_t evicted_by_time = 0;
  uint64_t evicted_by_capacity = 0;
  uint64_t bucket_drops = 0;        // members pushed past bucket_cap in their bucket
  uint64_t narratives_expired = 0;  // narratives forgotten when their last entry left
  uint64_t live_entries = 0;
};

// Not thread-safe; one index per partition. Results depend only on the sequence of Assign
// calls (event time, never wall-clock time).
class NarrativeIndex {
 public:
  static StatusOr<NarrativeIndex> Create(const NarrativeIndexOptions& options);

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

  NarrativeIndex(const NarrativeIndexOptions& options, Fingerprinter f);
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

}  // namespace sakimori::text
