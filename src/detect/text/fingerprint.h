// File: detect/text/fingerprint.h
// Everything near-duplicate detection keeps of one text: its normalised length, a hash of the
// whole normalised text (exact duplicates), its LSH band keys and a bounded shingle sketch for
// verification. Shared by the batch clusterer and the streaming index so both see the same
// fingerprints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "detect/text/lsh_index.h"
#include "detect/text/minhash.h"
#include "detect/text/normalize.h"

namespace sakimori::text {

struct NearDuplicateOptions {
  // Two texts are variants when the Jaccard similarity of their shingle sets is at least this.
  double threshold = 0.6;
  int num_hashes = 128;
  MinHashScheme scheme = MinHashScheme::kOnePermutation;
  int shingle_width = kDefaultShingleWidth;
  // Texts with fewer normalised characters are never clustered: below about 10 characters,
  // unrelated replies ("ありがとうございます", "そう思います") share most shingles by chance.
  size_t min_chars = 10;
  // Shingles kept per text for verification (bottom-k); exact for texts up to this many.
  size_t sketch_capacity = 128;
  // LSH recall weight (see ChooseLshParams).
  double fn_weight = 8.0;
  NormalizeOptions normalize;
};

struct Fingerprint {
  bool clusterable = false;  // normalised length >= min_chars
  uint32_t length = 0;       // normalised code points
  uint64_t exact_hash = 0;   // xxh3 of the normalised code points
  std::vector<uint32_t> band_keys;
  ShingleSketch sketch;
};

// Computes fingerprints. Not thread-safe (scratch buffers); use one per thread.
class Fingerprinter {
 public:
  // InvalidArgument for a threshold outside (0, 1], a shingle width < 1 or num_hashes < 1;
  // Internal if ICU data is missing.
  static StatusOr<Fingerprinter> Create(const NearDuplicateOptions& options);

  void Compute(std::string_view text, Fingerprint* out);

  // Compute in two steps, for callers that may not need the whole fingerprint (an exact
  // duplicate of a known text has that text's band keys and sketch): ComputeExact sets
  // `clusterable`, `length` and `exact_hash` (and clears band keys and sketch when the text is
  // too short); ComputeRest then sets `band_keys` and `sketch` of the text last given to
  // ComputeExact (only for a clusterable one). ComputeExact + ComputeRest == Compute.
  void ComputeExact(std::string_view text, Fingerprint* out);
  void ComputeRest(Fingerprint* out);

  const NearDuplicateOptions& options() const { return options_; }
  LshParams lsh() const { return lsh_; }

 private:
  Fingerprinter(const NearDuplicateOptions& options, TextNormalizer normalizer);

  NearDuplicateOptions options_;
  TextNormalizer normalizer_;
  MinHasher hasher_;
  LshParams lsh_;
  std::u32string chars_;
  std::vector<uint64_t> shingles_;
  std::vector<uint32_t> signature_;
};

}  // namespace sakimori::text
