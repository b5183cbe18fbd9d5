// File: ingest/formats/csv_formats_test.cc
// The CSV readers on their fixtures (tests/fixtures/<format>/, invented content): every
// field that the mapping in each reader's header promises, with exact times.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xxhash.h>

#include <cstdio>
#include <fstream>

#include "ingest/formats/csv_fields.h"
#include "ingest/ingest_test_util.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::FlatEvent;
using testing::ReadBytes;
using testing::ReadFile;
using testing::ReadResult;

std::string Fixture(const std::string& rel) {
  return std::string(SAKIMORI_SOURCE_DIR) + "/tests/fixtures/" + rel;
}

constexpr TimeMs Sec(int64_t s) { return s * 1000; }

ReaderOptions WithFormat(Format f) {
  ReaderOptions o;
  o.format = f;
  return o;
}

TEST(CsvFieldsTest, SplitListHandlesArchiveStyles) {
  std::vector<std::string_view> out;
  csv_fields::SplitList("[tag1, tag2]", ',', &out);
  csv_fields::SplitList("['a', \"b\"]", ',', &out);
  csv_fields::SplitList("[]", ',', &out);
  csv_fields::SplitList("", ',', &out);
  csv_fields::SplitList(" x|y ||z", '|', &out);
  EXPECT_THAT(out, ElementsAre("tag1", "tag2", "a", "b", "x", "y", "z"));
}

TEST(CsvFieldsTest, ParseCount) {
  int64_t v = -1;
  EXPECT_TRUE(csv_fields::ParseCount("", "n", &v).ok());
  EXPECT_EQ(v, -1);
  EXPECT_TRUE(csv_fields::ParseCount(" 1520 ", "n", &v).ok());
  EXPECT_EQ(v, 1520);
  EXPECT_TRUE(csv_fields::ParseCount("12.0", "n", &v).ok());
  EXPECT_EQ(v, 12);
  Status s = csv_fields::ParseCount("12k", "follower_count", &v);
  EXPECT_EQ(s.message(), "invalid number: follower_count='12k'");
  EXPECT_FALSE(csv_fields::ParseCount("99999999999999999999", "n", &v).ok());
}

TEST(CsvFieldsTest, TextPostIdIsXxh3OfTrimmedText) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits("Polls open", 10)));
  EXPECT_EQ(csv_fields::TextPostId("  Polls open \n"), std::string("text:") + hex);
  std::string_view author, rest;
  ASSERT_TRUE(csv_fields::SplitRetweetPrefix("RT @River_Talk:  Polls open", &author, &rest));
  EXPECT_EQ(author, "River_Talk");
  EXPECT_EQ(rest, "Polls open");
  EXPECT_FALSE(csv_fields::SplitRetweetPrefix("RT this: no", &author, &rest));
}

TEST(IoArchiveTest, ReadsFixture) {
  ReadResult r = ReadFile(Fixture("io_archive/sample.csv"), ReaderOptions());  // detected
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 5u);
  const FlatEvent& post = r.events[0];
  EXPECT_EQ(post.time, Sec(1483274040));  // 2017-01-01 12:34 UTC
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.platform, Platform::kX);
  EXPECT_EQ(post.actor, "u_alpha");
  EXPECT_EQ(post.id, "900000000000000001");
  EXPECT_EQ(post.post, "900000000000000001");
  EXPECT_EQ(post.lang, "en");
  EXPECT_EQ(post.client, "Twitter Web Client");
  EXPECT_THAT(post.hashtags, ElementsAre("lakeside", "vote"));
  EXPECT_THAT(post.urls, ElementsAre("https://example.org/report"));
  EXPECT_THAT(post.mentions, IsEmpty());
  ASSERT_TRUE(post.has_profile);
  EXPECT_EQ(post.profile.followers, 1520);
  EXPECT_EQ(post.profile.following, 310);
  EXPECT_EQ(post.profile.created_at, Sec(1457913600));  // 2016-03-14
  EXPECT_EQ(post.profile.observed_at, post.time);
  EXPECT_EQ(post.handle, "alpha_news");
  EXPECT_EQ(post.name, "Alpha News");
  EXPECT_EQ(post.description, "Daily news, \"fresh\"");
  EXPECT_EQ(post.location, "Lakeside");
  EXPECT_EQ(post.profile_lang, "en");

  const FlatEvent& rt = r.events[1];
  EXPECT_EQ(rt.kind, EventKind::kRepost);
  EXPECT_EQ(rt.time, Sec(1483274100));
  EXPECT_EQ(rt.actor, "u_beta");
  EXPECT_EQ(rt.target, "900000000000000001");
  EXPECT_EQ(rt.target_author, "u_alpha");
  EXPECT_THAT(rt.hashtags, ElementsAre("lakeside", "vote"));
  EXPECT_THAT(rt.mentions, ElementsAre("u_alpha"));
  EXPECT_EQ(rt.profile.followers, 12);

  const FlatEvent& reply = r.events[2];
  EXPECT_EQ(reply.kind, EventKind::kReply);
  EXPECT_EQ(reply.time, Sec(1483315200));
  EXPECT_EQ(reply.text, "Replying here\nwith a second line");
  EXPECT_EQ(reply.name, "Gamma\nline two");
  EXPECT_EQ(reply.target, "900000000000000001");
  EXPECT_EQ(reply.target_author, "u_alpha");
  EXPECT_THAT(reply.mentions, ElementsAre("u_alpha"));

  const FlatEvent& quote = r.events[3];
  EXPECT_EQ(quote.kind, EventKind::kQuote);
  EXPECT_EQ(quote.target, "900000000000000003");
  EXPECT_EQ(quote.target_author, "");
  EXPECT_EQ(quote.profile.created_at, kNoTime);

  // A retweet flagged without retweet_tweetid targets its text.
  const FlatEvent& text_rt = r.events[4];
  EXPECT_EQ(text_rt.kind, EventKind::kRepost);
  EXPECT_EQ(text_rt.target, csv_fields::TextPostId("Replying here"));
}

TEST(IoArchiveTest, RejectsBadCountAndMissingColumn) {
  std::string header = "tweetid,userid,tweet_time,follower_count,is_retweet\n";
  ReadResult r = ReadBytes(header + "1,u,2017-01-01 00:00,12k,False\n2,u,2017-01-01 00:01,3,maybe\n",
                           WithFormat(Format::kIoArchive));
  ASSERT_TRUE(r.status.ok());
  EXPECT_TRUE(r.events.empty());
  ASSERT_EQ(r.report.kept().size(), 2u);
  EXPECT_EQ(r.report.kept()[0].line, 2u);
  EXPECT_EQ(r.report.kept()[0].reason, "invalid number: follower_count='12k'");
  EXPECT_EQ(r.report.kept()[1].reason, "invalid field: is_retweet='maybe'");

  ReadResult missing = ReadBytes("tweetid,tweet_time\n1,2017-01-01\n", WithFormat(Format::kIoArchive));
  EXPECT_THAT(std::string(missing.status.message()), ::testing::HasSubstr("missing column: userid"));
}

TEST(IraTest, ReadsFixture) {
  ReadResult r = ReadFile(Fixture("ira/sample.csv"), ReaderOptions());  // detected
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 5u);
  const FlatEvent& post = r.events[0];
  EXPECT_EQ(post.time, Sec(1506887880));  // 10/1/2017 19:58
  EXPECT_EQ(post.kind, EventKind::kPost);
  EXPECT_EQ(post.actor, "river_talk");
  EXPECT_EQ(post.handle, "RIVER_TALK");
  EXPECT_EQ(post.id, "914580356430536707");
  EXPECT_EQ(post.lang, "English");
  EXPECT_THAT(post.urls, ElementsAre("https://example.com/polls"));
  EXPECT_THAT(post.hashtags, ElementsAre("Election"));
  EXPECT_THAT(post.mentions, ElementsAre("cityhall"));
  EXPECT_EQ(post.profile.following, 1052);
  EXPECT_EQ(post.profile.followers, 9636);
  EXPECT_EQ(post.profile.posts, 253);
  EXPECT_EQ(post.location, "United States");

  // Both retweets of the same text share one text-derived target, whatever the spacing
  // and the case of the retweeted handle.
  const FlatEvent& rt1 = r.events[1];
  const FlatEvent& rt2 = r.events[2];
  std::string target = csv_fields::TextPostId("Polls open early tomorrow #Election @cityhall");
  EXPECT_EQ(rt1.kind, EventKind::kRepost);
  EXPECT_EQ(rt1.time, Sec(1506888180));
  EXPECT_EQ(rt1.actor, "meadow_voice");
  EXPECT_EQ(rt1.id, "914580356430539999");  // from article_url
  EXPECT_EQ(rt1.target, target);
  EXPECT_EQ(rt1.target_author, "river_talk");
  EXPECT_EQ(rt2.time, Sec(1514764740));  // 12/31/2017 23:59
  EXPECT_EQ(rt2.target, target);
  EXPECT_EQ(rt2.target_author, "river_talk");
  EXPECT_EQ(rt2.id.rfind("ira:", 0), 0u);
  EXPECT_EQ(rt2.id.size(), 20u);

  const FlatEvent& quote = r.events[3];
  EXPECT_EQ(quote.kind, EventKind::kQuote);
  EXPECT_EQ(quote.time, Sec(1514876700));  // 1/2/2018 7:05
  EXPECT_EQ(quote.target, "914580356430536707");
  EXPECT_EQ(quote.target_author, "river_talk");
  EXPECT_EQ(quote.profile.followers, 121);

  EXPECT_EQ(r.events[4].kind, EventKind::kPost);  // quoted tweet unknown
  EXPECT_EQ(r.events[4].target, "");
}

TEST(CrowdTangleTest, ReadsPostExport) {
  ReadResult r = ReadFile(Fixture("crowdtangle/export.csv"), ReaderOptions());
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 3u);
  const FlatEvent& a = r.events[0];
  EXPECT_EQ(a.time, Sec(1630483200));  // 2021-09-01 10:00:00 CEST
  EXPECT_EQ(a.kind, EventKind::kPost);
  EXPECT_EQ(a.platform, Platform::kFacebook);
  EXPECT_EQ(a.actor, "100200300");
  EXPECT_EQ(a.id, "https://www.facebook.com/harbordaily/posts/1111");
  EXPECT_EQ(a.text, "Read our story");
  EXPECT_THAT(a.urls, ElementsAre("https://bit.ly/xyz", "https://example.de/story"));
  EXPECT_EQ(a.profile.followers, 5200);
  EXPECT_EQ(a.profile.created_at, Sec(1335864600));  // 2012-05-01 09:30 UTC
  EXPECT_EQ(a.name, "Harbor Daily");
  EXPECT_EQ(a.handle, "harbordaily");
  EXPECT_EQ(a.location, "DE");
  const FlatEvent& b = r.events[1];
  EXPECT_EQ(b.time, Sec(1630483230));
  EXPECT_EQ(b.text, "Same story, shared");  // Description when Message is empty
  EXPECT_THAT(b.urls, ElementsAre("https://example.de/story"));
  EXPECT_EQ(r.events[2].time, Sec(1640385000));  // 2021-12-24 23:30 CET
  EXPECT_EQ(r.events[2].text, "Season's greetings,\nfrom the dunes");
}

TEST(CrowdTangleTest, ReadsDateAndTimeColumnsWithoutUrl) {
  ReadResult r = ReadBytes(
      "Page Name,Facebook Id,Post Created Date,Post Created Time,Message,Link\n"
      "P,42,2021-09-01,10:00:00,hi,https://x.example\n",
      WithFormat(Format::kCrowdTangle));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].time, Sec(1630490400));  // no zone: UTC
  EXPECT_EQ(r.events[0].id.rfind("42@1630490400000#", 0), 0u);
}

TEST(CrowdTangleTest, ReadsCooRnetLinkShares) {
  ReadResult r = ReadFile(Fixture("crowdtangle/links.csv"), ReaderOptions());
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 2u);
  const FlatEvent& a = r.events[0];
  EXPECT_EQ(a.time, Sec(1583049600));
  EXPECT_EQ(a.actor, "https://www.facebook.com/pageone");
  EXPECT_EQ(a.platform, Platform::kFacebook);
  EXPECT_EQ(a.id, "1|501");
  EXPECT_EQ(a.text, "Must read");
  EXPECT_THAT(a.urls, ElementsAre("https://news.example/a"));
  EXPECT_EQ(a.profile.followers, 1000);
  EXPECT_EQ(a.profile.verified, 0);
  EXPECT_EQ(a.handle, "pageone");
  const FlatEvent& b = r.events[1];
  EXPECT_EQ(b.time, Sec(1583049620));
  EXPECT_EQ(b.platform, Platform::kInstagram);
  EXPECT_EQ(b.profile.verified, 1);
  EXPECT_THAT(b.urls, ElementsAre("https://news.example/a"));
}

TEST(CsvMappedTest, ReadsWithTomlMapping) {
  ReaderOptions o = WithFormat(Format::kCsv);
  o.csv_mapping.emplace_back("@file", std::string(SAKIMORI_SOURCE_DIR) + "/examples/mapping.toml");
  ReadResult r = ReadFile(Fixture("csv_mapped/actions.csv"), o);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 4u);
  const FlatEvent& p = r.events[0];
  EXPECT_EQ(p.time, Sec(1630490400));
  EXPECT_EQ(p.kind, EventKind::kPost);
  EXPECT_EQ(p.platform, Platform::kX);
  EXPECT_EQ(p.actor, "acct_a");
  EXPECT_EQ(p.post, "p1");
  EXPECT_EQ(p.text, "Hello world");
  EXPECT_THAT(p.urls, ElementsAre("https://a.example", "https://b.example"));
  EXPECT_THAT(p.hashtags, ElementsAre("x", "y"));
  EXPECT_EQ(r.events[1].kind, EventKind::kRepost);  // "share"
  EXPECT_EQ(r.events[1].target, "p1");
  EXPECT_EQ(r.events[1].target_author, "acct_a");
  EXPECT_EQ(r.events[2].kind, EventKind::kLike);
  EXPECT_EQ(r.events[2].post, "");  // likes create no post
  EXPECT_EQ(r.events[3].kind, EventKind::kFollow);
  EXPECT_EQ(r.events[3].target_author, "acct_a");
  EXPECT_EQ(r.events[3].time, Sec(1630490480));
}

TEST(CsvMappedTest, CommandLinePairsAndDelimiterOption) {
  ReaderOptions o = WithFormat(Format::kCsv);
  o.csv_delimiter = '\t';
  o.csv_mapping = {{"actor", "user"}, {"time", "ts"}, {"kind", "k"}, {"target", "t"}};
  ReadResult r = ReadBytes("user\tts\tk\tt\nann\t2021-08-15T12:00:05+09:00\tlike\tp9\n"
                           "bob\tnot a time\tlike\tp9\nbob\t1629000000\trepost\t\n",
                           o);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].time, Sec(1628996405));  // 03:00:05Z
  EXPECT_EQ(r.events[0].target, "p9");
  ASSERT_EQ(r.report.kept().size(), 2u);
  EXPECT_EQ(r.report.kept()[0].line, 3u);
  EXPECT_EQ(r.report.kept()[0].reason, "invalid time: 'not a time'");
  EXPECT_EQ(r.report.kept()[1].line, 4u);
  EXPECT_EQ(r.report.kept()[1].reason, "missing field: target");
}

TEST(CsvMappedTest, ConfigurationErrors) {
  ReaderOptions o = WithFormat(Format::kCsv);
  o.csv_mapping = {{"actor", "user"}, {"time", "ts"}, {"colour", "c"}};
  ReadResult r = ReadBytes("user,ts\na,1\n", o);
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("unknown field 'colour'"));

  o.csv_mapping = {{"actor", "user"}};
  r = ReadBytes("user,ts\na,1\n", o);
  EXPECT_THAT(std::string(r.status.message()),
              ::testing::HasSubstr("no column for the required field time"));

  o.csv_mapping = {{"actor", "user"}, {"time", "when"}};
  r = ReadBytes("user,ts\na,1\n", o);
  EXPECT_THAT(std::string(r.status.message()),
              ::testing::HasSubstr("missing column: 'when' (mapped to field time)"));

  std::string bad = ::testing::TempDir() + "/bad_mapping.toml";
  std::ofstream(bad) << "time_format = \"weekly\"\n[columns]\nactor = \"user\"\n";
  o.csv_mapping = {{"@file", bad}};
  r = ReadBytes("user,ts\na,1\n", o);
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("time_format must be"));
  std::ofstream(bad) << "[columns\n";
  r = ReadBytes("user,ts\na,1\n", o);
  EXPECT_THAT(std::string(r.status.message()), ::testing::HasSubstr("invalid TOML mapping"));
}

TEST(CsvMappedTest, DelimiterFollowsMapping) {
  std::string path = ::testing::TempDir() + "/semicolon_mapping.toml";
  std::ofstream(path) << "delimiter = \";\"\nkind = \"like\"\ntime_format = \"epoch_ms\"\n"
                         "[columns]\nactor = \"a\"\ntime = \"t\"\ntarget = \"p\"\n";
  ReaderOptions o = WithFormat(Format::kCsv);
  o.csv_mapping = {{"@file", path}};
  ReadResult r = ReadBytes("a;t;p\nx;1630490400123;p1\n", o);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kLike);
  EXPECT_EQ(r.events[0].time, 1630490400123);
  EXPECT_EQ(r.events[0].target, "p1");
}

}  // namespace
}  // namespace sakimori
