#include "eval/rate_baseline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace sakimori::eval {
namespace {

constexpr TimeMs kT0 = 1752116400000;

TEST(RateBaselineTest, MaxInWindowIsHalfOpen) {
  std::vector<TimeMs> times = {3600, 0, 1800, 3599, 7200};
  EXPECT_EQ(MaxInWindow(&times, 3600), 3);  // [0, 3600) holds 0 1800 3599
  std::vector<TimeMs> none;
  EXPECT_EQ(MaxInWindow(&none, 3600), 0);
  std::vector<TimeMs> same(5, 42);
  EXPECT_EQ(MaxInWindow(&same, 1), 5);
}

// A shuffled stream: "fast1" likes 100 posts in 30 minutes; "fast2" acts 61 times 59 s apart
// (61 in one hour); "edge" acts 61 times 60 s apart (never more than 60 in a half-open hour);
// "steady" acts every 2 minutes for 400 minutes (30 per hour); "profiler" only updates its
// profile, 500 times in a second.
TEST(RateBaselineTest, FlagsExactlyTheFastAccounts) {
  Dictionary dict;
  struct Planned {
    std::string actor;
    EventKind kind;
    TimeMs time;
  };
  std::vector<Planned> planned;
  for (int i = 0; i < 100; ++i) planned.push_back({"fast1", EventKind::kLike, kT0 + i * 18000});
  for (int i = 0; i < 61; ++i) planned.push_back({"fast2", EventKind::kRepost, kT0 + i * 59000});
  for (int i = 0; i < 61; ++i) planned.push_back({"edge", EventKind::kPost, kT0 + i * 60000});
  for (int i = 0; i < 200; ++i) {
    planned.push_back({"steady", EventKind::kReply, kT0 + i * 2 * kMsPerMinute});
  }
  for (int i = 0; i < 500; ++i) {
    planned.push_back({"profiler", EventKind::kProfileUpdate, kT0 + i});
  }
  std::mt19937 rng(7);
  std::shuffle(planned.begin(), planned.end(), rng);

  auto baseline = RateBaseline::Make({});
  ASSERT_TRUE(baseline.ok()) << baseline.status();
  EventBatch batch;
  for (size_t i = 0; i < planned.size(); ++i) {
    Event& e = batch.Add();
    e.actor = dict.accounts.Intern(planned[i].actor);
    e.kind = planned[i].kind;
    e.time = planned[i].time;
    if (batch.events().size() == 100 || i + 1 == planned.size()) {
      ASSERT_TRUE((*baseline)->Update(batch).ok());
      batch.Clear();
    }
  }
  auto results = (*baseline)->Finish(dict);
  ASSERT_TRUE(results.ok()) << results.status();
  std::set<std::string> flagged;
  for (const AccountResult& a : results->accounts) {
    if (a.flagged) flagged.insert(a.id);
  }
  EXPECT_EQ(flagged, (std::set<std::string>{"fast1", "fast2"}));
  ASSERT_EQ(results->accounts.size(), 4u);  // "profiler" has no actions
  EXPECT_EQ(results->accounts[0].id, "fast1");
  EXPECT_DOUBLE_EQ(results->accounts[0].score, 100.0 / 160.0);
  EXPECT_EQ(results->accounts[1].id, "fast2");
  EXPECT_DOUBLE_EQ(results->accounts[1].score, 61.0 / 121.0);
  EXPECT_EQ(results->accounts[2].id, "edge");
  EXPECT_DOUBLE_EQ(results->accounts[2].score, 0.5);
  EXPECT_EQ(results->accounts[3].id, "steady");
  EXPECT_DOUBLE_EQ(results->accounts[3].score, 30.0 / 90.0);
}

TEST(RateBaselineTest, ThresholdIsConfigurableAndValidated) {
  EXPECT_FALSE(RateBaseline::Make({.threshold = 0}).ok());
  EXPECT_FALSE(RateBaseline::Make({.threshold = -3}).ok());
  Dictionary dict;
  RateBaseline baseline(/*threshold=*/29);
  EventBatch batch;
  for (int i = 0; i < 30; ++i) {
    Event& e = batch.Add();
    e.actor = dict.accounts.Intern("a");
    e.kind = EventKind::kFollow;
    e.time = kT0 + i * kMsPerMinute;
  }
  ASSERT_TRUE(baseline.Update(batch).ok());
  auto results = baseline.Finish(dict);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->accounts.size(), 1u);
  EXPECT_TRUE(results->accounts[0].flagged);
}

}  // namespace
}  // namespace sakimori::eval
