// File: ingest/formats/twitter_v2_test.cc
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "ingest/formats/test_events.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;
using ::testing::IsEmpty;
using testing::ReadEvents;
using testing::ReadResult;
using testing::SharedData;

TEST(TwitterV2Test, ReadsResponsePageWithIncludes) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v2/page.json"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV2);
  EXPECT_EQ(r.report.rejected(), 0u);
  EXPECT_EQ(r.report.records(), 1u);
  // 4 data tweets, 1 included tweet not in data, 4 included users with created_at.
  ASSERT_EQ(r.events.size(), 9u);
  EXPECT_EQ(r.report.skipped().at("user object without created_at"), 1u);

  const auto& a = r.events[0];
  EXPECT_EQ(a.kind, EventKind::kPost);
  EXPECT_EQ(a.platform, Platform::kX);
  EXPECT_EQ(a.id, "1850000000000001001");
  EXPECT_EQ(a.actor, "3001");
  EXPECT_EQ(a.time, 1729998900000);
  EXPECT_EQ(a.lang, "ja");
  EXPECT_EQ(a.client, "Twitter for Android");
  EXPECT_THAT(a.hashtags, ElementsAre("期日前投票"));
  EXPECT_THAT(a.mentions, ElementsAre("senkyo_info"));
  EXPECT_THAT(a.urls, ElementsAre("https://example.jp/kijitsumae"));
  EXPECT_THAT(a.media, ElementsAre("3_1850000000000001500"));
  ASSERT_TRUE(a.profile.has_value());
  EXPECT_EQ(a.profile->observed_at, a.time);
  EXPECT_EQ(a.profile->created_at, 1462424705000);
  EXPECT_EQ(a.profile->handle, "voter_a3001");
  EXPECT_EQ(a.profile->name, "投票する人");
  EXPECT_EQ(a.profile->location, "大阪");
  EXPECT_EQ(a.profile->followers, 150);
  EXPECT_EQ(a.profile->following, 180);
  EXPECT_EQ(a.profile->posts, 2400);
  EXPECT_EQ(a.profile->listed, 3);
  EXPECT_EQ(a.profile->likes, 900);
  EXPECT_EQ(a.profile->verified, 0);
  EXPECT_EQ(a.profile->default_image, 0);
  EXPECT_EQ(a.profile->default_profile, -1);

  const auto& rt = r.events[1];
  EXPECT_EQ(rt.kind, EventKind::kRepost);
  EXPECT_EQ(rt.time, 1729998990250);
  EXPECT_EQ(rt.target, "1850000000000000900");
  EXPECT_EQ(rt.target_account, "3004");  // from includes.tweets
  ASSERT_TRUE(rt.profile.has_value());
  EXPECT_EQ(rt.profile->default_image, 1);

  const auto& reply = r.events[2];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.actor, "3003");
  EXPECT_EQ(reply.target, "1850000000000001001");
  EXPECT_EQ(reply.target_account, "3001");

  const auto& quote = r.events[3];
  EXPECT_EQ(quote.kind, EventKind::kQuote);
  EXPECT_EQ(quote.time, 1730001900000);
  EXPECT_EQ(quote.target, "1850000000000000900");
  EXPECT_EQ(quote.target_account, "3004");

  const auto& included = r.events[4];
  EXPECT_EQ(included.kind, EventKind::kPost);
  EXPECT_EQ(included.id, "1850000000000000900");
  EXPECT_EQ(included.actor, "3004");
  EXPECT_EQ(included.time, 1729990800000);
  ASSERT_TRUE(included.profile.has_value());
  EXPECT_EQ(included.profile->verified, 1);

  std::vector<std::string> profile_actors;
  for (size_t i = 5; i < 9; ++i) {
    EXPECT_EQ(r.events[i].kind, EventKind::kProfileUpdate);
    ASSERT_TRUE(r.events[i].profile.has_value());
    EXPECT_EQ(r.events[i].profile->observed_at, kNoTime);
    EXPECT_EQ(r.events[i].time, r.events[i].profile->created_at);
    profile_actors.push_back(r.events[i].actor);
  }
  EXPECT_THAT(profile_actors, ElementsAre("3001", "3002", "3003", "3004"));
  EXPECT_EQ(r.events[8].time, 1262401445000);
}

TEST(TwitterV2Test, ReadsTweetLines) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v2/tweets.jsonl"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV2);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].kind, EventKind::kPost);
  EXPECT_EQ(r.events[0].time, 1728950401000);
  EXPECT_THAT(r.events[0].hashtags, ElementsAre("GE2024"));
  EXPECT_FALSE(r.events[0].profile.has_value());
  const auto& reply = r.events[1];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.time, 1728918600000);  // 00:10 at +09:00
  EXPECT_EQ(reply.actor, "4002");
  EXPECT_EQ(reply.target, "1850000000000002001");
  EXPECT_EQ(reply.target_account, "4001");
  EXPECT_THAT(reply.mentions, ElementsAre("early_bird"));
  EXPECT_EQ(reply.text, "@early_bird 了解です");
}

TEST(TwitterV2Test, ReadsBareUsersIncludingStringlyTypedValues) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v2/users.json"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV2);
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 2u);
  const auto& h = r.events[0];
  EXPECT_EQ(h.kind, EventKind::kProfileUpdate);
  EXPECT_EQ(h.actor, "u700108845");
  EXPECT_EQ(h.time, 1380386976000);
  ASSERT_TRUE(h.profile.has_value());
  EXPECT_EQ(h.profile->observed_at, kNoTime);
  EXPECT_EQ(h.profile->created_at, 1380386976000);
  EXPECT_EQ(h.profile->handle, "hanako_y");
  EXPECT_EQ(h.profile->name, "花子");
  EXPECT_EQ(h.profile->following, 24);
  EXPECT_EQ(h.profile->default_image, 1);
  EXPECT_EQ(h.profile->verified, 0);
  // TwiBot-20 style: padded strings, "True " for true, v1.1 date format.
  const auto& s = r.events[1];
  EXPECT_EQ(s.actor, "u480604244");
  EXPECT_EQ(s.time, 1328118570000);
  EXPECT_EQ(s.profile->handle, "stringly");
  EXPECT_EQ(s.profile->verified, 1);
  EXPECT_EQ(s.profile->default_image, 0);
  EXPECT_EQ(s.profile->followers, 648);
}

TEST(TwitterV2Test, RejectsBadRecordsWithReasonAndLine) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v2/bad.jsonl"), Format::kTwitterV2, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].id, "6");
  const auto& rej = r.report.kept();
  ASSERT_EQ(rej.size(), 6u);
  EXPECT_EQ(rej[0].line, 1u);
  EXPECT_EQ(rej[0].reason, "missing field: author_id");
  EXPECT_EQ(rej[1].line, 2u);
  EXPECT_EQ(rej[1].reason, "invalid time: created_at '2024-13-40T00:00:00Z'");
  EXPECT_EQ(rej[2].line, 3u);
  EXPECT_EQ(rej[2].reason, "invalid field: referenced_tweets");
  EXPECT_EQ(rej[3].line, 4u);
  EXPECT_EQ(rej[3].reason, "invalid field: public_metrics.followers_count");
  EXPECT_EQ(rej[4].line, 5u);
  EXPECT_EQ(rej[4].reason, "invalid field: entities");
  EXPECT_EQ(rej[5].line, 7u);
  EXPECT_EQ(rej[5].reason, "missing field: id");
}

// The TwiBot-20/22 annotation-study files: 500 v2-style user objects each.
void ExpectTwibot(const std::string& name, const std::string& first_id,
                  const std::string& first_handle, TimeMs first_created) {
  std::string path = SharedData("real/twibot22_annotations/" + name);
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
  ReadResult r;
  ReadEvents(path, Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV2);
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 500u);
  std::set<std::string> actors;
  for (const auto& e : r.events) {
    ASSERT_EQ(e.kind, EventKind::kProfileUpdate);
    ASSERT_TRUE(e.profile.has_value());
    ASSERT_EQ(e.time, e.profile->created_at);
    ASSERT_EQ(e.actor[0], 'u');
    actors.insert(e.actor);
  }
  EXPECT_EQ(actors.size(), 500u);
  EXPECT_EQ(r.events[0].actor, first_id);
  EXPECT_EQ(r.events[0].profile->handle, first_handle);
  EXPECT_EQ(r.events[0].time, first_created);
}

TEST(TwitterV2Test, ReadsTwibot22AnnotationStudy) {
  ExpectTwibot("Twibot22-anno_study.json", "u700108845", "faith_amune", 1380386976000);
  std::string path = SharedData("real/twibot22_annotations/Twibot22-anno_study.json");
  if (!std::filesystem::exists(path)) return;
  ReadResult r;
  ReadEvents(path, Format::kAuto, &r);
  const auto& p = *r.events[0].profile;
  EXPECT_EQ(p.name, "faith Amune");
  EXPECT_EQ(p.location, "Lagos, Nigeria");
  EXPECT_EQ(p.followers, 0);
  EXPECT_EQ(p.following, 24);
  EXPECT_EQ(p.posts, 0);
  EXPECT_EQ(p.verified, 0);
  EXPECT_EQ(p.default_image, 0);
  int defaults = 0;
  for (const auto& e : r.events) defaults += e.profile->default_image == 1;
  EXPECT_EQ(defaults, 19);  // profile_image_url under default_profile_images/
}

TEST(TwitterV2Test, ReadsTwibot20AnnotationStudy) {
  // Wed Feb 01 17:49:30 +0000 2012, written with a trailing space.
  ExpectTwibot("Twibot20-anno_study.json", "u480604244", "ScolariMatteo", 1328118570000);
}

}  // namespace
}  // namespace sakimori
