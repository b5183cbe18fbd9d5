// File: detect/account/account_model_test.cc
// The XGBoost model on a synthetic separable set: accuracy, SHAP additivity, determinism,
// save/load, errors; and cross-validation on the same set.
#include "detect/account/account_model.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <random>

#include "common/strings.h"
#include "detect/account/account_features.h"
#include "detect/account/account_scorer.h"
#include "detect/account/cross_validation.h"
#include "detect/account/metrics.h"

namespace sakimori {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::vector<std::string> Names() {
  return {AccountFeatureNames().begin(), AccountFeatureNames().end()};
}

// Bots: low followers/friends ratio, many posts per day, mostly default profiles; humans the
// opposite; the classes overlap little. Every fifth value of other columns is missing.
void MakeSet(int n, uint64_t seed, FeatureMatrix* x, std::vector<float>* y,
             std::vector<std::string>* ids = nullptr) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0, 1);
  x->rows = n;
  x->cols = kNumAccountFeatures;
  x->values.assign(n * x->cols, 0);
  y->resize(n);
  for (int i = 0; i < n; ++i) {
    const bool bot = i % 2 == 0;
    float* row = x->values.data() + i * x->cols;
    for (int c = 0; c < kNumAccountFeatures; ++c) {
      row[c] = (rng() % 5 == 0) ? kNaN : noise(rng);
    }
    row[static_cast<int>(AccountFeature::kFollowersFriendsRatio)] =
        bot ? 0.2f + 0.3f * std::fabs(noise(rng)) : 1.5f + std::fabs(noise(rng));
    row[static_cast<int>(AccountFeature::kPostsPerDay)] =
        bot ? 60 + 20 * noise(rng) : 5 + 5 * std::fabs(noise(rng));
    (*y)[i] = bot ? 1.0f : 0.0f;
    if (ids != nullptr) ids->push_back(StrCat("u", seed * 100000 + i));
  }
}

AccountModelOptions SmallOptions() {
  AccountModelOptions o;
  o.rounds = 30;
  o.max_depth = 3;
  return o;
}

TEST(AccountModelTest, SeparableSetTrainAndPredict) {
  FeatureMatrix train, test;
  std::vector<float> y_train, y_test;
  MakeSet(400, 1, &train, &y_train);
  MakeSet(200, 2, &test, &y_test);
  auto model = AccountModel::Train(train, y_train, Names(), SmallOptions());
  ASSERT_TRUE(model.ok()) << model.status();
  auto scores = model->Predict(test);
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->size(), 200u);
  EXPECT_GT(RocAuc(*scores, y_test), 0.95);
  for (float s : *scores) {
    EXPECT_GE(s, 0.0f);
    EXPECT_LE(s, 1.0f);
  }
  // The flattened trees agree with XGBoost's own predictor, on one thread and on two.
  auto reference = model->PredictWithXgboost(test);
  ASSERT_TRUE(reference.ok()) << reference.status();
  for (size_t i = 0; i < scores->size(); ++i) EXPECT_NEAR((*scores)[i], (*reference)[i], 1e-6);
  ASSERT_TRUE(model->SetPredictThreads(2).ok());
  FeatureMatrix big;
  std::vector<float> y_big;
  MakeSet(10000, 9, &big, &y_big);
  auto two = model->Predict(big);
  auto ref_big = model->PredictWithXgboost(big);
  ASSERT_TRUE(two.ok() && ref_big.ok());
  for (size_t i = 0; i < two->size(); ++i) ASSERT_NEAR((*two)[i], (*ref_big)[i], 1e-6) << i;
}

TEST(AccountModelTest, ShapValuesSumToMargin) {
  FeatureMatrix x;
  std::vector<float> y;
  MakeSet(300, 3, &x, &y);
  auto model = AccountModel::Train(x, y, Names(), SmallOptions());
  ASSERT_TRUE(model.ok());
  auto margins = model->PredictMargin(x);
  auto contributions = model->Contributions(x);
  auto probabilities = model->Predict(x);
  ASSERT_TRUE(margins.ok() && contributions.ok() && probabilities.ok());
  ASSERT_EQ(contributions->size(), x.rows * (x.cols + 1));
  for (size_t i = 0; i < x.rows; ++i) {
    double sum = 0;
    for (size_t c = 0; c <= x.cols; ++c) sum += (*contributions)[i * (x.cols + 1) + c];
    EXPECT_NEAR(sum, (*margins)[i], 1e-4);
    EXPECT_NEAR(1.0 / (1.0 + std::exp(-sum)), (*probabilities)[i], 1e-5);
  }
  // The two informative columns carry the explanation.
  const std::string top = FormatTopContributions(contributions->data(), model->feature_names(), 2);
  EXPECT_NE(top.find("followers_friends_ratio:"), std::string::npos) << top;
}

TEST(AccountModelTest, TrainingIsDeterministic) {
  FeatureMatrix x;
  std::vector<float> y;
  MakeSet(300, 4, &x, &y);
  auto a = AccountModel::Train(x, y, Names(), SmallOptions());
  auto b = AccountModel::Train(x, y, Names(), SmallOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  auto ja = a->SaveToBuffer();
  auto jb = b->SaveToBuffer();
  ASSERT_TRUE(ja.ok() && jb.ok());
  EXPECT_EQ(*ja, *jb);
}

TEST(AccountModelTest, SaveLoadRoundTrip) {
  FeatureMatrix x;
  std::vector<float> y;
  MakeSet(200, 5, &x, &y);
  auto model = AccountModel::Train(x, y, Names(), SmallOptions());
  ASSERT_TRUE(model.ok());
  const std::string path =
      (std::filesystem::temp_directory_path() / "sakimori_account_model_test.json").string();
  ASSERT_TRUE(model->Save(path).ok());
  auto loaded = AccountModel::Load(path);
  std::remove(path.c_str());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->feature_names(), Names());
  auto p1 = model->Predict(x);
  auto p2 = loaded->Predict(x);
  ASSERT_TRUE(p1.ok() && p2.ok());
  EXPECT_EQ(*p1, *p2);
}

TEST(AccountModelTest, Errors) {
  EXPECT_EQ(AccountModel::Load("/nonexistent/model.json").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(AccountModel::LoadFromBuffer("not json").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AccountModel::LoadFromBuffer("{\"x\": 1}").status().code(),
            absl::StatusCode::kInvalidArgument);
  FeatureMatrix x;
  std::vector<float> y;
  MakeSet(50, 6, &x, &y);
  std::vector<float> one_class(y.size(), 1.0f);
  EXPECT_EQ(AccountModel::Train(x, one_class, Names(), SmallOptions()).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto model = AccountModel::Train(x, y, Names(), SmallOptions());
  ASSERT_TRUE(model.ok());
  FeatureMatrix narrow;
  narrow.rows = 1;
  narrow.cols = 3;
  narrow.values = {1, 2, 3};
  EXPECT_EQ(model->Predict(narrow).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AccountModelTest, FormatTopContributions) {
  const std::vector<std::string> names = {"a", "b", "c", "d"};
  const float c[] = {0.1f, -1.2f, 0.0f, 0.85f};
  EXPECT_EQ(FormatTopContributions(c, names, 3), "b:-1.20;d:+0.85;a:+0.10");
  EXPECT_EQ(FormatTopContributions(c, names, 5), "b:-1.20;d:+0.85;a:+0.10");  // zero omitted
  const std::vector<std::pair<int, float>> top = TopContributions(c, 4, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0], std::make_pair(1, -1.2f));
  EXPECT_EQ(top[1], std::make_pair(3, 0.85f));
  EXPECT_EQ(TopContributions(c, 4, 5).size(), 3u);  // zero omitted
}

TEST(CrossValidationTest, FoldsAreStratifiedAndOrderFree) {
  std::vector<std::string> ids;
  std::vector<float> y;
  for (int i = 0; i < 103; ++i) {
    ids.push_back("id" + std::to_string(i));
    y.push_back(i < 40 ? 1.0f : 0.0f);
  }
  const std::vector<int> folds = StratifiedFolds(ids, y, 5);
  std::vector<int> bots(5), humans(5);
  for (size_t i = 0; i < ids.size(); ++i) (y[i] > 0.5f ? bots : humans)[folds[i]]++;
  for (int f = 0; f < 5; ++f) {
    EXPECT_EQ(bots[f], 8);
    EXPECT_GE(humans[f], 12);
    EXPECT_LE(humans[f], 13);
  }
  std::vector<std::string> rids(ids.rbegin(), ids.rend());
  std::vector<float> ry(y.rbegin(), y.rend());
  const std::vector<int> rfolds = StratifiedFolds(rids, ry, 5);
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(folds[i], rfolds[ids.size() - 1 - i]);
}

TEST(CrossValidationTest, JsonHasTheReportedKeys) {
  TrainingSet set;
  MakeSet(200, 7, &set.x, &set.y, &set.ids);
  auto cv = CrossValidate(set, 4, SmallOptions());
  ASSERT_TRUE(cv.ok()) << cv.status();
  EXPECT_EQ(cv->folds.size(), 4u);
  EXPECT_GT(cv->auc, 0.95);
  const std::string json = CvResultToJson(*cv);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_FALSE(parser.parse(json).get(doc)) << json;
  for (const char* key :
       {"auc", "auc_std", "baseline_botslayer_auc", "n", "per_fold", "threshold"}) {
    EXPECT_FALSE(doc[key].error()) << key;
  }
  EXPECT_EQ(uint64_t(doc["n"]), 200u);
  EXPECT_EQ(simdjson::dom::array(doc["per_fold"]).size(), 4u);
  // Same input, same bytes.
  auto again = CrossValidate(set, 4, SmallOptions());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(CvResultToJson(*again), json);
}

TEST(CrossValidationTest, PerSourceFiguresPoolOutOfFoldScores) {
  TrainingSet set;
  MakeSet(200, 7, &set.x, &set.y, &set.ids);
  auto cv = CrossValidate(set, 4, SmallOptions());
  ASSERT_TRUE(cv.ok()) << cv.status();
  AddCvSource("first", 0, 120, set.y, &*cv);
  AddCvSource("rest", 120, 200, set.y, &*cv);
  ASSERT_EQ(cv->sources.size(), 2u);
  EXPECT_EQ(cv->sources[0].n, 120u);
  EXPECT_EQ(cv->sources[1].n, 80u);
  const std::vector<float> y(set.y.begin() + 120, set.y.end());
  const std::vector<float> s(cv->oof_scores.begin() + 120, cv->oof_scores.end());
  EXPECT_EQ(cv->sources[1].bots, static_cast<size_t>(std::count(y.begin(), y.end(), 1.0f)));
  EXPECT_DOUBLE_EQ(cv->sources[1].auc, RocAuc(s, y));
  EXPECT_DOUBLE_EQ(cv->oof_auc, RocAuc(cv->oof_scores, set.y));
  const std::string json = CvResultToJson(*cv, 0);
  EXPECT_NE(json.find("\"per_source\":[{\"name\":\"first\",\"n\":120,"), std::string::npos) << json;
}

}  // namespace
}  // namespace sakimori
