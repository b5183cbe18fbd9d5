// File: detect/coord/co_share_benchmark.cc
// Co-action edges and significance on 10 million synthetic repost events (docs/benchmarks.md,
// "Coordination"). The generator is deterministic: 1,000,000 accounts with Zipf(1.0)
// activity, 1,000,000 objects with Zipf(1.0) popularity over 30 days, each object's shares
// spread exponentially from its first share over max(2 h, n_o * 20 s) (popular posts
// trend longer; about one pair of shares inside the window per share, ten times the
// density of the CooRTweet Russian data), and 500 planted rings of 20 accounts that each co-repost
// 20 rare posts within 30 s. Each post has an author, drawn by Zipf(1.0) too (a ring's
// posts are those of active authors), so the default detector (popularity and audience
// null) does its full work; the second run uses the popularity null alone. The benchmark
// reports the edges, pairs, and peak resident memory, and checks that at least 95% of the
// planted ring edges come out significant.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <random>

#include "common/strings.h"
#include "detect/coord/coord_detector.h"

namespace sakimori::coord {
namespace {

constexpr uint32_t kAccounts = 1000000;
constexpr uint32_t kObjects = 1000000;
constexpr uint64_t kEvents = 10000000;
constexpr uint32_t kRings = 500, kRingSize = 20, kRingPosts = 20;
constexpr int64_t kDayMs = 86400000;

// Samples ranks 0..n-1 with P(k) ~ 1/(k+1)^s by inverting a precomputed CDF.
class Zipf {
 public:
  Zipf(uint32_t n, double s) : cdf_(n) {
    double sum = 0;
    for (uint32_t k = 0; k < n; ++k) cdf_[k] = (sum += std::pow(k + 1.0, -s));
    for (double& c : cdf_) c /= sum;
  }
  uint32_t operator()(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<uint32_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

struct World {
  Dictionary dict;
  std::unique_ptr<ShareSet> set;
  uint64_t ring_pairs = 0;
};

World& Generate() {
  static World* world = [] {
    auto* w = new World;
    w->set = std::make_unique<ShareSet>(std::vector<Action>{Action::kRepost}, ExtractOptions{},
                                        &w->dict);
    ActionShares& as = w->set->mutable_action(0);
    std::mt19937_64 rng(20260101);
    for (uint32_t a = 0; a < kAccounts + kRings * kRingSize; ++a) {
      w->dict.accounts.Intern(StrCat("acct", a));
    }
    for (uint32_t o = 0; o < kObjects + kRings * kRingPosts; ++o)
      as.objects.Intern(StrCat("obj", o));
    // Authors: a post's author is drawn by Zipf(1.0) activity too, so a few authors write
    // many posts and most write one; a ring's posts are those of background posts' authors
    // (pushed posts come from active authors). Used by the audience null.
    Zipf authors(kAccounts, 1.0);
    as.object_author.resize(kObjects + kRings * kRingPosts);
    for (uint32_t o = 0; o < kObjects; ++o) as.object_author[o] = authors(rng);
    for (uint32_t o = kObjects; o < as.object_author.size(); ++o)
      as.object_author[o] = as.object_author[rng() % kObjects];
    const uint64_t background = kEvents - uint64_t{kRings} * kRingSize * kRingPosts;
    Zipf accounts(kAccounts, 1.0), objects(kObjects, 1.0);
    // Object counts first (to set each object's trend length), then times.
    std::vector<uint32_t> object_of(background);
    std::vector<uint32_t> count(kObjects, 0);
    for (uint64_t i = 0; i < background; ++i) ++count[object_of[i] = objects(rng)];
    std::vector<int64_t> birth(kObjects);
    for (uint32_t o = 0; o < kObjects; ++o) birth[o] = static_cast<int64_t>(rng() % (30 * kDayMs));
    as.shares.reserve(kEvents);
    uint32_t seq = 0;
    for (uint64_t i = 0; i < background; ++i) {
      uint32_t o = object_of[i];
      double tau_ms = std::max(7200000.0, count[o] * 20000.0);
      int64_t t =
          birth[o] + static_cast<int64_t>(std::exponential_distribution<double>(1.0 / tau_ms)(rng));
      t -= t % 1000;  // second resolution, as in most sources
      as.shares.push_back(Share{t, o, accounts(rng), kNoContent, seq++});
    }
    for (uint32_t r = 0; r < kRings; ++r) {
      for (uint32_t p = 0; p < kRingPosts; ++p) {
        uint32_t o = kObjects + r * kRingPosts + p;
        int64_t t0 = static_cast<int64_t>(rng() % (30 * kDayMs));
        for (uint32_t m = 0; m < kRingSize; ++m) {
          int64_t t = t0 + static_cast<int64_t>(rng() % 30) * 1000;
          as.shares.push_back(Share{t, o, kAccounts + r * kRingSize + m, kNoContent, seq++});
        }
      }
    }
    w->ring_pairs = uint64_t{kRings} * kRingSize * (kRingSize - 1) / 2;
    // Shares arrive in time order in a real feed.
    std::sort(as.shares.begin(), as.shares.end(),
              [](const Share& a, const Share& b) { return a.time < b.time; });
    for (uint32_t i = 0; i < as.shares.size(); ++i) as.shares[i].seq = i;
    return w;
  }();
  return *world;
}

double PeakRssMb() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

void BM_CoordinationTenMillion(benchmark::State& state) {
  World& w = Generate();
  CoordParams params;
  params.co_share.time_window_seconds = 60;
  params.co_share.max_partners = static_cast<uint32_t>(state.range(0));
  params.audience_null = state.range(1) != 0;
  for (auto _ : state) {
    CoordDetector det(w.set.get(), params);
    if (!det.Run().ok()) state.SkipWithError("run failed");
    uint64_t ring_significant = 0;
    for (const CoordEdge& e : det.edges()) {
      ring_significant += e.significant && e.a >= kAccounts && e.b >= kAccounts &&
                          (e.a - kAccounts) / kRingSize == (e.b - kAccounts) / kRingSize;
    }
    state.counters["edges"] = static_cast<double>(det.stats().edges);
    state.counters["significant"] = static_cast<double>(det.stats().significant_edges);
    state.counters["pairs"] = static_cast<double>(det.stats().pairs_formed);
    state.counters["dropped"] = static_cast<double>(det.stats().partners_dropped);
    state.counters["ring_recall"] = static_cast<double>(ring_significant) / w.ring_pairs;
    if (ring_significant * 100 < w.ring_pairs * 95) state.SkipWithError("ring recall < 95%");
  }
  state.counters["shares"] = static_cast<double>(w.set->total_shares());
  state.counters["peak_rss_mb"] = PeakRssMb();
}
BENCHMARK(BM_CoordinationTenMillion)
    ->Args({10000, 1})  // the default: popularity and audience null
    ->Args({10000, 0})  // --null popularity
    ->ArgNames({"max_partners", "audience"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace sakimori::coord

BENCHMARK_MAIN();
