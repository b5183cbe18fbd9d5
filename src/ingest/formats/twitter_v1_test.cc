// File: ingest/formats/twitter_v1_test.cc
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "ingest/formats/test_events.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;
using ::testing::IsEmpty;
using testing::ReadEvents;
using testing::ReadResult;
using testing::SharedData;

TEST(TwitterV1Test, ReadsStatusesRetweetsQuotesRepliesAndUsers) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v1/statuses.jsonl"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV1);
  EXPECT_EQ(r.report.rejected(), 0u);
  EXPECT_EQ(r.report.records(), 7u);
  // post; post + repost; post + quote; reply; post (numeric ids); bare user; wrapper.
  ASSERT_EQ(r.events.size(), 9u);

  const auto& post = r.events[0];
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.platform, Platform::kX);
  EXPECT_EQ(post.time, 1729998900000);  // Sun Oct 27 03:15:00 +0000 2024
  EXPECT_EQ(post.id, "1850000000000000001");
  EXPECT_EQ(post.post, "1850000000000000001");
  EXPECT_EQ(post.actor, "1001");
  EXPECT_EQ(post.text, "投票日は日曜日です #選挙 @city_hall https://t.co/abc");
  EXPECT_EQ(post.lang, "ja");
  EXPECT_EQ(post.client, "Twitter for iPhone");
  EXPECT_THAT(post.hashtags, ElementsAre("選挙"));
  EXPECT_THAT(post.urls, ElementsAre("https://example.jp/senkyo"));
  EXPECT_THAT(post.mentions, ElementsAre("city_hall"));
  // extended_entities (both photos) win over entities.media (first photo only).
  EXPECT_THAT(post.media, ElementsAre("1850000000000000999", "1850000000000000998"));
  EXPECT_TRUE(post.target.empty());
  ASSERT_TRUE(post.profile.has_value());
  const auto& p = *post.profile;
  EXPECT_EQ(p.observed_at, post.time);
  EXPECT_EQ(p.created_at, 1554109200000);  // Mon Apr 01 09:00:00 +0000 2019
  EXPECT_EQ(p.followers, 5321);
  EXPECT_EQ(p.following, 123);
  EXPECT_EQ(p.posts, 9876);
  EXPECT_EQ(p.likes, 777);
  EXPECT_EQ(p.listed, 42);
  EXPECT_EQ(p.verified, 1);
  EXPECT_EQ(p.default_profile, 0);
  EXPECT_EQ(p.default_image, 0);
  EXPECT_EQ(p.handle, "sakura_news");
  EXPECT_EQ(p.name, "さくらニュース");
  EXPECT_EQ(p.description, "地域のニュースをお届けします");
  EXPECT_EQ(p.location, "東京");
  EXPECT_EQ(p.lang, "ja");

  // The retweet: the inner tweet as its author's post, then the repost.
  EXPECT_EQ(r.events[1].kind, EventKind::kPost);
  EXPECT_EQ(r.events[1].actor, "1001");
  EXPECT_EQ(r.events[1].id, "1850000000000000001");
  const auto& rt = r.events[2];
  EXPECT_EQ(rt.kind, EventKind::kRepost);
  EXPECT_EQ(rt.time, 1729998907000);
  EXPECT_EQ(rt.actor, "1002");
  EXPECT_EQ(rt.id, "1850000000000000002");
  EXPECT_EQ(rt.target, "1850000000000000001");
  EXPECT_EQ(rt.target_account, "1001");
  EXPECT_EQ(rt.client, "AutoPost & Co");
  EXPECT_THAT(rt.mentions, ElementsAre("sakura_news", "city_hall"));
  ASSERT_TRUE(rt.profile.has_value());
  EXPECT_EQ(rt.profile->following, 4999);
  EXPECT_EQ(rt.profile->default_image, 1);
  EXPECT_EQ(rt.profile->lang, "");

  EXPECT_EQ(r.events[3].kind, EventKind::kPost);
  EXPECT_EQ(r.events[3].actor, "1001");
  const auto& quote = r.events[4];
  EXPECT_EQ(quote.kind, EventKind::kQuote);
  EXPECT_EQ(quote.actor, "1003");
  EXPECT_EQ(quote.time, 1730001600000);
  EXPECT_EQ(quote.target, "1850000000000000001");
  EXPECT_EQ(quote.target_account, "1001");
  EXPECT_EQ(quote.text, "Worth reading before Sunday https://t.co/q1");
  EXPECT_EQ(quote.client, "Twitter Web App");

  const auto& reply = r.events[5];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.actor, "1004");
  EXPECT_EQ(reply.time, 1730007930000);
  EXPECT_EQ(reply.target, "1850000000000000001");
  EXPECT_EQ(reply.target_account, "1001");
  EXPECT_THAT(reply.hashtags, ElementsAre("Election2024"));
  EXPECT_EQ(reply.client, "web");

  // Numeric ids beyond 2^53 stay exact; extended_tweet gives the full text; timestamp_ms
  // dates a status without created_at.
  const auto& big = r.events[6];
  EXPECT_EQ(big.id, "1850000000000000123");
  EXPECT_EQ(big.actor, "9007199254740993");
  EXPECT_EQ(big.time, 1730008800000);
  EXPECT_EQ(big.text, "長いツイートの冒頭から最後まで全部の本文です #長文");
  EXPECT_THAT(big.hashtags, ElementsAre("長文"));

  // A bare user object: dated by the account's creation, observation time unknown.
  const auto& bare = r.events[7];
  EXPECT_EQ(bare.kind, EventKind::kProfileUpdate);
  EXPECT_EQ(bare.actor, "1005");
  EXPECT_EQ(bare.time, 1362219630000);
  ASSERT_TRUE(bare.profile.has_value());
  EXPECT_EQ(bare.profile->observed_at, kNoTime);
  EXPECT_EQ(bare.profile->created_at, 1362219630000);
  EXPECT_EQ(bare.profile->handle, "lonely_account");
  EXPECT_EQ(bare.profile->followers, 0);

  // The bot-repository wrapper: dated and observed at the probe time.
  const auto& wrapped = r.events[8];
  EXPECT_EQ(wrapped.kind, EventKind::kProfileUpdate);
  EXPECT_EQ(wrapped.actor, "1006");
  EXPECT_EQ(wrapped.time, 1557936019000);
  ASSERT_TRUE(wrapped.profile.has_value());
  EXPECT_EQ(wrapped.profile->observed_at, 1557936019000);
  EXPECT_EQ(wrapped.profile->created_at, 1423262039000);
  EXPECT_EQ(wrapped.profile->likes, 2305);
  EXPECT_EQ(wrapped.profile->lang, "it");
  EXPECT_THAT(wrapped.id, IsEmpty());
}

TEST(TwitterV1Test, RejectsBadRecordsWithReasonAndLine) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v1/bad.jsonl"), Format::kTwitterV1, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);  // line 4 is good
  EXPECT_EQ(r.events[0].kind, EventKind::kReply);
  const auto& rej = r.report.kept();
  ASSERT_EQ(rej.size(), 6u);
  EXPECT_EQ(rej[0].line, 1u);
  EXPECT_EQ(rej[0].reason, "invalid time: created_at 'yesterday'");
  EXPECT_EQ(rej[1].line, 2u);
  EXPECT_EQ(rej[1].reason, "invalid field: user.followers_count");
  EXPECT_EQ(rej[2].line, 3u);
  EXPECT_EQ(rej[2].reason, "missing field: id_str");
  EXPECT_EQ(rej[3].line, 5u);
  EXPECT_EQ(rej[3].reason, "missing field: retweeted_status.user");
  EXPECT_EQ(rej[4].line, 6u);
  EXPECT_EQ(rej[4].reason, "missing field: user");
  EXPECT_EQ(rej[5].line, 7u);
  EXPECT_EQ(rej[5].reason, "invalid field: entities");
  EXPECT_EQ(r.report.by_reason().at("invalid field"), 2u);
  EXPECT_EQ(r.report.by_reason().at("missing field"), 3u);
}

TEST(TwitterV1Test, ReadsStreamingDeleteNoticesAndSkipsOtherNotices) {
  ReadResult r;
  ReadEvents(Fixture("twitter_v1/stream.jsonl"), Format::kTwitterV1, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kDelete);
  EXPECT_EQ(r.events[0].actor, "1004");
  EXPECT_EQ(r.events[0].target, "1850000000000000004");
  EXPECT_EQ(r.events[0].time, 1730011530000);
  EXPECT_EQ(r.report.skipped().at("stream notice without an event (limit, withheld, ...)"), 1u);
  ASSERT_EQ(r.report.kept().size(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 3u);
  EXPECT_EQ(r.report.kept()[0].reason, "invalid time: delete.timestamp_ms 'later'");
}

// The Botometer bot repository: JSON arrays of {"created_at": probe, "user": {...}}.
void ExpectBotRepository(const std::string& name, size_t expected) {
  std::string path = SharedData("real/botometer_bot_repository/" + name);
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
  ReadResult r;
  ReadEvents(path, Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kTwitterV1);
  EXPECT_EQ(r.report.rejected(), 0u);
  EXPECT_EQ(r.report.records(), expected);
  ASSERT_EQ(r.events.size(), expected);
  for (const auto& e : r.events) {
    ASSERT_EQ(e.kind, EventKind::kProfileUpdate);
    ASSERT_TRUE(e.profile.has_value());
    ASSERT_EQ(e.profile->observed_at, e.time);
    ASSERT_NE(e.profile->created_at, kNoTime);
    ASSERT_FALSE(e.profile->handle.empty());
  }
}

TEST(TwitterV1Test, ReadsCresciRtbustBotRepository) {
  ExpectBotRepository("cresci-rtbust-2019_tweets.json", 693);
  std::string path = SharedData("real/botometer_bot_repository/cresci-rtbust-2019_tweets.json");
  if (!std::filesystem::exists(path)) return;
  ReadResult r;
  ReadEvents(path, Format::kAuto, &r);
  // The first element, as written in the file.
  const auto& e = r.events[0];
  EXPECT_EQ(e.actor, "3022357312");
  EXPECT_EQ(e.time, 1557936019000);  // Wed May 15 16:00:19 +0000 2019
  const auto& p = *e.profile;
  EXPECT_EQ(p.handle, "pattavis");
  EXPECT_EQ(p.name, "patatavis");
  EXPECT_EQ(p.created_at, 1423262039000);  // Fri Feb 06 22:33:59 +0000 2015
  EXPECT_EQ(p.followers, 218);
  EXPECT_EQ(p.following, 285);
  EXPECT_EQ(p.posts, 3477);
  EXPECT_EQ(p.likes, 2305);
  EXPECT_EQ(p.listed, 0);
  EXPECT_EQ(p.verified, 0);
  EXPECT_EQ(p.default_profile, 1);
  EXPECT_EQ(p.default_image, 0);
  EXPECT_EQ(p.lang, "it");
  // The second: an id beyond 2^53 kept exact.
  EXPECT_EQ(r.events[1].actor, "753659579582541824");
  EXPECT_EQ(r.events[1].profile->location, "Italy");
}

TEST(TwitterV1Test, ReadsBotwikiBotRepository) {
  ExpectBotRepository("botwiki-2019_tweets.json", 698);
}

}  // namespace
}  // namespace sakimori
