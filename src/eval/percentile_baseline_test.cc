#include "eval/percentile_baseline.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace sakimori::eval {
namespace {

// A ring of three accounts co-reposts ten posts within two seconds; ten fans each repost two
// of those posts (fan p: posts p and p+1) a few seconds later. Edge weights: ring-ring 10,
// fan-ring 2, fan-fan 1; the 0.9 quantile of the 43 weights is 2 and only weights above it
// are kept, so the ring is the one group, campaign and alert.
TEST(PercentileBaselineTest, RingBecomesOneCampaignWithAnAlert) {
  Dictionary dict;
  EventBatch batch;
  TimeMs t0 = 1752105600000;
  auto repost = [&](std::string_view actor, int post, TimeMs t) {
    Event& e = batch.Add();
    e.kind = EventKind::kRepost;
    e.time = t;
    e.actor = dict.accounts.Intern(actor);
    e.target = dict.posts.Intern(StrCat("p", post));
    e.post = dict.posts.Intern(StrCat("r", batch.size()));
  };
  for (int p = 0; p < 10; ++p) {
    TimeMs t = t0 + p * 3600000;
    repost("ring1", p, t);
    repost("ring2", p, t + 1000);
    repost("ring3", p, t + 2000);
    repost(StrCat("fan", p), p, t + 3000);
    repost(StrCat("fan", (p + 9) % 10), p, t + 4000);
  }
  auto baseline = PercentileBaseline::Make({.threshold = 0.9});
  ASSERT_TRUE(baseline.ok());
  ASSERT_TRUE((*baseline)->Update(batch).ok());
  auto results = (*baseline)->Finish(dict);
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->groups.size(), 1u);
  EXPECT_EQ(results->groups[0].members, (std::vector<std::string>{"ring1", "ring2", "ring3"}));
  ASSERT_EQ(results->accounts.size(), 3u);
  EXPECT_TRUE(results->accounts[0].flagged);
  ASSERT_EQ(results->alerts.size(), 1u);
  EXPECT_EQ(results->alerts[0].campaign, "c1");
  EXPECT_EQ(results->alerts[0].time, t0 + 9 * 3600000 + 2000);  // the ring's last repost
}

TEST(PercentileBaselineTest, RejectsQuantilesOutsideTheUnitInterval) {
  EXPECT_FALSE(PercentileBaseline::Make({.threshold = 1.5}).ok());
  EXPECT_FALSE(PercentileBaseline::Make({.threshold = 0.0}).ok());
}

}  // namespace
}  // namespace sakimori::eval
