// File: campaign/campaign_test.cc
// Known-answer tests: evidence shaped like each simulated tactic gives the techniques the
// simulator's truth lists; summaries carry the figures; the signals JSON round-trips.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "campaign/evidence.h"
#include "campaign/format.h"
#include "campaign/summary.h"
#include "campaign/techniques.h"
#include "common/time.h"
#include "report/disarm.h"
#include "report/signals.h"
#include "sim/scenario.h"

namespace sakimori::campaign {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TimeMs At(int y, int m, int d, int hh, int mm) {
  return DaysFromCivil(y, m, d) * kMsPerDay + hh * kMsPerHour + mm * kMsPerMinute;
}

// A naive repost ring with a like farm on bulk-created accounts (as upper-house-2025 op 1).
CampaignEvidence NaiveRepostRing() {
  CampaignEvidence e;
  e.id = "C12";
  e.members = 48;
  e.start = At(2025, 7, 6, 3, 0);
  e.end = At(2025, 7, 9, 14, 0);
  e.actions = {{"repost", 312, 1204}, {"like", 45, 610}};
  e.coordination_confidence = 0.99;
  e.median_delay_s = 8;
  e.mean_automation = 0.71;
  e.share_automated = 0.625;
  e.items = {{"post", "p123", 400, 520, "a1"},
             {"post", "p456", 380, 450, "a2"},
             {"post", "p789", 300, 330, "a1"},
             {"hashtag", "#senkyo", 40, 9000, ""}};
  e.amplified_authors = 2;
  e.reach = 5300;
  e.reposts = 1200;
  e.likes = 900;
  e.posts = 12;
  e.utc_offset_hours = 8;
  e.utc_offset_confidence = 0.82;
  e.creation_wave_share = 0.9;
  e.creation_wave_confidence = 0.95;
  e.creation_wave_start = At(2025, 6, 1, 0, 0);
  e.creation_wave_end = At(2025, 6, 3, 0, 0);
  e.new_account_share = 0.9;
  e.score = 0.87;
  e.severity = "high";
  return e;
}

// Members post near-identical texts with the campaign hashtag and link.
CampaignEvidence CopyPasteFlood() {
  CampaignEvidence e;
  e.id = "C3";
  e.members = 30;
  e.actions = {{"text", 30, 400}, {"hashtag", 25, 380}, {"url", 20, 350}};
  e.near_duplicate_posts = 400;
  e.narratives = 1;
  e.hashtag_posts = 380;
  e.posts = 420;
  e.share_automated = 0.1;
  e.mean_automation = 0.2;
  return e;
}

TEST(CampaignTechniques, NaiveRepostRing) {
  EXPECT_THAT(Techniques(NaiveRepostRing()),
              ElementsAre("T0049.003", "T0146.001", "T0146.007", "T0150.001", "T0150.008"));
  EXPECT_THAT(Why("T0049.003", NaiveRepostRing()), HasSubstr("312 co-repost bursts"));
  EXPECT_THAT(Why("T0049.003", NaiveRepostRing()), HasSubstr("median delay 8.0 s"));
  EXPECT_EQ(Why("T0084.001", NaiveRepostRing()), "");
}

TEST(CampaignTechniques, CopyPasteFlood) {
  EXPECT_THAT(Techniques(CopyPasteFlood()), ElementsAre("T0049.002", "T0084.001", "T0119"));
  EXPECT_EQ(Why("T0084.001", CopyPasteFlood()),
            "400 near-duplicate member posts in 1 narrative(s); 30 near-identical-text bursts");
}

TEST(CampaignTechniques, NothingGivesNothing) {
  EXPECT_THAT(Techniques(CampaignEvidence{}), IsEmpty());
  // Operator traits are signals, not techniques.
  CampaignEvidence e;
  e.members = 20;
  e.utc_offset_hours = 3;
  e.utc_offset_confidence = 0.9;
  e.script_anomaly_share = 0.5;
  e.script_anomaly_confidence = 0.7;
  e.watchlist_hits = {"domain:example.net"};
  e.domains = {{"example.net", 40, 300}};
  EXPECT_THAT(Techniques(e), IsEmpty());
  // Automation alone, without coordinated amplification, is an account asset only.
  e.share_automated = 0.6;
  EXPECT_THAT(Techniques(e), ElementsAre("T0146.007"));
}

TEST(CampaignTechniques, HumanPacedAmplificationIsTrollsNotBots) {
  CampaignEvidence e;
  e.members = 25;
  e.actions = {{"repost", 40, 100}, {"quote", 12, 30}};
  e.median_delay_s = 900;
  e.share_automated = 0.04;
  e.quotes = 150;
  e.reposts = 300;
  EXPECT_THAT(Techniques(e), ElementsAre("T0049.001"));
  e.share_automated = 0.5;  // the same with automated members: bots
  EXPECT_THAT(Techniques(e), ElementsAre("T0049.003", "T0146.007"));
}

TEST(CampaignTechniques, EveryIdIsInTheFrameworkSortedWithReasonAndName) {
  CampaignEvidence e = NaiveRepostRing();
  e.actions.push_back({"text", 5, 10});
  e.actions.push_back({"hashtag", 5, 10});
  e.actions.push_back({"url", 5, 10});
  e.actions.push_back({"reply", 5, 10});
  e.near_duplicate_posts = 50;
  e.hashtag_posts = 50;
  e.sleeper_share = 0.5;
  const auto found = FindTechniques(e);
  ASSERT_GE(found.size(), 9u);
  for (size_t i = 0; i < found.size(); ++i) {
    const report::DisarmTechnique* t = report::FindDisarmTechnique(found[i].id);
    ASSERT_NE(t, nullptr) << found[i].id;
    EXPECT_EQ(found[i].name, t->name);
    EXPECT_FALSE(found[i].reason.empty()) << found[i].id;
    if (i > 0) {
      EXPECT_LT(found[i - 1].id, found[i].id);
    }
  }
}

// Evidence typical of what each simulated tactic leaves; the techniques must include the ids
// the simulator writes to truth for that tactic.
CampaignEvidence TacticEvidence(std::string_view tactic) {
  CampaignEvidence e;
  e.members = 30;
  e.reposts = e.likes = 500;
  if (tactic == "like_farm") {
    e.actions = {{"like", 50, 300}};
    e.median_delay_s = 15;
    e.share_automated = 0.6;
  } else if (tactic == "repost_ring") {
    e.actions = {{"repost", 50, 300}};
    e.median_delay_s = 20;
    e.share_automated = 0.7;
  } else if (tactic == "evasive_bot") {
    e.actions = {{"repost", 10, 40}, {"like", 10, 40}};
    e.median_delay_s = 1200;
    e.share_automated = 0.4;
  } else if (tactic == "copy_paste") {
    e.actions = {{"text", 10, 100}};
    e.near_duplicate_posts = 200;
    e.narratives = 1;
    e.posts = 220;
  } else if (tactic == "hashtag_flood") {
    e.actions = {{"hashtag", 20, 200}};
    e.hashtag_posts = 300;
    e.posts = 300;
  } else if (tactic == "sleeper_activation") {
    e.actions = {{"repost", 30, 200}};
    e.sleeper_share = 0.8;
    e.median_delay_s = 45;
  } else if (tactic == "bulk_created") {
    e.actions = {{"repost", 30, 200}};
    e.creation_wave_share = 0.9;
    e.creation_wave_confidence = 0.9;
  } else if (tactic == "cyborg") {
    e.actions = {{"repost", 30, 100}, {"quote", 10, 20}};
    e.median_delay_s = 900;
    e.share_automated = 0.05;
    e.quotes = 100;
  } else if (tactic == "cross_posting") {
    e.actions = {{"url", 15, 100}};
    e.posts = 150;
  } else if (tactic == "foreign_timezone") {
    e.utc_offset_hours = 3;
    e.utc_offset_confidence = 0.8;
  }
  return e;
}

TEST(CampaignTechniques, CoverTheSimulatorTruthPerTactic) {
  for (std::string_view tactic : sim::KnownTactics()) {
    const std::vector<std::string> got = Techniques(TacticEvidence(tactic));
    const std::vector<std::string> truth = sim::TechniquesForTactic(tactic);
    for (const std::string& id : truth) {
      EXPECT_THAT(got, Contains(id)) << tactic;
    }
    if (truth.empty()) {
      EXPECT_THAT(got, IsEmpty()) << tactic;
    }
  }
}

size_t CountSentencesEn(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) n += s[i] == '.' && s[i + 1] == ' ';
  return n + (!s.empty() && s.back() == '.');
}

size_t CountOf(const std::string& s, std::string_view what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

// Strict UTF-8 check (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

TEST(CampaignSummary, EnglishCarriesTheFigures) {
  const std::string s = SummaryEn(NaiveRepostRing());
  EXPECT_THAT(s, HasSubstr("Campaign C12: 48 accounts acted together from 2025-07-06 03:00 to "
                           "2025-07-09 14:00 UTC (2025-07-06 12:00 to 2025-07-09 23:00 JST)"));
  EXPECT_THAT(s, HasSubstr("312 co-repost bursts and 45 co-like bursts"));
  EXPECT_THAT(s, HasSubstr("median follower delay 8.0 s"));
  EXPECT_THAT(s, HasSubstr("Members made 1,200 reposts, 900 likes and 12 posts"));
  EXPECT_THAT(s, HasSubstr("3 posts and 1 hashtag (top: p123, p456, p789)"));
  EXPECT_THAT(s, HasSubstr("an estimated 5,300 accounts"));
  EXPECT_THAT(s, HasSubstr("targets of the amplification, not members"));
  EXPECT_THAT(s, HasSubstr("activity fits UTC+8 (confidence 0.82)"));
  EXPECT_THAT(s, HasSubstr("63% of members look automated (mean automation score 0.71)"));
  EXPECT_THAT(s, HasSubstr("90% of members were created in one wave (2025-06-01 00:00 to "
                           "2025-06-03 00:00 UTC, confidence 0.95)"));
  EXPECT_THAT(s, HasSubstr("Severity high (score 0.87)"));
  EXPECT_THAT(s, HasSubstr("T0049.003"));
  EXPECT_THAT(s, Not(HasSubstr("Chinese")));
  const size_t n = CountSentencesEn(s);
  EXPECT_GE(n, 2u);
  EXPECT_LE(n, 5u);
  EXPECT_EQ(s, SummaryEn(NaiveRepostRing()));  // deterministic
}

TEST(CampaignSummary, EnglishMinimalEvidenceStillTwoSentences) {
  CampaignEvidence e;
  e.id = "X";
  e.members = 1;
  const std::string s = SummaryEn(e);
  EXPECT_EQ(s,
            "Campaign X: 1 account acted together. No signal beyond the coordination was "
            "recorded.");
}

TEST(CampaignSummary, JapaneseIsValidUtf8AndCarriesTheFigures) {
  const std::string s = SummaryJa(NaiveRepostRing());
  EXPECT_TRUE(ValidUtf8(s));
  EXPECT_THAT(s, HasSubstr("キャンペーンC12：48アカウントが2025-07-06 03:00〜2025-07-09 14:00 UTC"
                           "（日本時間 2025-07-06 12:00〜2025-07-09 23:00）に連携して活動し"));
  EXPECT_THAT(s, HasSubstr("同時リポストのバースト312件、同時いいねのバースト45件"));
  EXPECT_THAT(s, HasSubstr("追随の遅れの中央値8.0秒"));
  EXPECT_THAT(s, HasSubstr("リポスト1,200件、いいね900件、投稿12件"));
  EXPECT_THAT(s, HasSubstr("投稿3件・ハッシュタグ1件を増幅し（上位：p123、p456、p789）"));
  EXPECT_THAT(s, HasSubstr("推定5,300人が反応しました"));
  EXPECT_THAT(s, HasSubstr("作成者2人は増幅の標的であり、キャンペーンのメンバーではありません"));
  EXPECT_THAT(s, HasSubstr("活動時間帯はUTC+8に適合（信頼度0.82）"));
  EXPECT_THAT(s, HasSubstr("深刻度：高（スコア0.87）"));
  const size_t n = CountOf(s, "。");
  EXPECT_GE(n, 2u);
  EXPECT_LE(n, 5u);
  EXPECT_EQ(s, SummaryJa(NaiveRepostRing()));
}

TEST(CampaignSummary, ForeignOffsetNamedAsSignal) {
  CampaignEvidence e = CopyPasteFlood();
  e.utc_offset_hours = 5.5;
  e.utc_offset_confidence = 0.6;
  e.no_nightly_rest = true;
  EXPECT_THAT(SummaryEn(e), HasSubstr("activity fits UTC+5:30 (confidence 0.60), not the "
                                      "monitored country's UTC+9, no nightly rest"));
  EXPECT_THAT(SummaryJa(e), HasSubstr("UTC+5:30に適合（信頼度0.60）、対象国のUTC+9とは異なる"));
  EXPECT_THAT(SummaryEn(e), HasSubstr("400 near-duplicate posts in 1 narrative"));
}

TEST(CampaignFormat, Numbers) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatUtcOffset(-3), "UTC-3");
  EXPECT_EQ(FormatUtcOffset(0), "UTC+0");
  EXPECT_EQ(FormatUtcOffset(-9.5), "UTC-9:30");
  EXPECT_EQ(FormatDelayEn(300), "5.0 min");
  EXPECT_EQ(FormatDelayJa(7200), "2.0時間");
  EXPECT_EQ(FormatFixed(-0.001, 2), "0.00");
  EXPECT_EQ(FormatMinute(At(2025, 12, 31, 20, 30), 9), "2026-01-01 05:30");
}

TEST(CampaignSignals, RoundTripThroughParseSignals) {
  CampaignEvidence e = NaiveRepostRing();
  e.sleeper_share = 0.25;
  e.watchlist_hits = {"domain:example.net"};
  e.domains = {{"example.net", 42.5, 300}};
  const std::string json = SignalsJson(e);
  const auto signals = report::ParseSignals(json);
  std::vector<std::string> names;
  for (const auto& s : signals) names.push_back(s.name);
  EXPECT_THAT(names, ElementsAre("coordination", "automation", "foreign_timezone", "creation_wave",
                                 "new_accounts", "sleepers", "domains", "watchlist"));
  ASSERT_EQ(signals.size(), 8u);
  EXPECT_DOUBLE_EQ(*signals[0].confidence, 0.99);
  EXPECT_EQ(signals[0].detail, "312 co-repost bursts and 45 co-like bursts among 48 accounts");
  EXPECT_DOUBLE_EQ(*signals[1].confidence, 0.71);
  const auto& tz = signals[2];
  EXPECT_DOUBLE_EQ(*tz.confidence, 0.82);
  EXPECT_THAT(tz.detail, HasSubstr("activity fits UTC+8 (confidence 0.82)"));
  EXPECT_THAT(tz.fields, Contains(std::pair<std::string, std::string>("utc_offset_hours", "8")));
  EXPECT_DOUBLE_EQ(*signals[3].confidence, 0.95);
  EXPECT_THAT(signals[3].fields,
              Contains(std::pair<std::string, std::string>("start", "2025-06-01T00:00:00Z")));
  EXPECT_DOUBLE_EQ(*signals[5].confidence, 0.25);
  EXPECT_FALSE(signals[6].confidence.has_value());
  EXPECT_DOUBLE_EQ(*signals[7].confidence, 1.0);

  EXPECT_EQ(SignalsJson(CampaignEvidence{}), "{}");
  EXPECT_THAT(report::ParseSignals(SignalsJson(CampaignEvidence{})), IsEmpty());
}

}  // namespace
}  // namespace sakimori::campaign
