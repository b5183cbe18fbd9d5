// File: detect/text/narrative_index.cc
#include "detect/text/narrative_index.h"

#include <algorithm>
#include <cstdint>

namespace sakimori::text {

StatusOr<NarrativeIndex> NarrativeIndex::Create(const NarrativeIndexOptions& options) {
  if (options.window_ms <= 0 || options.max_entries == 0 ||
      options.max_entries >= (size_t{1} << 31) || options.bucket_cap == 0) {
    return absl::InvalidArgumentError(
        "narrative index needs a positive window and bucket_cap, and 0 < max_entries < 2^31");
  }
  ASSIGN_OR_RETURN(Fingerprinter f, Fingerprinter::Create(options.near_duplicate));
  return NarrativeIndex(options, std::move(f));
}

NarrativeIndex::NarrativeIndex(const NarrativeIndexOptions& options, Fingerprinter f)
    : options_(options), fingerprinter_(std::move(f)), buckets_(fingerprinter_.lsh().bands) {}

void NarrativeIndex::EvictFront() {
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

Assignment NarrativeIndex::Assign(uint64_t seq, TimeMs time, std::string_view text) {
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
  const TimeMs cutoff = watermark_ < INT64_MIN + options_.window_ms
                            ? INT64_MIN
                            : watermark_ - options_.window_ms;
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

const NarrativeInfo* NarrativeIndex::Find(uint64_t id) const {
  auto it = narratives_.find(id);
  return it == narratives_.end() ? nullptr : &it->second;
}

size_t NarrativeIndex::MemoryBytes() const {
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

}  // namespace sakimori::text
