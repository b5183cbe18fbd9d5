#include "model/event.h"

#include <gtest/gtest.h>

namespace sakimori {
namespace {

TEST(EventTest, KindNamesRoundTrip) {
  for (int k = 0; k < kNumEventKinds; ++k) {
    EventKind parsed;
    ASSERT_TRUE(ParseEventKind(EventKindName(EventKind(k)), &parsed));
    EXPECT_EQ(parsed, EventKind(k));
  }
  EventKind kind;
  EXPECT_TRUE(ParseEventKind("retweet", &kind));
  EXPECT_EQ(kind, EventKind::kRepost);
  EXPECT_FALSE(ParseEventKind("shout", &kind));
}

TEST(EventTest, PlatformParsing) {
  EXPECT_EQ(ParsePlatform("twitter"), Platform::kX);
  EXPECT_EQ(ParsePlatform("bluesky"), Platform::kBluesky);
  EXPECT_EQ(ParsePlatform("myspace"), Platform::kOther);
  EXPECT_EQ(PlatformName(Platform::kMastodon), "mastodon");
}

TEST(EventTest, BatchOwnsStrings) {
  EventBatch batch;
  std::string text = "こんにちは";
  Event& e = batch.Add();
  e.text = batch.Copy(text);
  e.hashtags = batch.CopyList({"選挙", "参院選"});
  text.assign("xxxxxxxxxxxxxxx");
  EXPECT_EQ(batch[0].text, "こんにちは");
  EXPECT_EQ(batch[0].hashtags.size(), 2u);
  EXPECT_EQ(batch[0].hashtags[1], "参院選");
  Profile* p = batch.NewProfile();
  EXPECT_EQ(p->followers, -1);
}

}  // namespace
}  // namespace sakimori
