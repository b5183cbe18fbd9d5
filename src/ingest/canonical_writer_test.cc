// File: ingest/canonical_writer_test.cc
// Writes events with AppendCanonicalJson, reads them back through EventReader and checks
// that every field survives.
#include "ingest/canonical_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "ingest/event_reader.h"

namespace sakimori {
namespace {

std::vector<std::string> Names(const StringList& l) { return {l.begin(), l.end()}; }

TEST(CanonicalWriterTest, FormatsTimes) {
  std::string s;
  AppendIso8601(0, &s);
  EXPECT_EQ(s, "1970-01-01T00:00:00Z");
  TimeMs t;
  ASSERT_TRUE(ParseTimestamp("2025-07-10T03:04:05.067Z", &t));
  s.clear();
  AppendIso8601(t, &s);
  EXPECT_EQ(s, "2025-07-10T03:04:05.067Z");
  s.clear();
  AppendIso8601(t - 67 + kMsPerDay, &s);  // same cache path, next day
  EXPECT_EQ(s, "2025-07-11T03:04:05Z");
  s.clear();
  AppendIso8601(-1, &s);
  EXPECT_EQ(s, "1969-12-31T23:59:59.999Z");
  for (TimeMs x : {TimeMs{951782400000}, TimeMs{1719792000123}, TimeMs{4102444799000}}) {
    s.clear();
    AppendIso8601(x, &s);
    EXPECT_EQ(s, FormatIso8601(x));
  }
}

TEST(CanonicalWriterTest, EscapesStrings) {
  std::string s;
  AppendJsonString("a\"b\\c\nd\x01 選挙", &s);
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\nd\\u0001 選挙\"");
}

TEST(CanonicalWriterTest, RoundTripsThroughEventReader) {
  Dictionary dict;
  EventBatch batch;
  TimeMs t0;
  ASSERT_TRUE(ParseTimestamp("2025-07-10T12:00:00Z", &t0));
  Event& p = batch.Add();
  p.time = t0;
  p.kind = EventKind::kPost;
  p.platform = Platform::kX;
  p.actor = dict.accounts.Intern("a0000001");
  p.post = dict.posts.Intern("p0000001");
  p.text = batch.Copy("今日は \"選挙\" の日 #投票 https://example.jp/x\n改行");
  p.lang = batch.Copy("ja");
  p.client = batch.Copy("Twitter for iPhone");
  p.urls = batch.CopyList({"https://example.jp/x"});
  p.hashtags = batch.CopyList({"投票", "選挙2025"});
  p.mentions = batch.CopyList({"a0000002"});
  p.media = batch.CopyList({"ph:00ff"});
  p.domains = batch.CopyList({"example.jp"});
  Event& r = batch.Add();
  r.time = t0 + 1500;
  r.kind = EventKind::kRepost;
  r.platform = Platform::kX;
  r.actor = dict.accounts.Intern("a0000002");
  r.id = batch.Copy("p0000002");
  r.target = dict.posts.Intern("p0000001");
  r.target_account = dict.accounts.Intern("a0000001");
  Event& f = batch.Add();
  f.time = t0 + 2000;
  f.kind = EventKind::kFollow;
  f.actor = dict.accounts.Intern("a0000003");
  f.target_account = dict.accounts.Intern("a0000001");
  Event& pr = batch.Add();
  pr.time = t0 + 3000;
  pr.kind = EventKind::kProfileUpdate;
  pr.platform = Platform::kX;
  pr.actor = dict.accounts.Intern("a0000003");
  Profile* prof = batch.NewProfile();
  prof->created_at = t0 - 400 * kMsPerDay;
  prof->followers = 12;
  prof->following = 340;
  prof->posts = 5600;
  prof->likes = 78;
  prof->listed = 0;
  prof->verified = 0;
  prof->default_profile = 1;
  prof->handle = batch.Copy("sakura_77");
  prof->name = batch.Copy("さくら🌸");
  prof->description = batch.Copy("猫と\tコーヒー");
  prof->location = batch.Copy("東京");
  prof->lang = batch.Copy("ja");
  pr.profile = prof;

  std::string out;
  for (const Event& e : batch.events()) AppendCanonicalJson(e, dict, &out);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4);
  EXPECT_EQ(out.rfind("{\"platform\":\"x\",\"id\":\"p0000001\",\"kind\":\"post\","
                      "\"time\":\"2025-07-10T12:00:00Z\"",
                      0),
            0u)
      << out;

  char path[] = "/tmp/canonical_writer_testXXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << out;

  Dictionary dict2;
  IngestReport report;
  ReaderOptions options;
  options.format = Format::kCanonical;
  options.strict = true;
  auto reader = EventReader::Open(path, options, &dict2, &report);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EventBatch got;
  auto more = (*reader)->Next(&got);
  ASSERT_TRUE(more.ok()) << more.status();
  std::remove(path);
  ASSERT_EQ(got.size(), batch.size());
  EXPECT_EQ(report.rejected(), 0u);
  for (size_t i = 0; i < got.size(); ++i) {
    const Event& a = batch[i];
    const Event& b = got[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(a.time, b.time);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.platform, b.platform);
    EXPECT_EQ(dict.accounts.Name(a.actor), dict2.accounts.Name(b.actor));
    std::string_view aid = !a.id.empty() ? a.id
                           : a.post != kNoPost ? dict.posts.Name(a.post)
                                               : std::string_view();
    EXPECT_EQ(aid, b.id);
    EXPECT_EQ(a.target == kNoPost, b.target == kNoPost);
    if (a.target != kNoPost) {
      EXPECT_EQ(dict.posts.Name(a.target), dict2.posts.Name(b.target));
    }
    EXPECT_EQ(a.target_account == kNoAccount, b.target_account == kNoAccount);
    if (a.target_account != kNoAccount) {
      EXPECT_EQ(dict.accounts.Name(a.target_account), dict2.accounts.Name(b.target_account));
    }
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.lang, b.lang);
    EXPECT_EQ(a.client, b.client);
    EXPECT_EQ(Names(a.urls), Names(b.urls));
    EXPECT_EQ(Names(a.hashtags), Names(b.hashtags));
    EXPECT_EQ(Names(a.mentions), Names(b.mentions));
    EXPECT_EQ(Names(a.media), Names(b.media));
    EXPECT_EQ(Names(a.domains), Names(b.domains));
    ASSERT_EQ(a.profile == nullptr, b.profile == nullptr);
    if (a.profile != nullptr) {
      const Profile& x = *a.profile;
      const Profile& y = *b.profile;
      EXPECT_EQ(y.observed_at, b.time);
      EXPECT_EQ(x.created_at, y.created_at);
      EXPECT_EQ(x.followers, y.followers);
      EXPECT_EQ(x.following, y.following);
      EXPECT_EQ(x.posts, y.posts);
      EXPECT_EQ(x.likes, y.likes);
      EXPECT_EQ(x.listed, y.listed);
      EXPECT_EQ(x.verified, y.verified);
      EXPECT_EQ(x.default_profile, y.default_profile);
      EXPECT_EQ(x.default_image, y.default_image);
      EXPECT_EQ(x.handle, y.handle);
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.location, y.location);
      EXPECT_EQ(x.lang, y.lang);
    }
  }
}

}  // namespace
}  // namespace sakimori
