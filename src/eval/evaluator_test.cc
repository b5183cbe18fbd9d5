#include "eval/evaluator.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sakimori::eval {
namespace {

constexpr TimeMs kT0 = 1752116400000;  // 2025-07-10T03:00:00Z

// 20 accounts: operation op1 (naive, a1..a4, operators at UTC+3, target post p1), op2
// (sophisticated, b1 b2), a fan community f1..f4, a benign bot bb1, amplified authors au1 au2.
sim::Truth HandTruth() {
  sim::Truth t;
  t.scenario = "hand";
  t.start = kT0;
  t.end = kT0 + 2 * kMsPerDay;
  t.days = 2.0;
  t.accounts_total = 20;
  sim::TruthOperation op1;
  op1.id = "op1";
  op1.sophistication = "naive";
  op1.tactics = {"repost_ring"};
  op1.members = {"a1", "a2", "a3", "a4"};
  op1.amplified_authors = {"au1"};
  op1.targets.posts = {"p1"};
  op1.start = kT0;
  op1.end = kT0 + kMsPerDay;
  op1.utc_offset_hours = 3;
  sim::TruthOperation op2;
  op2.id = "op2";
  op2.sophistication = "sophisticated";
  op2.tactics = {"evasive_bot"};
  op2.members = {"b1", "b2"};
  op2.amplified_authors = {"au2"};
  op2.start = kT0 + kMsPerHour;
  op2.end = kT0 + kMsPerDay;
  t.operations = {op1, op2};
  t.hard_negatives = {{"hn1", "fan_community", {"f1", "f2", "f3", "f4"}, kT0, kT0},
                      {"hn2", "benign_bot", {"bb1"}, kT0, kT0}};
  t.amplified_authors = {"au1", "au2"};
  return t;
}

Results HandResults() {
  Results r;
  r.generator = "hand";
  r.accounts = {{"a1", 0.9, true}, {"a2", 0.8, true},  {"a3", 0.3, false},  {"b1", 0.7, true},
                {"f1", 0.8, true}, {"f2", 0.1, false}, {"au1", 0.95, true}, {"x1", 0.3, false}};
  r.groups = {{"g1", {"a1", "a2", "a3", "f1"}}, {"g2", {"b1", "b2"}}, {"g3", {"a4"}}};
  CampaignResult c1;
  c1.id = "c1";
  c1.members = {"a1", "a2", "a3", "x1"};  // 3 of 4 in op1: matches op1
  c1.utc_offset_hours = 3;
  CampaignResult c2;
  c2.id = "c2";
  c2.members = {"a1", "f1", "f2", "x1"};  // 1 of 4: matches nothing
  CampaignResult c3;
  c3.id = "c3";
  c3.members = {"b1", "f1"};  // exactly half in op2: matches op2
  CampaignResult c4;
  c4.id = "c4";
  c4.items = {"p1", "p9"};  // no members; half of its items are op1's targets
  r.campaigns = {c1, c2, c3, c4};
  r.alerts = {{"al1", "c2", kT0 + 10 * kMsPerMinute, "low"},
              {"al2", "c1", kT0 + 30 * kMsPerMinute, "high"},
              {"al3", "c4", kT0 + 20 * kMsPerMinute, "medium"},
              {"al4", "c3", kT0 + 3 * kMsPerHour, "high"},
              {"al5", "missing", kT0, "high"}};
  return r;
}

TEST(EvaluatorTest, AccountMetricsByHand) {
  EvalReport r = Evaluate(HandTruth(), HandResults());
  // Positives a1..a4 b1 b2; flagged a1 a2 b1 (TP) and f1 au1 (FP).
  EXPECT_EQ(r.accounts.positives, 6);
  EXPECT_EQ(r.negatives, 14);
  EXPECT_EQ(r.accounts.true_positives, 3);
  EXPECT_EQ(r.false_positives, 2);
  EXPECT_DOUBLE_EQ(r.false_positive_rate, 2.0 / 14.0);
  EXPECT_DOUBLE_EQ(r.accounts.precision, 0.6);
  EXPECT_DOUBLE_EQ(r.accounts.recall, 0.5);
  EXPECT_DOUBLE_EQ(r.accounts.f1, 6.0 / 11.0);
  // Negatives: 0.95 0.8 0.3 0.1 and ten absent (0). Per positive, negatives below + half
  // the ties: 0.9 -> 13, 0.8 -> 12.5, 0.3 -> 11.5, 0 (a4) -> 5, 0.7 -> 12, 0 (b2) -> 5.
  EXPECT_DOUBLE_EQ(r.accounts.auc, 59.0 / 84.0);
}

TEST(EvaluatorTest, PerOperationSophisticationAndHardNegatives) {
  EvalReport r = Evaluate(HandTruth(), HandResults());
  ASSERT_EQ(r.operations.size(), 2u);
  const OperationEval& op1 = r.operations[0];
  EXPECT_DOUBLE_EQ(op1.accounts.recall, 0.5);
  EXPECT_DOUBLE_EQ(op1.accounts.precision, 0.5);  // 2 / (2 + 2 false positives)
  EXPECT_DOUBLE_EQ(op1.accounts.f1, 0.5);
  EXPECT_DOUBLE_EQ(op1.accounts.auc, 42.0 / 56.0);
  const OperationEval& op2 = r.operations[1];
  EXPECT_DOUBLE_EQ(op2.accounts.recall, 0.5);
  EXPECT_DOUBLE_EQ(op2.accounts.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(op2.accounts.f1, 0.4);
  EXPECT_DOUBLE_EQ(op2.accounts.auc, 17.0 / 28.0);

  ASSERT_EQ(r.sophistications.size(), 2u);
  EXPECT_EQ(r.sophistications[0].sophistication, "naive");
  EXPECT_DOUBLE_EQ(r.sophistications[0].accounts.f1, 0.5);
  EXPECT_EQ(r.sophistications[1].sophistication, "sophisticated");
  EXPECT_DOUBLE_EQ(r.sophistications[1].accounts.f1, 0.4);
  EXPECT_EQ(r.sophistications[1].detected, 1);

  ASSERT_EQ(r.hard_negatives.size(), 2u);
  EXPECT_EQ(r.hard_negatives[0].kind, "benign_bot");
  EXPECT_DOUBLE_EQ(r.hard_negatives[0].false_positive_rate, 0.0);
  EXPECT_EQ(r.hard_negatives[1].kind, "fan_community");
  EXPECT_EQ(r.hard_negatives[1].accounts, 4);
  EXPECT_DOUBLE_EQ(r.hard_negatives[1].false_positive_rate, 0.25);
  EXPECT_EQ(r.amplified_authors, 2);
  EXPECT_DOUBLE_EQ(r.amplified_author_fpr, 0.5);
}

TEST(EvaluatorTest, GroupRecoveryByHand) {
  EvalReport r = Evaluate(HandTruth(), HandResults());
  // Accounts compared: a1..a4 b1 b2 f1. Contingency (op1,g1)=3 (op1,g3)=1 (op2,g2)=2
  // (f1 alone,g1)=1: index 3+1 = 4; row and column pair sums 7 and 7; C(7,2) = 21;
  // E = 49/21; max 7; ARI = (4 - 7/3) / (7 - 7/3) = 5/14.
  EXPECT_EQ(r.group_accounts, 7);
  EXPECT_NEAR(r.group_ari, 5.0 / 14.0, 1e-15);
  // op1: g1 gives 2*3/(4+4) = 0.75; op2: g2 gives 1.
  EXPECT_DOUBLE_EQ(r.operations[0].best_match_f1, 0.75);
  EXPECT_EQ(r.operations[0].best_group, "g1");
  EXPECT_DOUBLE_EQ(r.operations[1].best_match_f1, 1.0);
  EXPECT_DOUBLE_EQ(r.group_best_match_f1, 0.875);
}

TEST(EvaluatorTest, CampaignsAlertsDelaysAndTimeZones) {
  EvalReport r = Evaluate(HandTruth(), HandResults());
  EXPECT_EQ(r.campaigns_total, 2);
  EXPECT_EQ(r.campaigns_detected, 2);
  EXPECT_EQ(r.campaigns_reported, 4);
  EXPECT_EQ(r.campaigns_matched, 3);
  EXPECT_EQ(r.operations[0].campaign, "c1");  // larger overlap than c4
  EXPECT_EQ(r.operations[1].campaign, "c3");
  // al1 (c2 matches nothing) and al5 (unknown campaign) are false: 2 over 2 days.
  EXPECT_EQ(r.alerts_total, 5);
  EXPECT_EQ(r.false_alerts, 2);
  EXPECT_DOUBLE_EQ(r.false_alerts_per_day, 1.0);
  // op1's first alert is al3 on c4 (20 min); op2's is al4, 2 h after op2 starts.
  ASSERT_TRUE(r.operations[0].detection_delay_s.has_value());
  EXPECT_DOUBLE_EQ(*r.operations[0].detection_delay_s, 1200);
  EXPECT_DOUBLE_EQ(*r.operations[1].detection_delay_s, 7200);
  EXPECT_EQ(r.operations_alerted, 2);
  EXPECT_DOUBLE_EQ(r.median_detection_delay_s, 4200);
  EXPECT_DOUBLE_EQ(r.max_detection_delay_s, 7200);
  EXPECT_EQ(r.utc_offset_total, 1);
  EXPECT_EQ(r.utc_offset_correct, 1);
  EXPECT_EQ(r.operations[0].utc_offset_correct, std::optional<bool>(true));
  EXPECT_FALSE(r.operations[1].utc_offset_correct.has_value());
}

TEST(EvaluatorTest, MissedOperationWrongTimeZoneAndNoAlerts) {
  sim::Truth truth = HandTruth();
  truth.days = 0;  // derived from start/end: 2 days
  truth.operations[1].utc_offset_hours = 8;
  Results results;
  CampaignResult c;
  c.id = "c";
  c.members = {"a1", "a2"};
  c.utc_offset_hours = 9;
  results.campaigns = {c};
  results.alerts = {
      {"x", "other", kT0, "low"}, {"y", "other", kT0, "low"}, {"z", "other", kT0, "low"}};
  EvalReport r = Evaluate(truth, results);
  EXPECT_DOUBLE_EQ(r.days, 2.0);
  EXPECT_DOUBLE_EQ(r.false_alerts_per_day, 1.5);
  EXPECT_EQ(r.campaigns_detected, 1);
  EXPECT_FALSE(r.operations[1].detected);
  EXPECT_EQ(r.utc_offset_total, 2);
  EXPECT_EQ(r.utc_offset_correct, 0);
  EXPECT_EQ(r.operations[0].utc_offset_correct, std::optional<bool>(false));
  EXPECT_EQ(r.operations_alerted, 0);
  EXPECT_TRUE(std::isnan(r.median_detection_delay_s));
  // Nothing flagged: precision undefined, recall 0, F1 0; every score 0 -> AUC 0.5.
  EXPECT_TRUE(std::isnan(r.accounts.precision));
  EXPECT_DOUBLE_EQ(r.accounts.recall, 0.0);
  EXPECT_DOUBLE_EQ(r.accounts.f1, 0.0);
  EXPECT_DOUBLE_EQ(r.accounts.auc, 0.5);
  // No groups: every operation member is a singleton against its planted operation.
  // Contingency: 6 cells of 1; rows 4,2 -> 6+1 = 7; columns all 1 -> 0; E = 0; max 3.5;
  // ARI = 0 / 3.5 = 0.
  EXPECT_DOUBLE_EQ(r.group_ari, 0.0);
  EXPECT_DOUBLE_EQ(r.group_best_match_f1, 0.0);
}

TEST(EvaluatorTest, PerfectResultsAndDuplicateEntries) {
  sim::Truth truth = HandTruth();
  Results results;
  for (const auto& op : truth.operations) {
    for (const auto& m : op.members) results.accounts.push_back({m, 0.2, false});
    results.groups.push_back({"g-" + op.id, op.members});
  }
  // Duplicates: the highest score counts and one flagged entry flags the account.
  for (const auto& op : truth.operations) {
    for (const auto& m : op.members) results.accounts.push_back({m, 0.9, true});
  }
  results.accounts.push_back({"f1", 0.5, false});
  EvalReport r = Evaluate(truth, results);
  EXPECT_DOUBLE_EQ(r.accounts.precision, 1.0);
  EXPECT_DOUBLE_EQ(r.accounts.recall, 1.0);
  EXPECT_DOUBLE_EQ(r.accounts.f1, 1.0);
  EXPECT_DOUBLE_EQ(r.accounts.auc, 1.0);
  EXPECT_DOUBLE_EQ(r.group_ari, 1.0);
  EXPECT_DOUBLE_EQ(r.group_best_match_f1, 1.0);
  EXPECT_DOUBLE_EQ(r.false_alerts_per_day, 0.0);
}

TEST(EvaluatorTest, JsonReportHasTheDocumentedKeys) {
  std::string json = EvalReportJson(Evaluate(HandTruth(), HandResults()));
  for (const char* key :
       {"\"account_precision\": 0.6", "\"account_recall\": 0.5",
        "\"account_f1\": ", "\"account_auc\": ", "\"group_ari\": ", "\"campaigns_detected\": 2",
        "\"campaigns_total\": 2", "\"false_alerts_per_day\": 1",
        "\"median_detection_delay_s\": 4200", "\"operations\": [", "\"hard_negatives\": {",
        "\"fan_community\": {", "\"false_positive_rate\": 0.25", "\"sophistication\": {",
        "\"utc_offset_correct\": null", "\"amplified_author_fpr\": 0.5"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
  std::string text = EvalReportText(Evaluate(HandTruth(), HandResults()));
  EXPECT_NE(text.find("precision 0.600  recall 0.500  F1 0.545  AUC 0.702"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace sakimori::eval
