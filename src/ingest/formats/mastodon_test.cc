// File: ingest/formats/mastodon_test.cc
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/formats/social_json.h"
#include "ingest/formats/test_events.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using testing::Fixture;
using ::testing::IsEmpty;
using testing::ReadEvents;
using testing::ReadResult;

TEST(HtmlTextTest, StripsTagsAndDecodesReferences) {
  std::string out;
  social::HtmlToText("<p>a &amp; b&#39;s &#x3042;</p><p>line<br/>two &unknown; &lt;x&gt;</p>",
                     &out);
  EXPECT_EQ(out, "a & b's あ\n\nline\ntwo &unknown; <x>");
  social::HtmlToText("<a href=\"http://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>",
                     &out);
  EXPECT_EQ(out, "Twitter Web Client");
  social::HtmlToText("1 < 2", &out);
  EXPECT_EQ(out, "1 < 2");
  std::vector<std::string_view> links;
  social::HtmlLinks(
      "<a href=\"https://a.example/x\">a</a> <a class=\"mention hashtag\" "
      "href=\"https://s/tags/t\">"
      "#t</a> <a href='https://b.example/?p=1&amp;q=2'>b</a>",
      &links);
  EXPECT_THAT(links, ElementsAre("https://a.example/x"));
}

TEST(MastodonTest, ReadsStatusesReblogsAndReplies) {
  ReadResult r;
  ReadEvents(Fixture("mastodon/statuses.jsonl"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kMastodon);
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 4u);

  const auto& post = r.events[0];
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.platform, Platform::kMastodon);
  EXPECT_EQ(post.id, "113370000000000001");
  EXPECT_EQ(post.actor, "109000000000000001");
  EXPECT_EQ(post.time, 1729998900123);
  EXPECT_EQ(post.text, "投票所はexample.jp/mapです<3 #選挙\n@ken");
  EXPECT_EQ(post.lang, "ja");
  EXPECT_EQ(post.client, "Elk");
  EXPECT_THAT(post.hashtags, ElementsAre("選挙"));
  EXPECT_THAT(post.mentions, ElementsAre("ken@other.example"));
  EXPECT_THAT(post.urls, ElementsAre("https://example.jp/map"));  // content link = card url
  EXPECT_THAT(post.media, ElementsAre("UBL_:rOpGG-o", "113370000000000901"));
  ASSERT_TRUE(post.profile.has_value());
  const auto& p = *post.profile;
  EXPECT_EQ(p.observed_at, post.time);
  EXPECT_EQ(p.created_at, 1667433600000);
  EXPECT_EQ(p.handle, "yuki");
  EXPECT_EQ(p.name, "ゆき");
  EXPECT_EQ(p.description, "選挙ボランティア & 市民記者\n\nTokyo");
  EXPECT_EQ(p.followers, 1200);
  EXPECT_EQ(p.following, 300);
  EXPECT_EQ(p.posts, 4500);
  EXPECT_EQ(p.default_image, 0);
  EXPECT_EQ(p.verified, -1);

  // A reblog: the reblogged status as its author's post, then the repost.
  EXPECT_EQ(r.events[1].kind, EventKind::kPost);
  EXPECT_EQ(r.events[1].id, "113370000000000001");
  const auto& repost = r.events[2];
  EXPECT_EQ(repost.kind, EventKind::kRepost);
  EXPECT_EQ(repost.actor, "109000000000000002");
  EXPECT_EQ(repost.time, 1729998905000);
  EXPECT_EQ(repost.target, "113370000000000001");
  EXPECT_EQ(repost.target_account, "109000000000000001");
  EXPECT_THAT(repost.lang, IsEmpty());
  ASSERT_TRUE(repost.profile.has_value());
  EXPECT_EQ(repost.profile->handle, "boostbot@bots.example");
  EXPECT_EQ(repost.profile->default_image, 1);
  EXPECT_EQ(repost.profile->following, 900);

  const auto& reply = r.events[3];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.actor, "109000000000000003");
  EXPECT_EQ(reply.target, "113370000000000001");
  EXPECT_EQ(reply.target_account, "109000000000000001");
  EXPECT_EQ(reply.text, "@yuki Thanks, see you there!");
  EXPECT_THAT(reply.mentions, ElementsAre("yuki"));
  EXPECT_THAT(reply.urls, IsEmpty());
}

TEST(MastodonTest, ReadsQuotePosts) {
  ReadResult r;
  ReadEvents(Fixture("mastodon/quotes.jsonl"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].kind, EventKind::kPost);  // the quoted status, as its author's post
  EXPECT_EQ(r.events[0].actor, "109000000000000001");
  const auto& full = r.events[1];
  EXPECT_EQ(full.kind, EventKind::kQuote);
  EXPECT_EQ(full.actor, "109000000000000003");
  EXPECT_EQ(full.time, 1730003400000);
  EXPECT_EQ(full.target, "113370000000000001");
  EXPECT_EQ(full.target_account, "109000000000000001");
  EXPECT_EQ(full.text, "Good summary of where to vote.");
  const auto& shallow = r.events[2];
  EXPECT_EQ(shallow.kind, EventKind::kQuote);
  EXPECT_EQ(shallow.target, "113370000000000001");
  EXPECT_THAT(shallow.target_account, IsEmpty());
  EXPECT_EQ(shallow.text, "同感です");
}

TEST(MastodonTest, ReadsNotifications) {
  ReadResult r;
  ReadEvents(Fixture("mastodon/notifications.json"), Format::kAuto, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.format, Format::kMastodon);
  EXPECT_EQ(r.report.rejected(), 0u);
  EXPECT_EQ(r.report.records(), 5u);
  ASSERT_EQ(r.events.size(), 3u);
  const auto& like = r.events[0];
  EXPECT_EQ(like.kind, EventKind::kLike);
  EXPECT_EQ(like.actor, "109000000000000003");
  EXPECT_EQ(like.id, "5001");
  EXPECT_EQ(like.time, 1730005200000);
  EXPECT_EQ(like.target, "113370000000000001");
  EXPECT_EQ(like.target_account, "109000000000000001");
  const auto& repost = r.events[1];
  EXPECT_EQ(repost.kind, EventKind::kRepost);
  EXPECT_EQ(repost.actor, "109000000000000002");
  EXPECT_EQ(repost.time, 1730005260000);
  EXPECT_EQ(repost.target, "113370000000000001");
  const auto& mention = r.events[2];
  EXPECT_EQ(mention.kind, EventKind::kReply);
  EXPECT_EQ(mention.id, "113370000000000003");
  EXPECT_EQ(mention.time, 1730001600000);
  EXPECT_EQ(
      r.report.skipped().at("follow notification (the followed account is not in the record)"), 1u);
  EXPECT_EQ(r.report.skipped().at("notification of another type"), 1u);
}

TEST(MastodonTest, RejectsBadRecordsWithReasonAndLine) {
  ReadResult r;
  ReadEvents(Fixture("mastodon/bad.jsonl"), Format::kMastodon, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].id, "4");
  const auto& rej = r.report.kept();
  ASSERT_EQ(rej.size(), 5u);
  EXPECT_EQ(rej[0].line, 1u);
  EXPECT_EQ(rej[0].reason, "missing field: account");
  EXPECT_EQ(rej[1].line, 2u);
  EXPECT_EQ(rej[1].reason, "invalid time: created_at '27/10/2024'");
  EXPECT_EQ(rej[2].line, 3u);
  EXPECT_EQ(rej[2].reason, "invalid field: tags");
  EXPECT_EQ(rej[3].line, 5u);
  EXPECT_EQ(rej[3].reason, "missing field: status.id");
  EXPECT_EQ(rej[4].line, 6u);
  EXPECT_EQ(rej[4].reason, "invalid field: account.followers_count");
}

}  // namespace
}  // namespace sakimori
