// End to end with the simulator: a small `evasive` run read back through the event readers.
// An oracle that reports exactly the truth must score perfectly, which checks that the ids in
// truth.json are the ids in the events and that eval's matching rules accept a perfect answer.
#include <absl/container/flat_hash_set.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "eval/evaluator.h"
#include "eval/rate_baseline.h"
#include "ingest/read_inputs.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace sakimori::eval {
namespace {

TEST(SimulationTest, OracleScoresPerfectlyAndRateBaselineSeesEveryAccount) {
  auto scenario = sim::FindScenario("evasive");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::string dir = ::testing::TempDir() + "/sakimori_eval_simulation_test";
  std::filesystem::remove_all(dir);
  auto truth = sim::SimulateToDirectory(*scenario, {.seed = 3, .scale = 0.05}, dir,
                                        /*compress=*/false);
  ASSERT_TRUE(truth.ok()) << truth.status();
  ASSERT_FALSE(truth->operations.empty());

  Results oracle;
  for (const sim::TruthOperation& op : truth->operations) {
    for (const std::string& m : op.members) oracle.accounts.push_back({m, 1.0, true});
    oracle.groups.push_back({op.id, op.members});
    CampaignResult c;
    c.id = op.id;
    c.members = op.members;
    c.utc_offset_hours = op.utc_offset_hours;
    oracle.campaigns.push_back(c);
    oracle.alerts.push_back({op.id, op.id, op.start + 90 * kMsPerSecond, "high"});
  }
  EvalReport perfect = Evaluate(*truth, oracle);
  EXPECT_DOUBLE_EQ(perfect.accounts.f1, 1.0);
  EXPECT_DOUBLE_EQ(perfect.accounts.auc, 1.0);
  EXPECT_DOUBLE_EQ(perfect.group_ari, 1.0);
  EXPECT_DOUBLE_EQ(perfect.group_best_match_f1, 1.0);
  EXPECT_EQ(perfect.campaigns_detected, perfect.campaigns_total);
  EXPECT_EQ(perfect.false_alerts, 0);
  EXPECT_DOUBLE_EQ(perfect.median_detection_delay_s, 90.0);
  EXPECT_EQ(perfect.utc_offset_correct, perfect.utc_offset_total);
  EXPECT_DOUBLE_EQ(perfect.amplified_author_fpr, 0.0);

  // The rate baseline lists every account that acted; every operation member acts, and no
  // actor is unknown to the truth's account count.
  Dictionary dict;
  IngestReport report;
  RateBaseline baseline;
  ASSERT_TRUE(ReadInputs({dir + "/events.jsonl"}, ReaderOptions{}, &dict, &report,
                         [&](const EventBatch& b) { return baseline.Update(b); })
                  .ok());
  EXPECT_EQ(report.rejected(), 0u);
  auto rate = baseline.Finish(dict);
  ASSERT_TRUE(rate.ok()) << rate.status();
  absl::flat_hash_set<std::string> listed;
  for (const AccountResult& a : rate->accounts) listed.insert(a.id);
  for (const sim::TruthOperation& op : truth->operations) {
    for (const std::string& m : op.members) EXPECT_TRUE(listed.contains(m)) << op.id << " " << m;
  }
  EvalReport r = Evaluate(*truth, *rate);
  EXPECT_EQ(r.accounts_total, truth->accounts_total);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sakimori::eval
