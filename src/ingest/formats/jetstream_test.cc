// File: ingest/formats/jetstream_test.cc
#include "ingest/formats/jetstream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/formats/test_events.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;
using ::testing::IsEmpty;
using testing::ReadEvents;
using testing::ReadResult;

constexpr char kA[] = "did:plc:aaaa1111aaaa1111aaaa1111";
constexpr char kB[] = "did:plc:bbbb2222bbbb2222bbbb2222";
constexpr char kC[] = "did:web:example.org";
constexpr char kPostA[] = "at://did:plc:aaaa1111aaaa1111aaaa1111/app.bsky.feed.post/3l3qo2vutsw2b";

TEST(JetstreamTest, AtUriParts) {
  EXPECT_EQ(AtUriAuthority(kPostA), kA);
  EXPECT_EQ(AtUriCollection(kPostA), "app.bsky.feed.post");
  EXPECT_EQ(AtUriAuthority("at://did:plc:x"), "did:plc:x");
  EXPECT_EQ(AtUriCollection("at://did:plc:x"), "");
  EXPECT_EQ(AtUriAuthority("https://bsky.app/profile/x"), "");
}

TEST(JetstreamTest, ReadsCommitsIdentityAndSkipsTheRest) {
  ReadResult r;
  ReadEvents(Fixture("jetstream/events.jsonl"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kJetstream);
  EXPECT_EQ(r.report.rejected(), 0u);
  EXPECT_EQ(r.report.records(), 13u);
  ASSERT_EQ(r.events.size(), 9u);

  const auto& post = r.events[0];
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.platform, Platform::kBluesky);
  EXPECT_EQ(post.actor, kA);
  EXPECT_EQ(post.time, 1725911162329);  // time_us, not the client's createdAt (2020)
  EXPECT_EQ(post.id, kPostA);
  EXPECT_EQ(post.post, kPostA);
  EXPECT_EQ(post.lang, "ja");
  EXPECT_EQ(post.text, "今日は投票日 #選挙 @bob.example.com https://example.jp/touhyou");
  EXPECT_THAT(post.hashtags, ElementsAre("選挙"));
  EXPECT_THAT(post.mentions, ElementsAre(kB));
  EXPECT_THAT(post.urls, ElementsAre("https://example.jp/touhyou"));
  EXPECT_THAT(post.media, ElementsAre("bafkreiimageone", "bafkreilegacytwo"));
  EXPECT_FALSE(post.profile.has_value());

  const auto& reply = r.events[1];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.actor, kB);
  EXPECT_EQ(reply.time, 1725911170000);
  EXPECT_EQ(reply.target, kPostA);
  EXPECT_EQ(reply.target_account, kA);
  EXPECT_EQ(reply.lang, "en");

  const auto& quote = r.events[2];
  EXPECT_EQ(quote.kind, EventKind::kQuote);
  EXPECT_EQ(quote.actor, kC);
  EXPECT_EQ(quote.time, 1725911180500);  // microseconds truncated to milliseconds
  EXPECT_EQ(quote.target, kPostA);
  EXPECT_EQ(quote.target_account, kA);
  EXPECT_THAT(quote.urls, ElementsAre("https://example.com/guide"));

  const auto& like = r.events[3];
  EXPECT_EQ(like.kind, EventKind::kLike);
  EXPECT_EQ(like.actor, kB);
  EXPECT_EQ(like.id, "at://did:plc:bbbb2222bbbb2222bbbb2222/app.bsky.feed.like/3l3qo5like");
  EXPECT_THAT(like.post, IsEmpty());
  EXPECT_EQ(like.target, kPostA);
  EXPECT_EQ(like.target_account, kA);

  const auto& repost = r.events[4];
  EXPECT_EQ(repost.kind, EventKind::kRepost);
  EXPECT_EQ(repost.actor, kC);
  EXPECT_EQ(repost.post, "at://did:web:example.org/app.bsky.feed.repost/3l3qo6repost");
  EXPECT_EQ(repost.target, kPostA);
  EXPECT_EQ(repost.target_account, kA);

  const auto& follow = r.events[5];
  EXPECT_EQ(follow.kind, EventKind::kFollow);
  EXPECT_EQ(follow.actor, kB);
  EXPECT_EQ(follow.target_account, kA);
  EXPECT_EQ(follow.time, 1725911210000);

  const auto& del = r.events[6];
  EXPECT_EQ(del.kind, EventKind::kDelete);
  EXPECT_EQ(del.actor, kA);
  EXPECT_EQ(del.target, kPostA);

  const auto& identity = r.events[7];
  EXPECT_EQ(identity.kind, EventKind::kProfileUpdate);
  EXPECT_EQ(identity.actor, kB);
  ASSERT_TRUE(identity.profile.has_value());
  EXPECT_EQ(identity.profile->handle, "bob.example.com");
  EXPECT_EQ(identity.profile->observed_at, 1725911240000);

  const auto& profile = r.events[8];
  EXPECT_EQ(profile.kind, EventKind::kProfileUpdate);
  EXPECT_EQ(profile.actor, kA);
  ASSERT_TRUE(profile.profile.has_value());
  EXPECT_EQ(profile.profile->name, "エー");
  EXPECT_EQ(profile.profile->description, "Votes every time.\n毎回投票");
  EXPECT_EQ(profile.profile->default_image, 1);
  EXPECT_EQ(profile.profile->observed_at, 1725911280000);

  const auto& skipped = r.report.skipped();
  EXPECT_EQ(skipped.size(), 4u);
  EXPECT_EQ(skipped.at("like deleted"), 1u);
  EXPECT_EQ(skipped.at("identity event without handle"), 1u);
  EXPECT_EQ(skipped.at("account status event"), 1u);
  EXPECT_EQ(skipped.at("unknown collection"), 1u);
}

TEST(JetstreamTest, RejectsBadRecordsWithReasonAndLine) {
  ReadResult r;
  ReadEvents(Fixture("jetstream/bad.jsonl"), Format::kJetstream, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].text, "fine");
  const auto& rej = r.report.kept();
  ASSERT_EQ(rej.size(), 7u);
  EXPECT_EQ(rej[0].line, 1u);
  EXPECT_EQ(rej[0].reason, "missing field: time_us");
  EXPECT_EQ(rej[1].line, 2u);
  EXPECT_EQ(rej[1].reason, "invalid field: did");
  EXPECT_EQ(rej[2].line, 3u);
  EXPECT_EQ(rej[2].reason, "missing field: commit.record.subject.uri");
  EXPECT_EQ(rej[3].line, 4u);
  EXPECT_EQ(rej[3].reason, "invalid time: time_us 'soon'");
  EXPECT_EQ(rej[4].line, 5u);
  EXPECT_EQ(rej[4].reason, "invalid field: commit.record.text");
  EXPECT_EQ(rej[5].line, 7u);
  EXPECT_EQ(rej[5].reason, "invalid field: commit.record.subject.uri");
  EXPECT_EQ(rej[6].line, 8u);
  EXPECT_EQ(rej[6].reason, "missing field: commit.record");
}

}  // namespace
}  // namespace sakimori
