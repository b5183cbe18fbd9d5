// File: detect/text/minhash.cc
// Shingling, MinHash signatures (one permutation hashing with optimal densification, or K
// independent hash functions) and bottom-k verification sketches.
#include "detect/text/minhash.h"

#include <algorithm>
#include <bit>
#include <limits>

#if defined(__SSSE3__)
#include <immintrin.h>
#endif

#include "common/hash.h"

namespace sakimori::text {

namespace {

// The first set bit after `i` in the circular bitmap of `k` bits (at least one bit is set).
int NextFilled(const uint64_t* bits, int k, int i) {
  const int words = (k + 63) / 64;
  int pos = i + 1;
  for (int step = 0; step <= words; ++step) {
    if (pos >= k) pos = 0;
    const int w = pos >> 6;
    uint64_t word = bits[w] >> (pos & 63);
    if (word != 0) {
      const int found = pos + std::countr_zero(word);
      if (found < k) return found;
    }
    pos = (w + 1) * 64;
  }
  return 0;  // unreachable when a bit is set
}

}  // namespace

void ShingleHashes(std::u32string_view chars, int k, std::vector<uint64_t>* out) {
  out->clear();
  if (chars.empty()) return;
  const size_t width = static_cast<size_t>(k);
  if (chars.size() <= width) {
    out->push_back(Hash64(std::string_view(reinterpret_cast<const char*>(chars.data()),
                                           chars.size() * sizeof(char32_t))));
    return;
  }
  out->reserve(chars.size() - width + 1);
  for (size_t i = 0; i + width <= chars.size(); ++i) {
    out->push_back(Hash64(std::string_view(reinterpret_cast<const char*>(chars.data() + i),
                                           width * sizeof(char32_t))));
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

MinHasher::MinHasher(MinHashOptions options) : options_(options) {
  const int k = std::clamp(options_.num_hashes, 1, kMaxHashes);
  options_.num_hashes = k;
  if (options_.scheme == MinHashScheme::kIndependent) {
    seeds_.resize(k);
    for (int i = 0; i < k; ++i) seeds_[i] = Mix64(options_.seed + 0x9e3779b97f4a7c15ULL * (i + 1));
  } else {
    // For each bin i, a fixed pseudo-random probe sequence of other bins (attempts 1..k*4),
    // the "2-universal hash of (i, attempt)" of optimal densification. Precomputed so signing
    // does no hashing beyond the shingles; the last resort is a linear scan.
    constexpr int kProbes = 16;
    densify_probe_.resize(static_cast<size_t>(k) * kProbes);
    for (int i = 0; i < k; ++i) {
      for (int a = 0; a < kProbes; ++a) {
        uint64_t h = Mix64(options_.seed ^ (static_cast<uint64_t>(i) << 32) ^ (a + 1));
        densify_probe_[static_cast<size_t>(i) * kProbes + a] =
            static_cast<uint16_t>((static_cast<unsigned __int128>(h) * k) >> 64);
      }
    }
    if (k <= kShortBitmap) {
      densify_probe8_.assign(densify_probe_.begin(), densify_probe_.end());  // all < 128
    }
  }
}

void MinHasher::Sign(const std::vector<uint64_t>& shingles,
                     std::vector<uint32_t>* signature) const {
  const int k = options_.num_hashes;
  constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  signature->assign(k, kEmpty);
  if (shingles.empty()) return;
  uint32_t* sig = signature->data();
  if (options_.scheme == MinHashScheme::kIndependent) {
    for (uint64_t s : shingles) {
      for (int i = 0; i < k; ++i) {
        uint32_t v = static_cast<uint32_t>(Mix64(s ^ seeds_[i]) >> 32);
        sig[i] = std::min(sig[i], v);
      }
    }
    return;
  }
  // One permutation hashing: the high bits of the (re-mixed) shingle hash pick the bin, the low
  // 32 bits are the value. A value of kEmpty is remapped so "empty" stays unambiguous.
  uint64_t filled_bits[kMaxHashes / 64] = {};
  auto filled = [&filled_bits](uint32_t bin) { return (filled_bits[bin >> 6] >> (bin & 63)) & 1; };
  for (uint64_t s : shingles) {
    uint64_t h = Mix64(s ^ options_.seed);
    uint32_t bin = static_cast<uint32_t>((static_cast<unsigned __int128>(h) * k) >> 64);
    uint32_t v = static_cast<uint32_t>(h);
    if (v == kEmpty) v = kEmpty - 1;
    if (v < sig[bin]) sig[bin] = v;
    filled_bits[bin >> 6] |= uint64_t{1} << (bin & 63);
  }
  // Optimal densification: an empty bin i takes the value of the first non-empty bin along its
  // own fixed probe sequence (16 probes, then the next non-empty bin in circular order), which is
  // the same for every set, so two sets agree on bin i with probability J.
  constexpr int kProbes = 16;
#if defined(__SSSE3__)
  if (k <= kShortBitmap) {
    // The bitmap of filled bins fits one register, and the 16 probes of an empty bin are tested
    // at once (byte probe / 8 of the bitmap, bit probe % 8 of that byte) instead of one
    // unpredictable branch per probe. The same values as the loop below.
    const __m128i bitmap = _mm_loadu_si128(reinterpret_cast<const __m128i*>(filled_bits));
    const __m128i bit_of =
        _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
    const __m128i low3 = _mm_set1_epi8(7), low4 = _mm_set1_epi8(15);
    for (int w = 0; w * 64 < k; ++w) {
      const int bins = std::min(64, k - w * 64);
      uint64_t empty = ~filled_bits[w] & (bins == 64 ? ~uint64_t{0} : (uint64_t{1} << bins) - 1);
      for (; empty != 0; empty &= empty - 1) {
        const int i = w * 64 + std::countr_zero(empty);
        const uint8_t* probes = &densify_probe8_[static_cast<size_t>(i) * kProbes];
        const __m128i probe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(probes));
        // probe < 128, so the 16-bit shift brings no bit of the next lane into the low four.
        const __m128i byte =
            _mm_shuffle_epi8(bitmap, _mm_and_si128(_mm_srli_epi16(probe, 3), low4));
        const __m128i bit = _mm_shuffle_epi8(bit_of, _mm_and_si128(probe, low3));
        const __m128i unfilled = _mm_cmpeq_epi8(_mm_and_si128(byte, bit), _mm_setzero_si128());
        const unsigned hits = ~static_cast<unsigned>(_mm_movemask_epi8(unfilled)) & 0xFFFFu;
        const int source =
            hits != 0 ? probes[std::countr_zero(hits)] : NextFilled(filled_bits, k, i);
        sig[i] = sig[source];
      }
    }
    return;
  }
#endif
  for (int i = 0; i < k; ++i) {
    if (filled(i)) continue;
    int source = -1;
    const uint16_t* probe = &densify_probe_[static_cast<size_t>(i) * kProbes];
    for (int a = 0; a < kProbes; ++a) {
      if (filled(probe[a])) {
        source = probe[a];
        break;
      }
    }
    if (source < 0) source = NextFilled(filled_bits, k, i);
    sig[i] = sig[source];
  }
}

double MinHasher::EstimateJaccard(const uint32_t* a, const uint32_t* b, int k) {
  int equal = 0;
  for (int i = 0; i < k; ++i) equal += a[i] == b[i];
  return k == 0 ? 0.0 : static_cast<double>(equal) / k;
}

ShingleSketch::ShingleSketch(const std::vector<uint64_t>& shingles, size_t capacity) {
  Reset(shingles, capacity);
}

void ShingleSketch::Reset(const std::vector<uint64_t>& shingles, size_t capacity) {
  // `shingles` is sorted, so the high 32 bits come in ascending order: the bottom-k of the
  // 32-bit values is a prefix, no second sort needed.
  values_.clear();
  values_.reserve(std::min(shingles.size(), capacity));
  for (uint64_t s : shingles) {
    const uint32_t v = static_cast<uint32_t>(s >> 32);
    if (!values_.empty() && values_.back() == v) continue;
    if (values_.size() == capacity) break;
    values_.push_back(v);
  }
}

double ShingleSketch::Jaccard(const ShingleSketch& a, const ShingleSketch& b, size_t capacity) {
  return Jaccard(a.values_.data(), a.values_.size(), b.values_.data(), b.values_.size(), capacity);
}

double ShingleSketch::Jaccard(const uint32_t* x, size_t nx, const uint32_t* y, size_t ny,
                              size_t capacity) {
  // Walk the union in ascending order up to `capacity` distinct values (the bottom-k of the
  // union is within the bottom-k of each side) and count those present in both. When one side
  // is exhausted, the rest of the union is the rest of the other side, unless the exhausted
  // side was truncated at `capacity` (then the rest of the union is not known and the walk
  // stops). The merge steps are branch-free: both indices advance on equal values.
  if (nx == 0 && ny == 0) return 1.0;
  const bool x_full = nx >= capacity, y_full = ny >= capacity;
  size_t i = 0, j = 0, seen = 0, both = 0;
  while (seen < capacity && i < nx && j < ny) {
    const uint32_t a = x[i], b = y[j];
    i += a <= b;
    j += b <= a;
    both += a == b;
    ++seen;
  }
  if (seen < capacity) {
    if (i == nx && j < ny && !x_full) seen += std::min(ny - j, capacity - seen);
    if (j == ny && i < nx && !y_full) seen += std::min(nx - i, capacity - seen);
  }
  return seen == 0 ? 0.0 : static_cast<double>(both) / seen;
}

namespace {

inline uint32_t SketchSlot(uint32_t v, int bits) { return (v * 0x9E3779B1u) >> (32 - bits); }

}  // namespace

void SketchMatcher::Reset(const uint32_t* y, size_t ny, size_t capacity) {
  y_ = y;
  ny_ = ny;
  capacity_ = capacity;
  std::fill(std::begin(occupied_), std::end(occupied_), 0);
  use_table_ = ny <= (size_t{1} << kTableBits) / 4;
  if (!use_table_) return;
  constexpr uint32_t kMask = (1u << kTableBits) - 1;
  for (size_t j = 0; j < ny; ++j) {
    uint32_t slot = SketchSlot(y[j], kTableBits);
    while ((occupied_[slot >> 6] >> (slot & 63)) & 1) slot = (slot + 1) & kMask;
    occupied_[slot >> 6] |= uint64_t{1} << (slot & 63);
    keys_[slot] = y[j];
  }
}

double SketchMatcher::Jaccard(const uint32_t* x, size_t nx) const {
  // With nx + ny <= capacity neither sketch is full (unless the other is empty, when both
  // formulas give 0) and the merge walks the whole union, so seen = |x ∪ y|.
  if (!use_table_ || nx + ny_ > capacity_ || nx == 0 || ny_ == 0) {
    return ShingleSketch::Jaccard(x, nx, y_, ny_, capacity_);
  }
  constexpr uint32_t kMask = (1u << kTableBits) - 1;
  size_t both = 0;
  for (size_t i = 0; i < nx; ++i) {
    const uint32_t v = x[i];
    uint32_t slot = SketchSlot(v, kTableBits);
    while ((occupied_[slot >> 6] >> (slot & 63)) & 1) {
      if (keys_[slot] == v) {
        ++both;
        break;
      }
      slot = (slot + 1) & kMask;
    }
  }
  return static_cast<double>(both) / static_cast<double>(nx + ny_ - both);
}

double ExactJaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++both;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

}  // namespace sakimori::text
