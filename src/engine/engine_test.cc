// File: engine/engine_test.cc
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "common/strings.h"
#include "engine/ring_stream_testing.h"

namespace sakimori::engine {
namespace {

using testing_streams::kMinute;
using testing_streams::kT0;
using testing_streams::RingStream;

EngineOptions TestOptions() {
  EngineOptions o;
  o.coordination.channels = {{{coord::Action::kRepost, coord::Action::kLike}, 60}};
  o.detect_every_ms = 6 * 60 * kMinute;
  return o;
}

TEST(EngineTest, FindsTheRingAndOnlyTheRing) {
  Dictionary dict;
  EventBatch batch;
  RingStream(&dict, &batch);
  auto eng = Engine::Create(TestOptions(), &dict);
  ASSERT_TRUE(eng.ok()) << eng.status();
  ASSERT_TRUE((*eng)->Consume(batch).ok());
  ASSERT_TRUE((*eng)->Finish().ok());
  const Results& r = (*eng)->results();
  ASSERT_EQ(r.campaigns.size(), 1u);
  std::vector<std::string> members = r.campaigns[0].members;
  std::sort(members.begin(), members.end());
  std::vector<std::string> ring;
  for (int m = 0; m < 10; ++m) ring.push_back(StrCat("r", m));
  std::sort(ring.begin(), ring.end());
  EXPECT_EQ(members, ring);
  // The amplified posts are targets, and their author is not a member.
  EXPECT_EQ(std::count(members.begin(), members.end(), "critic"), 0);
  int critic_posts = 0;
  for (const std::string& item : r.campaigns[0].items) critic_posts += item[0] == 'c';
  EXPECT_EQ(critic_posts, 12);
  ASSERT_EQ(r.alerts.size(), 1u);
  EXPECT_EQ(r.alerts[0].campaign, r.campaigns[0].id);
  // Alerted at a detection mark, after the ring's third burst at the earliest.
  EXPECT_GE(r.alerts[0].time, kT0 + 4 * 60 * kMinute);
  EXPECT_EQ((r.alerts[0].time - kT0) % (6 * 60 * kMinute), 0);
  int flagged = 0;
  for (const AccountResult& a : r.accounts) {
    if (a.flagged) {
      ++flagged;
      EXPECT_EQ(a.id[0], 'r') << a.id;
    }
  }
  EXPECT_EQ(flagged, 10);
}

TEST(EngineTest, NoCampaignWithoutCoordination) {
  Dictionary dict;
  EventBatch batch;
  RingStream(&dict, &batch, /*ring_size=*/0);
  auto eng = Engine::Create(TestOptions(), &dict);
  ASSERT_TRUE(eng.ok());
  ASSERT_TRUE((*eng)->Consume(batch).ok());
  ASSERT_TRUE((*eng)->Finish().ok());
  EXPECT_TRUE((*eng)->results().campaigns.empty());
  EXPECT_TRUE((*eng)->results().alerts.empty());
}

TEST(EngineTest, SameInputSameResultsInOneBatchOrMany) {
  Dictionary d1, d2;
  EventBatch whole, scratch;
  RingStream(&d1, &whole);
  RingStream(&d2, &scratch);
  auto e1 = Engine::Create(TestOptions(), &d1);
  auto e2 = Engine::Create(TestOptions(), &d2);
  ASSERT_TRUE(e1.ok() && e2.ok());
  ASSERT_TRUE((*e1)->Consume(whole).ok());
  // The same events fed in batches of 37.
  const auto& events = scratch.events();
  for (size_t i = 0; i < events.size(); i += 37) {
    EventBatch part;
    for (size_t k = i; k < std::min(events.size(), i + 37); ++k) part.Add() = events[k];
    ASSERT_TRUE((*e2)->Consume(part).ok());
  }
  ASSERT_TRUE((*e1)->Finish().ok());
  ASSERT_TRUE((*e2)->Finish().ok());
  EXPECT_EQ(WriteResultsJson((*e1)->results()), WriteResultsJson((*e2)->results()));
}

TEST(CampaignTrackerTest, FollowsAGroupAndAlertsOnce) {
  CampaignOptions o;
  o.min_members = 3;
  CampaignTracker tracker(o);
  GroupEvidence g;
  g.members = {1, 2, 3, 4, 5, 6};
  g.internal_edges = 15;
  g.density = 1;
  g.median_delay_s = 10;
  g.pushed_items = 6;
  g.mean_automation = 0.9;
  ASSERT_GE(ScoreGroup(g), o.alert_score);
  // The same coordination by authentic-looking accounts stays below the alert threshold.
  GroupEvidence organic = g;
  organic.mean_automation = 0.05;
  EXPECT_LT(ScoreGroup(organic), o.alert_score);
  tracker.Step(1000, {g});
  GroupEvidence grown = g;
  grown.members = {1, 2, 3, 4, 5, 6, 7, 8};
  tracker.Step(2000, {grown});
  ASSERT_EQ(tracker.campaigns().size(), 1u);
  const Campaign& c = tracker.campaigns()[0];
  EXPECT_EQ(c.id, "c1");
  EXPECT_TRUE(c.alerted);
  EXPECT_EQ(c.alert_time, 1000);
  EXPECT_EQ(c.last_detected, 2000);
  EXPECT_EQ(c.evidence.members.size(), 8u);
  // A disjoint group is another campaign.
  GroupEvidence other = g;
  other.members = {10, 11, 12, 13};
  tracker.Step(3000, {grown, other});
  EXPECT_EQ(tracker.campaigns().size(), 2u);
}

TEST(AccountTrailsTest, RingKeepsTheNewestAndRoundTrips) {
  AccountTrails t;
  for (int i = 0; i < kTrailLength + 5; ++i) t.Add(3, PackItem(ItemKind::kPost, i), EventKind::kLike, i * 10);
  std::vector<TrailEntry> e = t.Of(3);
  ASSERT_EQ(e.size(), static_cast<size_t>(kTrailLength));
  EXPECT_EQ(ItemIdOf(e.front().item), 5u);
  EXPECT_EQ(e.front().kind, EventKind::kLike);
  EXPECT_EQ(ItemIdOf(e.back().item), static_cast<uint64_t>(kTrailLength + 4));
  EXPECT_TRUE(t.Of(2).empty());
  std::string bytes;
  t.Serialize(&bytes);
  AccountTrails u;
  ASSERT_TRUE(u.Deserialize(bytes).ok());
  EXPECT_EQ(u.Of(3).size(), e.size());
  EXPECT_EQ(u.Of(3).back().time, e.back().time);
  EXPECT_FALSE(u.Deserialize(std::string_view(bytes).substr(0, bytes.size() - 3)).ok());
}

}  // namespace
}  // namespace sakimori::engine
