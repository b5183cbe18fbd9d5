// File: detect/account/category_eval_test.cc
// Truth categories and the per-category figures, on hand-made truth and scores whose AUCs,
// shares and precisions are worked out by hand.
#include "detect/account/category_eval.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace sakimori {
namespace {

std::string TempFile(const std::string& name, const std::string& content) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << content;
  return path;
}

TEST(CategoryEvalTest, OperationCategoryPrefersCyborgThenEvasive) {
  EXPECT_EQ(OperationCategory({"repost_ring", "bulk_created"}, "naive"), "naive");
  EXPECT_EQ(OperationCategory({"cyborg", "evasive_bot"}, "sophisticated"), "cyborg");
  EXPECT_EQ(OperationCategory({"evasive_bot", "foreign_timezone"}, "sophisticated"), "evasive_bot");
  EXPECT_EQ(OperationCategory({"like_farm"}, ""), "operation");
}

TEST(CategoryEvalTest, ReadsCategoriesFromTruth) {
  const std::string path = TempFile("sakimori_category_truth_test.json", R"({
    "scenario": "t", "operations": [
      {"id": "op1", "sophistication": "naive", "tactics": ["repost_ring"], "members": ["a1", "a2"]},
      {"id": "op2", "sophistication": "sophisticated", "tactics": ["cyborg"], "members": ["a3", "a1"]}],
    "hard_negatives": [
      {"id": "hn1", "kind": "benign_bot", "members": ["w1"]},
      {"id": "hn2", "kind": "fan_community", "members": ["f1", "a2"]}]})");
  auto categories = ReadTruthCategories(path);
  std::remove(path.c_str());
  ASSERT_TRUE(categories.ok()) << categories.status();
  ASSERT_EQ(categories->size(), 5u);
  EXPECT_EQ(categories->at("a1").name, "naive");  // the first operation listing it
  EXPECT_EQ(categories->at("a2").name, "naive");  // an operation wins over a hard negative
  EXPECT_TRUE(categories->at("a2").operation);
  EXPECT_EQ(categories->at("a3").name, "cyborg");
  EXPECT_EQ(categories->at("w1").name, "benign_bot");
  EXPECT_FALSE(categories->at("w1").operation);
  EXPECT_TRUE(categories->at("w1").automated);
  EXPECT_EQ(categories->at("f1").name, "fan_community");
  EXPECT_FALSE(categories->at("f1").automated);

  EXPECT_EQ(ReadTruthCategories("/nonexistent/truth.json").status().code(),
            absl::StatusCode::kNotFound);
  const std::string bad = TempFile("sakimori_category_truth_bad.json", R"({"scenario": "t"})");
  EXPECT_EQ(ReadTruthCategories(bad).status().code(), absl::StatusCode::kInvalidArgument);
  std::remove(bad.c_str());
}

TEST(CategoryEvalTest, FiguresPerCategory) {
  TruthCategories truth;
  truth["n1"] = {"naive", true, true};
  truth["n2"] = {"naive", true, true};
  truth["c1"] = {"cyborg", true, true};
  truth["w1"] = {"benign_bot", false, true};
  truth["f1"] = {"fan_community", false, false};
  // Organic: o1..o3 and f1 (a look-alike is still organic).
  const std::vector<std::string> ids = {"n1", "n2", "c1", "w1", "f1", "o1", "o2", "o3"};
  const std::vector<float> scores = {0.9f, 0.8f, 0.3f, 0.95f, 0.6f, 0.1f, 0.2f, 0.4f};
  const std::vector<float> baseline = {0.5f, 0.1f, 0.6f, 0.7f, 0.2f, 0.3f, 0.4f, 0.2f};
  CategoryEvaluation e = EvaluateByCategory(ids, scores, baseline, truth, 0.5, 0.5);
  EXPECT_EQ(e.accounts, 8u);
  EXPECT_EQ(e.members, 3u);
  EXPECT_EQ(e.organic, 4u);
  EXPECT_FALSE(e.baseline_threshold_fitted);
  // Organic flagged at 0.5: f1 only.
  EXPECT_DOUBLE_EQ(e.organic_flagged, 0.25);
  EXPECT_DOUBLE_EQ(e.organic_baseline_flagged, 0.0);
  // Members {0.9, 0.8, 0.3} vs the 5 others {0.95, 0.6, 0.1, 0.2, 0.4}: pairs won 4 + 4 + 2 = 10.
  EXPECT_DOUBLE_EQ(e.auc, 10.0 / 15.0);
  // Flagged: n1, n2 (members), w1, f1 (others): precision 2/4, recall 2/3.
  EXPECT_DOUBLE_EQ(e.precision, 0.5);
  EXPECT_DOUBLE_EQ(e.recall, 2.0 / 3.0);
  // Heuristic flags n1, c1, w1: precision 2/3, recall 2/3.
  EXPECT_DOUBLE_EQ(e.baseline_precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(e.baseline_recall, 2.0 / 3.0);

  ASSERT_EQ(e.categories.size(), 4u);  // operations first, then look-alikes, each by name
  EXPECT_EQ(e.categories[0].category, "cyborg");
  EXPECT_EQ(e.categories[1].category, "naive");
  EXPECT_EQ(e.categories[2].category, "benign_bot");
  EXPECT_EQ(e.categories[3].category, "fan_community");

  const CategoryFigures& naive = e.categories[1];
  EXPECT_TRUE(naive.operation);
  EXPECT_EQ(naive.n, 2u);
  EXPECT_EQ(naive.negatives, 4u);
  EXPECT_DOUBLE_EQ(naive.auc, 1.0);
  EXPECT_DOUBLE_EQ(naive.flagged, 1.0);
  EXPECT_DOUBLE_EQ(naive.precision, 2.0 / 3.0);  // n1, n2 and the organic f1
  EXPECT_NEAR(naive.median_score, 0.85, 1e-6);
  // Heuristic {0.5, 0.1} vs organic {0.2, 0.3, 0.4, 0.2}: 4 + 0 of 8 pairs.
  EXPECT_DOUBLE_EQ(naive.baseline_auc, 0.5);

  const CategoryFigures& cyborg = e.categories[0];
  EXPECT_DOUBLE_EQ(cyborg.auc, 0.5);  // 0.3 beats 0.1 and 0.2, loses to 0.4 and 0.6
  EXPECT_DOUBLE_EQ(cyborg.flagged, 0.0);
  EXPECT_DOUBLE_EQ(cyborg.precision, 0.0);

  const CategoryFigures& benign = e.categories[2];
  EXPECT_FALSE(benign.operation);
  EXPECT_DOUBLE_EQ(benign.auc, 1.0);  // scores above every organic account
  EXPECT_DOUBLE_EQ(benign.flagged, 1.0);

  const CategoryFigures& fans = e.categories[3];
  EXPECT_EQ(fans.negatives, 3u);  // compared with the organic accounts outside it
  EXPECT_DOUBLE_EQ(fans.auc, 1.0);

  // A NaN heuristic threshold is fitted: max F1 for members, here 0.5 (n1, c1, w1 flagged).
  CategoryEvaluation fitted = EvaluateByCategory(ids, scores, baseline, truth, 0.5, NAN);
  EXPECT_TRUE(fitted.baseline_threshold_fitted);
  EXPECT_DOUBLE_EQ(fitted.baseline_threshold, 0.5);

  const std::string json = CategoryEvaluationToJson(e, 0);
  EXPECT_NE(json.find("\"category\":\"benign_bot\""), std::string::npos);
  EXPECT_NE(json.find("\"members\":3"), std::string::npos);
  EXPECT_NE(CategoryEvaluationToText(e).find("op:naive"), std::string::npos);
}

}  // namespace
}  // namespace sakimori
