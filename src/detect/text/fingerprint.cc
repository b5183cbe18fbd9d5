// File: detect/text/fingerprint.cc
#include "detect/text/fingerprint.h"

#include "common/hash.h"
#include "common/strings.h"

namespace sakimori::text {

StatusOr<Fingerprinter> Fingerprinter::Create(const NearDuplicateOptions& options) {
  if (!(options.threshold > 0.0 && options.threshold <= 1.0)) {
    return absl::InvalidArgumentError(
        StrCat("near-duplicate threshold must be in (0, 1], got ", options.threshold));
  }
  if (options.shingle_width < 1 || options.num_hashes < 1 || options.num_hashes > kMaxHashes ||
      options.sketch_capacity < 1) {
    return absl::InvalidArgumentError(StrCat(
        "bad near-duplicate options: shingle width ", options.shingle_width, ", hashes ",
        options.num_hashes, " (1..", kMaxHashes, "), sketch capacity ", options.sketch_capacity));
  }
  ASSIGN_OR_RETURN(TextNormalizer normalizer, TextNormalizer::Create(options.normalize));
  return Fingerprinter(options, std::move(normalizer));
}

Fingerprinter::Fingerprinter(const NearDuplicateOptions& options, TextNormalizer normalizer)
    : options_(options),
      normalizer_(std::move(normalizer)),
      hasher_(MinHashOptions{options.num_hashes, options.scheme}),
      lsh_(ChooseLshParams(options.num_hashes, options.threshold, options.fn_weight)) {}

void Fingerprinter::Compute(std::string_view text, Fingerprint* out) {
  ComputeExact(text, out);
  if (out->clusterable) ComputeRest(out);
}

void Fingerprinter::ComputeExact(std::string_view text, Fingerprint* out) {
  normalizer_.NormalizeToCodePoints(text, &chars_);
  out->length = static_cast<uint32_t>(chars_.size());
  out->exact_hash = Hash64(std::string_view(reinterpret_cast<const char*>(chars_.data()),
                                            chars_.size() * sizeof(char32_t)));
  out->clusterable = chars_.size() >= options_.min_chars;
  if (!out->clusterable) {
    out->band_keys.clear();
    out->sketch = ShingleSketch();
  }
}

void Fingerprinter::ComputeRest(Fingerprint* out) {
  ShingleHashes(chars_, options_.shingle_width, &shingles_);
  hasher_.Sign(shingles_, &signature_);
  ComputeBandKeys(signature_, lsh_, &out->band_keys);
  out->sketch.Reset(shingles_, options_.sketch_capacity);
}

}  // namespace sakimori::text
