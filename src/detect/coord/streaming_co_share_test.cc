// File: detect/coord/streaming_co_share_test.cc
// The streaming form gives the same edges as the batch form on time-ordered input.
#include "detect/coord/streaming_co_share.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <random>
#include <set>

#include "common/checkpoint_test_util.h"
#include "common/strings.h"

namespace sakimori::coord {
namespace {

struct Row {
  int64_t t;
  uint32_t object, account;
};

void ExpectSameEdges(const std::vector<Row>& rows, uint32_t max_partners,
                     uint32_t max_window_shares = 0, double window_seconds = 60) {
  Dictionary dict;
  ShareSet batch_set({Action::kRepost}, ExtractOptions{}, &dict);
  StreamingParams sp;
  sp.time_window_seconds = window_seconds;
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
  bp.time_window_seconds = window_seconds;
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
  // Each pair a share formed added one burst to one edge.
  uint64_t bursts = 0;
  for (const StreamEdge& e : snap) bursts += e.acc.weight;
  EXPECT_EQ(stream.stats().pair_updates, bursts);
  // The null model's per-object counts, in order of first share as in batch; q_o counts the
  // shares the window holds, so it agrees when no bound drops any.
  const ActionPopularity pop = stream.Popularity(0);
  EXPECT_EQ(pop.total_shares, batch.popularity.total_shares);
  EXPECT_EQ(pop.object_shares, batch.popularity.object_shares);
  ASSERT_EQ(pop.object_window_share.size(), batch.popularity.object_window_share.size());
  for (size_t o = 0; stream.stats().window_evictions == 0 && o < pop.object_window_share.size();
       ++o) {
    EXPECT_DOUBLE_EQ(pop.object_window_share[o], batch.popularity.object_window_share[o]) << o;
  }
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

// Feeds `batch` to the batch form and, with the prefetch hints `ahead` events ahead when
// `ahead` > 0, to the streaming form's Update, and expects the same edges (over 1000).
void ExpectUpdateMatchesBatch(const EventBatch& batch, const std::vector<Action>& actions,
                              const Dictionary& dict, size_t ahead) {
  ShareSet set(actions, ExtractOptions{}, &dict);
  set.Add(batch);
  StreamingCoShare stream(actions, ExtractOptions{}, &dict, StreamingParams{});
  const std::vector<Event>& events = batch.events();
  for (size_t i = 0; i < events.size(); ++i) {
    if (ahead > 0 && i + ahead < events.size()) {
      stream.PrefetchObject(events[i + ahead]);
      stream.PrefetchWindow(events[i + ahead / 2]);
    }
    stream.Update(events[i]);
  }
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
  ExpectUpdateMatchesBatch(batch, {Action::kUrl, Action::kHashtag}, dict, 0);
}

// Post-keyed actions: Update names objects by post id, the batch form by post name; the
// prefetch hints change nothing.
TEST(StreamingCoShareTest, UpdateWithEventsMatchesBatchOnPostsWithOrWithoutPrefetch) {
  Dictionary dict;
  EventBatch batch;
  std::mt19937_64 rng(5);
  const EventKind kinds[] = {EventKind::kRepost, EventKind::kLike, EventKind::kReply,
                             EventKind::kPost};
  for (int i = 0; i < 4000; ++i) {
    Event& e = batch.Add();
    e.kind = kinds[rng() % 4];
    e.time = i * 3000 + static_cast<int64_t>(rng() % 2000);
    e.actor = dict.accounts.Intern(StrCat("u", rng() % 60));
    if (e.kind != EventKind::kPost) e.target = dict.posts.Intern(StrCat("p", rng() % 40));
  }
  const std::vector<Action> actions = {Action::kRepost, Action::kLike, Action::kEngage};
  ExpectUpdateMatchesBatch(batch, actions, dict, 0);
  ExpectUpdateMatchesBatch(batch, actions, dict, 8);
}

TEST(StreamingCoShareTest, SameEdgesAsBatchWithDelaysTooLongToHoldInline) {
  // A 3-hour window: delays above 2^22 ms (70 min) go straight to the accumulators.
  std::vector<Row> rows = RandomRows(5, 3000);
  for (Row& r : rows) r.t *= 200;  // steps up to 10 minutes
  ExpectSameEdges(rows, 10000, 0, 3 * 3600);
}

// A 60 s window; single edges are forgotten once idle for an hour.
StreamingParams ForgetAfterAnHour() {
  StreamingParams sp;
  sp.time_window_seconds = 60;
  sp.single_idle_ms = 3600 * 1000;
  return sp;
}

TEST(StreamingCoShareTest, ForgetsEdgesSeenInOneBurstOnly) {
  Dictionary dict;
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, ForgetAfterAnHour());
  constexpr int64_t kHour = 3600 * 1000;
  // Hour 0: accounts 1-2 co-share twice (weight 2), 3-4 once (weight 1).
  stream.UpdateShare(0, "a", 1, 0);
  stream.UpdateShare(0, "a", 2, 1000);
  stream.UpdateShare(0, "b", 1, 10 * 60 * 1000);
  stream.UpdateShare(0, "b", 2, 10 * 60 * 1000 + 500);
  stream.UpdateShare(0, "c", 3, 20 * 60 * 1000);
  stream.UpdateShare(0, "c", 4, 20 * 60 * 1000 + 2000);
  EXPECT_EQ(stream.NumEdges(0), 2u);
  EXPECT_EQ(stream.InlineEdges(0), 1u);
  // Hour 1: 5-6 co-share once; 3-4 is idle but only one period old.
  stream.UpdateShare(0, "d", 5, kHour + 1000);
  stream.UpdateShare(0, "d", 6, kHour + 4000);
  EXPECT_EQ(stream.NumEdges(0), 3u);
  EXPECT_EQ(stream.stats().singles_forgotten, 0u);
  // Hour 2: 3-4 (from hour 0) is forgotten, 5-6 (hour 1) is kept, 1-2 (weight 2) is kept.
  stream.UpdateShare(0, "e", 7, 2 * kHour);
  EXPECT_EQ(stream.stats().singles_forgotten, 1u);
  EdgeAcc acc;
  EXPECT_FALSE(stream.FindEdge(0, 3, 4, &acc));
  ASSERT_TRUE(stream.FindEdge(0, 6, 5, &acc));
  EXPECT_EQ(acc.weight, 1u);
  EXPECT_EQ(acc.a_first, 1u);
  EXPECT_DOUBLE_EQ(acc.sum_delay_ms, 3000);
  ASSERT_TRUE(stream.FindEdge(0, 1, 2, &acc));
  EXPECT_EQ(acc.weight, 2u);
  EXPECT_DOUBLE_EQ(acc.sum_delay_ms, 1500);
  // 3-4 co-share again: a new edge of weight 1.
  stream.UpdateShare(0, "f", 3, 2 * kHour + 5000);
  stream.UpdateShare(0, "f", 4, 2 * kHour + 6000);
  ASSERT_TRUE(stream.FindEdge(0, 3, 4, &acc));
  EXPECT_EQ(acc.weight, 1u);
  EXPECT_EQ(stream.NumEdges(0), 3u);
  // Checks run every quarter hour: 8-9 (at 3:00) is kept while idle for under an hour (3:59),
  // and gone at the first check after it has been idle for an hour (4:15).
  stream.UpdateShare(0, "g", 8, 3 * kHour);
  stream.UpdateShare(0, "g", 9, 3 * kHour + 1000);
  stream.UpdateShare(0, "h", 20, 3 * kHour + 59 * 60 * 1000);
  EXPECT_TRUE(stream.FindEdge(0, 8, 9, &acc));
  stream.UpdateShare(0, "h", 21, 4 * kHour + 15 * 60 * 1000);
  EXPECT_FALSE(stream.FindEdge(0, 8, 9, &acc));
  // After 32 hours without events (128 checks: the 7-bit stamps wrap around) 10-11 is gone.
  stream.UpdateShare(0, "i", 10, 5 * kHour);
  stream.UpdateShare(0, "i", 11, 5 * kHour + 1000);
  ASSERT_TRUE(stream.FindEdge(0, 10, 11, &acc));
  stream.UpdateShare(0, "j", 22, 37 * kHour);
  EXPECT_FALSE(stream.FindEdge(0, 10, 11, &acc));
}

// A table (the smaller account's) with single edges from two ticks: each goes when its own
// tick is a period old.
TEST(StreamingCoShareTest, ForgetsEachSingleEdgeOfATableOnItsOwnTime) {
  Dictionary dict;
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, ForgetAfterAnHour());
  constexpr int64_t kMin = 60 * 1000;
  stream.UpdateShare(0, "a", 30, 0);
  stream.UpdateShare(0, "a", 31, 1000);
  stream.UpdateShare(0, "b", 30, 50 * kMin);
  stream.UpdateShare(0, "b", 32, 50 * kMin + 1000);
  EdgeAcc acc;
  stream.UpdateShare(0, "c", 40, 75 * kMin);  // 30-31 idle 75 min, 30-32 idle 25 min
  EXPECT_FALSE(stream.FindEdge(0, 30, 31, &acc));
  EXPECT_TRUE(stream.FindEdge(0, 30, 32, &acc));
  stream.UpdateShare(0, "d", 41, 110 * kMin);  // 30-32 idle 60 min: not yet checked
  EXPECT_TRUE(stream.FindEdge(0, 30, 32, &acc));
  stream.UpdateShare(0, "e", 42, 121 * kMin);
  EXPECT_FALSE(stream.FindEdge(0, 30, 32, &acc));
  EXPECT_EQ(stream.stats().singles_forgotten, 2u);
}

// With forget_min_expected, an idle single edge of two busy accounts (a co-action expected by
// chance) is forgotten and that of two quiet accounts kept.
TEST(StreamingCoShareTest, ForgetsOnlySingleEdgesExpectedByChance) {
  Dictionary dict;
  StreamingParams sp = ForgetAfterAnHour();
  constexpr int64_t kHour = 3600 * 1000;
  auto feed = [](StreamingCoShare& stream) {
    // Accounts 1 and 2 share 50 posts each, alone; 3 and 4 share nothing else.
    for (int k = 0; k < 50; ++k) {
      stream.UpdateShare(0, StrCat("solo1_", k), 1, k * 60 * 1000);
      stream.UpdateShare(0, StrCat("solo2_", k), 2, k * 60 * 1000 + 30 * 1000);
    }
    stream.UpdateShare(0, "x", 1, kHour);
    stream.UpdateShare(0, "x", 2, kHour + 1000);
    stream.UpdateShare(0, "y", 3, kHour + 2000);
    stream.UpdateShare(0, "y", 4, kHour + 3000);
  };
  StreamingCoShare probe({Action::kRepost}, ExtractOptions{}, &dict, sp);
  feed(probe);
  const double s_null = probe.NullS(0);
  const double busy = 51.0 * 51.0 * s_null, quiet = 1.0 * 1.0 * s_null;
  ASSERT_GT(quiet, 0);
  ASSERT_EQ(probe.AccountShares(0, 1), 51u);

  sp.forget_min_expected = std::sqrt(busy * quiet);  // between the two
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
  feed(stream);
  stream.UpdateShare(0, "late", 9, 3 * kHour);
  EdgeAcc acc;
  EXPECT_FALSE(stream.FindEdge(0, 1, 2, &acc));
  ASSERT_TRUE(stream.FindEdge(0, 3, 4, &acc));
  EXPECT_EQ(acc.weight, 1u);
  EXPECT_EQ(stream.stats().singles_forgotten, 1u);
  // Without the bound both go.
  sp.forget_min_expected = 0;
  StreamingCoShare all({Action::kRepost}, ExtractOptions{}, &dict, sp);
  feed(all);
  all.UpdateShare(0, "late", 9, 3 * kHour);
  EXPECT_EQ(all.stats().singles_forgotten, 2u);
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

// One object whose window slides over 3,000 shares (the ring wraps around many times), with
// bursts of 40 shares in the same second now and then (the ring grows while its head is
// inside it) and gaps longer than the window (new bursts: the ring is freed).
std::vector<Row> SlidingRows(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Row> rows;
  int64_t t = 0;
  for (int i = 0; i < 3000; ++i) {
    if (i % 500 == 250) {
      for (int k = 0; k < 40; ++k) rows.push_back({t, 0, static_cast<uint32_t>(rng() % 200)});
    }
    t += i % 700 == 0 ? 200000 : 5000 + static_cast<int64_t>(rng() % 20000);
    rows.push_back({t, 0, static_cast<uint32_t>(rng() % 200)});
    if (rng() % 3 == 0) rows.push_back({t, 1 + static_cast<uint32_t>(rng() % 50), 7});
  }
  return rows;
}

TEST(StreamingCoShareTest, WindowRingWrapsAndGrowsLikeTheBatchWindow) {
  const std::vector<Row> rows = SlidingRows(6);
  ExpectSameEdges(rows, 10000);
  ExpectSameEdges(rows, 7);      // evictions at the partner bound while the ring wraps
  ExpectSameEdges(rows, 4, 12);  // the crowd cap keeps 13 shares and pairs with 4
}

TEST(StreamingCoShareTest, WindowKeepsExactlyTheBoundWhenFull) {
  Dictionary dict;
  StreamingParams sp;
  sp.max_partners = 5;
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
  // 100 shares of one object 1 s apart: share j pairs with the 5 before it; then an account
  // that shared long ago (account 0, now evicted) shares again and pairs only with the last 5.
  for (int i = 0; i < 100; ++i) stream.UpdateShare(0, "o", static_cast<AccountId>(i), i * 1000);
  EXPECT_EQ(stream.stats().window_evictions, 95u);
  stream.UpdateShare(0, "o", 0, 100 * 1000);
  EXPECT_EQ(stream.stats().window_evictions, 96u);
  EdgeAcc acc;
  EXPECT_FALSE(stream.FindEdge(0, 0, 94, &acc));
  for (AccountId b = 95; b < 100; ++b) {
    ASSERT_TRUE(stream.FindEdge(0, 0, b, &acc)) << b;
    EXPECT_EQ(acc.weight, 1u);
    EXPECT_EQ(acc.b_first, 1u);  // b acted first
    EXPECT_DOUBLE_EQ(acc.sum_delay_ms, (100.0 - b) * 1000);
  }
  // 1 + 2 + 3 + 4 + 95 * 5 pairs, plus 5.
  EXPECT_EQ(stream.NumEdges(0), 10u + 95u * 5u + 5u);
}

TEST(StreamingCoShareTest, EdgeTableGrowsAndShrinksKeepingEveryEdge) {
  // Account 0 co-shares with 5,000 partners (its table grows through every capacity up to
  // 8,191); every fifth partner co-shares twice (an accumulator), the rest once (inline).
  Dictionary dict;
  StreamingParams sp;
  sp.single_idle_ms = 3600 * 1000;
  StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
  constexpr int64_t kHour = 3600 * 1000;
  for (AccountId b = 1; b <= 5000; ++b) {
    const std::string key = StrCat("o", b);
    stream.UpdateShare(0, key, 0, b * 100);
    stream.UpdateShare(0, key, b, b * 100 + b % 7);
    if (b % 5 == 0) {
      const std::string again = StrCat("p", b);
      stream.UpdateShare(0, again, b, b * 100 + 10);
      stream.UpdateShare(0, again, 0, b * 100 + 13);
    }
  }
  EXPECT_EQ(stream.NumEdges(0), 5000u);
  EXPECT_EQ(stream.InlineEdges(0), 4000u);
  for (AccountId b = 1; b <= 5000; ++b) {
    EdgeAcc acc;
    ASSERT_TRUE(stream.FindEdge(0, b, 0, &acc)) << b;
    if (b % 5 == 0) {
      EXPECT_EQ(acc.weight, 2u);
      EXPECT_EQ(acc.a_first, b % 7 == 0 ? 0u : 1u);
      EXPECT_EQ(acc.b_first, 1u);
      EXPECT_DOUBLE_EQ(acc.sum_delay_ms, static_cast<double>(b % 7 + 3));
    } else {
      EXPECT_EQ(acc.weight, 1u);
      EXPECT_DOUBLE_EQ(acc.sum_delay_ms, static_cast<double>(b % 7));
    }
  }
  EdgeAcc none;
  EXPECT_FALSE(stream.FindEdge(0, 0, 5001, &none));
  // Two hours later the 4,000 single edges are forgotten and the table is rebuilt smaller,
  // holding the 1,000 others.
  stream.UpdateShare(0, "late", 9999, 2 * kHour + 1);
  EXPECT_EQ(stream.stats().singles_forgotten, 4000u);
  EXPECT_EQ(stream.NumEdges(0), 1000u);
  const size_t bytes = stream.EdgeBytes();
  for (AccountId b = 5; b <= 5000; b += 5) {
    EdgeAcc acc;
    ASSERT_TRUE(stream.FindEdge(0, 0, b, &acc)) << b;
    EXPECT_EQ(acc.weight, 2u);
  }
  EXPECT_FALSE(stream.FindEdge(0, 0, 1, &none));
  EXPECT_EQ(stream.Snapshot().size(), 1000u);
  EXPECT_LT(bytes, size_t{1} << 20);
}

// A stream that crosses every part of the state: post-keyed actions and hashtags, bursts and
// gaps longer than the window, a partner cap and a crowd cap, listed edges pruned as the null
// model moves, single edges forgotten, windows swept and reused.
void CheckpointStream(Dictionary* dict, EventBatch* out) {
  EventBatch& batch = *out;
  std::mt19937_64 rng(11);
  const EventKind kinds[] = {EventKind::kRepost, EventKind::kLike, EventKind::kPost};
  const std::vector<std::string> tags = {"#a", "#b", "#c", "#d"};
  int64_t t = 0;
  for (int i = 0; i < 6000; ++i) {
    t += i % 1500 == 0 ? 2 * 3600 * 1000 : static_cast<int64_t>(rng() % 800);
    Event& e = batch.Add();
    e.kind = kinds[rng() % 3];
    e.time = t;
    // A ring of 12 accounts acts together on every third event; 200 others at random.
    e.actor = dict->accounts.Intern(StrCat("u", i % 3 == 0 ? rng() % 12 : 12 + rng() % 200));
    if (e.kind != EventKind::kPost) {
      e.target = dict->posts.Intern(StrCat("p", i % 3 == 0 ? i / 45 : rng() % 300));
    } else {
      std::vector<std::string_view> h = {tags[rng() % tags.size()]};
      e.hashtags = batch.CopyList(h);
    }
  }
}

StreamingParams CheckpointParams() {
  StreamingParams sp;
  sp.time_window_seconds = 30;
  sp.max_partners = 6;
  sp.max_window_shares = 9;
  sp.sweep_every = 61;
  sp.track_weight = 2;
  sp.track_ln_p = -1;
  sp.single_idle_ms = 3600 * 1000;
  sp.forget_min_expected = 1e-4;
  return sp;
}

const std::vector<Action> kCheckpointActions = {Action::kRepost, Action::kLike, Action::kEngage,
                                                Action::kHashtag};

// Feeds events [from, to) as the engine does, pruning the listed edges every 500 events.
void Feed(StreamingCoShare& stream, const std::vector<Event>& events, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    stream.Update(events[i]);
    if (i % 500 == 499) stream.PruneTracked();
  }
}

// Everything observable, in a comparable form.
std::string Observed(const StreamingCoShare& s) {
  std::string out;
  for (const StreamEdge& e : s.Snapshot()) {
    out += StrCat(e.action_index, " ", e.a, "-", e.b, " ", e.acc.weight, " ", e.acc.a_first, " ",
                  e.acc.b_first, " ", e.acc.sum_delay_ms, "\n");
  }
  for (size_t a = 0; a < s.num_actions(); ++a) {
    s.ForEachEdge(a, 2, [&](AccountId x, AccountId y, const EdgeAcc& acc) {
      out += StrCat("listed ", a, " ", x, "-", y, " ", acc.weight, "\n");
    });
    const ActionPopularity pop = s.Popularity(a);
    out += StrCat("S ", s.NullS(a), " n ", pop.total_shares, " objects ", pop.object_shares.size(),
                  " inline ", s.InlineEdges(a), "\n");
  }
  const StreamingStats& st = s.stats();
  out += StrCat(st.shares, " ", st.window_evictions, " ", st.burst_resets, " ", st.live_objects,
                " ", st.out_of_order, " ", st.crowd_skipped, " ", st.singles_forgotten, " ",
                st.pair_updates, "\n");
  return out;
}

TEST(StreamingCoShareCheckpointTest, RestoredStateContinuesExactly) {
  Dictionary dict;
  EventBatch batch;
  CheckpointStream(&dict, &batch);
  const std::vector<Event>& events = batch.events();
  StreamingCoShare whole(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  Feed(whole, events, 0, events.size());
  const StreamingStats& st = whole.stats();
  // The stream crosses what it is meant to.
  ASSERT_GT(st.window_evictions, 0u);
  ASSERT_GT(st.crowd_skipped, 0u);
  ASSERT_GT(st.singles_forgotten, 0u);
  ASSERT_GT(whole.TrackedEdges(0), 0u);
  ASSERT_GT(whole.NumEdges(2), 100u);
  std::string final_bytes;
  whole.Serialize(&final_bytes);
  EXPECT_EQ(final_bytes.size(), whole.CheckpointBytes());

  for (size_t cut : {size_t{0}, size_t{1}, size_t{777}, events.size() / 2, events.size() - 3}) {
    StreamingCoShare first(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
    Feed(first, events, 0, cut);
    std::string bytes;
    first.Serialize(&bytes);
    EXPECT_EQ(bytes.size(), first.CheckpointBytes()) << cut;  // reserved exactly
    // Parameters come from the checkpoint, not the constructor.
    StreamingCoShare restored(kCheckpointActions, ExtractOptions{}, &dict, StreamingParams{});
    ASSERT_TRUE(restored.Deserialize(bytes).ok()) << cut;
    EXPECT_EQ(Observed(restored), Observed(first)) << cut;
    std::string again;
    restored.Serialize(&again);
    EXPECT_EQ(again, bytes) << cut;  // deterministic, and nothing lost
    Feed(restored, events, cut, events.size());
    EXPECT_EQ(Observed(restored), Observed(whole)) << cut;
    std::string end_bytes;
    restored.Serialize(&end_bytes);
    EXPECT_EQ(end_bytes, final_bytes) << cut;
  }
}

// testdata/co_share_v1.skcs is the checkpoint that the build before burst histories (format
// version 1, which kept each burst's counted pairs) wrote after CheckpointStream's first 200
// events under CheckpointParams. Bursts still open then continue exactly.
TEST(StreamingCoShareCheckpointTest, ReadsVersionOneAndContinuesExactly) {
  std::ifstream file(SAKIMORI_SOURCE_DIR "/src/detect/coord/testdata/co_share_v1.skcs",
                     std::ios::binary);
  const std::string v1((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_GT(v1.size(), 5u);
  ASSERT_EQ(v1[4], 1);
  Dictionary dict;
  EventBatch batch;
  CheckpointStream(&dict, &batch);
  const std::vector<Event>& events = batch.events();
  StreamingCoShare first(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  Feed(first, events, 0, 200);
  StreamingCoShare restored(kCheckpointActions, ExtractOptions{}, &dict, StreamingParams{});
  ASSERT_TRUE(restored.Deserialize(v1).ok());
  EXPECT_EQ(Observed(restored), Observed(first));
  StreamingCoShare whole(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  Feed(whole, events, 0, events.size());
  Feed(restored, events, 200, events.size());
  EXPECT_EQ(Observed(restored), Observed(whole));
  // Truncated version-1 input is refused like any other.
  for (size_t n = 0; n < v1.size(); n += 7) {
    StreamingCoShare probe(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
    EXPECT_FALSE(probe.Deserialize(std::string_view(v1).substr(0, n)).ok()) << n;
  }
}

// A burst's history is bounded: past max_burst_pairs pairs counted or shares held, the shares
// that left the window are forgotten, and a pair whose only co-share lay there counts again.
// With a window of one share, A B C D A B pairs each share with the one before. Under a bound
// of 2 the history holds 3 shares at C and again at the second A, and is cut back to the
// window each time, so at the last B its first co-share with A is forgotten.
TEST(StreamingCoShareTest, BurstHistoryIsBoundedAndForgetsOnlyBeforeTheWindow) {
  for (const size_t bound : {size_t{2}, size_t{1} << 20}) {
    Dictionary dict;
    StreamingParams sp;
    sp.max_partners = 1;
    sp.max_burst_pairs = bound;
    StreamingCoShare stream({Action::kRepost}, ExtractOptions{}, &dict, sp);
    const AccountId order[] = {1, 2, 3, 4, 1, 2};  // A B C D A B, a second apart
    for (int i = 0; i < 6; ++i) stream.UpdateShare(0, "o", order[i], 1000 * i);
    EdgeAcc ab;
    ASSERT_TRUE(stream.FindEdge(0, 1, 2, &ab));
    EXPECT_EQ(ab.weight, bound == 2 ? 2u : 1u) << bound;
    EXPECT_EQ(stream.stats().burst_resets, bound == 2 ? 2u : 0u) << bound;
    // A again after B (the window holds B): counted at the first B, never again.
    stream.UpdateShare(0, "o", 1, 6000);
    ASSERT_TRUE(stream.FindEdge(0, 1, 2, &ab));
    EXPECT_EQ(ab.weight, bound == 2 ? 2u : 1u) << bound;
  }
}

TEST(StreamingCoShareCheckpointTest, RejectsOtherActionsAndDamagedInputWithoutChangingState) {
  Dictionary dict;
  EventBatch batch;
  CheckpointStream(&dict, &batch);
  const std::vector<Event>& events = batch.events();
  StreamingCoShare source(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  Feed(source, events, 0, 200);
  ASSERT_GT(source.TrackedEdges(0) + source.TrackedEdges(1) + source.TrackedEdges(2), 0u);
  std::string bytes;
  source.Serialize(&bytes);

  StreamingCoShare other({Action::kRepost, Action::kLike}, ExtractOptions{}, &dict,
                         CheckpointParams());
  EXPECT_FALSE(other.Deserialize(bytes).ok());

  StreamingCoShare target(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  Feed(target, events, 0, 50);
  std::string before;
  target.Serialize(&before);
  const auto unchanged = [&] {
    std::string now;
    target.Serialize(&now);
    return now == before;
  };
  for (size_t n = 0; n < bytes.size(); ++n) {
    ASSERT_FALSE(target.Deserialize(std::string_view(bytes).substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(target.Deserialize(bytes + "x").ok());
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_FALSE(target.Deserialize(bad_magic).ok());
  std::string bad_version = bytes;
  bad_version[4] = 9;
  EXPECT_FALSE(target.Deserialize(bad_version).ok());
  ASSERT_TRUE(unchanged());
  // Damaged bytes: rejected, or accepted as a state that later updates can work on.
  std::mt19937_64 rng(12);
  int accepted = 0;
  for (int k = 0; k < 200; ++k) {
    std::string damaged = bytes;
    damaged[5 + rng() % (damaged.size() - 5)] ^= static_cast<char>(1 + rng() % 255);
    StreamingCoShare probe(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
    if (!probe.Deserialize(damaged).ok()) continue;
    ++accepted;
    Feed(probe, events, 200, 500);
    probe.Snapshot();
  }
  EXPECT_LT(accepted, 200);
  // A time far outside the range of events (a window's last share, a share, the clock) is
  // refused: the differences the store takes of its times would overflow.
  std::set<TimeMs> times;
  for (size_t i = 0; i < 200; ++i) times.insert(events[i].time);
  StreamingCoShare probe(kCheckpointActions, ExtractOptions{}, &dict, CheckpointParams());
  EXPECT_GT(ExpectTimesOutOfRangeRefused(
                bytes, times, [&](const std::string& b) { return probe.Deserialize(b).ok(); }),
            10);
  ASSERT_TRUE(target.Deserialize(bytes).ok());
  EXPECT_EQ(Observed(target), Observed(source));
}

}  // namespace
}  // namespace sakimori::coord
