// File: report/test_fixture.cc
#include "report/test_fixture.h"

#include <cstdio>

#include "common/strings.h"
#include "common/time.h"

namespace sakimori::report::testing {
namespace {

// 2026-07-05T00:00:00Z.
constexpr TimeMs kBase = 1783209600000;

std::string AccountId(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "acc%02d", i);
  return buf;
}

std::string Handle(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, i <= 18 ? "sakura_news%02d" : "yamato_voice%02d", i);
  return buf;
}

const char* kCopyTexts[] = {
    "投票所は本日閉鎖されました。拡散してください！",
    "投票所は本日閉鎖されました。拡散して下さい！",
    "【速報】投票所は本日閉鎖されました 拡散希望",
};
constexpr char kBurstSummaryJa[] =
    "18アカウントが投稿 p-1001 とハッシュタグ #選挙に行こう を数秒以内に一斉に拡散";
constexpr char kBurstSummaryEn[] =
    "18 accounts reposted p-1001 and pushed #選挙に行こう within seconds of each other";
constexpr char kCopySummaryJa[] = "12アカウントがほぼ同一の文章（投票所閉鎖の偽情報）を投稿";
constexpr char kCopySummaryEn[] =
    "12 accounts posted near-identical texts claiming polling stations had closed";
constexpr char kReviewNote[] =
    "ボットの同時リポストを確認。活動時間帯は UTC+3 に一致。<b>要追跡</b> & \"partner\" 共有可";
constexpr char kNoteBody[] = "Partner report received; handles match the 2025 by-election set.";

}  // namespace

std::vector<std::string> FixtureAccountIds() {
  std::vector<std::string> out;
  for (int i = 1; i <= 30; ++i) out.push_back(AccountId(i));
  return out;
}

std::vector<std::string> FixtureHandles() {
  std::vector<std::string> out;
  for (int i = 1; i <= 30; ++i) out.push_back(Handle(i));
  return out;
}

std::vector<std::string> FixtureTexts() {
  return {kCopyTexts[0],  kCopyTexts[1],  kCopyTexts[2], kBurstSummaryJa, kBurstSummaryEn,
          kCopySummaryJa, kCopySummaryEn, kReviewNote,   kNoteBody};
}

Status WriteFixture(Store& store) {
  RunRecord run;
  run.generator = "sakimori analyze 0.1.0";
  run.params_json = R"({"window_s":30,"min_shared":3,"p_value":0.001,"min_component":5})";
  run.inputs_json = R"({"files":["fixture.jsonl"],"records":5400,"rejected":0})";
  run.started_at = kBase + 3 * kMsPerDay;
  run.finished_at = kBase + 3 * kMsPerDay + 60000;
  run.first_event = kBase;
  run.last_event = kBase + 2 * kMsPerDay;
  run.events = 5400;
  run.status = "done";
  ASSIGN_OR_RETURN(int64_t run_id, store.AddRun(run));

  std::vector<AccountRecord> accounts;
  for (int i = 1; i <= 32; ++i) {
    AccountRecord a;
    a.id = i <= 30 ? AccountId(i) : StrCat("bystander", i);
    a.platform = i <= 18 ? "twitter" : "x";
    a.handle = i <= 30 ? Handle(i) : StrCat("citizen_", i);
    a.automation_score = i <= 18 ? 0.55 + 0.025 * i : 0.3 + 0.02 * (i - 18);
    if (a.automation_score > 1) a.automation_score = 1;
    a.top_features_json = R"([["interval_cv",0.08],["client","automation tool"]])";
    a.signals_json = i <= 18 ? R"({"foreign_timezone":{"confidence":0.7}})" : "{}";
    a.flagged = a.automation_score >= 0.7;
    a.run_id = run_id;
    a.updated_at = kBase + 2 * kMsPerDay;
    accounts.push_back(std::move(a));
  }
  RETURN_IF_ERROR(store.PutAccounts(accounts));

  std::vector<EdgeRecord> edges;
  std::vector<EvidenceRecord> evidence;
  auto add_edge = [&](int x, int y, bool copy) {
    EdgeRecord e;
    e.a = AccountId(x);
    e.b = AccountId(y);
    int pieces = 2 + (x + y) % 3;
    e.weight = pieces + 0.5 * ((x * y) % 4);
    e.weights_json =
        copy ? StrCat(R"({"text":)", pieces, "}") : StrCat(R"({"repost":)", pieces, "}");
    e.p_value = 1e-4 * (1 + (x + y) % 5);
    e.a_leads = pieces / 2;
    e.b_leads = pieces - pieces / 2;
    e.run_id = run_id;
    edges.push_back(e);
    for (int k = 0; k < pieces; ++k) {
      EvidenceRecord ev;
      ev.a = e.a;
      ev.b = e.b;
      // Burst activity at 06-14 UTC (09-17 at UTC+3); copy-paste in the Japanese evening.
      int hour = copy ? 10 + (x + k) % 4 : 6 + (x + y + 3 * k) % 9;
      TimeMs t = kBase + (k % 2) * kMsPerDay + hour * kMsPerHour + (x * 97 + y * 13) % 3000 * 1000;
      ev.time_a = t;
      ev.time_b = t + 1000 * (2 + (x + y + k) % 9);
      if (copy) {
        ev.action = "text";
        ev.object = StrCat("cluster-", 7 + k % 2);
        ev.content_a = kCopyTexts[(x + k) % 3];
        ev.content_b = kCopyTexts[(y + k) % 3];
      } else {
        ev.action = k % 3 == 2 ? "hashtag" : "repost";
        ev.object = k % 3 == 2 ? "#選挙に行こう" : "p-1001";
        if (ev.action == "repost") {
          ev.content_a = StrCat("rp-", x, "-", k);
          ev.content_b = StrCat("rp-", y, "-", k);
        }
      }
      evidence.push_back(std::move(ev));
    }
  };
  for (int i = 1; i <= 18; ++i) {
    add_edge(i, i % 18 + 1, false);
    if (i + 5 <= 18) add_edge(i, i + 5, false);
  }
  for (int i = 19; i <= 30; ++i) {
    add_edge(i, i == 30 ? 19 : i + 1, true);
    if (i + 3 <= 30) add_edge(i, i + 3, true);
  }
  RETURN_IF_ERROR(store.PutEdges(edges));
  RETURN_IF_ERROR(store.AddEvidence(evidence));

  std::vector<ItemRecord> items = {
      {.kind = "post",
       .id = "p-1001",
       .score = 0.93,
       .ranking_json = R"({"reposts":412})",
       .flagged = true,
       .run_id = run_id},
      {.kind = "hashtag",
       .id = "#選挙に行こう",
       .score = 0.81,
       .ranking_json = "{}",
       .flagged = true,
       .run_id = run_id},
      {.kind = "url",
       .id = "https://example-news.jp/a/123?ref=share&x='1'",
       .score = 0.7,
       .ranking_json = "{}",
       .flagged = true,
       .run_id = run_id},
      {.kind = "narrative",
       .id = "cluster-7",
       .score = 0.66,
       .ranking_json = "{}",
       .flagged = true,
       .run_id = run_id},
  };
  RETURN_IF_ERROR(store.PutItems(items));

  CampaignRecord burst;
  burst.id = kBurstCampaign;
  burst.score = 0.91;
  burst.start = kBase + 6 * kMsPerHour;
  burst.end = kBase + kMsPerDay + 15 * kMsPerHour;
  burst.reach = 182000;
  burst.utc_offset_hours = 3;
  burst.techniques = {"T0049.003", "T0146.007", "T0049.002"};
  burst.summary_en = kBurstSummaryEn;
  burst.summary_ja = kBurstSummaryJa;
  burst.signals_json =
      R"({"foreign_timezone":{"confidence":0.72,"utc_offset_hours":3,"detail":"activity 09:00-18:00 at UTC+3, not in the Japanese daily rhythm"},"machine_translation":{"confidence":0.41}})";
  for (int i = 1; i <= 18; ++i) burst.members.push_back(AccountId(i));
  burst.items = {{"post", "p-1001"},
                 {"hashtag", "#選挙に行こう"},
                 {"url", "https://example-news.jp/a/123?ref=share&x='1'"}};
  burst.run_id = run_id;

  CampaignRecord copy;
  copy.id = kCopyCampaign;
  copy.score = 0.64;
  copy.start = kBase + 10 * kMsPerHour;
  copy.end = kBase + kMsPerDay + 14 * kMsPerHour;
  copy.reach = 54000;
  copy.techniques = {"T0084.001", "T0119"};
  copy.summary_en = kCopySummaryEn;
  copy.summary_ja = kCopySummaryJa;
  for (int i = 19; i <= 30; ++i) copy.members.push_back(AccountId(i));
  copy.items = {{"narrative", "cluster-7"}};
  copy.run_id = run_id;
  RETURN_IF_ERROR(store.PutCampaigns(std::vector<CampaignRecord>{burst, copy}));

  std::vector<AlertRecord> alerts = {{.id = "al-1",
                                      .campaign_id = kBurstCampaign,
                                      .raised_at = burst.start + kMsPerHour,
                                      .severity = Severity::kHigh,
                                      .state = AlertState::kConfirmed,
                                      .updated_at = burst.end,
                                      .run_id = run_id},
                                     {.id = "al-2",
                                      .campaign_id = kCopyCampaign,
                                      .raised_at = copy.start + kMsPerHour,
                                      .severity = Severity::kMedium,
                                      .state = AlertState::kOpen,
                                      .updated_at = copy.start,
                                      .run_id = run_id}};
  RETURN_IF_ERROR(store.PutAlerts(alerts));
  RETURN_IF_ERROR(store
                      .AddReview({.target_kind = "campaign",
                                  .target_id = kBurstCampaign,
                                  .decision = Decision::kConfirm,
                                  .note = kReviewNote,
                                  .user = "analyst_tanaka",
                                  .created_at = burst.end + 2 * kMsPerHour})
                      .status());
  RETURN_IF_ERROR(store
                      .AddNote({.target_kind = "campaign",
                                .target_id = kBurstCampaign,
                                .user = "analyst_sato",
                                .body = kNoteBody,
                                .created_at = burst.end + 3 * kMsPerHour})
                      .status());
  return absl::OkStatus();
}

}  // namespace sakimori::report::testing
