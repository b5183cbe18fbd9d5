// File: tests/account/account_cli_test.cc
// `sakimori train` and `sakimori score --truth` end to end: a model trained on one simulated
// world scores another world's operation members per category (cyborgs, evasive bots, benign
// bots, organic); label files with profiles and simulator truth with events train together in
// one run as two sources (needs the bot repository; skipped without it).
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "ingest/run_command.h"

namespace sakimori {
namespace {

using testing::RunSakimori;

const std::string kRepo = SAKIMORI_SOURCE_DIR "/../shared/data/real/botometer_bot_repository";

// Two small worlds of the evasive scenario (cyborgs, evasive bots, benign bots), simulated once.
class AccountCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Per process: ctest runs each test in a process of its own, possibly in parallel.
    dir_ = new std::string((std::filesystem::temp_directory_path() /
                            ("sakimori_account_cli_test_" + std::to_string(getpid())))
                               .string());
    std::filesystem::remove_all(*dir_);
    for (int seed : {1, 2}) {
      auto r = RunSakimori("simulate --scenario evasive --scale 0.05 --seed " +
                               std::to_string(seed) + " --out '" + World(seed) + "'",
                           /*merge_stderr=*/true);
      ASSERT_EQ(r.exit_code, 0) << r.out;
    }
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::string World(int seed) { return *dir_ + "/w" + std::to_string(seed); }

  static std::string* dir_;
};
std::string* AccountCliTest::dir_ = nullptr;

TEST_F(AccountCliTest, ScoreWithTruthReportsEachCategory) {
  const std::string model = *dir_ + "/model.json";
  auto train = RunSakimori("train --input '" + World(1) + "/events.jsonl' --truth '" + World(1) +
                               "/truth.json' --out '" + model + "'",
                           true);
  ASSERT_EQ(train.exit_code, 0) << train.out;

  auto r = RunSakimori("score --model '" + model + "' --input '" + World(2) +
                       "/events.jsonl' --truth '" + World(2) + "/truth.json' --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(r.out).get(doc)) << r.out;

  // The members in truth.json are the members the evaluation counts.
  simdjson::dom::parser truth_parser;
  simdjson::dom::element truth;
  ASSERT_FALSE(truth_parser.load(World(2) + "/truth.json").get(truth));
  uint64_t members = 0;
  for (simdjson::dom::element op : simdjson::dom::array(truth["operations"])) {
    members += simdjson::dom::array(op["members"]).size();
  }
  EXPECT_EQ(uint64_t(doc["members"]), members);
  EXPECT_GT(double(doc["auc"]), 0.9);

  bool seen_cyborg = false, seen_evasive = false, seen_benign = false;
  for (simdjson::dom::element c : simdjson::dom::array(doc["categories"])) {
    const std::string_view name = c["category"];
    EXPECT_GT(uint64_t(c["n"]), 0u) << name;
    if (name == "cyborg" || name == "evasive_bot") {
      EXPECT_TRUE(bool(c["operation"]));
      EXPECT_GT(double(c["auc"]), 0.8) << name;
      (name == "cyborg" ? seen_cyborg : seen_evasive) = true;
    }
    if (name == "benign_bot") {
      EXPECT_FALSE(bool(c["operation"]));
      seen_benign = true;
    }
  }
  EXPECT_TRUE(seen_cyborg && seen_evasive && seen_benign) << r.out;

  // Text form; the CSV goes only to a named file with --truth.
  const std::string csv = *dir_ + "/scores.csv";
  auto text =
      RunSakimori("score --model '" + model + "' --input '" + World(2) +
                  "/events.jsonl' --truth '" + World(2) + "/truth.json' --out '" + csv + "'");
  ASSERT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("op:evasive_bot"), std::string::npos) << text.out;
  EXPECT_TRUE(std::filesystem::exists(csv));
  EXPECT_NE(RunSakimori("score --baseline --input '" + World(2) + "/events.jsonl' --truth '" +
                        World(2) + "/truth.json'")
                .exit_code,
            0);
}

TEST_F(AccountCliTest, LabelsAndTruthTrainAsTwoSources) {
  if (!std::filesystem::exists(kRepo + "/cresci-rtbust-2019_tweets.json")) {
    GTEST_SKIP() << "bot repository data not found under " << kRepo;
  }
  auto r = RunSakimori("train --labels '" + kRepo + "/cresci-rtbust-2019.tsv' --profiles '" +
                       kRepo + "/cresci-rtbust-2019_tweets.json' --input '" + World(1) +
                       "/events.jsonl' --truth '" + World(1) + "/truth.json' --cv 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(r.out).get(doc)) << r.out;
  simdjson::dom::array sources = doc["per_source"];
  ASSERT_EQ(sources.size(), 2u);
  simdjson::dom::element labels = sources.at(0);
  simdjson::dom::element truth = sources.at(1);
  EXPECT_EQ(std::string_view(labels["name"]), "labels");
  EXPECT_EQ(uint64_t(labels["n"]), 693u);  // rtbust accounts with a user object
  EXPECT_EQ(uint64_t(labels["bots"]), 353u);
  EXPECT_EQ(std::string_view(truth["name"]), "truth");
  EXPECT_EQ(uint64_t(doc["n"]), 693u + uint64_t(truth["n"]));
  // The real source is still learned: well above the heuristic, which is below chance there.
  EXPECT_GT(double(labels["auc"]), 0.75);
  EXPECT_GT(double(labels["auc"]) - double(labels["baseline_botslayer_auc"]), 0.2);

  // Both --labels and --truth need both kinds of files.
  EXPECT_NE(RunSakimori("train --labels '" + kRepo + "/cresci-rtbust-2019.tsv' --input '" +
                        World(1) + "/events.jsonl' --truth '" + World(1) + "/truth.json' --cv 3")
                .exit_code,
            0);
}

}  // namespace
}  // namespace sakimori
