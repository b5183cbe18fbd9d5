// File: detect/account/account_real_data_test.cc
// The account model on the Botometer bot repository's cresci-rtbust-2019 profiles (real,
// labelled by hand): cross-validated AUC against the BotSlayer-CE heuristic on the same folds,
// and the shipped default model's scores and explanations. Skipped when the data is absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "detect/account/account_features.h"
#include "detect/account/account_model.h"
#include "detect/account/account_scorer.h"
#include "detect/account/cross_validation.h"
#include "detect/account/training_set.h"
#include "ingest/read_inputs.h"

namespace sakimori {
namespace {

const std::string kRepo = SAKIMORI_SOURCE_DIR "/../shared/data/real/botometer_bot_repository";

class RtbustTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kRepo + "/cresci-rtbust-2019_tweets.json")) {
      GTEST_SKIP() << "bot repository data not found under " << kRepo;
    }
    IngestReport report;
    ASSERT_TRUE(ReadInputs({kRepo + "/cresci-rtbust-2019_tweets.json"}, ReaderOptions(), &dict_,
                           &report,
                           [&](const EventBatch& b) {
                             features_.Update(b);
                             return absl::OkStatus();
                           })
                    .ok());
    auto labels = ReadLabelsTsv(kRepo + "/cresci-rtbust-2019.tsv");
    ASSERT_TRUE(labels.ok());
    set_ = BuildTrainingSet(features_, dict_.accounts, *labels, features_.last_time());
  }

  Dictionary dict_;
  AccountFeatures features_;
  TrainingSet set_;
};

TEST_F(RtbustTest, ModelBeatsHeuristicOnTheSameFolds) {
  // 693 of the 759 labelled ids have a user object (data README).
  EXPECT_EQ(set_.x.rows, 693u);
  EXPECT_EQ(set_.bots(), 353u);
  auto cv = CrossValidate(set_, 5, AccountModelOptions());
  ASSERT_TRUE(cv.ok()) << cv.status();
  EXPECT_GT(cv->auc, 0.80);
  EXPECT_GE(cv->auc - cv->baseline_auc, 0.10);
}

TEST_F(RtbustTest, DefaultModelScoresAndExplains) {
  auto path = FindDefaultAccountModel();
  ASSERT_TRUE(path.ok()) << path.status();
  auto model = AccountModel::Load(*path);
  ASSERT_TRUE(model.ok()) << model.status();
  auto scores = ScoreAccounts(*model, features_, features_.last_time(), 5);
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->size(), 693u);
  for (const AccountScore& s : *scores) {
    ASSERT_FALSE(s.top_features.empty());
    ASSERT_NE(s.top_features.find(':'), std::string::npos);
  }
}

}  // namespace
}  // namespace sakimori
