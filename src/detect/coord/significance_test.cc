// File: detect/coord/significance_test.cc
// The Poisson tail, Benjamini-Hochberg, the popularity and audience null models, and the
// detector on constructed networks with known answers: a ring co-reposting rare posts is
// significant, fans of one viral post are not, fans reposting every post of their idol are
// not under the audience null while a ring pushing chosen posts of several authors is, and a
// percentile cut over a ring-dominated network drops most of the ring while the
// significance filter keeps it.
#include "detect/coord/significance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/strings.h"
#include "detect/coord/coord_detector.h"
#include "detect/coord/coord_output.h"
#include "detect/coord/coortweet_exact.h"
#include "detect/coord/groups.h"

namespace sakimori::coord {
namespace {

TEST(PoissonTailTest, KnownValues) {
  EXPECT_DOUBLE_EQ(PoissonUpperTailLn(0, 3.0), 0.0);
  EXPECT_NEAR(std::exp(PoissonUpperTailLn(1, 1.0)), 1 - std::exp(-1.0), 1e-14);
  // P(X >= 3 | 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125)
  EXPECT_NEAR(std::exp(PoissonUpperTailLn(3, 0.5)), 1 - std::exp(-0.5) * 1.625, 1e-14);
  // lambda >= k branch: P(X >= 2 | 4) = 1 - 5 e^-4
  EXPECT_NEAR(std::exp(PoissonUpperTailLn(2, 4.0)), 1 - 5 * std::exp(-4.0), 1e-14);
  // Far tail stays finite in log space: P(X >= 50 | 1e-3) = pmf(50) (1 + l/51 + l^2/(51*52)
  // + ...), about 1e-150 / 50!.
  double expected =
      50 * std::log(1e-3) - 1e-3 - std::lgamma(51.0) + std::log1p(1e-3 / 51 + 1e-6 / (51.0 * 52.0));
  EXPECT_NEAR(PoissonUpperTailLn(50, 1e-3), expected, 1e-9);
  EXPECT_TRUE(std::isinf(PoissonUpperTailLn(2, 0.0)));
}

TEST(BenjaminiHochbergTest, MatchesHandComputation) {
  // p = .01 .04 .03 .005, m = 4: sorted .005 .01 .03 .04 -> .02 .02 .04 .04.
  std::vector<double> ln_p = {std::log(0.01), std::log(0.04), std::log(0.03), std::log(0.005)};
  std::vector<double> q = BenjaminiHochbergLn(ln_p, 4);
  EXPECT_NEAR(std::exp(q[0]), 0.02, 1e-12);
  EXPECT_NEAR(std::exp(q[1]), 0.04, 1e-12);
  EXPECT_NEAR(std::exp(q[2]), 0.04, 1e-12);
  EXPECT_NEAR(std::exp(q[3]), 0.02, 1e-12);
  // A larger family (untested pairs have p = 1) scales the adjustment.
  std::vector<double> q100 = BenjaminiHochbergLn(ln_p, 100);
  EXPECT_NEAR(std::exp(q100[3]), 0.5, 1e-12);
  EXPECT_NEAR(std::exp(q100[1]), 1.0, 1e-12);  // capped at 1
}

TEST(PopularityNullTest, ExpectedIsPairsOfSharesWithinTheWindow) {
  ActionPopularity pop;
  pop.total_shares = 100;
  pop.object_shares = {50, 10, 2, 1};
  pop.object_window_share = {0.2, 0.5, 1.0, 0.0};
  PopularityNull null(pop);
  // S = 0.25*0.2 + 0.01*0.5 + 0.0004*1 = 0.0554
  EXPECT_NEAR(null.s(), 0.0554, 1e-15);
  EXPECT_NEAR(null.Expected(1, 1), 0.0554, 1e-15);
  EXPECT_NEAR(null.Expected(3, 7), 21 * 0.0554, 1e-13);
  EXPECT_EQ(null.Expected(0, 7), 0.0);
}

TEST(AudienceNullTest, ExpectedIsHandComputed) {
  // Objects 0, 1 and 4 are posts of author 7, who wrote 4 posts; object 2 is a post of
  // author 8, who wrote none in the input; object 3's author is unknown.
  const std::vector<AccountId> author = {7, 7, 8, kNoAccount, 7};
  const std::vector<uint32_t> authored = {0, 0, 0, 0, 0, 0, 0, 4};
  ActionPopularity pop;
  pop.object_shares = {2, 1, 2, 2, 3};
  pop.object_window_share = {1.0, 0.0, 0.0, 1.0, 1.0 / 3};
  auto share = [](ObjectId o, AccountId a) { return Share{0, o, a, kNoContent, 0}; };
  const std::vector<Share> sorted = {share(0, 1), share(0, 2), share(1, 1), share(2, 1),
                                     share(2, 2), share(3, 1), share(3, 3), share(4, 3),
                                     share(4, 4), share(4, 5)};
  AudienceNull null(sorted, author, authored, pop);
  ASSERT_FALSE(null.empty());
  // Author 7: P = max(3 posts acted on, 4 written) = 4; q_7 = mean of q_0 = 1 and
  // q_4 = 1/3 (post 1 has one share, no q) = 2/3, not the pair-weighted (1 + 1) / (1 + 3).
  // Author 8: q = 0. m_1(7) = 2, m_2(7) = 1, m_3(7) = 1.
  EXPECT_DOUBLE_EQ(null.Expected(1, 2), 2 * 1 * (2.0 / 3) / 4);
  EXPECT_DOUBLE_EQ(null.Expected(2, 1), 2 * 1 * (2.0 / 3) / 4);
  EXPECT_DOUBLE_EQ(null.Expected(1, 3), 2 * 1 * (2.0 / 3) / 4);  // not through object 3
  EXPECT_DOUBLE_EQ(null.Expected(2, 3), 1 * 1 * (2.0 / 3) / 4);
  EXPECT_EQ(null.Expected(1, 99), 0.0);  // out of range
  // The batch form agrees pair by pair, in any order, with repeats and out-of-range ids.
  const std::vector<uint64_t> keys = {PairKey(1, 2), PairKey(3, 1), PairKey(2, 3),
                                      PairKey(1, 2), PairKey(1, 99), PairKey(0, 1)};
  const std::vector<double> batch = null.Expected(keys);
  ASSERT_EQ(batch.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(batch[i], null.Expected(PairFirst(keys[i]), PairSecond(keys[i]))) << i;
  }
  // No author known: empty, and the detector keeps the popularity null alone.
  EXPECT_TRUE(AudienceNull(sorted, {}, authored, pop).empty());
}

// Large enough for the batch form's two threads: it still equals the pair form exactly.
TEST(AudienceNullTest, ThreadedBatchEqualsPairForm) {
  std::mt19937_64 rng(3);
  constexpr uint32_t kAccounts = 3000, kObjects = 20000, kAuthors = 700;
  std::vector<AccountId> author(kObjects);
  for (AccountId& a : author) a = static_cast<AccountId>(rng() % kAuthors);
  ActionPopularity pop;
  pop.object_shares.assign(kObjects, 0);
  pop.object_window_share.assign(kObjects, 0);
  std::vector<Share> sorted;
  for (uint32_t i = 0; i < 300000; ++i) {
    // Skewed accounts and objects, so some author lists are long.
    const auto a = static_cast<AccountId>((rng() % kAccounts) * (rng() % kAccounts) / kAccounts);
    const auto o = static_cast<ObjectId>((rng() % kObjects) * (rng() % kObjects) / kObjects);
    sorted.push_back(Share{0, o, a, kNoContent, i});
    ++pop.object_shares[o];
  }
  for (double& q : pop.object_window_share) q = static_cast<double>(rng() % 1000) / 1000;
  AudienceNull null(sorted, author, {}, pop);
  std::vector<uint64_t> keys;
  for (uint32_t i = 0; i < 400000; ++i) {
    const auto a = static_cast<AccountId>(rng() % kAccounts);
    const auto b = static_cast<AccountId>(rng() % kAccounts);
    if (a != b) keys.push_back(PairKey(a, b));
  }
  const std::vector<double> batch = null.Expected(keys);
  size_t positive = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(batch[i], null.Expected(PairFirst(keys[i]), PairSecond(keys[i]))) << i;
    positive += batch[i] > 0;
  }
  EXPECT_GT(positive, keys.size() / 2);
}

TEST(PoissonTailTest, SingleCoShareFastPathAgreesWithSeries) {
  for (double lambda : {1e-12, 1e-4, 0.3, 2.0}) {
    EXPECT_NEAR(std::exp(PoissonUpperTailLn(1, lambda)), 1 - std::exp(-lambda),
                1e-15 + 1e-12 * lambda);
  }
}

// A network with a 50-account ring that co-reposts 20 rare posts within 30 s each, and
// 1,000 background accounts reposting a few popular posts at random times; 40 "fans" of one
// viral post repost it within a minute.
struct RingWorld {
  Dictionary dict;
  ShareSet set{std::vector<Action>{Action::kRepost}, ExtractOptions{}, &dict};
  std::vector<AccountId> ring, fans;

  RingWorld() {
    std::mt19937_64 rng(7);
    uint32_t content = 0;
    auto add = [&](const std::string& object, AccountId a, int64_t t_s) {
      set.AddShare(0, object, a, t_s * 1000, dict.posts.Intern(StrCat("c", content++)));
    };
    for (int i = 0; i < 50; ++i) ring.push_back(dict.accounts.Intern(StrCat("ring", i)));
    for (int i = 0; i < 40; ++i) fans.push_back(dict.accounts.Intern(StrCat("fan", i)));
    for (int p = 0; p < 20; ++p) {
      int64_t t0 = 1000000 + p * 7200;
      for (int i = 0; i < 50; ++i)
        add(StrCat("rare", p), ring[i], t0 + static_cast<int64_t>(rng() % 30));
    }
    for (int i = 0; i < 40; ++i) add("viral", fans[i], 5000000 + static_cast<int64_t>(rng() % 60));
    // Background: 1,000 accounts, 3 reposts each of 200 popular posts over 10 days.
    for (int i = 0; i < 1000; ++i) {
      AccountId a = dict.accounts.Intern(StrCat("bg", i));
      for (int k = 0; k < 3; ++k) {
        add(StrCat("pop", rng() % 200), a, 2000000 + static_cast<int64_t>(rng() % 864000));
      }
    }
    // Each fan also reposts one popular post, so fans are ordinary accounts.
    for (int i = 0; i < 40; ++i)
      add(StrCat("pop", rng() % 200), fans[i], 2000000 + static_cast<int64_t>(rng() % 864000));
  }
};

TEST(CoordDetectorTest, RingIsSignificantFansAreNot) {
  RingWorld w;
  CoordParams params;
  params.co_share.time_window_seconds = 60;
  CoordDetector det(&w.set, params);
  ASSERT_TRUE(det.Run().ok());
  auto is_ring = [&](AccountId a) { return w.dict.accounts.Name(a).starts_with("ring"); };
  auto is_fan = [&](AccountId a) { return w.dict.accounts.Name(a).starts_with("fan"); };
  size_t ring_edges = 0, ring_significant = 0, fan_edges = 0, fan_significant = 0, other_sig = 0;
  for (const CoordEdge& e : det.edges()) {
    if (is_ring(e.a) && is_ring(e.b)) {
      ++ring_edges;
      ring_significant += e.significant;
      EXPECT_EQ(e.weight, 20u);
    } else if (is_fan(e.a) && is_fan(e.b)) {
      ++fan_edges;
      fan_significant += e.significant;
    } else {
      other_sig += e.significant;
    }
  }
  EXPECT_EQ(ring_edges, 1225u);
  EXPECT_GE(ring_significant, 1225u * 95 / 100);
  EXPECT_EQ(fan_edges, 780u);  // 40 fans all within the minute
  EXPECT_EQ(fan_significant, 0u);
  EXPECT_EQ(other_sig, 0u);
}

// Events with authors, over ten days: an idol writes 30 posts and 40 fans each repost 80%
// of them 5-40 s after they appear; 5 politicians write 30 posts each, which 1,000 ordinary
// accounts repost now and then; a 50-account ring reposts 4 chosen posts of each politician
// (20 posts, 90% of the ring on each) within 30 s of the post. Fans and ring both co-repost
// within the minute again and again; only the ring does it on a few chosen posts of its
// authors.
struct AudienceWorld {
  Dictionary dict;
  ShareSet set{std::vector<Action>{Action::kRepost}, ExtractOptions{}, &dict};
  std::vector<AccountId> ring, fans;

  AudienceWorld() {
    std::mt19937_64 rng(11);
    int next = 0;
    auto post = [&](AccountId author, int64_t t_s) {
      Event e;
      e.kind = EventKind::kPost;
      e.actor = author;
      e.post = dict.posts.Intern(StrCat("p", next++));
      e.time = t_s * 1000;
      set.Add(e);
      return e.post;
    };
    auto repost = [&](AccountId a, PostId target, AccountId author, int64_t t_s) {
      Event e;
      e.kind = EventKind::kRepost;
      e.actor = a;
      e.post = dict.posts.Intern(StrCat("p", next++));
      e.target = target;
      e.target_account = author;
      e.time = t_s * 1000;
      set.Add(e);
    };
    for (int i = 0; i < 50; ++i) ring.push_back(dict.accounts.Intern(StrCat("ring", i)));
    for (int i = 0; i < 40; ++i) fans.push_back(dict.accounts.Intern(StrCat("fan", i)));
    std::vector<AccountId> crowd;
    for (int i = 0; i < 1000; ++i) crowd.push_back(dict.accounts.Intern(StrCat("bg", i)));
    const AccountId idol = dict.accounts.Intern("idol");
    for (int p = 0; p < 30; ++p) {
      const int64_t t0 = 1000000 + p * 28800;
      const PostId id = post(idol, t0);
      for (AccountId fan : fans) {
        if (rng() % 10 < 8) repost(fan, id, idol, t0 + 5 + static_cast<int64_t>(rng() % 36));
      }
    }
    int chosen = 0;
    for (int k = 0; k < 5; ++k) {
      const AccountId author = dict.accounts.Intern(StrCat("politician", k));
      for (int p = 0; p < 30; ++p) {
        const int64_t t0 = 1000000 + k * 5000 + p * 28800;
        const PostId id = post(author, t0);
        for (int i = 0; i < 6; ++i) {
          repost(crowd[rng() % crowd.size()], id, author,
                 t0 + 60 + static_cast<int64_t>(rng() % 36000));
        }
        if (p % 7 != 3 || p > 28) continue;  // 4 chosen posts per politician
        for (int j = 0; j < 45; ++j) {
          repost(ring[(chosen * 45 + j) % ring.size()], id, author,
                 t0 + 2 + static_cast<int64_t>(rng() % 30));
        }
        ++chosen;
      }
    }
  }
};

// Share of the edges between members of `group` (all pairs) that are significant.
template <typename Pred>
double SignificantShare(const CoordDetector& det, size_t pairs, Pred in_group) {
  size_t n = 0;
  for (const CoordEdge& e : det.edges()) n += e.significant && in_group(e.a) && in_group(e.b);
  return static_cast<double>(n) / static_cast<double>(pairs);
}

TEST(CoordDetectorTest, AudienceNullExplainsFansButNotARingPushingChosenPosts) {
  AudienceWorld w;
  auto is = [&](std::string_view prefix) {
    return [&w, prefix](AccountId a) { return w.dict.accounts.Name(a).starts_with(prefix); };
  };
  CoordParams params;
  params.co_share.time_window_seconds = 60;
  CoordDetector det(&w.set, params);
  ASSERT_TRUE(det.Run().ok());
  // 20 posts, 45 of 50 members on each: a pair shares about 20 * 0.9^2 = 16 of them.
  EXPECT_GE(SignificantShare(det, 1225, is("ring")), 0.95);
  EXPECT_EQ(SignificantShare(det, 780, is("fan")), 0.0);
  EXPECT_EQ(SignificantShare(det, 1000 * 999 / 2, is("bg")), 0.0);

  // The popularity null alone flags the fans: their idol's posts are rare overall.
  params.audience_null = false;
  CoordDetector popularity_only(&w.set, params);
  ASSERT_TRUE(popularity_only.Run().ok());
  EXPECT_GE(SignificantShare(popularity_only, 780, is("fan")), 0.9);
  EXPECT_GE(SignificantShare(popularity_only, 1225, is("ring")), 0.95);
}

TEST(CoordDetectorTest, PercentileCutDropsMostOfADominantRingSignificanceKeepsIt) {
  RingWorld w;
  // The CooRTweet-style 99th-percentile cut over the same shares.
  CoortweetParams cp;
  cp.time_window_seconds = 60;
  cp.min_participation = 2;
  CoortweetResult pairs = DetectGroups(w.set.action(0), w.dict, cp);
  CoNetwork net = GenerateCoordinatedNetwork(pairs.pairs, w.dict, 0.99);
  size_t ring_edges = 0, ring_kept = 0;
  for (const CoEdge& e : net.edges) {
    if (w.dict.accounts.Name(e.from).starts_with("ring") &&
        w.dict.accounts.Name(e.to).starts_with("ring")) {
      ++ring_edges;
      ring_kept += e.weight_threshold;
    }
  }
  ASSERT_EQ(ring_edges, 1225u);
  EXPECT_LT(ring_kept, 1225u / 2) << "threshold " << net.threshold;

  CoordParams params;
  params.co_share.time_window_seconds = 60;
  CoordDetector det(&w.set, params);
  ASSERT_TRUE(det.Run().ok());
  size_t ring_significant = 0;
  for (const CoordEdge& e : det.edges()) {
    ring_significant += e.significant && w.dict.accounts.Name(e.a).starts_with("ring") &&
                        w.dict.accounts.Name(e.b).starts_with("ring");
  }
  EXPECT_GE(ring_significant, 1225u * 95 / 100);
}

TEST(CoordDetectorTest, SameInputTwiceGivesTheSameEdgesAndGroups) {
  auto run = [](std::vector<std::pair<std::string, uint32_t>>* groups,
                std::vector<std::tuple<std::string, std::string, uint32_t, double>>* edges) {
    RingWorld w;
    CoordParams params;
    params.co_share.time_window_seconds = 60;
    CoordDetector det(&w.set, params);
    ASSERT_TRUE(det.Run().ok());
    for (const CoordEdge& e : det.edges()) {
      edges->emplace_back(w.dict.accounts.Name(e.a), w.dict.accounts.Name(e.b), e.weight, e.ln_q);
    }
    auto g = LeidenGroups(SignificantEdges(det), w.dict.accounts, LeidenParams{});
    ASSERT_TRUE(g.ok());
    for (const auto& [account, group] : g->members) {
      groups->emplace_back(w.dict.accounts.Name(account), group);
    }
  };
  std::vector<std::pair<std::string, uint32_t>> g1, g2;
  std::vector<std::tuple<std::string, std::string, uint32_t, double>> e1, e2;
  run(&g1, &e1);
  run(&g2, &e2);
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(g1, g2);
  // The ring is one group of 50.
  size_t ring_in_group0 = 0;
  for (const auto& [name, group] : g1) ring_in_group0 += name.starts_with("ring") && group == 0;
  EXPECT_EQ(ring_in_group0, 50u);
}

}  // namespace
}  // namespace sakimori::coord
