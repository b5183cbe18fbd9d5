// File: detect/coord/coortweet_exact_test.cc
// CooRTweet semantics on constructed cases: the inclusive window boundary, shares in the same
// second, loops, the min_participation pre- and post-filter, and R's type-7 quantile.
#include "detect/coord/coortweet_exact.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

namespace sakimori::coord {
namespace {

class Table {
 public:
  Table() : set_({Action::kRepost}, ExtractOptions{}, &dict_) {}
  // One share row: object, account, content, time in seconds.
  void Row(const std::string& object, const std::string& account, const std::string& content,
           int64_t seconds) {
    set_.AddShare(0, object, dict_.accounts.Intern(account), seconds * 1000,
                  dict_.posts.Intern(content));
  }
  CoortweetResult Detect(double window, int64_t mp, bool remove_loops) {
    CoortweetParams p;
    p.time_window_seconds = window;
    p.min_participation = mp;
    p.remove_loops = remove_loops;
    return DetectGroups(set_.action(0), dict_, p);
  }
  std::string Content(uint32_t c) { return std::string(ContentName(dict_, c)); }
  std::string Account(AccountId a) { return std::string(dict_.accounts.Name(a)); }
  Dictionary& dict() { return dict_; }

 private:
  Dictionary dict_;
  ShareSet set_;
};

TEST(CoortweetExactTest, WindowBoundaryIsInclusive) {
  Table t;
  t.Row("o1", "a", "c1", 100);
  t.Row("o1", "b", "c2", 110);  // exactly 10 s later: a pair
  t.Row("o2", "a", "c3", 200);
  t.Row("o2", "b", "c4", 211);  // 11 s later: no pair
  CoortweetResult r = t.Detect(10, 1, true);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(t.Content(r.pairs[0].content), "c1");
  EXPECT_EQ(t.Content(r.pairs[0].content_y), "c2");
  EXPECT_DOUBLE_EQ(r.pairs[0].time_delta, 10);
}

TEST(CoortweetExactTest, OlderShareIsContentIdWhateverTheInputOrder) {
  Table t;
  t.Row("o1", "b", "c2", 105);
  t.Row("o1", "a", "c1", 100);
  CoortweetResult r = t.Detect(10, 1, true);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(t.Content(r.pairs[0].content), "c1");
  EXPECT_EQ(t.Account(r.pairs[0].account), "a");
  EXPECT_DOUBLE_EQ(r.pairs[0].time_delta, 5);
}

TEST(CoortweetExactTest, SameSecondOrdersByAccountFirstAppearance) {
  // CooRTweet's pre-filter regroups rows by account (in order of first appearance), so of
  // two shares in the same second the one by the account seen first is content_id, even
  // when it comes later in the input.
  Table t;
  t.Row("o0", "b", "c0", 0);    // b appears first
  t.Row("o1", "a", "c1", 100);  // a's share comes first for o1 ...
  t.Row("o1", "b", "c2", 100);  // ... but b ranks first
  CoortweetResult r = t.Detect(10, 1, true);
  ASSERT_EQ(r.pairs.size(), 1u);
  EXPECT_EQ(t.Content(r.pairs[0].content), "c2");
  EXPECT_EQ(t.Account(r.pairs[0].account), "b");
  EXPECT_DOUBLE_EQ(r.pairs[0].time_delta, 0);
}

TEST(CoortweetExactTest, LoopsRemovedOrKept) {
  Table t;
  t.Row("o1", "a", "c1", 100);
  t.Row("o1", "a", "c2", 103);  // a re-shares within the window: a loop
  t.Row("o1", "b", "c3", 104);
  CoortweetResult removed = t.Detect(10, 1, true);
  EXPECT_EQ(removed.pairs.size(), 2u);  // (c1,c3), (c2,c3)
  for (const CoPair& p : removed.pairs) EXPECT_NE(p.account, p.account_y);
  CoortweetResult kept = t.Detect(10, 1, false);
  ASSERT_EQ(kept.pairs.size(), 3u);
  CoNetwork net = GenerateCoordinatedNetwork(kept.pairs, t.dict(), 0.5);
  ASSERT_EQ(net.edges.size(), 2u);
  // First pair in output order is (c1,c2): the loop a-a, an edge from a to a.
  EXPECT_EQ(net.edges[0].from, net.edges[0].to);
  EXPECT_EQ(net.edges[0].weight, 1u);
  EXPECT_EQ(net.edges[1].weight, 2u);  // a-b from (c1,c3) and (c2,c3)
  EXPECT_DOUBLE_EQ(net.edges[1].avg_time_delta, 2.5);
  EXPECT_EQ(net.edges[1].n_content_id, 2u);
  EXPECT_EQ(net.edges[1].n_content_id_y, 1u);
  EXPECT_DOUBLE_EQ(net.edges[1].edge_symmetry_score, 0.5);
  // Weights {1, 2}: median 1.5, so only the second edge is above it.
  EXPECT_EQ(net.edges[0].weight_threshold, 0);
  EXPECT_EQ(net.edges[1].weight_threshold, 1);
}

TEST(CoortweetExactTest, ObjectEqualToContentIsALoop) {
  Table t;
  t.Row("o1", "a", "o1", 100);  // the original post itself is in the table
  t.Row("o1", "b", "c2", 101);
  EXPECT_TRUE(t.Detect(10, 1, true).pairs.empty());
  EXPECT_EQ(t.Detect(10, 1, false).pairs.size(), 1u);
}

TEST(CoortweetExactTest, MinParticipationPreAndPostFilter) {
  Table t;
  // a and b co-share o1 and o2; c co-shares o3 with a once but has 2 shares in total (its
  // other share is alone), d has one share only (pre-filtered with mp = 2).
  t.Row("o1", "a", "a1", 0);
  t.Row("o1", "b", "b1", 5);
  t.Row("o2", "a", "a2", 100);
  t.Row("o2", "b", "b2", 102);
  t.Row("o3", "a", "a3", 200);
  t.Row("o3", "c", "c3", 201);
  t.Row("o4", "c", "c4", 300);
  t.Row("o3", "d", "d3", 202);
  CoortweetResult r = t.Detect(10, 2, true);
  // Pre-filter drops d. Post-filter: in-pair contents a1 a2 a3 b1 b2 c3; a has 3, b 2, c 1:
  // a and b are kept, so (a3,c3) survives through a3 (either side suffices).
  ASSERT_EQ(r.pairs.size(), 3u);
  for (const CoPair& p : r.pairs) EXPECT_NE(t.Account(p.account_y), "d");
  EXPECT_EQ(t.Content(r.pairs[2].content), "a3");
  EXPECT_EQ(t.Content(r.pairs[2].content_y), "c3");
  // With mp = 3 b is dropped in the pre-filter (2 shares) and c too; nothing is left.
  EXPECT_TRUE(t.Detect(10, 3, true).pairs.empty());
}

TEST(CoortweetExactTest, PostFilterDropsPairsOfRareParticipants) {
  Table t;
  // a and b each have 2 shares (pass the pre-filter) but co-share only once.
  t.Row("o1", "a", "a1", 0);
  t.Row("o1", "b", "b1", 1);
  t.Row("o2", "a", "a2", 100);
  t.Row("o3", "b", "b2", 500);
  EXPECT_TRUE(t.Detect(10, 2, true).pairs.empty());
  EXPECT_EQ(t.Detect(10, 1, true).pairs.size(), 1u);
}

TEST(CoortweetExactTest, QuantileType7MatchesR) {
  // R: quantile(c(1,2,3,4,10), 0.5) = 3; quantile(1:4, 0.99) = 3.97;
  // quantile(c(5,1,1,2), 0.25) = 1; quantile(c(1,1,2,5), 0.9) = 4.1.
  EXPECT_DOUBLE_EQ(QuantileType7({1, 2, 3, 4, 10}, 0.5), 3);
  EXPECT_NEAR(QuantileType7({1, 2, 3, 4}, 0.99), 3.97, 1e-12);
  EXPECT_DOUBLE_EQ(QuantileType7({5, 1, 1, 2}, 0.25), 1);
  EXPECT_NEAR(QuantileType7({1, 1, 2, 5}, 0.9), 4.1, 1e-12);
}

TEST(CoortweetExactTest, FormatsNumbersLikeR) {
  EXPECT_EQ(FormatR(9), "9");
  EXPECT_EQ(FormatR(7.346153846153846), "7.34615384615385");
  EXPECT_EQ(FormatR(0.5), "0.5");
  EXPECT_EQ(FormatR(1e-300), "1e-300");
  EXPECT_EQ(FormatR(123456789012345678.0), "1.23456789012346e+17");
  // The same bytes as printf's %.15g (what R's write.csv amounts to) on many values.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    double v;
    switch (i % 4) {
      case 0:
        v = static_cast<double>(rng() % 100000);
        break;
      case 1:
        v = static_cast<double>(rng() % 1000000) / 1000.0;
        break;
      case 2:
        v = std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 200) - 150);
        break;
      default:
        v = -std::exp(static_cast<double>(rng() % 1000) / 10.0 - 50);
        break;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    ASSERT_EQ(FormatR(v), buf) << v;
  }
}

}  // namespace
}  // namespace sakimori::coord
