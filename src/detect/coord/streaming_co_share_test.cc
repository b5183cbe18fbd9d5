// File: detect/coord/streaming_co_share_test.cc
// The streaming form gives the same edges as the batch form on time-ordered input.
#include "detect/coord/streaming_co_share.h"

#include <gtest/gtest.h>

#include <random>

#include "common/strings.h"

namespace sakimori::coord {
namespace {

struct Row {
  int64_t t;
  uint32_t object, account;
};

void ExpectSameEdges(const std::vector<Row>& rows, uint32_t max_partners,
                     uint32_t max_window_shares = 0) {
  Dictionary dict;
  ShareSet batch_set({Action::kRepost}, ExtractOptions{}, &dict);
  StreamingParams sp;
  sp.time_window_seconds = 60;
  sp.max_partners = max_partners;
  sp.max_window_shares = max_window_shares;
  sp.sweep_every = 97;  // sweep often to exercise it
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
  for (const Row& r : rows) {
    std::string key = StrCat("o", r.object);
    batch_set.AddShare(0, key, r.account, r.t);
    stream.UpdateShare(0, key, r.account, r.t);
  }
  CoShareParams bp;
  bp.time_window_seconds = 60;
  bp.max_partners = max_partners;
  bp.max_window_shares = max_window_shares;
  ActionEdges batch = ComputeActionEdges(batch_set.action(0), bp);
  std::vector<StreamEdge> snap = stream.Snapshot();
  ASSERT_EQ(snap.size(), batch.edges.size());
  ASSERT_GT(snap.size(), 100u);
  for (const StreamEdge& e : snap) {
    auto it = batch.edges.find(PairKey(e.a, e.b));
    ASSERT_NE(it, batch.edges.end());
    EXPECT_EQ(e.acc.weight, it->second.weight);
    EXPECT_EQ(e.acc.a_first, it->second.a_first);
    EXPECT_EQ(e.acc.b_first, it->second.b_first);
    EXPECT_DOUBLE_EQ(e.acc.sum_delay_ms, it->second.sum_delay_ms);
  }
  EXPECT_EQ(stream.stats().burst_resets, 0u);
  if (max_window_shares == 0 || max_partners > max_window_shares) {
    EXPECT_EQ(stream.stats().crowd_skipped, batch.stats.crowd_skipped);
  } else {  // the window keeps max_window_shares + 1 shares: the count is of those
    EXPECT_LT(stream.stats().crowd_skipped, batch.stats.crowd_skipped);
  }
  if (max_window_shares > 0) {
    EXPECT_GT(stream.stats().crowd_skipped, 0u);
  }
}

// 20,000 shares, time steps up to `max_step_ms`, 40 busy objects and 2,000 rare ones.
std::vector<Row> RandomRows(uint64_t seed, uint64_t max_step_ms = 3000) {
  std::mt19937_64 rng(seed);
  std::vector<Row> rows;
  int64_t t = 0;
  for (int i = 0; i < 20000; ++i) {
    t += static_cast<int64_t>(rng() % max_step_ms);  // ms; same-millisecond ties happen
    if (rng() % 10 == 0) t -= 0;                     // keep ties
    uint32_t object = static_cast<uint32_t>(rng() % 40);
    if (rng() % 4 == 0) object = 40 + static_cast<uint32_t>(rng() % 2000);
    rows.push_back({t - (t % 1000) * static_cast<int64_t>(rng() % 2), object,
                    static_cast<uint32_t>(rng() % 300)});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  return rows;
}

TEST(StreamingCoShareTest, SameEdgesAsBatch) { ExpectSameEdges(RandomRows(1), 10000); }

TEST(StreamingCoShareTest, SameEdgesAsBatchUnderThePartnerCap) {
  std::vector<Row> rows = RandomRows(2);
  ExpectSameEdges(rows, 5);
}

TEST(StreamingCoShareTest, SameEdgesAsBatchUnderTheCrowdCap) {
  std::vector<Row> rows = RandomRows(4, 100);  // about 20 shares of a busy object a minute
  ExpectSameEdges(rows, 10000, 12);            // cap below the partner cap
  ExpectSameEdges(rows, 5, 12);  // cap above it: the window keeps 13 shares, pairs with 5
}

TEST(StreamingCoShareTest, UpdateWithEventsMatchesBatchOnUrlsAndHashtags) {
  Dictionary dict;
  EventBatch batch;
  std::mt19937_64 rng(3);
  const std::vector<std::string> urls = {"https://a.example/1", "https://A.example/1#x",
                                         "https://b.example/2?utm_source=q", "https://b.example/2"};
  const std::vector<std::string> tags = {"#Wahl", "#wahl", "#Klima"};
  for (int i = 0; i < 3000; ++i) {
    Event& e = batch.Add();
    e.kind = EventKind::kPost;
    e.time = i * 7000 + static_cast<int64_t>(rng() % 5000);
    e.actor = dict.accounts.Intern(StrCat("u", rng() % 50));
    std::vector<std::string_view> u = {urls[rng() % urls.size()]};
    std::vector<std::string_view> h = {tags[rng() % tags.size()]};
    e.urls = batch.CopyList(u);
    e.hashtags = batch.CopyList(h);
  }
  std::vector<Action> actions = {Action::kUrl, Action::kHashtag};
  ShareSet set(actions, ExtractOptions{}, &dict);
  set.Add(batch);
  StreamingCoShare stream(actions, ExtractOptions{}, &dict, StreamingParams{});
  for (const Event& e : batch.events()) stream.Update(e);
  std::vector<StreamEdge> snap = stream.Snapshot();
  size_t batch_edges = 0;
  for (size_t i = 0; i < actions.size(); ++i) {
    CoShareParams p;
    ActionEdges ae = ComputeActionEdges(set.action(i), p);
    batch_edges += ae.edges.size();
    for (const StreamEdge& e : snap) {
      if (e.action_index != i) continue;
      auto it = ae.edges.find(PairKey(e.a, e.b));
      ASSERT_NE(it, ae.edges.end());
      EXPECT_EQ(e.acc.weight, it->second.weight);
      EXPECT_EQ(e.acc.a_first, it->second.a_first);
    }
  }
  EXPECT_EQ(snap.size(), batch_edges);
  EXPECT_GT(batch_edges, 1000u);
}

TEST(StreamingCoShareTest, WindowEvictionsAreCounted) {
  Dictionary dict;
  StreamingParams sp;
  sp.max_partners = 3;
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
  for (int i = 0; i < 10; ++i) stream.UpdateShare(0, "o", static_cast<AccountId>(i), i * 1000);
  EXPECT_EQ(stream.stats().window_evictions, 7u);
  // Share j pairs with min(j, 3) predecessors: 1 + 2 + 3 * 7 = 24 distinct pairs.
  EXPECT_EQ(stream.Snapshot().size(), 24u);
}

}  // namespace
}  // namespace sakimori::coord
