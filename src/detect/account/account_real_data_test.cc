// File: detect/account/account_real_data_test.cc
// The account model on the Botometer bot repository's cresci-rtbust-2019 profiles (real,
// labelled by hand): cross-validated AUC against the BotSlayer-CE heuristic on the same folds,
// and the shipped default model's scores and explanations (it is trained on rtbust together with
// simulated timelines: it must rank rtbust's bots above its humans and use behaviour features).
// Skipped when the data is absent.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "detect/account/account_features.h"
#include "detect/account/account_model.h"
#include "detect/account/account_scorer.h"
#include "detect/account/cross_validation.h"
#include "detect/account/metrics.h"
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
  // rtbust is part of its training data: its bots rank above its humans (in-sample AUC 0.90).
  std::vector<float> score_of(dict_.accounts.size(), 0), ranked, labels;
  for (const AccountScore& s : *scores) score_of[s.account] = s.score;
  for (size_t i = 0; i < set_.ids.size(); ++i) {
    ranked.push_back(score_of[dict_.accounts.Find(set_.ids[i])]);
    labels.push_back(set_.y[i]);
  }
  EXPECT_GT(RocAuc(ranked, labels), 0.85);
}

// The default model has seen timelines: two accounts with the same (absent) profile and the same
// number of posts, one posting every 60 s on the minute from one client, the other at irregular
// times, get different scores, and the regular one's explanation names behaviour features. A
// model trained on profiles alone gives both the same score.
TEST(DefaultAccountModelTest, UsesBehaviourFeatures) {
  auto path = FindDefaultAccountModel();
  ASSERT_TRUE(path.ok()) << path.status();
  auto model = AccountModel::Load(*path);
  ASSERT_TRUE(model.ok()) << model.status();
  constexpr TimeMs kT0 = 1'751'846'400'000;  // 2025-07-07T00:00:00Z
  AccountFeatures features;
  std::string_view client = "scheduler";
  uint64_t state = 12345;
  TimeMs irregular = kT0 + 7'000;
  for (int i = 0; i < 2000; ++i) {
    Event e;
    e.kind = EventKind::kRepost;
    e.actor = 0;
    e.client = client;
    e.time = kT0 + i * 60'000;
    features.Update(e);
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    irregular += 1'000 + static_cast<TimeMs>((state >> 33) % 7'200'000);  // 1 s .. 2 h
    e.actor = 1;
    e.time = irregular;
    features.Update(e);
  }
  const TimeMs reference = std::max(features.last_time(), irregular);
  auto scores = ScoreAccounts(*model, features, reference, 5);
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->size(), 2u);
  const AccountScore& regular = (*scores)[0].account == 0 ? (*scores)[0] : (*scores)[1];
  const AccountScore& other = (*scores)[0].account == 0 ? (*scores)[1] : (*scores)[0];
  EXPECT_GT(std::abs(regular.score - other.score), 0.01f)
      << regular.top_features << " / " << other.top_features;
  bool names_behaviour = false;
  for (int f = 0; f < static_cast<int>(AccountFeature::kAccountAgeDays); ++f) {
    names_behaviour |=
        regular.top_features.find(std::string(AccountFeatureNames()[f]) + ":") != std::string::npos;
  }
  EXPECT_TRUE(names_behaviour) << regular.top_features;
}

}  // namespace
}  // namespace sakimori
