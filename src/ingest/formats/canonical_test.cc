#include "ingest/formats/canonical.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/event_reader.h"

namespace sakimori {
namespace {

struct ReadResult {
  Dictionary dict;
  IngestReport report;
  std::vector<Event> events;
  EventBatch batch;  // kept alive: events point into its arena (one batch in these tests)
  Status status;
};

void Read(const std::string& text, ReadResult* out, bool strict = false) {
  ReaderOptions options;
  options.strict = strict;
  auto src = OpenMemory("test.jsonl", text);
  ASSERT_TRUE(src.ok());
  auto reader = EventReader::OpenSource(std::move(*src), options, &out->dict, &out->report);
  if (!reader.ok()) {
    out->status = reader.status();
    return;
  }
  EXPECT_EQ((*reader)->format(), Format::kCanonical);
  auto more = (*reader)->Next(&out->batch);
  if (!more.ok()) {
    out->status = more.status();
    return;
  }
  out->events = out->batch.events();
}

TEST(CanonicalReaderTest, ParsesEveryField) {
  ReadResult r;
  Read(R"({"platform":"x","id":"p1","kind":"post","time":"2025-07-10T12:00:05Z","actor":"a1","text":"参院選の投票に行こう #参院選","lang":"ja","client":"Twitter for iPhone","urls":["https://example.jp/a"],"hashtags":["参院選"],"mentions":["a2"],"media":["ph:1f2e"],"profile":{"handle":"taro","created_at":"2019-04-01T00:00:00Z","followers":120,"following":80,"posts":3400,"verified":false,"default_profile":true}}
{"platform":"x","id":"p2","kind":"repost","time":1752148810,"actor":"a2","target":"p1","target_author":"a1"}
{"kind":"like","time":"2025-07-10T21:00:11+09:00","actor":"a3","target":"p1","target_author":"a1"}
{"kind":"follow","time":"2025-07-10T12:00:12Z","actor":"a3","target_author":"a1"}
)", &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.report.rejected(), 0u);
  const Event& post = r.events[0];
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.platform, Platform::kX);
  EXPECT_EQ(post.time, 1752148805000);
  EXPECT_EQ(r.dict.accounts.Name(post.actor), "a1");
  EXPECT_EQ(r.dict.posts.Name(post.post), "p1");
  EXPECT_EQ(post.text, "参院選の投票に行こう #参院選");
  EXPECT_EQ(post.lang, "ja");
  EXPECT_EQ(post.client, "Twitter for iPhone");
  ASSERT_EQ(post.urls.size(), 1u);
  EXPECT_EQ(post.urls[0], "https://example.jp/a");
  EXPECT_EQ(post.hashtags[0], "参院選");
  EXPECT_EQ(post.mentions[0], "a2");
  EXPECT_EQ(post.media[0], "ph:1f2e");
  ASSERT_NE(post.profile, nullptr);
  EXPECT_EQ(post.profile->handle, "taro");
  EXPECT_EQ(post.profile->followers, 120);
  EXPECT_EQ(post.profile->following, 80);
  EXPECT_EQ(post.profile->posts, 3400);
  EXPECT_EQ(post.profile->likes, -1);
  EXPECT_EQ(post.profile->verified, 0);
  EXPECT_EQ(post.profile->default_profile, 1);
  EXPECT_EQ(post.profile->created_at, 1554076800000);
  EXPECT_EQ(post.profile->observed_at, post.time);

  const Event& repost = r.events[1];
  EXPECT_EQ(repost.kind, EventKind::kRepost);
  EXPECT_EQ(repost.time, 1752148810000);
  EXPECT_EQ(repost.target, post.post);
  EXPECT_EQ(repost.target_account, post.actor);
  EXPECT_EQ(r.events[2].kind, EventKind::kLike);
  EXPECT_EQ(r.events[2].time, 1752148811000);
  EXPECT_EQ(r.events[2].platform, Platform::kUnknown);
  EXPECT_EQ(r.events[3].kind, EventKind::kFollow);
  EXPECT_EQ(r.dict.accounts.Name(r.events[3].target_account), "a1");
}

TEST(CanonicalReaderTest, RejectsBadRecordsWithLineAndReason) {
  ReadResult r;
  Read(R"({"kind":"post","time":"2025-07-10T12:00:05Z","actor":"a1"}
{"kind":"post","time":"yesterday","actor":"a1"}
{"kind":"shout","time":"2025-07-10T12:00:05Z","actor":"a1"}
{"kind":"repost","time":"2025-07-10T12:00:05Z","actor":"a1"}
{"kind":"post","time":"2025-07-10T12:00:05Z"}
not json at all
{"kind":"post","time":"2025-07-10T12:00:05Z","actor":"a1","hashtags":"notalist"}
["an","array"]

{"kind":"post","time":"2025-07-10T12:00:06Z","actor":"a9"}
)", &r);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.report.records(), 9u);
  EXPECT_EQ(r.report.rejected(), 7u);
  const auto& kept = r.report.kept();
  ASSERT_EQ(kept.size(), 7u);
  EXPECT_EQ(kept[0].line, 2u);
  EXPECT_EQ(kept[0].reason, "invalid time: \"yesterday\"");
  EXPECT_EQ(kept[1].reason, "unknown kind: 'shout'");
  EXPECT_EQ(kept[2].reason, "missing field: target");
  EXPECT_EQ(kept[3].reason, "missing field: actor");
  EXPECT_EQ(kept[4].line, 6u);
  EXPECT_EQ(kept[5].reason, "invalid field: hashtags");
  EXPECT_EQ(kept[6].line, 8u);
  EXPECT_EQ(r.report.by_reason().at("missing field"), 2u);
  EXPECT_EQ(r.dict.accounts.Name(r.events[1].actor), "a9");
}

TEST(CanonicalReaderTest, StrictStopsAtFirstBadRecord) {
  ReadResult r;
  Read("{\"kind\":\"post\",\"time\":\"2025-07-10T12:00:05Z\",\"actor\":\"a1\"}\n"
       "{\"kind\":\"post\",\"time\":\"2025-13-10\",\"actor\":\"a1\"}\n",
       &r, /*strict=*/true);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(std::string(r.status.message()), "test.jsonl:2: invalid time: \"2025-13-10\"");
}

TEST(CanonicalReaderTest, InvalidUtf8IsRejected) {
  ReadResult r;
  Read("{\"kind\":\"post\",\"time\":\"2025-07-10T12:00:05Z\",\"actor\":\"a\xff\"}\n", &r);
  EXPECT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.by_reason().count("invalid JSON"), 1u);
}

TEST(CanonicalReaderTest, ReadsArraysAndPrettyPrintedDocuments) {
  ReadResult a;
  Read("[\n {\"kind\":\"post\",\"time\":1,\"actor\":\"a\"},\n {\"kind\":\"post\",\"time\":\"x\","
       "\"actor\":\"b\"},\n {\"kind\":\"post\",\"time\":2,\"actor\":\"c\"}\n]\n",
       &a);
  ASSERT_TRUE(a.status.ok()) << a.status;
  EXPECT_EQ(a.events.size(), 2u);
  ASSERT_EQ(a.report.rejected(), 1u);
  EXPECT_EQ(a.report.kept()[0].line, 3u);

  ReadResult d;
  Read("{\n  \"kind\": \"post\",\n  \"time\": 1,\n  \"actor\": \"a\"\n}\n{\n  \"kind\": \"like\","
       "\n  \"time\": 2,\n  \"actor\": \"b\",\n  \"target\": \"p\"\n}\n",
       &d);
  ASSERT_TRUE(d.status.ok()) << d.status;
  EXPECT_EQ(d.events.size(), 2u);
  EXPECT_EQ(d.report.rejected(), 0u);
}

}  // namespace
}  // namespace sakimori
