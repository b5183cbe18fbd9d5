// File: detect/foreign/script_anomaly_test.cc
#include "detect/foreign/script_anomaly.h"

#include <gtest/gtest.h>

namespace sakimori::foreign {
namespace {

class ScriptAnomalyTest : public testing::Test {
 protected:
  void Profile(AccountId a, std::string_view lang) {
    Event& e = batch_.Add();
    e.actor = a;
    e.kind = EventKind::kProfileUpdate;
    sakimori::Profile* p = batch_.NewProfile();
    p->lang = batch_.Copy(lang);
    e.profile = p;
    tracker_.Update(e);
  }
  void Post(AccountId a, std::string_view text, std::string_view lang,
            EventKind kind = EventKind::kPost) {
    Event& e = batch_.Add();
    e.actor = a;
    e.kind = kind;
    e.text = batch_.Copy(text);
    e.lang = batch_.Copy(lang);
    tracker_.Update(e);
  }
  EventBatch batch_;
  ScriptAnomalyTracker tracker_;
};

TEST_F(ScriptAnomalyTest, CountsJapaneseAndSimplifiedChineseTexts) {
  Profile(1, "ja");
  Post(1, "明日は選挙に行きましょう。投票は大切です。", "ja");
  Post(1, "今日はいい天気ですね", "ja-JP");
  Post(1, "この文章は転送ではありません", "ja", EventKind::kRepost);  // not own text
  Profile(2, "ja-JP");
  Post(2, "我们はこの選挙について这样に说明します。", "ja");          // simplified slips
  Post(2, "選挙について，私たちは考えます；投票は大切です。", "ja");  // foreign punctuation
  Post(2, "我们这次选举说明了很多问题，大家都应该关注。", "zh");      // Chinese, mismatch
  ScriptCounts a = tracker_.Get(1);
  EXPECT_EQ(a.posts, 2u);
  EXPECT_EQ(a.japanese, 2u);
  EXPECT_EQ(a.simplified, 0u);
  EXPECT_EQ(a.foreign_punct, 0u);
  EXPECT_EQ(a.lang_known, 2u);
  EXPECT_EQ(a.lang_mismatch, 0u);
  ScriptCounts b = tracker_.Get(2);
  EXPECT_EQ(b.posts, 3u);
  EXPECT_EQ(b.japanese, 2u);
  EXPECT_EQ(b.simplified, 2u);
  EXPECT_EQ(b.foreign_punct, 1u);
  EXPECT_EQ(b.lang_known, 3u);
  EXPECT_EQ(b.lang_mismatch, 1u);
  EXPECT_EQ(tracker_.ProfileLang(2), "ja");
  EXPECT_EQ(tracker_.population().posts, 5u);
}

TEST_F(ScriptAnomalyTest, GroupAgainstPopulationBaseRate) {
  // 200 ordinary Japanese accounts, 10 posts each; one in 100 posts has a foreign comma.
  for (AccountId a = 0; a < 200; ++a) {
    Profile(a, "ja");
    for (int i = 0; i < 10; ++i) {
      Post(a, (a * 10 + i) % 100 == 0 ? "選挙について，私たちは考えます" : "今日はいい天気ですね",
           "ja");
    }
  }
  // A group of 5 accounts writing with simplified characters in half their posts.
  std::vector<AccountId> group;
  for (AccountId a = 200; a < 205; ++a) {
    Profile(a, "ja");
    group.push_back(a);
    for (int i = 0; i < 10; ++i) {
      Post(a, i % 2 ? "我们はこの選挙について这样に说明します。" : "今日はいい天気ですね", "ja");
    }
  }
  ScriptAnomaly g = tracker_.Group(group);
  EXPECT_EQ(g.counts.posts, 50u);
  EXPECT_EQ(g.members_flagged, 5u);
  const ScriptSignalStat& s = g.signals[static_cast<int>(ScriptSignal::kSimplified)];
  EXPECT_EQ(s.hits, 25u);
  EXPECT_DOUBLE_EQ(s.rate, 0.5);
  EXPECT_NEAR(s.base_rate, 25.5 / 2051.0, 1e-12);
  EXPECT_GT(s.lift, 30);
  EXPECT_GT(s.confidence, 0.999999);

  // An ordinary group: no simplified characters, punctuation at the base rate.
  ScriptAnomaly o = tracker_.Group({0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_EQ(o.signals[0].hits, 0u);
  EXPECT_EQ(o.signals[0].confidence, 0.0);
  EXPECT_EQ(o.signals[1].hits, 1u);
  EXPECT_LT(o.signals[1].confidence, 0.7);
}

TEST_F(ScriptAnomalyTest, PrimaryLanguage) {
  EXPECT_EQ(PrimaryLanguage("ja-JP"), "ja");
  EXPECT_EQ(PrimaryLanguage("zh_Hans"), "zh");
  EXPECT_EQ(PrimaryLanguage("EN"), "en");
  EXPECT_EQ(PrimaryLanguage("und"), "");
  EXPECT_EQ(PrimaryLanguage(""), "");
}

TEST_F(ScriptAnomalyTest, CheckpointRoundTrip) {
  Profile(0, "ja");
  Profile(3, "ko");
  Post(0, "我们はこの選挙について这样に说明します。", "ja");
  Post(3, "今日はいい天気ですね", "ja");
  std::string bytes;
  tracker_.Serialize(&bytes);
  ScriptAnomalyTracker r;
  ASSERT_TRUE(r.Deserialize(bytes).ok());
  EXPECT_EQ(r.Get(0).simplified, 1u);
  EXPECT_EQ(r.Get(3).lang_mismatch, 1u);
  EXPECT_EQ(r.ProfileLang(3), "ko");
  EXPECT_EQ(r.population().posts, 2u);
  std::string again;
  r.Serialize(&again);
  EXPECT_EQ(again, bytes);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_EQ(r.Deserialize(bytes.substr(0, cut)).code(), absl::StatusCode::kInvalidArgument)
        << cut;
  }
  std::string bad = bytes;
  bad.back() = 9;  // language code 9 of 2
  EXPECT_EQ(r.Deserialize(bad).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sakimori::foreign
