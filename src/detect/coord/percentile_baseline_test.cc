// File: detect/coord/percentile_baseline_test.cc
#include "detect/coord/percentile_baseline.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace sakimori::coord {
namespace {

TEST(PercentileBaselineTest, ReturnsTheHeavyComponentsAsGroups) {
  Dictionary dict;
  EventBatch batch;
  uint32_t n = 0;
  auto repost = [&](const std::string& account, const std::string& object, int64_t t_s) {
    Event& e = batch.Add();
    e.kind = EventKind::kRepost;
    e.time = t_s * 1000;
    e.actor = dict.accounts.Intern(account);
    e.post = dict.posts.Intern(StrCat("c", n++));
    e.target = dict.posts.Intern(object);
  };
  // Two trios repost 30 posts each within 5 s; a chain of background
  // accounts co-reposts once per pair.
  for (int p = 0; p < 30; ++p) {
    for (int i = 0; i < 3; ++i) repost(StrCat("r", i), StrCat("p", p), p * 1000 + i * 2);
    for (int i = 0; i < 3; ++i) repost(StrCat("s", i), StrCat("q", p), 500000 + p * 1000 + i);
  }
  // Background: a chain of 1,001 accounts, bg_k and bg_k+1 co-reposting y_k once, so
  // every account has two shares (and two co-reposts at most): 1,000 edges of weight 1.
  for (int k = 0; k < 1000; ++k) {
    repost(StrCat("bg", k), StrCat("y", k), 900000 + k * 1000);
    repost(StrCat("bg", k + 1), StrCat("y", k), 900000 + k * 1000 + 3);
  }
  repost("bg0", "lone0", 5000000);
  repost("bg1000", "lone1", 5000000);
  PercentileBaselineResult r = PercentileBaseline(batch.events(), dict);
  EXPECT_EQ(r.edges, 3u + 3u + 1000u);
  EXPECT_DOUBLE_EQ(r.threshold, 1.0);  // the 99th percentile of {30 x6, 1 x1000} is 1
  EXPECT_EQ(r.kept_edges, 6u);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0], (std::vector<std::string>{"r0", "r1", "r2"}));
  EXPECT_EQ(r.groups[1], (std::vector<std::string>{"s0", "s1", "s2"}));
}

}  // namespace
}  // namespace sakimori::coord
