// File: detect/account/account_features_test.cc
// Account features on constructed streams whose values are known by hand.
#include "detect/account/account_features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <deque>
#include <random>
#include <set>
#include <string>

#include "common/checkpoint_test_util.h"

namespace sakimori {
namespace {

constexpr TimeMs kDay = 86'400'000;
constexpr TimeMs kHour = 3'600'000;
// 2025-07-07T00:00:00Z, a Monday.
constexpr TimeMs kT0 = 1'751'846'400'000;

float Get(const std::vector<float>& f, AccountFeature k) { return f[static_cast<int>(k)]; }

Event MakeEvent(TimeMs t, EventKind kind = EventKind::kPost, AccountId actor = 0) {
  Event e;
  e.time = t;
  e.kind = kind;
  e.actor = actor;
  return e;
}

TEST(AccountFeaturesTest, NamesMatchCount) {
  EXPECT_EQ(AccountFeatureNames().size(), static_cast<size_t>(kNumAccountFeatures));
  EXPECT_EQ(AccountFeatureNames()[static_cast<int>(AccountFeature::kFollowersFriendsRatio)],
            "followers_friends_ratio");
  EXPECT_LE(sizeof(BehaviourState), 192u);
}

TEST(AccountFeaturesTest, ClockworkBotEverySixtySeconds) {
  AccountFeatures features;
  const int n = 3 * 1440;
  for (int i = 0; i < n; ++i) features.Update(MakeEvent(kT0 + i * 60'000LL));
  const std::vector<float> f = features.Compute(0, kT0 + 3 * kDay);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kIetBurstiness), -1.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMinuteBoundaryShare), 1.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kHourEntropy), std::log2(24.0f));
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kWeekdayEntropy), std::log2(3.0f));
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kLongestDailyRestHours), 0.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kIetEntropy), 0.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kEventsPerDay), 1440.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMaxEventsMinute), 1.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMaxEventsHour), 60.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kOriginalShare), 1.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kRepostShare), 0.0f);
  EXPECT_TRUE(std::isnan(Get(f, AccountFeature::kDuplicateTextShare)));  // no texts
  EXPECT_TRUE(std::isnan(Get(f, AccountFeature::kClientDiversity)));     // no clients
  EXPECT_TRUE(std::isnan(Get(f, AccountFeature::kFollowers)));           // no profile
}

TEST(AccountFeaturesTest, HumanWithNightGap) {
  // One post in each hour from 09:00 to 23:59 UTC at a random second, for 7 days: hours 0-8
  // are empty, so the longest daily rest is 9 hours and the hour entropy is log2(15).
  AccountFeatures features;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> second(1, 3598);
  TimeMs first = kNoTime;
  for (int d = 0; d < 7; ++d) {
    for (int h = 9; h < 24; ++h) {
      const TimeMs t = kT0 + d * kDay + h * kHour + second(rng) * 1000 + 17;
      if (first == kNoTime) first = t;
      features.Update(MakeEvent(t));
    }
  }
  const std::vector<float> f = features.Compute(0, kT0 + 7 * kDay);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kLongestDailyRestHours), 9.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kHourEntropy), std::log2(15.0f));
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kWeekdayEntropy), std::log2(7.0f));
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMinuteBoundaryShare), 0.0f);
  const double days = static_cast<double>(kT0 + 7 * kDay - (first / 1000) * 1000) / kDay;
  EXPECT_NEAR(Get(f, AccountFeature::kEventsPerDay), 105.0 / days, 1e-3);
  EXPECT_LE(Get(f, AccountFeature::kMaxEventsHour), 2.0f);
  // Gaps of under an hour by day and a 9-hour night: more irregular than a clock.
  EXPECT_GT(Get(f, AccountFeature::kIetBurstiness), -0.5f);
  EXPECT_GT(Get(f, AccountFeature::kIetEntropy), 0.5f);
}

TEST(AccountFeaturesTest, BurstyPatternHasPositiveBurstiness) {
  // Ten bursts of 20 actions one second apart, separated by a day: sigma > mu.
  AccountFeatures features;
  for (int b = 0; b < 10; ++b) {
    for (int i = 0; i < 20; ++i) features.Update(MakeEvent(kT0 + b * kDay + i * 1000 + 500));
  }
  const std::vector<float> f = features.Compute(0, kT0 + 10 * kDay);
  EXPECT_GT(Get(f, AccountFeature::kIetBurstiness), 0.5f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMaxEventsMinute), 20.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kMaxEventsHour), 20.0f);
}

TEST(AccountFeaturesTest, SharesDuplicatesUrlsAndClients) {
  std::deque<std::string> storage;
  std::string_view url = "https://example.org/a";
  AccountFeatures features;
  auto add = [&](EventKind kind, std::string text, std::string client, bool with_url, int i) {
    Event e = MakeEvent(kT0 + i * 1000, kind);
    e.text = storage.emplace_back(std::move(text));
    e.client = storage.emplace_back(std::move(client));
    if (with_url) e.urls = StringList{&url, 1};
    features.Update(e);
  };
  add(EventKind::kPost, "vote for  the plan", "web", true, 0);
  add(EventKind::kPost, "vote for the plan", "web", true, 1);     // same tokens: duplicate
  add(EventKind::kReply, "vote for the plan ", "app", false, 2);  // duplicate
  add(EventKind::kQuote, "something else", "app", false, 3);
  add(EventKind::kRepost, "", "web", false, 4);
  add(EventKind::kLike, "", "app", false, 5);
  add(EventKind::kRepost, "", "web", false, 6);
  add(EventKind::kFollow, "", "app", false, 7);
  const std::vector<float> f = features.Compute(0, kT0 + kDay);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kDuplicateTextShare), 0.5f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kUrlShare), 2.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kOriginalShare), 2.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kRepostShare), 2.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kReplyShare), 1.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kQuoteShare), 1.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kLikeShare), 1.0f / 8);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kClientDiversity), 1.0f);  // two clients, 4 each
}

TEST(AccountFeaturesTest, ProfileFeaturesAndGrowth) {
  std::deque<std::string> storage;
  AccountFeatures features;
  Profile p1;
  p1.created_at = kT0 - 100 * kDay;
  p1.followers = 100;
  p1.following = 50;
  p1.posts = 1000;
  p1.likes = 7;
  p1.listed = 2;
  p1.verified = 0;
  p1.default_profile = 1;
  p1.default_image = 0;
  p1.handle = "abc123";
  p1.name = "名前ab";
  p1.description = "hello";
  p1.observed_at = kT0;
  Event e1 = MakeEvent(kT0, EventKind::kProfileUpdate);
  e1.profile = &p1;
  Profile p2 = p1;
  p2.followers = 200;
  p2.following = 60;
  p2.posts = 1100;
  p2.observed_at = kT0 + 10 * kDay;
  Event e2 = MakeEvent(kT0 + 10 * kDay, EventKind::kProfileUpdate);
  e2.profile = &p2;
  features.Update(e2);  // out of order: the later snapshot first
  features.Update(e1);
  ASSERT_TRUE(features.Has(0));
  EXPECT_EQ(features.behaviour(0), nullptr);  // profile snapshots are not actions
  const std::vector<float> f = features.Compute(0, kT0 + 10 * kDay);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kAccountAgeDays), 110.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kFollowersFriendsRatio), 200.0f / 60);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kPostsPerDay), 10.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kLikesCount), 7.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kListedCount), 2.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kDefaultProfile), 1.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kDefaultImage), 0.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kVerified), 0.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kHandleDigits), 3.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kHandleEntropy), std::log2(6.0f));
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kNameLength), 4.0f);  // code points
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kDescriptionLength), 5.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kFollowersGrowthPerDay), 10.0f);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kFriendsGrowthPerDay), 1.0f);
  EXPECT_TRUE(std::isnan(Get(f, AccountFeature::kEventsPerDay)));

  // A bare user object (observation time unknown) is measured at the reference time and
  // gives no growth rate.
  Profile bare = p1;
  bare.observed_at = kNoTime;
  Event e3 = MakeEvent(p1.created_at, EventKind::kProfileUpdate, 1);
  e3.profile = &bare;
  features.Update(e3);
  const std::vector<float> g = features.Compute(1, kT0 + 10 * kDay);
  EXPECT_FLOAT_EQ(Get(g, AccountFeature::kAccountAgeDays), 110.0f);
  EXPECT_TRUE(std::isnan(Get(g, AccountFeature::kFollowersGrowthPerDay)));
}

TEST(AccountFeaturesTest, SaturatedHistogramsKeepTheirShape) {
  // 100,000 actions in hour 0 and 50,000 in hour 12: the uint16 bins are halved on overflow
  // and the entropy stays that of a 2:1 split.
  AccountFeatures features;
  for (int i = 0; i < 150'000; ++i) {
    const TimeMs t = (i % 3 == 2) ? kT0 + 12 * kHour + i : kT0 + i;
    features.Update(MakeEvent(t));
  }
  const std::vector<float> f = features.Compute(0, kT0 + kDay);
  const double p = 2.0 / 3.0;
  EXPECT_NEAR(Get(f, AccountFeature::kHourEntropy),
              -(p * std::log2(p) + (1 - p) * std::log2(1 - p)), 1e-3);
  EXPECT_FLOAT_EQ(Get(f, AccountFeature::kLongestDailyRestHours), 11.0f);
}

TEST(AccountFeaturesTest, AccountsListsActorsAndProfiles) {
  AccountFeatures features;
  features.Update(MakeEvent(kT0, EventKind::kPost, 5));
  Profile p;
  p.followers = 1;
  Event e = MakeEvent(kT0, EventKind::kProfileUpdate, 2);
  e.profile = &p;
  features.Update(e);
  EXPECT_EQ(features.Accounts(), (std::vector<AccountId>{2, 5}));
  EXPECT_FALSE(features.Has(3));
  EXPECT_EQ(features.last_time(), kT0);
}

// A mixed stream for checkpoints: 200 accounts, every action kind, texts (some repeated),
// URLs, clients, minute-aligned and bursty times, and profile snapshots.
std::vector<Event> CheckpointStream(std::deque<Profile>* profiles) {
  std::mt19937_64 rng(21);
  const EventKind kinds[] = {EventKind::kPost,  EventKind::kRepost, EventKind::kLike,
                             EventKind::kReply, EventKind::kQuote,  EventKind::kFollow};
  static const std::string kTexts[] = {"a b c", "a b d", "x y", "z", "w v u"};
  static const std::string kClients[] = {"web", "api", "phone", "bot"};
  static const std::string kUrl = "https://example.org/x";
  static const std::string_view kUrlList[] = {kUrl};
  std::vector<Event> events;
  TimeMs t = kT0;
  for (int i = 0; i < 5000; ++i) {
    t += rng() % 3 == 0 ? 60'000 - t % 60'000 : static_cast<TimeMs>(rng() % 90'000);
    Event e = MakeEvent(t, kinds[rng() % 6], static_cast<AccountId>(rng() % 200));
    e.text = kTexts[rng() % 5];
    e.client = kClients[rng() % 4];
    if (rng() % 4 == 0) e.urls = StringList{kUrlList, 1};
    if (rng() % 50 == 0) {
      Profile& p = profiles->emplace_back();
      p.followers = static_cast<int64_t>(rng() % 1000);
      p.following = static_cast<int64_t>(rng() % 500);
      p.created_at = kT0 - static_cast<TimeMs>(rng() % 400) * kDay;
      p.observed_at = rng() % 2 == 0 ? t : kNoTime;
      p.handle = "user123";
      e.profile = &p;
      if (rng() % 2 == 0) e.kind = EventKind::kProfileUpdate;
    }
    events.push_back(e);
  }
  return events;
}

// Every record equal, field by field (records are value-initialised, so padding is zero).
void ExpectSameState(const AccountFeatures& x, const AccountFeatures& y) {
  ASSERT_EQ(x.Accounts(), y.Accounts());
  EXPECT_EQ(x.last_time(), y.last_time());
  for (AccountId a = 0; a < 201; ++a) {
    ASSERT_EQ(x.Has(a), y.Has(a));
    ASSERT_EQ(x.behaviour(a) == nullptr, y.behaviour(a) == nullptr);
    ASSERT_EQ(x.profile(a) == nullptr, y.profile(a) == nullptr);
    if (x.behaviour(a) != nullptr) {
      EXPECT_EQ(std::memcmp(x.behaviour(a), y.behaviour(a), sizeof(BehaviourState)), 0) << a;
    }
    if (x.profile(a) != nullptr) {
      EXPECT_EQ(std::memcmp(x.profile(a), y.profile(a), sizeof(ProfileState)), 0) << a;
    }
    const std::vector<float> fx = x.Compute(a, kT0 + 30 * kDay);
    const std::vector<float> fy = y.Compute(a, kT0 + 30 * kDay);
    EXPECT_EQ(std::memcmp(fx.data(), fy.data(), fx.size() * sizeof(float)), 0) << a;
  }
}

TEST(AccountFeaturesCheckpointTest, RestoredStateContinuesExactly) {
  std::deque<Profile> profiles;
  const std::vector<Event> events = CheckpointStream(&profiles);
  AccountFeatures whole;
  for (const Event& e : events) whole.Update(e);
  for (size_t cut : {size_t{0}, size_t{1}, size_t{1234}, events.size() - 1}) {
    AccountFeatures first;
    for (size_t i = 0; i < cut; ++i) first.Update(events[i]);
    std::string bytes;
    first.Serialize(&bytes);
    AccountFeatures restored;
    restored.Update(events[7]);  // replaced entirely
    ASSERT_TRUE(restored.Deserialize(bytes).ok()) << cut;
    ExpectSameState(restored, first);
    for (size_t i = cut; i < events.size(); ++i) restored.Update(events[i]);
    ExpectSameState(restored, whole);
    std::string end, expected;
    restored.Serialize(&end);
    whole.Serialize(&expected);
    EXPECT_EQ(end, expected) << cut;
  }
}

TEST(AccountFeaturesCheckpointTest, RejectsDamagedInputWithoutChangingState) {
  std::deque<Profile> profiles;
  const std::vector<Event> events = CheckpointStream(&profiles);
  AccountFeatures source;
  for (size_t i = 0; i < 300; ++i) source.Update(events[i]);
  std::string bytes;
  source.Serialize(&bytes);
  AccountFeatures target;
  target.Update(events[0]);
  std::string before;
  target.Serialize(&before);
  for (size_t n = 0; n < bytes.size(); n += 7) {
    EXPECT_FALSE(target.Deserialize(std::string_view(bytes).substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(target.Deserialize(bytes + "x").ok());
  std::string bad_flags = bytes;
  bad_flags[5 + 8 + 4] = 9;  // the first account's flags
  EXPECT_FALSE(target.Deserialize(bad_flags).ok());
  std::string after;
  target.Serialize(&after);
  EXPECT_EQ(after, before);
  ASSERT_TRUE(target.Deserialize(bytes).ok());
  ExpectSameState(target, source);
}

TEST(AccountFeaturesCheckpointTest, RejectsTimesOutOfRange) {
  std::deque<Profile> profiles;
  const std::vector<Event> events = CheckpointStream(&profiles);
  AccountFeatures source;
  std::set<TimeMs> times;
  for (size_t i = 0; i < 300; ++i) {
    source.Update(events[i]);
    times.insert(events[i].time);
    if (events[i].profile != nullptr) times.insert(events[i].profile->created_at);
  }
  times.erase(kNoTime);
  std::string bytes;
  source.Serialize(&bytes);
  AccountFeatures target;
  EXPECT_GT(ExpectTimesOutOfRangeRefused(
                bytes, times, [&](const std::string& b) { return target.Deserialize(b).ok(); }),
            10);
}

}  // namespace
}  // namespace sakimori
