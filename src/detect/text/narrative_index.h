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

namespace sakimori::text {

struct NarrativeIndexOptions {
  NearDuplicateOptions near_duplicate;
  TimeMs window_ms = 24LL * 3600 * 1000;
  // Times the LSH bands (25 by default) at most 2^27: bucket blocks have 32-bit offsets.
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

  // Checkpoint: magic "SKNI", version 1, then
  //   options: threshold and fn_weight (f64), num_hashes (u32), scheme (u8),
  //     shingle_width (u32), min_chars, sketch_capacity (u64), the three NormalizeOptions flags
  //     (u8 each), window_ms (i64), max_entries, bucket_cap, max_verifications,
  //     representative_bytes (u64);
  //   the ten stats() counters (u64), watermark (i64), position of the oldest live entry (u64);
  //   narratives by id: count (u32), per narrative id (u64), first and last time (i64), texts
  //     (u64), representative (string);
  //   live entries oldest first: count (u32), per entry time (i64), narrative, exact hash (u64),
  //     one band key per LSH band (u32), sketch size (u32) and values (u32).
  // Everything else (live entries per narrative, the exact-hash table, the buckets) is a
  // function of the live entries and is rebuilt on load. Equal states give equal bytes.
  void Serialize(std::string* out) const;
  // Replaces the whole state (options included) with a checkpoint written by Serialize; later
  // Assign calls then give exactly what they would have given on the checkpointed index.
  // InvalidArgument on bad magic/version, truncated, corrupt or inconsistent input (options
  // Create rejects, sketch values not ascending or over sketch_capacity, more live entries than
  // max_entries, an entry of an unknown narrative, a narrative without live entries, trailing
  // bytes); *this is unchanged then.
  Status Deserialize(std::string_view in);

 private:
  // Entries live in rings indexed by slot = position & (capacity - 1), capacity a power of two
  // that doubles when full (entries are re-homed), so the chain walk reads one flat array.
  struct Entry {
    TimeMs time;
    uint64_t narrative;
    uint64_t exact_hash;
    uint64_t sketch_offset;  // virtual offset of the sketch values (see sketch_chunks_)
    uint32_t sketch_size;
  };
  // A bucket keeps the positions (low 32 bits) of its newest min(live, bucket_cap) members,
  // the only ones ever looked at, in a ring: inline while it has one member, otherwise in a
  // block of bucket_pool_ whose size class grows (2, 4, 8, ... up to bucket_cap) with the
  // bucket and shrinks when its live members fall to a quarter of the block. Members leave in
  // arrival order, so the `live` newest stored positions are exactly the live members. The bucket
  // is erased (its block freed) when the last one leaves. A block is one header word (ring index of
  // the newest member | size class << 24) and then ClassSize(size class) member positions.
  struct Bucket {
    uint32_t live : 31;
    uint32_t has_block : 1;
    uint32_t data;  // without a block: the member's position; otherwise the block's offset
  };
  // Candidate deduplication table: slot `stamp` == stamp_ marks a key seen in this call.
  struct CandidateSlot {
    uint32_t stamp;
    uint32_t low;    // low 32 bits of the candidate's position
    uint32_t index;  // into candidates_
  };

  NarrativeIndex(const NarrativeIndexOptions& options, Fingerprinter f);
  void EvictFront();
  // Block size of a size class (class 0: one inline member).
  uint32_t ClassSize(uint32_t size_class) const {
    return std::min<uint32_t>(uint32_t{1} << size_class,
                              static_cast<uint32_t>(options_.bucket_cap));
  }
  // Returns the offset of a block of `size_class` (header not set).
  uint32_t AllocateBlock(uint32_t size_class);
  static uint32_t Header(uint32_t head, uint32_t size_class) { return head | size_class << 24; }
  void FreeBlock(uint32_t size_class, uint32_t offset) {
    free_blocks_[size_class].push_back(offset);
  }
  // Adds the newest member `low` to `bucket`, whose `live` already counts it.
  void PushMember(Bucket* bucket, uint32_t low);
  // Moves the members of a bucket whose live count fell to a quarter of its block into a block
  // half the size (inline for one member), so that blocks follow the live members.
  void ShrinkBucket(Bucket* bucket);
  // Doubles the entry rings (entries keep their positions).
  void GrowEntries();
  // Reserves `n` contiguous values for a new sketch and returns their virtual offset.
  uint64_t AllocateSketch(size_t n);
  // Frees the sketch values before virtual offset `begin` (the oldest live sketch).
  void ReleaseSketches(uint64_t begin);
  uint32_t* SketchValues(uint64_t offset) {
    return sketch_chunks_[(offset >> sketch_chunk_bits_) - first_chunk_].data() +
           (offset & ((uint64_t{1} << sketch_chunk_bits_) - 1));
  }
  const uint32_t* SketchValues(uint64_t offset) const {
    return const_cast<NarrativeIndex*>(this)->SketchValues(offset);
  }
  size_t Slot(uint64_t position) const { return position & (entries_.size() - 1); }
  // Counts one more shared band for the candidate at position low (low 32 bits).
  void AddCandidate(uint32_t low);
  // Positions are stored as their low 32 bits: live positions span fewer than 2^31, and only
  // live members of a bucket are ever read (its newest `live` ones), so the low bits identify
  // one live entry.
  uint64_t Position(uint32_t low) const {
    return first_position_ + static_cast<uint32_t>(low - static_cast<uint32_t>(first_position_));
  }

  NarrativeIndexOptions options_;
  Fingerprinter fingerprinter_;
  Fingerprint scratch_;
  size_t bands_ = 0;
  // Ring of entries in arrival order: the entry at position p (first_position_ <= p <
  // first_position_ + live_) is entries_[Slot(p)], and keys_[Slot(p) * bands_ + b] its band-b
  // key.
  std::vector<Entry> entries_;
  std::vector<uint32_t> keys_;
  uint64_t first_position_ = 0;
  size_t live_ = 0;
  // Sketch values of live entries at virtual offsets [sketch_begin_, sketch_end_), in chunks of
  // 2^sketch_chunk_bits_ values: offset o is value o mod 2^bits of chunk (o >> bits) -
  // first_chunk_. A sketch never straddles two chunks (the rest of a chunk is skipped), and a
  // chunk is recycled once all its sketches have left, so the pool stays within one chunk of
  // the live sketches.
  std::deque<std::vector<uint32_t>> sketch_chunks_;
  std::vector<uint32_t> spare_chunk_;
  uint64_t first_chunk_ = 0;
  int sketch_chunk_bits_ = 16;
  uint64_t sketch_begin_ = 0;
  uint64_t sketch_end_ = 0;
  TimeMs watermark_ = INT64_MIN;
  std::vector<absl::flat_hash_map<uint32_t, Bucket>> buckets_;  // per band: key -> bucket
  std::vector<uint32_t> bucket_pool_;                           // blocks of bucket members
  std::vector<std::vector<uint32_t>> free_blocks_;  // per size class: free block offsets
  absl::flat_hash_map<uint64_t, uint64_t> exact_;   // normalised hash -> latest position
  absl::flat_hash_map<uint64_t, NarrativeInfo> narratives_;
  std::vector<std::pair<uint64_t, uint32_t>> candidates_;  // scratch: (position, bands shared)
  std::vector<CandidateSlot> candidate_table_;
  uint32_t stamp_ = 0;
  SketchMatcher matcher_;           // scratch: the new text's sketch
  std::vector<Bucket*> heads_;      // scratch: the bucket of each band found while searching
  std::vector<uint32_t> new_keys_;  // scratch: band keys of an exact duplicate
  NarrativeIndexStats stats_;
};

}  // namespace sakimori::text
