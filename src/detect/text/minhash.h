// File: detect/text/minhash.h
// Character shingles and MinHash signatures of normalised text (Broder, "On the resemblance
// and containment of documents", 1997): the probability that two signatures agree in one
// position equals the Jaccard similarity J(A,B) = |A∩B|/|A∪B| of the two shingle sets, so the
// fraction of agreeing positions estimates J with standard error sqrt(J(1-J)/K).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sakimori::text {

// The shingle width: 3 code points. Japanese has no spaces and its words are mostly 2-4
// characters long; 2-character shingles are shared by unrelated texts on the same topic (particles
// and verb endings: "した", "ます", "選挙"), while 5 or more make one changed character destroy as
// many shingles and cut the similarity of short edited texts. docs/text.md has the figures.
inline constexpr int kDefaultShingleWidth = 3;

// Appends the distinct 64-bit xxh3 hashes of the `k`-code-point shingles of `chars` to `out`
// (cleared first), sorted ascending. A text shorter than `k` gives one shingle, itself; an
// empty text gives none.
void ShingleHashes(std::u32string_view chars, int k, std::vector<uint64_t>* out);

inline constexpr int kMaxHashes = 1024;

// How the K signature values are drawn.
enum class MinHashScheme {
  // One permutation hashing (Li, Owen & Zhang, NIPS 2012): each shingle hash goes to one of K
  // bins and each bin keeps its minimum; empty bins are filled by optimal densification
  // (Shrivastava, ICML 2017), which keeps the estimator unbiased. O(n + K) per text.
  kOnePermutation,
  // K independent hash functions (the classic scheme): O(n * K) per text, the reference for
  // accuracy. docs/text.md compares the two (speed and error).
  kIndependent,
};

struct MinHashOptions {
  int num_hashes = 128;  // K, clamped to [1, kMaxHashes]
  MinHashScheme scheme = MinHashScheme::kOnePermutation;
  uint64_t seed = 0x5a4b1d0b0c2f3e47ULL;
};

// Computes signatures. Immutable after construction; thread-safe.
class MinHasher {
 public:
  explicit MinHasher(MinHashOptions options);

  int num_hashes() const { return options_.num_hashes; }
  const MinHashOptions& options() const { return options_; }

  // Writes the K-value signature of the shingle hash set `shingles` (distinct values) to
  // `signature` (resized to K). An empty set gives all values 0xFFFFFFFF.
  void Sign(const std::vector<uint64_t>& shingles, std::vector<uint32_t>* signature) const;

  // The fraction of positions where two signatures of equal length agree.
  static double EstimateJaccard(const uint32_t* a, const uint32_t* b, int k);

 private:
  MinHashOptions options_;
  std::vector<uint64_t> seeds_;          // kIndependent: one per hash function
  std::vector<uint16_t> densify_probe_;  // kOnePermutation: probe sequence per empty bin
  // The same as bytes when K <= kShortBitmap (the filled bins then fit a 128-bit register).
  static constexpr int kShortBitmap = 128;
  std::vector<uint8_t> densify_probe8_;
};

// A bounded set of shingle hashes kept for verifying candidate pairs: the `capacity` smallest
// 32-bit shingle hashes (a bottom-k sketch, Broder 1997 section 4 / Cohen & Kaplan 2007).
// When both texts have at most `capacity` shingles the Jaccard similarity it gives is exact
// (up to 32-bit hash collisions); otherwise it is the bottom-k estimate.
class ShingleSketch {
 public:
  ShingleSketch() = default;
  // `shingles`: sorted distinct hashes (as ShingleHashes gives); their high 32 bits are kept.
  ShingleSketch(const std::vector<uint64_t>& shingles, size_t capacity);
  // Replaces the contents as the constructor would, reusing the buffer.
  void Reset(const std::vector<uint64_t>& shingles, size_t capacity);

  // Jaccard similarity of the two sets (both sketches must use the same capacity).
  static double Jaccard(const ShingleSketch& a, const ShingleSketch& b, size_t capacity);
  // The same on raw sketch values (ascending, distinct, at most `capacity` each), for callers
  // that store sketches in their own pools.
  static double Jaccard(const uint32_t* x, size_t nx, const uint32_t* y, size_t ny,
                        size_t capacity);

  const std::vector<uint32_t>& values() const { return values_; }
  size_t size() const { return values_.size(); }
  size_t MemoryBytes() const { return values_.capacity() * sizeof(uint32_t); }

 private:
  std::vector<uint32_t> values_;  // ascending, distinct
};

// ShingleSketch::Jaccard of one fixed sketch `y` against many others, faster than the merge:
// when the two sketches together hold at most `capacity` values, the union is not truncated and
// the similarity is |x ∩ y| / (|x| + |y| - |x ∩ y|), with |x ∩ y| counted by independent probes
// of a hash table of y (no load-dependent merge steps); otherwise it falls back to the merge.
// Returns exactly what ShingleSketch::Jaccard(x, nx, y, ny, capacity) returns.
// Not thread-safe (Reset); `y` must outlive the matcher's use of it.
class SketchMatcher {
 public:
  // `y`: ascending distinct values, at most `capacity` of them.
  void Reset(const uint32_t* y, size_t ny, size_t capacity);
  double Jaccard(const uint32_t* x, size_t nx) const;

 private:
  static constexpr int kTableBits = 9;  // 512 slots: load at most 1/4 for sketches of 128
  const uint32_t* y_ = nullptr;
  size_t ny_ = 0;
  size_t capacity_ = 0;
  bool use_table_ = false;  // ny <= 128
  uint32_t keys_[1 << kTableBits] = {};
  uint64_t occupied_[(1 << kTableBits) / 64] = {};
};

// Exact Jaccard similarity of two sorted distinct hash sets (1 for two empty sets).
double ExactJaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

}  // namespace sakimori::text
