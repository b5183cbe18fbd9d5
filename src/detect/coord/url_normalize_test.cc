// File: detect/coord/url_normalize_test.cc
#include "detect/coord/url_normalize.h"

#include <gtest/gtest.h>

#include "detect/coord/action.h"

namespace sakimori::coord {
namespace {

TEST(UrlNormalizeTest, LowerCasesSchemeAndHostKeepsPath) {
  EXPECT_EQ(NormalizeUrl("HTTPS://Example.COM/News/Item?id=7"),
            "https://example.com/News/Item?id=7");
}

TEST(UrlNormalizeTest, StripsFragmentTrackingAndDefaultPort) {
  EXPECT_EQ(NormalizeUrl("https://example.com:443/a?utm_source=x&id=1&fbclid=abc#top"),
            "https://example.com/a?id=1");
  EXPECT_EQ(NormalizeUrl("http://example.com:80/?utm_medium=social"), "http://example.com");
  EXPECT_EQ(NormalizeUrl("http://example.com:8080/a"), "http://example.com:8080/a");
  EXPECT_EQ(NormalizeUrl("https://twitter.com/u/status/1?s=20&t=abc"),
            "https://twitter.com/u/status/1");
  // "s" is only a tracking parameter on X.
  EXPECT_EQ(NormalizeUrl("https://example.com/search?s=x"), "https://example.com/search?s=x");
}

TEST(UrlNormalizeTest, LeavesNonUrlsAlone) {
  EXPECT_EQ(NormalizeUrl("23678"), "23678");
  EXPECT_EQ(UrlHost("23678"), "");
}

TEST(UrlNormalizeTest, HostDropsWwwUserAndPort) {
  EXPECT_EQ(UrlHost("https://user@WWW.Example.com:8443/x"), "example.com");
}

TEST(ActionTest, FoldsHashtags) {
  EXPECT_EQ(FoldHashtag("#Wahl2021"), "wahl2021");
  EXPECT_EQ(FoldHashtag("#STRASSE"), "strasse");
  EXPECT_EQ(FoldHashtag("#Straße"), "strasse");  // full case folding
  EXPECT_EQ(FoldHashtag("ΒΟΥΛΗ"), "βουλη");
}

TEST(ActionTest, ParsesActionLists) {
  auto a = ParseActionList("url, hashtag,url,domain");
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0], Action::kUrl);
  EXPECT_EQ((*a)[2], Action::kDomain);
  EXPECT_FALSE(ParseActionList("retweets").ok());
}

// Events without the lists an action keys on can be skipped only when every action keys on
// lists; repost, co-activity and text need the events themselves.
TEST(ActionTest, KeysOnListsOnlyWhenEveryActionDoes) {
  auto parse = [](std::string_view list) { return *ParseActionList(list); };
  EXPECT_TRUE(KeysOnListsOnly(parse("url")));
  EXPECT_TRUE(KeysOnListsOnly(parse("url,hashtag,domain,media,hashtag_sequence")));
  EXPECT_FALSE(KeysOnListsOnly(parse("url,repost")));
  EXPECT_FALSE(KeysOnListsOnly(parse("coactivity")));
  EXPECT_FALSE(KeysOnListsOnly(parse("text")));
  EXPECT_FALSE(KeysOnListsOnly({}));
  const EventLists lists = ListsRead(parse("domain"));
  EXPECT_TRUE(lists.domains && lists.urls);  // a domain, else the URL's host
  EXPECT_FALSE(lists.hashtags || lists.media || lists.mentions);
}

}  // namespace
}  // namespace sakimori::coord
