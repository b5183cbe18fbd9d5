// File: detect/text/narrative_index.cc
#include "detect/text/narrative_index.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "common/bytes.h"
#include "common/strings.h"

namespace sakimori::text {

StatusOr<NarrativeIndex> NarrativeIndex::Create(const NarrativeIndexOptions& options) {
  // A sketch never straddles two chunks, so a chunk holds at least sketch_capacity values.
  if (options.window_ms <= 0 || options.max_entries == 0 ||
      options.max_entries >= (size_t{1} << 31) || options.bucket_cap == 0 ||
      options.bucket_cap >= (size_t{1} << 24) ||
      options.near_duplicate.sketch_capacity > (size_t{1} << 20)) {
    return absl::InvalidArgumentError(
        "narrative index needs a positive window, 0 < bucket_cap < 2^24, 0 < max_entries < "
        "2^31 and sketch_capacity <= 2^20");
  }
  ASSIGN_OR_RETURN(Fingerprinter f, Fingerprinter::Create(options.near_duplicate));
  // Bucket blocks have 32-bit offsets. A block in use holds under 5 values per live member
  // (shrunk at a quarter full, plus its header), and each size class keeps its free blocks from
  // its own peak, so the pool stays under 5 * classes values per membership at peak: 30 with
  // the default bucket_cap of 32 (6 classes), within 2^32 for 2^27 memberships. A much larger
  // bucket_cap (more classes) needs a correspondingly smaller max_entries.
  const size_t memberships = options.max_entries * static_cast<size_t>(f.lsh().bands);
  if (memberships > (size_t{1} << 27)) {
    return absl::InvalidArgumentError(StrCat("narrative index: max_entries (", options.max_entries,
                                             ") times LSH bands (", f.lsh().bands,
                                             ") must be at most 2^27"));
  }
  return NarrativeIndex(options, std::move(f));
}

namespace {

constexpr size_t kInitialEntries = 1024;
constexpr int kSketchChunkBits = 16;  // 256 KB chunks
constexpr size_t kInitialCandidateTable = 64;
constexpr std::string_view kMagic = "SKNI";
constexpr uint8_t kVersion = 1;

}  // namespace

NarrativeIndex::NarrativeIndex(const NarrativeIndexOptions& options, Fingerprinter f)
    : options_(options),
      fingerprinter_(std::move(f)),
      bands_(static_cast<size_t>(fingerprinter_.lsh().bands)),
      entries_(std::min(kInitialEntries, std::bit_ceil(options.max_entries))),
      keys_(entries_.size() * bands_),
      sketch_chunk_bits_(
          std::max<int>(kSketchChunkBits,
                        std::bit_width(std::bit_ceil(options.near_duplicate.sketch_capacity)) - 1)),
      buckets_(bands_),
      free_blocks_(std::bit_width(std::bit_ceil(options.bucket_cap)) + 1),
      candidate_table_(kInitialCandidateTable, CandidateSlot{0, 0, 0}),
      heads_(bands_, nullptr) {}

void NarrativeIndex::GrowEntries() {
  const size_t capacity = entries_.size() * 2;
  std::vector<Entry> entries(capacity);
  std::vector<uint32_t> keys(capacity * bands_);
  for (uint64_t p = first_position_; p < first_position_ + live_; ++p) {
    const size_t from = Slot(p);
    const size_t to = p & (capacity - 1);
    entries[to] = entries_[from];
    std::copy_n(&keys_[from * bands_], bands_, &keys[to * bands_]);
  }
  entries_ = std::move(entries);
  keys_ = std::move(keys);
}

uint64_t NarrativeIndex::AllocateSketch(size_t n) {
  const uint64_t chunk = uint64_t{1} << sketch_chunk_bits_;
  uint64_t start = sketch_end_;
  if ((start & (chunk - 1)) + n > chunk) start = (start | (chunk - 1)) + 1;  // skip the rest
  const uint64_t index = (start >> sketch_chunk_bits_) - first_chunk_;
  if (n > 0 && index == sketch_chunks_.size()) {
    if (spare_chunk_.empty()) {
      sketch_chunks_.emplace_back(chunk);
    } else {
      sketch_chunks_.push_back(std::move(spare_chunk_));
      spare_chunk_ = std::vector<uint32_t>();
    }
  }
  sketch_end_ = start + n;
  return start;
}

void NarrativeIndex::ReleaseSketches(uint64_t begin) {
  sketch_begin_ = begin;
  while (!sketch_chunks_.empty() && (begin >> sketch_chunk_bits_) > first_chunk_) {
    // Keep one chunk for reuse (no fresh pages for every chunk of a long stream).
    if (spare_chunk_.empty()) spare_chunk_ = std::move(sketch_chunks_.front());
    sketch_chunks_.pop_front();
    ++first_chunk_;
  }
  if (sketch_chunks_.empty()) first_chunk_ = std::max(first_chunk_, begin >> sketch_chunk_bits_);
}

void NarrativeIndex::AddCandidate(uint32_t low) {
  if ((candidates_.size() + 1) * 2 > candidate_table_.size()) {
    // Keep the table at most half full: rebuild it twice as large.
    candidate_table_.assign(candidate_table_.size() * 2, CandidateSlot{0, 0, 0});
    stamp_ = 1;
    const size_t mask = candidate_table_.size() - 1;
    for (size_t k = 0; k < candidates_.size(); ++k) {
      const auto c_low = static_cast<uint32_t>(candidates_[k].first);
      size_t i = (c_low * 0x9E3779B1u) & mask;
      while (candidate_table_[i].stamp == stamp_) i = (i + 1) & mask;
      candidate_table_[i] = CandidateSlot{stamp_, c_low, static_cast<uint32_t>(k)};
    }
  }
  const size_t mask = candidate_table_.size() - 1;
  size_t i = (low * 0x9E3779B1u) & mask;
  while (true) {
    CandidateSlot& slot = candidate_table_[i];
    if (slot.stamp != stamp_) {
      slot = CandidateSlot{stamp_, low, static_cast<uint32_t>(candidates_.size())};
      candidates_.emplace_back(Position(low), 1);
      return;
    }
    if (slot.low == low) {
      ++candidates_[slot.index].second;
      return;
    }
    i = (i + 1) & mask;
  }
}

uint32_t NarrativeIndex::AllocateBlock(uint32_t size_class) {
  std::vector<uint32_t>& free = free_blocks_[size_class];
  if (!free.empty()) {
    const uint32_t offset = free.back();
    free.pop_back();
    return offset;
  }
  const auto offset = static_cast<uint32_t>(bucket_pool_.size());
  bucket_pool_.resize(bucket_pool_.size() + 1 + ClassSize(size_class));
  return offset;
}

void NarrativeIndex::PushMember(Bucket* bucket, uint32_t low) {
  const auto keep = static_cast<uint32_t>(std::min<size_t>(bucket->live, options_.bucket_cap));
  if (!bucket->has_block && keep == 1) {
    bucket->data = low;
    return;
  }
  const uint32_t header = bucket->has_block ? bucket_pool_[bucket->data] : 0;
  const uint32_t size_class = header >> 24;
  const uint32_t head = header & 0xFFFFFF;
  const uint32_t size = bucket->has_block ? ClassSize(size_class) : 1;
  if (keep > size) {
    // Full of live members: move them, oldest first, to a block of the next class.
    const uint32_t grown = size_class + 1;
    const uint32_t block = AllocateBlock(grown);
    uint32_t* to = &bucket_pool_[block + 1];
    if (!bucket->has_block) {
      to[0] = bucket->data;
    } else {
      const uint32_t* from = &bucket_pool_[bucket->data + 1];
      for (uint32_t k = 0; k < size; ++k) to[k] = from[(head + 1 + k) % size];
      FreeBlock(size_class, bucket->data);
    }
    to[size] = low;
    bucket_pool_[block] = Header(size, grown);
    bucket->data = block;
    bucket->has_block = 1;
    return;
  }
  // Overwrite the oldest slot (a member that has left, or the one pushed past bucket_cap).
  const uint32_t next = head + 1 == size ? 0 : head + 1;
  bucket_pool_[bucket->data + 1 + next] = low;
  bucket_pool_[bucket->data] = Header(next, size_class);
}

void NarrativeIndex::ShrinkBucket(Bucket* bucket) {
  // live <= size / 4 < bucket_cap: all live members are stored; keep them, oldest first, in a
  // block of half the size (or inline when one is left).
  const uint32_t old_block = bucket->data;
  const uint32_t size_class = bucket_pool_[old_block] >> 24;
  const uint32_t head = bucket_pool_[old_block] & 0xFFFFFF;
  const uint32_t size = ClassSize(size_class);
  const uint32_t live = bucket->live;
  if (live == 1) {
    bucket->data = bucket_pool_[old_block + 1 + head];
    bucket->has_block = 0;
    FreeBlock(size_class, old_block);
    return;
  }
  const uint32_t smaller = size_class - 1;
  const uint32_t block = AllocateBlock(smaller);
  uint32_t* to = &bucket_pool_[block + 1];
  const uint32_t* from = &bucket_pool_[old_block + 1];
  for (uint32_t k = 0; k < live; ++k) to[k] = from[(head + size - (live - 1) + k) % size];
  bucket_pool_[block] = Header(live - 1, smaller);
  FreeBlock(size_class, old_block);
  bucket->data = block;
}

void NarrativeIndex::EvictFront() {
  const size_t slot = Slot(first_position_);
  const Entry& e = entries_[slot];
  const uint32_t* keys = &keys_[slot * bands_];
  // The bucket lookups are independent: start all their memory loads first.
  for (size_t b = 0; b < bands_; ++b) buckets_[b].prefetch(keys[b]);
  for (size_t b = 0; b < bands_; ++b) {
    auto it = buckets_[b].find(keys[b]);
    // The entry is the oldest of its bucket; the chain simply ends before it from now on.
    if (it == buckets_[b].end()) continue;
    Bucket& bucket = it->second;
    --bucket.live;
    if (bucket.live == 0) {
      if (bucket.has_block) FreeBlock(bucket_pool_[bucket.data] >> 24, bucket.data);
      buckets_[b].erase(it);
    } else if (bucket.has_block && bucket.live <= ClassSize(bucket_pool_[bucket.data] >> 24) / 4) {
      ShrinkBucket(&bucket);
    }
  }
  auto ex = exact_.find(e.exact_hash);
  if (ex != exact_.end() && ex->second == first_position_) exact_.erase(ex);
  auto n = narratives_.find(e.narrative);
  if (n != narratives_.end() && --n->second.live_entries == 0) {
    narratives_.erase(n);
    ++stats_.narratives_expired;
  }
  ReleaseSketches(e.sketch_offset + e.sketch_size);
  ++first_position_;
  --live_;
  --stats_.live_entries;
}

Assignment NarrativeIndex::Assign(uint64_t seq, TimeMs time, std::string_view text) {
  ++stats_.texts;
  Assignment result;
  result.narrative = seq;
  // Band keys and sketch are computed only when the text is not an exact duplicate of a live
  // one: a duplicate has the same normalised text (same 64-bit hash), hence the same keys and
  // sketch, which are copied from the matched entry.
  fingerprinter_.ComputeExact(text, &scratch_);
  if (!scratch_.clusterable) {
    ++stats_.too_short;
    return result;
  }
  result.clustered = true;

  watermark_ = std::max(watermark_, time);
  const TimeMs cutoff =
      watermark_ < INT64_MIN + options_.window_ms ? INT64_MIN : watermark_ - options_.window_ms;
  while (live_ > 0 && entries_[Slot(first_position_)].time < cutoff) {
    EvictFront();
    ++stats_.evicted_by_time;
  }
  while (live_ >= options_.max_entries) {
    EvictFront();
    ++stats_.evicted_by_capacity;
  }
  if (live_ == entries_.size()) GrowEntries();

  const uint64_t position = first_position_ + live_;
  const size_t new_slot = Slot(position);
  const double threshold = fingerprinter_.options().threshold;
  const size_t capacity = fingerprinter_.options().sketch_capacity;
  std::fill(heads_.begin(), heads_.end(), nullptr);
  bool matched = false;
  const uint32_t* new_keys = nullptr;
  uint64_t sketch_offset = 0;
  uint32_t sketch_size = 0;
  auto ex = exact_.find(scratch_.exact_hash);
  if (ex != exact_.end()) {
    const size_t m = Slot(ex->second);
    result.narrative = entries_[m].narrative;
    result.similarity = 1.0;
    matched = true;
    ++stats_.exact_matches;
    new_keys = &keys_[m * bands_];
    sketch_size = entries_[m].sketch_size;
    sketch_offset = AllocateSketch(sketch_size);
    if (sketch_size > 0) {
      std::copy_n(SketchValues(entries_[m].sketch_offset), sketch_size,
                  SketchValues(sketch_offset));
    }
    ex->second = position;
  } else {
    fingerprinter_.ComputeRest(&scratch_);
    new_keys = scratch_.band_keys.data();
    candidates_.clear();
    if (++stamp_ == 0) {
      for (CandidateSlot& c : candidate_table_) c.stamp = 0;
      stamp_ = 1;
    }
    // The newest min(live, bucket_cap) members of each band's bucket: independent loads.
    for (size_t b = 0; b < bands_; ++b) buckets_[b].prefetch(new_keys[b]);
    for (size_t b = 0; b < bands_; ++b) {
      auto it = buckets_[b].find(new_keys[b]);
      if (it == buckets_[b].end()) continue;
      heads_[b] = &it->second;
      if (it->second.has_block) __builtin_prefetch(&bucket_pool_[it->second.data]);
    }
    for (size_t b = 0; b < bands_; ++b) {
      const Bucket* bucket = heads_[b];
      if (bucket == nullptr) continue;
      if (!bucket->has_block) {
        AddCandidate(bucket->data);
        continue;
      }
      const uint32_t header = bucket_pool_[bucket->data];
      const uint32_t size = ClassSize(header >> 24);
      const auto n = static_cast<uint32_t>(std::min<size_t>(bucket->live, options_.bucket_cap));
      const uint32_t* block = &bucket_pool_[bucket->data + 1];
      uint32_t k = header & 0xFFFFFF;
      for (uint32_t visited = 0; visited < n; ++visited) {
        AddCandidate(block[k]);
        k = k == 0 ? size - 1 : k - 1;
      }
    }
    // Decreasing bands shared, ties by position (age); positions are distinct, so the order is
    // total and a partial sort of the first max_verifications gives the same prefix.
    const auto by_shared = [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    if (candidates_.size() > options_.max_verifications) {
      std::partial_sort(candidates_.begin(),
                        candidates_.begin() + static_cast<ptrdiff_t>(options_.max_verifications),
                        candidates_.end(), by_shared);
      candidates_.resize(options_.max_verifications);
    } else {
      std::sort(candidates_.begin(), candidates_.end(), by_shared);
    }
    const std::vector<uint32_t>& sketch = scratch_.sketch.values();
    matcher_.Reset(sketch.data(), sketch.size(), capacity);
    // Verification reads each candidate's entry and then its sketch, both cache misses:
    // prefetch all entries, then (their loads independent of each other) all sketches, before
    // the first comparison. At most max_verifications sketches: a few KB.
    for (const auto& c : candidates_) __builtin_prefetch(&entries_[Slot(c.first)]);
    for (const auto& c : candidates_) {
      const Entry& e = entries_[Slot(c.first)];
      if (e.sketch_size == 0) continue;
      const uint32_t* v = SketchValues(e.sketch_offset);
      for (uint32_t i = 0; i < e.sketch_size; i += 16) __builtin_prefetch(v + i);
    }
    double best = -1.0;
    for (size_t k = 0; k < candidates_.size(); ++k) {
      const uint64_t p = candidates_[k].first;
      const Entry& e = entries_[Slot(p)];
      ++stats_.verifications;
      // Size filter: the merge counts at most min(|x|, |y|) common values among at least
      // max(|x|, |y|) seen, and correctly rounded division is monotone, so the Jaccard value
      // is below the threshold whenever min / max is.
      const size_t lo = std::min<size_t>(e.sketch_size, sketch.size());
      const size_t hi = std::max<size_t>(e.sketch_size, sketch.size());
      if (hi > 0 && static_cast<double>(lo) / static_cast<double>(hi) < threshold) continue;
      const double j = matcher_.Jaccard(
          e.sketch_size == 0 ? nullptr : SketchValues(e.sketch_offset), e.sketch_size);
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
    sketch_size = static_cast<uint32_t>(sketch.size());
    sketch_offset = AllocateSketch(sketch_size);
    if (sketch_size > 0) std::copy_n(sketch.data(), sketch_size, SketchValues(sketch_offset));
    exact_[scratch_.exact_hash] = position;
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

  const auto low = static_cast<uint32_t>(position);
  uint32_t* keys = &keys_[new_slot * bands_];
  for (size_t b = 0; b < bands_; ++b) {
    if (heads_[b] == nullptr) buckets_[b].prefetch(new_keys[b]);
  }
  for (size_t b = 0; b < bands_; ++b) {
    const uint32_t key = new_keys[b];
    keys[b] = key;
    Bucket* bucket = heads_[b];
    if (bucket == nullptr) bucket = &buckets_[b].try_emplace(key, Bucket{0, 0, 0}).first->second;
    // Past the cap, the oldest member of the bucket is no longer looked at.
    ++bucket->live;
    if (bucket->live > options_.bucket_cap) ++stats_.bucket_drops;
    PushMember(bucket, low);
  }
  entries_[new_slot] =
      Entry{time, result.narrative, scratch_.exact_hash, sketch_offset, sketch_size};
  ++live_;
  ++stats_.live_entries;
  return result;
}

const NarrativeInfo* NarrativeIndex::Find(uint64_t id) const {
  auto it = narratives_.find(id);
  return it == narratives_.end() ? nullptr : &it->second;
}

size_t NarrativeIndex::MemoryBytes() const {
  size_t bytes =
      entries_.capacity() * sizeof(Entry) +
      (keys_.capacity() + bucket_pool_.capacity() +
       ((sketch_chunks_.size() + (spare_chunk_.empty() ? 0 : 1)) << sketch_chunk_bits_)) *
          sizeof(uint32_t) +
      candidate_table_.capacity() * sizeof(CandidateSlot) +
      candidates_.capacity() * sizeof(candidates_[0]);
  for (const auto& band : buckets_) {
    bytes += band.capacity() * (sizeof(uint32_t) + sizeof(Bucket) + 1);
  }
  for (const auto& free : free_blocks_) bytes += free.capacity() * sizeof(uint32_t);
  bytes += exact_.capacity() * (2 * sizeof(uint64_t) + 1);
  for (const auto& [id, info] : narratives_) {
    bytes += sizeof(NarrativeInfo) + sizeof(uint64_t) + info.representative.capacity();
  }
  return bytes;
}

void NarrativeIndex::Serialize(std::string* out) const {
  WriteHeader(out, kMagic, kVersion);
  ByteWriter w(out);
  const NearDuplicateOptions& nd = options_.near_duplicate;
  w.F64(nd.threshold);
  w.F64(nd.fn_weight);
  w.U32(static_cast<uint32_t>(nd.num_hashes));
  w.U8(static_cast<uint8_t>(nd.scheme));
  w.U32(static_cast<uint32_t>(nd.shingle_width));
  w.U64(nd.min_chars);
  w.U64(nd.sketch_capacity);
  w.U8(nd.normalize.remove_urls);
  w.U8(nd.normalize.remove_mentions);
  w.U8(nd.normalize.drop_punctuation_and_symbols);
  w.I64(options_.window_ms);
  w.U64(options_.max_entries);
  w.U64(options_.bucket_cap);
  w.U64(options_.max_verifications);
  w.U64(options_.representative_bytes);
  for (uint64_t v : {stats_.texts, stats_.too_short, stats_.exact_matches, stats_.near_matches,
                     stats_.verifications, stats_.evicted_by_time, stats_.evicted_by_capacity,
                     stats_.bucket_drops, stats_.narratives_expired, stats_.live_entries}) {
    w.U64(v);
  }
  w.I64(watermark_);
  w.U64(first_position_);
  // By id, not in hash-table order, so that equal states give equal bytes.
  std::vector<const NarrativeInfo*> narratives;
  narratives.reserve(narratives_.size());
  for (const auto& [id, info] : narratives_) narratives.push_back(&info);
  std::sort(narratives.begin(), narratives.end(),
            [](const NarrativeInfo* a, const NarrativeInfo* b) { return a->id < b->id; });
  w.U32(static_cast<uint32_t>(narratives.size()));
  for (const NarrativeInfo* info : narratives) {
    w.U64(info->id);
    w.I64(info->first_time);
    w.I64(info->last_time);
    w.U64(info->texts);
    w.Str(info->representative);
  }
  w.U32(static_cast<uint32_t>(live_));
  for (uint64_t p = first_position_; p < first_position_ + live_; ++p) {
    const Entry& e = entries_[Slot(p)];
    w.I64(e.time);
    w.U64(e.narrative);
    w.U64(e.exact_hash);
    for (size_t b = 0; b < bands_; ++b) w.U32(keys_[Slot(p) * bands_ + b]);
    w.U32(e.sketch_size);
    const uint32_t* values = e.sketch_size == 0 ? nullptr : SketchValues(e.sketch_offset);
    for (uint32_t i = 0; i < e.sketch_size; ++i) w.U32(values[i]);
  }
}

// The state not written is rebuilt from the live entries, oldest first, and equals the
// checkpointed one wherever Assign reads it:
//   - a narrative's live_entries counts the live entries of the narrative;
//   - exact_ maps each exact hash of a live entry to the newest such entry (every entry sets it
//     when added, and an eviction erases it only when it points to the evicted entry, whose
//     older copies have all left before it);
//   - a bucket's live count is the number of live entries with its key, and the members Assign
//     reads (the newest min(live, bucket_cap) stored) are the newest min(live, bucket_cap) live
//     entries with its key: members are pushed in arrival order, the ring keeps the newest ones
//     and members leave oldest first. Pushing the live entries again stores the same ones; the
//     pushes of entries evicted since are never read. Block sizes and offsets may differ.
Status NarrativeIndex::Deserialize(std::string_view in) {
  constexpr std::string_view kWhat = "narrative index";
  ByteReader r(in);
  RETURN_IF_ERROR(r.Header(kMagic, kVersion, kWhat));
  NarrativeIndexOptions options;
  NearDuplicateOptions& nd = options.near_duplicate;
  uint32_t num_hashes, shingle_width;
  uint8_t scheme, flags[3];
  const auto size = [&r](size_t* v) {
    uint64_t x;
    if (!r.U64(&x)) return false;
    *v = static_cast<size_t>(x);
    return true;
  };
  if (!r.F64(&nd.threshold) || !r.F64(&nd.fn_weight) || !r.U32(&num_hashes) || !r.U8(&scheme) ||
      !r.U32(&shingle_width) || !size(&nd.min_chars) || !size(&nd.sketch_capacity) ||
      !r.U8(&flags[0]) || !r.U8(&flags[1]) || !r.U8(&flags[2]) || !r.I64(&options.window_ms) ||
      !size(&options.max_entries) || !size(&options.bucket_cap) ||
      !size(&options.max_verifications) || !size(&options.representative_bytes)) {
    return ByteReader::Truncated(kWhat);
  }
  if (scheme > static_cast<uint8_t>(MinHashScheme::kIndependent) || flags[0] > 1 || flags[1] > 1 ||
      flags[2] > 1) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": bad options in checkpoint"));
  }
  nd.num_hashes = static_cast<int>(num_hashes);
  nd.scheme = static_cast<MinHashScheme>(scheme);
  nd.shingle_width = static_cast<int>(shingle_width);
  nd.normalize.remove_urls = flags[0] != 0;
  nd.normalize.remove_mentions = flags[1] != 0;
  nd.normalize.drop_punctuation_and_symbols = flags[2] != 0;
  // Create validates the options (InvalidArgument) and builds an empty index of them.
  ASSIGN_OR_RETURN(NarrativeIndex index, Create(options));
  NarrativeIndexStats& s = index.stats_;
  for (uint64_t* v : {&s.texts, &s.too_short, &s.exact_matches, &s.near_matches, &s.verifications,
                      &s.evicted_by_time, &s.evicted_by_capacity, &s.bucket_drops,
                      &s.narratives_expired, &s.live_entries}) {
    if (!r.U64(v)) return ByteReader::Truncated(kWhat);
  }
  const auto corrupt = [kWhat](std::string_view why) {
    return absl::InvalidArgumentError(StrCat(kWhat, ": inconsistent checkpoint (", why, ")"));
  };
  uint32_t n_narratives;
  if (!r.TimeOrNone(&index.watermark_) || !r.U64(&index.first_position_) || !r.U32(&n_narratives) ||
      !r.Has(uint64_t{n_narratives} * 36)) {
    return ByteReader::Truncated(kWhat);
  }
  index.narratives_.reserve(n_narratives);
  for (uint32_t k = 0; k < n_narratives; ++k) {
    NarrativeInfo info;
    if (!r.U64(&info.id) || !r.Time(&info.first_time) || !r.Time(&info.last_time) ||
        !r.U64(&info.texts) || !r.Str(&info.representative)) {
      return ByteReader::Truncated(kWhat);
    }
    if (info.representative.size() > options.representative_bytes ||
        info.first_time > info.last_time) {
      return corrupt("narrative");
    }
    const uint64_t id = info.id;
    if (!index.narratives_.emplace(id, std::move(info)).second) return corrupt("narrative ids");
  }
  uint32_t live;
  const size_t bands = index.bands_;
  if (!r.U32(&live) || !r.Has(uint64_t{live} * (28 + 4 * bands))) {
    return ByteReader::Truncated(kWhat);
  }
  if (live > options.max_entries || live != s.live_entries ||
      index.first_position_ > UINT64_MAX - live) {
    return corrupt("live entries");
  }
  for (uint32_t k = 0; k < live; ++k) {
    Entry e;
    if (!r.Time(&e.time) || !r.U64(&e.narrative) || !r.U64(&e.exact_hash)) {
      return ByteReader::Truncated(kWhat);
    }
    auto n = index.narratives_.find(e.narrative);
    if (e.time > index.watermark_ || n == index.narratives_.end()) return corrupt("entry");
    ++n->second.live_entries;
    if (index.live_ == index.entries_.size()) index.GrowEntries();
    const uint64_t position = index.first_position_ + index.live_;
    const size_t slot = index.Slot(position);
    uint32_t* keys = &index.keys_[slot * bands];
    for (size_t b = 0; b < bands; ++b) {
      if (!r.U32(&keys[b])) return ByteReader::Truncated(kWhat);
      Bucket& bucket = index.buckets_[b].try_emplace(keys[b], Bucket{0, 0, 0}).first->second;
      ++bucket.live;
      index.PushMember(&bucket, static_cast<uint32_t>(position));
    }
    if (!r.U32(&e.sketch_size) || !r.Has(uint64_t{e.sketch_size} * 4)) {
      return ByteReader::Truncated(kWhat);
    }
    if (e.sketch_size > nd.sketch_capacity) return corrupt("sketch size");
    e.sketch_offset = index.AllocateSketch(e.sketch_size);
    uint32_t* values = e.sketch_size == 0 ? nullptr : index.SketchValues(e.sketch_offset);
    for (uint32_t i = 0; i < e.sketch_size; ++i) {
      r.U32(&values[i]);
      if (i > 0 && values[i] <= values[i - 1]) return corrupt("sketch not ascending");
    }
    index.exact_[e.exact_hash] = position;
    index.entries_[slot] = e;
    ++index.live_;
  }
  for (const auto& [id, info] : index.narratives_) {
    if (info.live_entries == 0 || info.texts < info.live_entries) return corrupt("narrative");
  }
  RETURN_IF_ERROR(r.Finish(kWhat));
  *this = std::move(index);
  return absl::OkStatus();
}

}  // namespace sakimori::text
