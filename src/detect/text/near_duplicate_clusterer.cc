// File: detect/text/near_duplicate_clusterer.cc
#include "detect/text/near_duplicate_clusterer.h"

#include <algorithm>
#include <numeric>

#include "common/strings.h"

namespace sakimori::text {
namespace {

// Union-find with path halving; the root of a set is its smallest index, so the root of a
// component is its member with the smallest id (items are sorted by id).
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Returns true if a and b were in different sets.
  bool Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (a < b) std::swap(a, b);
    parent_[a] = b;
    return true;
  }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace

StatusOr<NearDuplicateClusterer> NearDuplicateClusterer::Create(const NearDuplicateOptions& options,
                                                                bool keep_texts) {
  ASSIGN_OR_RETURN(Fingerprinter f, Fingerprinter::Create(options));
  return NearDuplicateClusterer(std::move(f), keep_texts);
}

void NearDuplicateClusterer::Add(uint64_t id, std::string_view text) {
  fingerprinter_.Compute(text, &scratch_);
  Item item{id, scratch_.exact_hash, UINT64_MAX, 0, 0, {}};
  if (scratch_.clusterable) {
    item.keys_offset = band_keys_.size();
    band_keys_.insert(band_keys_.end(), scratch_.band_keys.begin(), scratch_.band_keys.end());
    item.sketch = std::move(scratch_.sketch);
    if (keep_texts_) {
      item.text_offset = texts_.size();
      item.text_length = static_cast<uint32_t>(text.size());
      texts_.append(text);
    }
  } else {
    ++stats_.too_short;
  }
  ++stats_.texts;
  items_.push_back(std::move(item));
}

Status NearDuplicateClusterer::Run() {
  if (ran_) return absl::FailedPreconditionError("NearDuplicateClusterer::Run called twice");
  ran_ = true;
  const size_t n = items_.size();
  std::sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) { return a.id < b.id; });
  for (size_t i = 1; i < n; ++i) {
    if (items_[i].id == items_[i - 1].id) {
      return absl::InvalidArgumentError(StrCat("text id ", items_[i].id, " added twice"));
    }
  }
  const LshParams lsh = fingerprinter_.lsh();
  const double threshold = fingerprinter_.options().threshold;
  const size_t capacity = fingerprinter_.options().sketch_capacity;
  DisjointSets sets(n);

  // Exact duplicates: equal normalised text. The first (smallest id) of each group is the
  // one that enters LSH.
  std::vector<std::pair<uint64_t, uint32_t>> by_hash;
  for (uint32_t i = 0; i < n; ++i) {
    if (items_[i].keys_offset != UINT64_MAX) by_hash.emplace_back(items_[i].exact_hash, i);
  }
  std::sort(by_hash.begin(), by_hash.end());
  std::vector<uint32_t> unique;
  for (size_t i = 0; i < by_hash.size(); ++i) {
    if (i > 0 && by_hash[i].first == by_hash[i - 1].first) {
      sets.Union(by_hash[i - 1].second, by_hash[i].second);
      ++stats_.exact_duplicates;
    } else {
      unique.push_back(by_hash[i].second);
    }
  }
  std::sort(unique.begin(), unique.end());
  by_hash.clear();
  by_hash.shrink_to_fit();

  // One band at a time: sort (key, item) and verify within runs of equal keys.
  std::vector<std::pair<uint32_t, uint32_t>> bucket;
  bucket.reserve(unique.size());
  for (int b = 0; b < lsh.bands; ++b) {
    bucket.clear();
    for (uint32_t i : unique) bucket.emplace_back(band_keys_[items_[i].keys_offset + b], i);
    std::sort(bucket.begin(), bucket.end());
    for (size_t start = 0; start < bucket.size();) {
      size_t end = start + 1;
      while (end < bucket.size() && bucket[end].first == bucket[start].first) ++end;
      for (size_t j = start + 1; j < end; ++j) {
        const uint32_t y = bucket[j].second;
        int verified = 0;
        const size_t first = j - std::min(j - start, kBucketScan);
        for (size_t i = j; i-- > first && verified < kBucketWindow;) {
          const uint32_t x = bucket[i].second;
          if (sets.Find(x) == sets.Find(y)) continue;
          ++verified;
          ++stats_.candidate_pairs;
          if (ShingleSketch::Jaccard(items_[x].sketch, items_[y].sketch, capacity) >= threshold) {
            sets.Union(x, y);
            ++stats_.verified_pairs;
          }
        }
      }
      start = end;
    }
  }

  // Components of two or more, by root (= smallest member).
  std::vector<uint32_t> root(n);
  std::vector<uint32_t> size(n, 0);
  for (uint32_t i = 0; i < n; ++i) {
    root[i] = sets.Find(i);
    ++size[root[i]];
  }
  std::vector<int64_t> index(n, -1);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t r = root[i];
    if (size[r] < 2) continue;
    if (index[r] < 0) {
      index[r] = static_cast<int64_t>(clusters_.size());
      Narrative& c = clusters_.emplace_back();
      c.id = items_[r].id;
      c.members.reserve(size[r]);
      if (keep_texts_) {
        c.representative = texts_.substr(items_[r].text_offset, items_[r].text_length);
      }
    }
    clusters_[index[r]].members.push_back(items_[i].id);
    cluster_of_.emplace_back(items_[i].id, items_[r].id);
    ++stats_.clustered_texts;
  }
  items_.clear();
  items_.shrink_to_fit();
  band_keys_.clear();
  band_keys_.shrink_to_fit();
  texts_.clear();
  texts_.shrink_to_fit();
  return absl::OkStatus();
}

uint64_t NearDuplicateClusterer::ClusterOf(uint64_t id) const {
  auto it =
      std::lower_bound(cluster_of_.begin(), cluster_of_.end(), std::make_pair(id, uint64_t{0}));
  if (it != cluster_of_.end() && it->first == id) return it->second;
  return id;
}

}  // namespace sakimori::text
