#include "ingest/format.h"

#include <gtest/gtest.h>

namespace sakimori {
namespace {

Format Detect(std::string_view head) {
  auto f = DetectFormat(head);
  EXPECT_TRUE(f.ok()) << f.status();
  return f.ok() ? *f : Format::kAuto;
}

TEST(FormatTest, DetectsFromContent) {
  EXPECT_EQ(Detect("{\"kind\":\"post\",\"actor\":\"a\",\"time\":1}\n"), Format::kCanonical);
  EXPECT_EQ(Detect("object_id,account_id,content_id,timestamp_share\n1,2,3,4\n"),
            Format::kCoortweet);
  EXPECT_EQ(Detect("account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp\n"),
            Format::kCoortweetMulti);
  EXPECT_EQ(Detect("tweetid,userid,user_display_name,tweet_time\n"), Format::kIoArchive);
  EXPECT_EQ(Detect("external_author_id,author,content,region,language,publish_date\n"),
            Format::kIra);
  EXPECT_EQ(Detect("[{\"created_at\":\"x\",\"user\":{\"id_str\":\"1\",\"screen_name\":\"a\"}}]"),
            Format::kTwitterV1);
  EXPECT_EQ(Detect("{\"did\":\"did:plc:x\",\"time_us\":1,\"kind\":\"commit\"}"),
            Format::kJetstream);
}

TEST(FormatTest, UnknownShapesNameTheProblem) {
  auto f = DetectFormat("just,some,columns\n1,2,3\n");
  ASSERT_FALSE(f.ok());
  EXPECT_NE(std::string(f.status().message()).find("--format"), std::string::npos);
}

TEST(FormatTest, NamesRoundTrip) {
  for (Format f : AllFormats()) {
    auto parsed = ParseFormat(FormatName(f));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, f);
  }
  EXPECT_FALSE(ParseFormat("excel").ok());
}

}  // namespace
}  // namespace sakimori
