// File: ingest/format_detect_test.cc
// DetectFormat on the first bytes of each JSON shape the readers accept, and on the CSV and
// canonical inputs it recognised before.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ingest/format.h"

namespace sakimori {
namespace {

std::string Head(const std::string& rel) {
  std::ifstream in(std::string(SAKIMORI_SOURCE_DIR "/tests/fixtures/") + rel, std::ios::binary);
  std::string data(64 << 10, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

Format Detect(std::string_view head) {
  auto f = DetectFormat(head);
  EXPECT_TRUE(f.ok()) << f.status() << " for " << head.substr(0, 80);
  return f.ok() ? *f : Format::kAuto;
}

TEST(FormatDetectTest, FixturesOfEachJsonFormat) {
  for (const char* f :
       {"twitter_v1/statuses.jsonl", "twitter_v1/bad.jsonl", "twitter_v1/stream.jsonl"}) {
    EXPECT_EQ(Detect(Head(f)), Format::kTwitterV1) << f;
  }
  for (const char* f :
       {"twitter_v2/page.json", "twitter_v2/tweets.jsonl", "twitter_v2/users.json"}) {
    EXPECT_EQ(Detect(Head(f)), Format::kTwitterV2) << f;
  }
  EXPECT_EQ(Detect(Head("jetstream/events.jsonl")), Format::kJetstream);
  for (const char* f : {"mastodon/statuses.jsonl", "mastodon/notifications.json"}) {
    EXPECT_EQ(Detect(Head(f)), Format::kMastodon) << f;
  }
}

TEST(FormatDetectTest, SmallShapes) {
  // Bot-repository wrapper (pretty-printed array of {"created_at", "user"}).
  EXPECT_EQ(Detect("[\n  {\n    \"created_at\": \"Wed May 15 16:00:19 +0000 2019\",\n"
                   "    \"user\": {\n      \"id\": 1,\n      \"id_str\": \"1\"\n    }\n  }\n]\n"),
            Format::kTwitterV1);
  // A v2 tweet with only the default fields.
  EXPECT_EQ(Detect("{\"edit_history_tweet_ids\":[\"1\"],\"id\":\"1\",\"text\":\"hi\"}\n"),
            Format::kTwitterV2);
  // A v2 user object as in TwiBot-22.
  EXPECT_EQ(Detect("[{\"created_at\": \"2013-09-28 16:49:36+00:00\", \"id\": \"u7\", "
                   "\"public_metrics\": {}, \"username\": \"x\"}]"),
            Format::kTwitterV2);
  // Jetstream identity and account events carry no commit.
  EXPECT_EQ(Detect("{\"did\":\"did:plc:x\",\"time_us\":1725911162329308,\"kind\":\"identity\","
                   "\"identity\":{\"handle\":\"x.bsky.social\"}}\n"),
            Format::kJetstream);
  EXPECT_EQ(Detect("{\"did\":\"did:plc:x\",\"time_us\":1725911162329308,\"kind\":\"account\","
                   "\"account\":{\"active\":true}}\n"),
            Format::kJetstream);
  // A Mastodon notification.
  EXPECT_EQ(Detect("{\"id\":\"1\",\"type\":\"follow\",\"created_at\":\"2024-10-27T05:02:00Z\","
                   "\"account\":{\"id\":\"2\",\"acct\":\"a@b\"}}\n"),
            Format::kMastodon);
}

TEST(FormatDetectTest, EarlierCasesStillWork) {
  EXPECT_EQ(Detect("{\"kind\":\"post\",\"actor\":\"a\",\"time\":1}\n"), Format::kCanonical);
  EXPECT_EQ(Detect("object_id,account_id,content_id,timestamp_share\n"), Format::kCoortweet);
  EXPECT_EQ(Detect("tweetid,userid,tweet_time\n"), Format::kIoArchive);
  EXPECT_FALSE(DetectFormat("{\"a\":1}\n").ok());
}

}  // namespace
}  // namespace sakimori
