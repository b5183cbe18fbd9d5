// File: detect/amplify/amplification_tracker_test.cc
// Known-answer tests of AmplificationTracker on constructed streams: exact numbers on small
// streams, a coordinated push against an organic viral item and ordinary items, baselines,
// URL/hashtag/narrative items, sampling, checkpoints and determinism.
#include "detect/amplify/amplification_tracker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace sakimori::amplify {
namespace {

// An hour boundary (2025-06-04T01:00:00Z) so hourly curves are easy to predict.
constexpr TimeMs kT0 = 1749999600000;

Event Engagement(EventKind kind, TimeMs t, AccountId actor, PostId target, AccountId author = 1) {
  Event e;
  e.kind = kind;
  e.time = t;
  e.actor = actor;
  e.target = target;
  e.target_account = author;
  return e;
}

Event Post(TimeMs t, AccountId actor, PostId post) {
  Event e;
  e.kind = EventKind::kPost;
  e.time = t;
  e.actor = actor;
  e.post = post;
  return e;
}

// A context from explicit tables; unknown accounts are organic, old, ungrouped.
struct TableContext : AccountContext {
  absl::flat_hash_map<AccountId, double> automation;
  absl::flat_hash_map<AccountId, uint64_t> groups;
  absl::flat_hash_map<AccountId, TimeMs> created;
  double AutomationScore(AccountId a) const override {
    auto it = automation.find(a);
    return it == automation.end() ? 0.0 : it->second;
  }
  std::optional<uint64_t> CoordinatedGroup(AccountId a) const override {
    auto it = groups.find(a);
    if (it == groups.end()) return std::nullopt;
    return it->second;
  }
  TimeMs CreatedAt(AccountId a) const override {
    auto it = created.find(a);
    return it == created.end() ? kNoTime : it->second;
  }
};

RankOptions AllItems(uint64_t min_engagements = 3) {
  RankOptions o;
  o.limit = 0;
  o.min_engagements = min_engagements;
  return o;
}

TEST(AmplificationTrackerTest, ExactNumbersOnSmallStream) {
  AmplificationTracker tracker;
  const PostId p = 7;
  const TimeMs s = kMsPerSecond;
  struct {
    EventKind kind;
    AccountId actor;
  } stream[] = {{EventKind::kLike, 11},  {EventKind::kLike, 12},  {EventKind::kRepost, 11},
                {EventKind::kReply, 13}, {EventKind::kLike, 14},  {EventKind::kRepost, 11},
                {EventKind::kLike, 15},  {EventKind::kQuote, 11}, {EventKind::kLike, 12},
                {EventKind::kRepost, 11}};
  for (int i = 0; i < 10; ++i) {
    tracker.Update(Engagement(stream[i].kind, kT0 + i * 60 * s, stream[i].actor, p));
  }
  TableContext ctx;
  ctx.automation = {{11, 0.9}, {12, 0.6}, {13, 0.1}, {14, 0.1}, {15, 0.1}};
  ctx.groups = {{11, 7}};
  ctx.created = {{13, kT0 - 10 * kMsPerDay}, {14, kT0 - 40 * kMsPerDay}};

  std::vector<ItemScore> ranked = tracker.Rank(ctx, AllItems());
  ASSERT_EQ(ranked.size(), 1u);
  const ItemScore& r = ranked[0];
  EXPECT_EQ(r.kind, ItemKind::kPost);
  EXPECT_EQ(r.id, "7");
  EXPECT_EQ(r.engagements, 10u);
  EXPECT_EQ(r.counts[0], 5u);  // likes
  EXPECT_EQ(r.counts[1], 3u);  // reposts
  EXPECT_EQ(r.counts[2], 1u);  // quotes
  EXPECT_EQ(r.counts[3], 1u);  // replies
  EXPECT_EQ(r.counts[4], 0u);  // uses
  EXPECT_EQ(r.distinct_accounts, 5u);
  EXPECT_TRUE(r.distinct_exact);
  EXPECT_EQ(r.sampled_engagements, 10u);
  EXPECT_EQ(r.author, 1u);
  EXPECT_EQ(r.first, kT0);
  EXPECT_EQ(r.last, kT0 + 540 * s);
  EXPECT_EQ(r.peak_hour_start, kT0);
  EXPECT_EQ(r.peak_hour_count, 10u);
  EXPECT_EQ(r.curve_start, kT0);
  EXPECT_EQ(r.hourly, std::vector<uint32_t>{10});
  EXPECT_DOUBLE_EQ(r.gap_cv, 0.0);             // nine gaps of exactly 60 s
  EXPECT_DOUBLE_EQ(r.automated_share, 0.7);    // 11 (5) + 12 (2)
  EXPECT_DOUBLE_EQ(r.coordinated_share, 0.5);  // 11
  EXPECT_DOUBLE_EQ(r.recent_share, 0.1);       // 13 (10 days old); 14 is 40 days
  EXPECT_DOUBLE_EQ(r.top_decile_share, 0.5);   // top ceil(0.5) = 1 account: 11
  EXPECT_DOUBLE_EQ(r.reply_share, 0.1);
  EXPECT_DOUBLE_EQ(r.amplification_without_conversation, 0.0);  // reply share = organic
  EXPECT_DOUBLE_EQ(r.platform_baseline, 10.0);                  // the only engaged post
  EXPECT_DOUBLE_EQ(r.burst_platform, 1.0);
  EXPECT_TRUE(std::isnan(r.burst_author));  // the author has no other post
  EXPECT_DOUBLE_EQ(r.volume, 1.0);
  const double inauth = (2 * 0.7 + 2 * 0.5 + 0.1 + 1.0 + 0.0 + 0.4 / 0.9) / 8;
  EXPECT_NEAR(r.inauthenticity, inauth, 1e-12);
  EXPECT_NEAR(r.score, inauth, 1e-12);
  EXPECT_EQ(r.explanation,
            "burst=1.00,automated=0.70,coordinated=0.50,regular_gaps_cv=0.00,concentrated=0.50");
}

// The curve is held as a few inline hours and becomes a ring past them: both forms, late
// events, hours leaving the window and a checkpoint round trip must all give the hourly counts
// of a plain per-hour tally.
TEST(AmplificationTrackerTest, HourlyCurveMatchesPlainTallyInBothForms) {
  for (int64_t window : {3, 12, 48})
  for (int spread : {0, 2, 5, 9, 30}) {  // distinct hours touched: inline only, then ring
    TrackerOptions options;
    options.curve_hours = static_cast<uint32_t>(window);
    AmplificationTracker tracker(options);
    std::map<int64_t, uint32_t> tally;  // hour -> engagements
    int64_t last_hour = 0;
    AccountId a = 100;
    uint64_t x = 12345 + spread;
    for (int i = 0; i < 400; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      // Mostly forward in time, sometimes up to 14 hours late (some beyond the window).
      int64_t hour = (i * spread) / 40 - static_cast<int64_t>((x >> 40) % 4 == 0 ? (x >> 20) % 15 : 0);
      if (hour < 0) hour = 0;
      TimeMs t = kT0 + hour * kMsPerHour + static_cast<TimeMs>((x >> 8) % kMsPerHour);
      tracker.Update(Engagement(EventKind::kLike, t, a++, 7));
      last_hour = std::max(last_hour, hour);
      if (hour > last_hour - window) tally[hour]++;
    }
    std::vector<uint32_t> want;
    int64_t start = std::max<int64_t>(0, last_hour - window + 1);
    for (int64_t h = start; h <= last_hour; ++h) want.push_back(tally[h]);
    for (int round = 0; round < 2; ++round) {
      std::vector<ItemScore> ranked = tracker.Rank(TableContext{}, AllItems());
      ASSERT_EQ(ranked.size(), 1u);
      EXPECT_EQ(ranked[0].curve_start, kT0 + start * kMsPerHour) << spread;
      EXPECT_EQ(ranked[0].hourly, want) << "window " << window << " spread " << spread << " round " << round;
      std::string bytes;
      tracker.Serialize(&bytes);
      AmplificationTracker restored;
      ASSERT_TRUE(restored.Deserialize(bytes).ok());
      std::string again;
      restored.Serialize(&again);
      EXPECT_EQ(bytes, again);
      tracker = std::move(restored);
    }
  }
}

TEST(AmplificationTrackerTest, HourlyCurvePeakAndGapCv) {
  TrackerOptions options;
  options.curve_hours = 3;
  AmplificationTracker tracker(options);
  // Hour 0: 2, hour 1: 0, hour 2: 4, hour 3: 1, hour 4: 3. The curve keeps hours 2..4.
  std::vector<TimeMs> times = {0,           30,     2 * 60, 2 * 60 + 10, 2 * 60 + 20,
                               2 * 60 + 30, 3 * 60, 4 * 60, 4 * 60 + 1,  4 * 60 + 2};
  AccountId a = 100;
  for (TimeMs m : times) {
    tracker.Update(Engagement(EventKind::kLike, kT0 + m * kMsPerMinute, a++, 3));
  }
  std::vector<ItemScore> ranked = tracker.Rank(TableContext{}, AllItems());
  ASSERT_EQ(ranked.size(), 1u);
  const ItemScore& r = ranked[0];
  EXPECT_EQ(r.curve_start, kT0 + 2 * kMsPerHour);
  EXPECT_EQ(r.hourly, (std::vector<uint32_t>{4, 1, 3}));
  EXPECT_EQ(r.peak_hour_start, kT0 + 2 * kMsPerHour);
  EXPECT_EQ(r.peak_hour_count, 4u);
  // Gaps in minutes: 30, 90, 10, 10, 10, 30, 60, 1, 1.
  std::vector<double> gaps = {30, 90, 10, 10, 10, 30, 60, 1, 1};
  double mean = 0, var = 0;
  for (double g : gaps) mean += g * 60;
  mean /= gaps.size();
  for (double g : gaps) var += (g * 60 - mean) * (g * 60 - mean);
  var /= gaps.size();
  EXPECT_NEAR(r.gap_cv, std::sqrt(var) / mean, 1e-12);
  EXPECT_DOUBLE_EQ(r.amplification_without_conversation, 1.0);  // likes only
  EXPECT_DOUBLE_EQ(r.top_decile_share, 0.1);                    // ten accounts, one each
}

// Deterministic pseudo-random numbers (SplitMix64) for the synthetic streams.
struct Rng {
  uint64_t x;
  uint64_t Next() {
    x += 0x9e3779b97f4a7c15ULL;
    uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
};

constexpr PostId kBotPost = 1;
constexpr PostId kViralPost = 2;
constexpr AccountId kBotBase = 100000;
constexpr AccountId kViralBase = 200000;

// The scenario of the ranking tests: 2000 ordinary posts with 0-14 engagements from old
// accounts, an organic viral post (4000 engagements over six hours with a growing rate, 10 %
// replies) and a push of post kBotPost by 200 automated, coordinated accounts created five
// days earlier, one engagement each, exactly every 3 s, no replies. The bots also post a
// tracked URL and hashtag.
struct Scenario {
  std::vector<Event> events;
  std::vector<std::vector<std::string_view>> lists;  // storage for StringLists
  TableContext ctx;

  Scenario() {
    Rng rng{42};
    lists.reserve(1000);
    std::vector<Event> ordinary;
    for (PostId p = 10; p < 2010; ++p) {
      AccountId author = 1000 + p % 300;
      TimeMs posted = kT0 + static_cast<TimeMs>(rng.Uniform() * 20 * kMsPerHour);
      events.push_back(Post(posted, author, p));
      int n = static_cast<int>(rng.Next() % 4);
      if (p % 50 == 0) n = 12 + static_cast<int>(rng.Next() % 3);  // a few ordinary items rank
      for (int i = 0; i < n; ++i) {
        EventKind kind = (rng.Next() % 5 == 0) ? EventKind::kReply : EventKind::kLike;
        TimeMs t = posted + static_cast<TimeMs>(rng.Uniform() * 3 * kMsPerHour);
        events.push_back(
            Engagement(kind, t, 5000 + static_cast<AccountId>(rng.Next() % 20000), p, author));
      }
    }
    // The viral post: rate grows linearly over 6 hours (inverse-CDF sampling of t^2).
    events.push_back(Post(kT0, 2, kViralPost));
    for (int i = 0; i < 4000; ++i) {
      double u = rng.Uniform();
      TimeMs t = kT0 + static_cast<TimeMs>(std::sqrt(u) * 6 * kMsPerHour);
      EventKind kind = i % 10 == 0  ? EventKind::kReply
                       : i % 3 == 0 ? EventKind::kRepost
                                    : EventKind::kLike;
      events.push_back(Engagement(kind, t, kViralBase + i, kViralPost, 2));
      ctx.created[kViralBase + i] = kT0 - 3 * 365 * kMsPerDay;
      ctx.automation[kViralBase + i] = (i % 100 == 0) ? 0.7 : 0.05;  // a few benign bots
    }
    // The push.
    events.push_back(Post(kT0 + 10 * kMsPerHour, 3, kBotPost));
    for (int i = 0; i < 200; ++i) {
      TimeMs t = kT0 + 10 * kMsPerHour + kMsPerMinute + i * 3 * kMsPerSecond;
      AccountId bot = kBotBase + i;
      events.push_back(
          Engagement(i % 2 ? EventKind::kRepost : EventKind::kLike, t, bot, kBotPost, 3));
      ctx.automation[bot] = 0.9;
      ctx.groups[bot] = 1;
      ctx.created[bot] = kT0 - 5 * kMsPerDay;
      if (i % 4 == 0) {  // 50 original posts carrying the campaign URL and hashtag
        Event e = Post(t + kMsPerSecond, bot, 100000 + i);
        lists.push_back({"https://Example.com/a?utm_source=x&id=3"});
        e.urls = {lists.back().data(), 1};
        lists.push_back({"#Vote4X", "#vote4x"});
        e.hashtags = {lists.back().data(), 2};
        events.push_back(e);
      }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.time < b.time; });
  }

  AmplificationTracker Run(TrackerOptions options = {}) const {
    AmplificationTracker tracker(options);
    for (const Event& e : events) tracker.Update(e);
    return tracker;
  }
};

TEST(AmplificationTrackerTest, CoordinatedPushOutranksViralAndOrdinaryItems) {
  Scenario sc;
  AmplificationTracker tracker = sc.Run();
  RankOptions options = AllItems(10);
  options.kinds[1] = options.kinds[2] = options.kinds[3] = false;  // posts only
  std::vector<ItemScore> ranked = tracker.Rank(sc.ctx, options);
  ASSERT_GE(ranked.size(), 30u);  // the push, the viral post and the ordinary posts with 12+
  EXPECT_EQ(ranked[0].key, kBotPost);
  size_t viral_rank = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (ranked[i].key == kViralPost) viral_rank = i;
  }
  EXPECT_GT(viral_rank, 0u);
  const ItemScore& bot = ranked[0];
  EXPECT_EQ(bot.engagements, 200u);
  EXPECT_EQ(bot.distinct_accounts, 200u);
  EXPECT_DOUBLE_EQ(bot.automated_share, 1.0);
  EXPECT_DOUBLE_EQ(bot.coordinated_share, 1.0);
  EXPECT_DOUBLE_EQ(bot.recent_share, 1.0);
  EXPECT_DOUBLE_EQ(bot.gap_cv, 0.0);
  EXPECT_DOUBLE_EQ(bot.reply_share, 0.0);
  EXPECT_DOUBLE_EQ(bot.amplification_without_conversation, 1.0);
  EXPECT_DOUBLE_EQ(bot.top_decile_share, 0.1);
  EXPECT_EQ(bot.peak_hour_count, 200u);
  const ItemScore& viral = ranked[viral_rank];
  EXPECT_EQ(viral.engagements, 4000u);
  EXPECT_TRUE(viral.distinct_exact);  // 4000 accounts fit the 4096-account sample
  EXPECT_NEAR(viral.automated_share, 0.01, 1e-12);
  EXPECT_DOUBLE_EQ(viral.recent_share, 0.0);
  EXPECT_DOUBLE_EQ(viral.reply_share, 0.1);
  EXPECT_GT(viral.gap_cv, 0.9);         // pooled organic arrivals: Poisson-like or burstier
  EXPECT_GT(viral.volume, bot.volume);  // the viral post is bigger, but organic
  EXPECT_LT(viral.score, 0.25 * bot.score);
  EXPECT_NE(bot.explanation.find("automated=1.00"), std::string::npos);
  EXPECT_NE(bot.explanation.find("no_replies=1.00"), std::string::npos);
}

TEST(AmplificationTrackerTest, UrlAndHashtagItems) {
  Scenario sc;
  AmplificationTracker tracker = sc.Run();
  RankOptions options = AllItems(10);
  options.kinds[0] = false;
  std::vector<ItemScore> ranked = tracker.Rank(sc.ctx, options);
  ASSERT_EQ(ranked.size(), 2u);
  // Same score (same 50 posts); ties break by kind: URL before hashtag.
  EXPECT_EQ(ranked[0].kind, ItemKind::kUrl);
  EXPECT_EQ(ranked[0].id, "https://example.com/a?id=3");
  EXPECT_EQ(ranked[1].kind, ItemKind::kHashtag);
  EXPECT_EQ(ranked[1].id, "vote4x");  // "#Vote4X" and "#vote4x" in one post count once
  for (const ItemScore& r : ranked) {
    EXPECT_EQ(r.engagements, 50u);
    EXPECT_EQ(r.counts[static_cast<int>(EngagementType::kUse)], 50u);
    EXPECT_DOUBLE_EQ(r.coordinated_share, 1.0);
    EXPECT_DOUBLE_EQ(r.gap_cv, 0.0);                              // every 12 s
    EXPECT_DOUBLE_EQ(r.amplification_without_conversation, 0.0);  // uses, not likes
  }
  EXPECT_EQ(ranked[0].key, tracker.KeyOf(ItemKind::kUrl, "https://example.com/a?id=3&utm_x=1"));
  EXPECT_EQ(ranked[1].key, tracker.KeyOf(ItemKind::kHashtag, "#VOTE4X"));
  ASSERT_TRUE(tracker.Score(ItemKind::kHashtag, ranked[1].key, sc.ctx, options).has_value());
}

TEST(AmplificationTrackerTest, AuthorBaselineBurst) {
  AmplificationTracker tracker;
  const AccountId author = 9;
  AccountId fan = 500;
  for (PostId p = 1; p <= 10; ++p) {
    tracker.Update(Post(kT0 + p * kMsPerHour, author, p));
    for (int i = 0; i < 2; ++i) {
      tracker.Update(Engagement(EventKind::kLike, kT0 + p * kMsPerHour + i, fan++, p, author));
    }
  }
  tracker.Update(Post(kT0 + 20 * kMsPerHour, author, 11));
  for (int i = 0; i < 40; ++i) {
    tracker.Update(
        Engagement(EventKind::kLike, kT0 + 20 * kMsPerHour + i * 1000, fan++, 11, author));
  }
  std::optional<ItemScore> r = tracker.Score(ItemKind::kPost, 11, TableContext{}, AllItems());
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->author_baseline, 2.0);  // (60 - 40) / (11 - 1)
  EXPECT_DOUBLE_EQ(r->burst_author, 20.0);
  EXPECT_DOUBLE_EQ(r->platform_baseline, 60.0 / 11);
  EXPECT_DOUBLE_EQ(r->burst_platform, 40.0 / (60.0 / 11));
  EXPECT_DOUBLE_EQ(r->volume, std::log2(21.0));
  // Posts with two engagements are never promoted.
  EXPECT_FALSE(tracker.Score(ItemKind::kPost, 1, TableContext{}, AllItems()).has_value());
  EXPECT_EQ(tracker.Rank(TableContext{}, AllItems()).size(), 1u);
}

TEST(AmplificationTrackerTest, NarrativeItems) {
  AmplificationTracker tracker;
  for (int i = 0; i < 12; ++i) {
    Event e = Post(kT0 + i * kMsPerMinute, 300 + i, 50 + i);
    tracker.Update(e, uint64_t{42});
    tracker.Update(Post(kT0 + i * kMsPerMinute + 1, 400 + i, 80 + i));  // no narrative
  }
  std::vector<ItemScore> ranked = tracker.Rank(TableContext{}, AllItems(10));
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].kind, ItemKind::kNarrative);
  EXPECT_EQ(ranked[0].id, "42");
  EXPECT_EQ(ranked[0].counts[static_cast<int>(EngagementType::kUse)], 12u);
  EXPECT_EQ(ranked[0].distinct_accounts, 12u);
  EXPECT_DOUBLE_EQ(ranked[0].gap_cv, 0.0);
}

TEST(AmplificationTrackerTest, PostNamesFromInterner) {
  Interner names;
  names.Intern("first");
  PostId p = names.Intern("at://post/xyz");
  AmplificationTracker tracker;
  for (int i = 0; i < 3; ++i) tracker.Update(Engagement(EventKind::kLike, kT0 + i, 10 + i, p));
  RankOptions options = AllItems();
  options.post_names = &names;
  std::vector<ItemScore> ranked = tracker.Rank(TableContext{}, options);
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].id, "at://post/xyz");
}

TEST(AmplificationTrackerTest, SampleCapAndDistinctEstimate) {
  TrackerOptions options;
  options.sample_cap = 10;
  AmplificationTracker tracker(options);
  for (int i = 0; i < 2000; ++i) {
    tracker.Update(Engagement(EventKind::kLike, kT0 + i * 1000, 1000 + i % 1000, 5));
  }
  std::vector<ItemScore> ranked = tracker.Rank(TableContext{}, AllItems());
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_FALSE(ranked[0].distinct_exact);
  EXPECT_EQ(ranked[0].sampled_engagements, 20u);  // the first 10 accounts, twice each
  EXPECT_NEAR(static_cast<double>(ranked[0].distinct_accounts), 1000.0, 200.0);
  EXPECT_EQ(ranked[0].engagements, 2000u);
}

void ExpectSameRanking(const std::vector<ItemScore>& a, const std::vector<ItemScore>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].score, b[i].score);  // bit-identical
    EXPECT_EQ(a[i].explanation, b[i].explanation);
    EXPECT_EQ(a[i].hourly, b[i].hourly);
    EXPECT_EQ(a[i].distinct_accounts, b[i].distinct_accounts);
  }
}

TEST(AmplificationTrackerTest, CheckpointRoundTripGivesIdenticalRanking) {
  Scenario sc;
  TrackerOptions options;
  options.sample_cap = 100;  // so the viral item has a HyperLogLog too
  AmplificationTracker tracker = sc.Run(options);
  std::string bytes;
  tracker.Serialize(&bytes);
  AmplificationTracker restored;
  ASSERT_TRUE(restored.Deserialize(bytes).ok());
  ExpectSameRanking(tracker.Rank(sc.ctx, AllItems()), restored.Rank(sc.ctx, AllItems()));
  std::string again;
  restored.Serialize(&again);
  EXPECT_EQ(bytes, again);

  // Continuing after a restore equals never stopping.
  AmplificationTracker half(options);
  size_t mid = sc.events.size() / 2;
  for (size_t i = 0; i < mid; ++i) half.Update(sc.events[i]);
  std::string half_bytes;
  half.Serialize(&half_bytes);
  AmplificationTracker resumed;
  ASSERT_TRUE(resumed.Deserialize(half_bytes).ok());
  for (size_t i = mid; i < sc.events.size(); ++i) resumed.Update(sc.events[i]);
  std::string resumed_bytes;
  resumed.Serialize(&resumed_bytes);
  EXPECT_EQ(resumed_bytes, bytes);
}

TEST(AmplificationTrackerTest, CheckpointInPartsIsTheSameStreamCutAnywhere) {
  // Enough items for several parts of a few MB: 150,000 posts with three likes each (tracked)
  // and 100,000 authors.
  AmplificationTracker tracker;
  for (uint32_t p = 0; p < 150'000; ++p) {
    for (uint32_t k = 0; k < 3; ++k) {
      tracker.Update(Engagement(EventKind::kLike, kT0 + p * 10 + k, 1000 + k, p + 1, p % 100'000));
    }
  }
  std::string whole;
  tracker.Serialize(&whole);
  std::vector<std::string> parts;
  ASSERT_TRUE(tracker
                  .Serialize([&parts](std::string_view part) {
                    parts.emplace_back(part);
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_GE(parts.size(), 3u);
  std::string joined;
  for (const std::string& p : parts) joined += p;
  EXPECT_EQ(joined, whole);

  // Restored from its own parts, or from the bytes cut at other places (values then span
  // pieces), the reader asks for exactly the pieces it needs and gives the same state.
  const auto restore = [](const std::vector<std::string>& pieces, size_t* asked) {
    AmplificationTracker t;
    *asked = 0;
    const Status st = t.Deserialize([&](std::string* out) {
      if (*asked == pieces.size()) return absl::InvalidArgumentError("no more pieces");
      *out = pieces[(*asked)++];
      return absl::OkStatus();
    });
    std::string bytes;
    if (st.ok()) t.Serialize(&bytes);
    return bytes;
  };
  size_t asked = 0;
  EXPECT_EQ(restore(parts, &asked), whole);
  EXPECT_EQ(asked, parts.size());
  for (size_t cut : {size_t{4093}, size_t{999'983}}) {
    std::vector<std::string> pieces;
    for (size_t i = 0; i < whole.size(); i += cut) pieces.push_back(whole.substr(i, cut));
    EXPECT_EQ(restore(pieces, &asked), whole) << cut;
    EXPECT_EQ(asked, pieces.size()) << cut;
  }

  // A missing last piece is the reader's error; an error of `emit` is returned.
  parts.pop_back();
  AmplificationTracker t;
  size_t i = 0;
  const Status st = t.Deserialize([&](std::string* out) {
    if (i == parts.size()) return absl::UnavailableError("end of file");
    *out = parts[i++];
    return absl::OkStatus();
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(t.Stats().events, 0u);
  EXPECT_EQ(
      tracker.Serialize([](std::string_view) { return absl::DataLossError("disk full"); }).code(),
      absl::StatusCode::kDataLoss);
}
TEST(AmplificationTrackerTest, TruncatedOrCorruptCheckpointIsInvalidArgument) {
  AmplificationTracker tracker;
  for (int i = 0; i < 20; ++i) {
    tracker.Update(Engagement(EventKind::kLike, kT0 + i * 1000, 10 + i % 7, 1 + i % 3));
  }
  std::string bytes;
  tracker.Serialize(&bytes);
  for (size_t n = 0; n < bytes.size(); n += 7) {
    AmplificationTracker t;
    Status st = t.Deserialize(std::string_view(bytes).substr(0, n));
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << "prefix " << n;
    EXPECT_EQ(t.Stats().events, 0u);
  }
  std::string bad = bytes;
  bad[0] = 'X';
  EXPECT_EQ(AmplificationTracker().Deserialize(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = bytes;
  bad[8] = 2;  // version
  EXPECT_EQ(AmplificationTracker().Deserialize(bad).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AmplificationTracker().Deserialize(bytes + "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(AmplificationTracker().Deserialize(bytes).ok());
}

TEST(AmplificationTrackerTest, DeterministicOutput) {
  Scenario sc;
  AmplificationTracker a = sc.Run();
  AmplificationTracker b = sc.Run();
  std::string ba, bb;
  a.Serialize(&ba);
  b.Serialize(&bb);
  EXPECT_EQ(ba, bb);
  ExpectSameRanking(a.Rank(sc.ctx, AllItems()), b.Rank(sc.ctx, AllItems()));
  RankOptions top = AllItems();
  top.limit = 5;
  std::vector<ItemScore> five = a.Rank(sc.ctx, top);
  std::vector<ItemScore> all = a.Rank(sc.ctx, AllItems());
  ASSERT_EQ(five.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(five[i].id, all[i].id);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GE(all[i - 1].score, all[i].score);
}

TEST(AmplificationTrackerTest, StatsCountItemsAndTiers) {
  Scenario sc;
  AmplificationTracker tracker = sc.Run();
  TrackerStats st = tracker.Stats();
  EXPECT_EQ(st.events, sc.events.size());
  EXPECT_EQ(st.items[static_cast<int>(ItemKind::kUrl)], 1u);
  EXPECT_EQ(st.items[static_cast<int>(ItemKind::kHashtag)], 1u);
  EXPECT_GT(st.items[0], st.tracked[0]);  // most ordinary posts stay counters
  EXPECT_GT(st.approx_bytes, 0u);
}

}  // namespace
}  // namespace sakimori::amplify
