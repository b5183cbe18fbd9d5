// File: detect/foreign/watchlist_test.cc
#include "detect/foreign/watchlist.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/strings.h"

namespace sakimori::foreign {
namespace {

TEST(WatchListTest, ParsesAndNormalises) {
  auto list = WatchList::Parse(
      "# partner feed\n"
      "\n"
      "account_id\t12345\tpartner-a\n"
      "handle,@Sock_Puppet\n"
      "domain,WWW.Evil.Example.\n"
      "url\thttps://News.Example/a?utm_source=x&id=3#top\tstix:indicator--1\n"
      "handle,sock_puppet\n");  // duplicate of line 4 after normalisation
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 4u);
  const auto& ind = list->indicators();
  EXPECT_EQ(ind[0].type, IndicatorType::kAccountId);
  EXPECT_EQ(ind[0].value, "12345");
  EXPECT_EQ(ind[0].source, "partner-a");
  EXPECT_EQ(ind[1].value, "sock_puppet");
  EXPECT_EQ(ind[1].source, "");
  EXPECT_EQ(ind[2].value, "evil.example");
  EXPECT_EQ(ind[3].value, "https://news.example/a?id=3");
  EXPECT_EQ(ind[3].source, "stix:indicator--1");
}

TEST(WatchListTest, BadLinesNameTheLineAndReason) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"handle,a\nip,1.2.3.4\n", "line 2: unknown indicator type 'ip'"},
           {"# x\n\ndomain\n", "line 3: expected type,value"},
           {"domain,evil.example/path\n", "line 1: invalid domain 'evil.example/path'"},
           {"handle,@\n", "line 1: empty handle value"},
           {"account_id\t\tsrc\n", "line 1: empty account_id value"},
       }) {
    auto list = WatchList::Parse(c.text);
    ASSERT_FALSE(list.ok()) << c.text;
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(Message(list.status())).find(c.message), std::string::npos)
        << list.status();
  }
}

TEST(WatchListTest, LoadReadsFilesAndReportsMissingOnes) {
  std::string path = testing::TempDir() + "watchlist_load_test.tsv";
  {
    std::ofstream f(path);
    f << "domain\tevil.example\nbogus\tx\n";
  }
  auto bad = WatchList::Load(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(Message(bad.status())).find("line 2"), std::string::npos);
  EXPECT_NE(std::string(Message(bad.status())).find(path), std::string::npos);
  EXPECT_EQ(WatchList::Load(path + ".missing").status().code(), absl::StatusCode::kNotFound);
}

TEST(WatchListTest, MatchesActorHandleUrlsAndDomains) {
  auto list = WatchList::FromIndicators({
      {IndicatorType::kAccountId, "acct-7", "a"},
      {IndicatorType::kHandle, "@Troll", "b"},
      {IndicatorType::kDomain, "evil.example", "c"},
      {IndicatorType::kUrl, "https://news.example/story?id=1", "d"},
      {IndicatorType::kDomain, "other.example", "e"},
  });
  ASSERT_TRUE(list.ok()) << list.status();
  Dictionary dict;
  dict.accounts.Intern("acct-1");
  AccountId actor = dict.accounts.Intern("acct-7");
  EventBatch batch;
  Event& e = batch.Add();
  e.actor = actor;
  Profile* p = batch.NewProfile();
  p->handle = batch.Copy("TROLL");
  e.profile = p;
  e.urls = batch.CopyList({"https://news.example/story?id=1&utm_medium=x",
                           "http://cdn.a.Evil.Example/x.png", "https://example.org/"});
  std::vector<IndicatorMatch> m = list->Match(e, dict);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0], (IndicatorMatch{0, MatchField::kActor}));
  EXPECT_EQ(m[1], (IndicatorMatch{1, MatchField::kHandle}));
  EXPECT_EQ(m[2], (IndicatorMatch{2, MatchField::kDomain}));
  EXPECT_EQ(m[3], (IndicatorMatch{3, MatchField::kUrl}));

  // Stated domains take the place of URL hosts; a non-matching actor matches nothing.
  Event& f = batch.Add();
  f.actor = 0;
  f.domains = batch.CopyList({"www.other.example"});
  std::vector<IndicatorMatch> n = list->Match(f, dict);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0], (IndicatorMatch{4, MatchField::kDomain}));
  Event& g = batch.Add();
  g.actor = 0;
  g.urls = batch.CopyList({"https://notevil.example/"});
  EXPECT_TRUE(list->Match(g, dict).empty());
}

TEST(WatchListTest, FromIndicatorsRejectsInvalidValues) {
  auto list = WatchList::FromIndicators(
      {{IndicatorType::kHandle, "ok", ""}, {IndicatorType::kDomain, "a b", ""}});
  ASSERT_FALSE(list.ok());
  EXPECT_NE(std::string(Message(list.status())).find("indicator 1"), std::string::npos);
}

}  // namespace
}  // namespace sakimori::foreign
