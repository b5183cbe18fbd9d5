// File: detect/text/minhash_test.cc
#include "detect/text/minhash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "common/hash.h"
#include "detect/text/lsh_index.h"

namespace sakimori::text {
namespace {

TEST(ShingleTest, CountsDistinctShingles) {
  std::vector<uint64_t> s;
  ShingleHashes(U"abcd", 3, &s);
  EXPECT_EQ(s.size(), 2u);  // abc, bcd
  ShingleHashes(U"aaaaaa", 3, &s);
  EXPECT_EQ(s.size(), 1u);
  ShingleHashes(U"ab", 3, &s);
  EXPECT_EQ(s.size(), 1u);  // shorter than k: the text itself
  ShingleHashes(U"", 3, &s);
  EXPECT_TRUE(s.empty());
  std::vector<uint64_t> a, b;
  ShingleHashes(U"選挙に行こう", 3, &a);  // 選挙に 挙に行 に行こ 行こう
  ShingleHashes(U"選挙に行くな", 3, &b);  // 選挙に 挙に行 に行く 行くな
  EXPECT_EQ(a.size(), 4u);
  EXPECT_DOUBLE_EQ(ExactJaccard(a, b), 2.0 / 6.0);
}

// Two random sets with a chosen overlap, so their Jaccard similarity is known exactly.
void MakePair(std::mt19937_64& rng, size_t shared, size_t only_a, size_t only_b,
              std::vector<uint64_t>* a, std::vector<uint64_t>* b) {
  a->clear();
  b->clear();
  for (size_t i = 0; i < shared; ++i) {
    uint64_t v = rng();
    a->push_back(v);
    b->push_back(v);
  }
  for (size_t i = 0; i < only_a; ++i) a->push_back(rng());
  for (size_t i = 0; i < only_b; ++i) b->push_back(rng());
  std::sort(a->begin(), a->end());
  std::sort(b->begin(), b->end());
}

struct ErrorStats {
  double bias = 0;
  double rms = 0;
  double expected_rms = 0;  // sqrt(mean J(1-J)/K): the independent-hashing standard error
};

ErrorStats MeasureError(MinHashScheme scheme, size_t set_size, int pairs, uint64_t seed) {
  MinHasher hasher(MinHashOptions{128, scheme});
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> a, b;
  std::vector<uint32_t> sa, sb;
  double sum = 0, sum_sq = 0, sum_var = 0;
  for (int p = 0; p < pairs; ++p) {
    size_t shared = rng() % (set_size + 1);
    MakePair(rng, shared, set_size - shared, set_size - shared, &a, &b);
    const double exact = ExactJaccard(a, b);
    hasher.Sign(a, &sa);
    hasher.Sign(b, &sb);
    const double err = MinHasher::EstimateJaccard(sa.data(), sb.data(), 128) - exact;
    sum += err;
    sum_sq += err * err;
    sum_var += exact * (1 - exact) / 128;
  }
  return {sum / pairs, std::sqrt(sum_sq / pairs), std::sqrt(sum_var / pairs)};
}

// Over many pairs the estimate is unbiased and its error is close to the theoretical standard
// error of MinHash, sqrt(J(1-J)/K) (Broder 1997). With 1000 pairs the sample bias has a
// standard error of about 0.04/sqrt(1000) = 0.0013, so |bias| < 0.006 is a 4-sigma bound.
TEST(MinHashTest, EstimatesJaccardWithinStatisticalBound) {
  for (MinHashScheme scheme : {MinHashScheme::kIndependent, MinHashScheme::kOnePermutation}) {
    for (size_t n : {12, 40, 150, 600}) {
      ErrorStats e = MeasureError(scheme, n, 1000, 42 + n);
      SCOPED_TRACE(::testing::Message()
                   << "scheme " << static_cast<int>(scheme) << " n " << n << " bias " << e.bias
                   << " rms " << e.rms << " expected " << e.expected_rms);
      EXPECT_LT(std::abs(e.bias), 0.006);
      EXPECT_LT(e.rms, 1.25 * e.expected_rms);
    }
  }
}

TEST(MinHashTest, IdenticalSetsHaveSimilarityOneAndDisjointNearZero) {
  MinHasher hasher(MinHashOptions{});
  std::mt19937_64 rng(7);
  std::vector<uint64_t> a, b;
  MakePair(rng, 0, 50, 50, &a, &b);
  std::vector<uint32_t> sa, sa2, sb;
  hasher.Sign(a, &sa);
  MinHasher(MinHashOptions{}).Sign(a, &sa2);
  hasher.Sign(b, &sb);
  EXPECT_EQ(sa, sa2);  // deterministic across instances
  EXPECT_DOUBLE_EQ(MinHasher::EstimateJaccard(sa.data(), sa2.data(), 128), 1.0);
  EXPECT_LT(MinHasher::EstimateJaccard(sa.data(), sb.data(), 128), 0.05);
}

// One permutation hashing with optimal densification as documented, one probe at a time: the
// signatures of Sign (which tests the probes of small K sixteen at a time) must be the same.
std::vector<uint32_t> ReferenceSignature(const std::vector<uint64_t>& shingles, int k,
                                         uint64_t seed) {
  constexpr uint32_t kEmpty = UINT32_MAX;
  std::vector<uint32_t> sig(k, kEmpty);
  std::vector<bool> filled(k, false);
  for (uint64_t s : shingles) {
    const uint64_t h = Mix64(s ^ seed);
    const auto bin = static_cast<uint32_t>((static_cast<unsigned __int128>(h) * k) >> 64);
    const uint32_t v = std::min(static_cast<uint32_t>(h), kEmpty - 1);
    sig[bin] = std::min(sig[bin], v);
    filled[bin] = true;
  }
  if (shingles.empty()) return sig;
  std::vector<uint32_t> out = sig;
  for (int i = 0; i < k; ++i) {
    if (filled[i]) continue;
    int source = -1;
    for (int a = 0; a < 16 && source < 0; ++a) {
      const uint64_t h = Mix64(seed ^ (static_cast<uint64_t>(i) << 32) ^ (a + 1));
      const auto probe = static_cast<int>((static_cast<unsigned __int128>(h) * k) >> 64);
      if (filled[probe]) source = probe;
    }
    for (int step = 1; source < 0; ++step) {
      if (filled[(i + step) % k]) source = (i + step) % k;
    }
    out[i] = sig[source];
  }
  return out;
}

TEST(MinHashTest, DensificationMatchesTheOneProbeAtATimeRule) {
  std::mt19937_64 rng(11);
  for (int k : {1, 7, 63, 64, 65, 100, 128, 129, 256}) {
    MinHashOptions options;
    options.num_hashes = k;
    const MinHasher hasher(options);
    for (size_t n : {0, 1, 2, 5, 12, 40, 150, 600}) {
      std::vector<uint64_t> shingles(n);
      for (uint64_t& s : shingles) s = rng();
      std::vector<uint32_t> sig;
      hasher.Sign(shingles, &sig);
      ASSERT_EQ(sig, ReferenceSignature(shingles, k, options.seed)) << "k " << k << " n " << n;
    }
  }
}

TEST(ShingleSketchTest, ExactUnderCapacityAndBottomKAbove) {
  std::mt19937_64 rng(11);
  std::vector<uint64_t> a, b;
  for (size_t shared : {0, 10, 37, 80, 100}) {
    MakePair(rng, shared, 100 - shared, 100 - shared, &a, &b);
    EXPECT_DOUBLE_EQ(ShingleSketch::Jaccard(ShingleSketch(a, 256), ShingleSketch(b, 256), 256),
                     ExactJaccard(a, b));
  }
  // 1000-element sets with a 128 bottom-k sketch: the estimate's standard error is about
  // sqrt(J(1-J)/128) <= 0.045; 200 pairs, bias bound 4 sigma of the mean.
  double sum = 0;
  for (int p = 0; p < 200; ++p) {
    size_t shared = rng() % 1001;
    MakePair(rng, shared, 1000 - shared, 1000 - shared, &a, &b);
    double est = ShingleSketch::Jaccard(ShingleSketch(a, 128), ShingleSketch(b, 128), 128);
    double err = est - ExactJaccard(a, b);
    EXPECT_LT(std::abs(err), 0.2);
    sum += err;
  }
  EXPECT_LT(std::abs(sum / 200), 0.013);
}

// The bottom-k merge written out step by step, as the definition the faster code must match.
double MergeJaccard(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y,
                    size_t capacity) {
  if (x.empty() && y.empty()) return 1.0;
  size_t i = 0, j = 0, seen = 0, both = 0;
  const bool x_full = x.size() >= capacity, y_full = y.size() >= capacity;
  while (seen < capacity && (i < x.size() || j < y.size())) {
    if (i == x.size() && x_full) break;
    if (j == y.size() && y_full) break;
    if (j == y.size() || (i < x.size() && x[i] < y[j])) {
      ++i;
    } else if (i == x.size() || y[j] < x[i]) {
      ++j;
    } else {
      ++i;
      ++j;
      ++both;
    }
    ++seen;
  }
  return seen == 0 ? 0.0 : static_cast<double>(both) / seen;
}

// Random sketches of all size combinations (empty, small, summing to more or less than the
// capacity, full on one or both sides, all equal): the branch-free merge and the hash-probe
// matcher give exactly the merge's value.
TEST(ShingleSketchTest, FastJaccardEqualsMerge) {
  std::mt19937_64 rng(21);
  SketchMatcher matcher;
  for (size_t capacity : {size_t{1}, size_t{8}, size_t{128}, size_t{200}}) {
    for (int trial = 0; trial < 3000; ++trial) {
      const size_t shared = rng() % (capacity + 1);
      std::vector<uint64_t> a, b;
      MakePair(rng, shared, rng() % (capacity + 1), rng() % (capacity + 1), &a, &b);
      if (trial % 7 == 0) b = a;
      if (trial % 11 == 0) a.clear();
      // Small values so that 32-bit keys collide and equal runs are long.
      if (trial % 2 == 0) {
        for (std::vector<uint64_t>* v : {&a, &b}) {
          for (uint64_t& x : *v) x = (x % 512) << 32;
          std::sort(v->begin(), v->end());
          v->erase(std::unique(v->begin(), v->end()), v->end());
        }
      }
      const ShingleSketch sa(a, capacity), sb(b, capacity);
      const std::vector<uint32_t>& x = sa.values();
      const std::vector<uint32_t>& y = sb.values();
      const double want = MergeJaccard(x, y, capacity);
      EXPECT_EQ(ShingleSketch::Jaccard(sa, sb, capacity), want);
      EXPECT_EQ(ShingleSketch::Jaccard(sb, sa, capacity), MergeJaccard(y, x, capacity));
      matcher.Reset(y.data(), y.size(), capacity);
      ASSERT_EQ(matcher.Jaccard(x.data(), x.size()), want)
          << "capacity " << capacity << " sizes " << x.size() << " " << y.size();
    }
  }
  // A worked case under the capacity: {1,2,3,4} and {3,4,5}: 2 shared of 5.
  const std::vector<uint32_t> x = {1, 2, 3, 4}, y = {3, 4, 5};
  matcher.Reset(y.data(), y.size(), 128);
  EXPECT_DOUBLE_EQ(matcher.Jaccard(x.data(), x.size()), 2.0 / 5.0);
  // Over the capacity 4: the union's bottom 4 are 1,2,3,4, of which 3 and 4 are in both.
  matcher.Reset(y.data(), y.size(), 4);
  EXPECT_DOUBLE_EQ(matcher.Jaccard(x.data(), x.size()), 2.0 / 4.0);
}

TEST(LshTest, ParametersForThreshold) {
  LshParams p = ChooseLshParams(128, 0.6);
  EXPECT_EQ(p.bands, 25);
  EXPECT_EQ(p.rows, 5);
  EXPECT_NEAR(CandidateProbability(0.6, p), 1 - std::pow(1 - std::pow(0.6, 5), 25), 1e-12);
  EXPECT_GT(CandidateProbability(0.8, p), 0.999);
  EXPECT_LT(CandidateProbability(0.2, p), 0.01);
  std::vector<uint32_t> sig(128), keys_a, keys_b;
  for (int i = 0; i < 128; ++i) sig[i] = i * 7919;
  ComputeBandKeys(sig, p, &keys_a);
  sig[7] ^= 1;  // changes band 1 only
  ComputeBandKeys(sig, p, &keys_b);
  ASSERT_EQ(keys_a.size(), 25u);
  for (int b = 0; b < 25; ++b) EXPECT_EQ(keys_a[b] == keys_b[b], b != 1) << b;
}

}  // namespace
}  // namespace sakimori::text
