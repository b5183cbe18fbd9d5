// File: detect/text/near_duplicate_clusterer.h
// Batch near-duplicate clustering: texts whose shingle sets have Jaccard similarity >= the
// threshold are linked (MinHash + banded LSH find candidates, a shingle sketch verifies them)
// and the connected components of the links (union-find) are the "narratives". Like any
// single-linkage clustering, a chain of variants A~B~C joins A and C even if they differ more.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "detect/text/fingerprint.h"

namespace sakimori::text {

// A cluster of two or more variants.
struct Narrative {
  uint64_t id = 0;                // the smallest member id: stable whatever the input order
  std::vector<uint64_t> members;  // ascending
  std::string representative;     // the original text of member `id` (if texts are kept)
};

struct ClustererStats {
  uint64_t texts = 0;
  uint64_t too_short = 0;         // not clustered (fewer than min_chars characters)
  uint64_t exact_duplicates = 0;  // texts whose normalised form equals an earlier one
  uint64_t candidate_pairs = 0;   // verifications run
  uint64_t verified_pairs = 0;    // verifications that passed and joined two components
  uint64_t clustered_texts = 0;   // texts in clusters of size >= 2
};

// Usage: Create, Add every text, Run once, then read clusters(). The result depends only on
// the set of (id, text) pairs, not on the order of Add calls. Not thread-safe.
//
// Bounded work: within one LSH bucket (members in id order) each text looks at most at the
// `kBucketScan` members before it and verifies at most `kBucketWindow` of them that are outside
// its own component, so a bucket of m texts costs O(m * kBucketScan), not O(m^2). Exact
// duplicates (equal normalised text) are joined by hash first and enter LSH once.
class NearDuplicateClusterer {
 public:
  static constexpr int kBucketWindow = 64;
  static constexpr size_t kBucketScan = 256;

  // Errors as Fingerprinter::Create. With `keep_texts` the representative text of each
  // narrative is kept (one copy of every text until Run).
  static StatusOr<NearDuplicateClusterer> Create(const NearDuplicateOptions& options,
                                                 bool keep_texts = true);

  // Adds one text. Ids must be distinct (Run reports a repeated id).
  void Add(uint64_t id, std::string_view text);

  // Clusters the texts added. InvalidArgument if an id was added twice; FailedPrecondition if
  // called twice.
  Status Run();

  // Narratives with at least two members, by ascending id.
  const std::vector<Narrative>& clusters() const { return clusters_; }
  // The narrative id of text `id`, or `id` itself when it is in no cluster (or unknown).
  uint64_t ClusterOf(uint64_t id) const;
  const ClustererStats& stats() const { return stats_; }
  LshParams lsh() const { return fingerprinter_.lsh(); }

 private:
  struct Item {
    uint64_t id;
    uint64_t exact_hash;
    uint64_t keys_offset;  // into band_keys_, or UINT64_MAX when not clusterable
    uint64_t text_offset;  // into texts_
    uint32_t text_length;
    ShingleSketch sketch;
  };

  NearDuplicateClusterer(Fingerprinter fingerprinter, bool keep_texts)
      : fingerprinter_(std::move(fingerprinter)), keep_texts_(keep_texts) {}

  Fingerprinter fingerprinter_;
  bool keep_texts_;
  bool ran_ = false;
  Fingerprint scratch_;
  std::vector<Item> items_;
  std::vector<uint32_t> band_keys_;  // bands per clusterable item
  std::string texts_;
  std::vector<Narrative> clusters_;
  std::vector<std::pair<uint64_t, uint64_t>> cluster_of_;  // (member id, cluster id), sorted
  ClustererStats stats_;
};

}  // namespace sakimori::text
