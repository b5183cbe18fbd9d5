// File: detect/account/training_set_test.cc
// Label files, simulator truth and the training matrix.
#include "detect/account/training_set.h"

#include <gtest/gtest.h>

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

TEST(TrainingSetTest, ReadsLabelFile) {
  const std::string path = TempFile("sakimori_labels_test.tsv", "11\tbot\n12\thuman\r\n\n13\t1\n");
  auto labels = ReadLabelsTsv(path);
  ASSERT_TRUE(labels.ok()) << labels.status();
  ASSERT_EQ(labels->size(), 3u);
  EXPECT_EQ((*labels)[0].id, "11");
  EXPECT_EQ((*labels)[0].label, 1.0f);
  EXPECT_EQ((*labels)[1].label, 0.0f);
  EXPECT_EQ((*labels)[2].label, 1.0f);
  const std::string bad = TempFile("sakimori_labels_bad.tsv", "11\tbot\n12\tmaybe\n");
  auto error = ReadLabelsTsv(bad);
  EXPECT_EQ(error.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(error.status().message().find(":2:"), std::string::npos);
  EXPECT_EQ(ReadLabelsTsv("/nonexistent.tsv").status().code(), absl::StatusCode::kNotFound);
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

TEST(TrainingSetTest, TruthMembersAreBotsAndOthersHuman) {
  const std::string path = TempFile("sakimori_truth_test.json", R"({
    "scenario": "t", "operations": [
      {"id": "op1", "members": ["a1", "a2"]}, {"id": "op2", "members": ["a3"]}],
    "hard_negatives": [{"id": "hn1", "kind": "fan_community", "members": ["a4"]}]})");
  auto bots = ReadTruthBots(path);
  std::remove(path.c_str());
  ASSERT_TRUE(bots.ok()) << bots.status();
  EXPECT_EQ(*bots, (std::vector<std::string>{"a1", "a2", "a3"}));

  Dictionary dict;
  AccountFeatures features;
  for (const char* id : {"a4", "a1", "a9"}) {
    Event e;
    e.actor = dict.accounts.Intern(id);
    e.time = 1000;
    features.Update(e);
  }
  std::vector<LabelledAccount> labels;
  AppendTruthLabels(*bots, features, dict.accounts, &labels);
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0].id, "a4");
  EXPECT_EQ(labels[0].label, 0.0f);
  EXPECT_EQ(labels[1].id, "a1");
  EXPECT_EQ(labels[1].label, 1.0f);
  EXPECT_EQ(labels[2].label, 0.0f);

  labels.push_back({"a1", 0.0f});   // duplicate: the first label wins
  labels.push_back({"zzz", 1.0f});  // no data
  TrainingSet set = BuildTrainingSet(features, dict.accounts, labels, 2000);
  EXPECT_EQ(set.x.rows, 3u);
  EXPECT_EQ(set.duplicates, 1u);
  EXPECT_EQ(set.without_data, 1u);
  EXPECT_EQ(set.bots(), 1u);
  EXPECT_EQ(set.ids, (std::vector<std::string>{"a4", "a1", "a9"}));
}

TEST(TrainingSetTest, AppendsSourcesAndCountsSharedIds) {
  TrainingSet a, b;
  a.x.cols = b.x.cols = 2;
  a.x.values = {1, 2, 3, 4};
  a.x.rows = 2;
  a.y = {1, 0};
  a.ids = {"u1", "u2"};
  a.baseline = {0.1f, 0.2f};
  a.without_data = 3;
  b.x.values = {5, 6};
  b.x.rows = 1;
  b.y = {1};
  b.ids = {"u2"};
  b.baseline = {0.3f};
  b.duplicates = 1;
  TrainingSet all;
  auto shared = AppendTrainingSet(a, &all);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(*shared, 0u);
  shared = AppendTrainingSet(b, &all);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(*shared, 1u);  // u2 is in both; both rows are kept
  EXPECT_EQ(all.x.rows, 3u);
  EXPECT_EQ(all.x.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(all.y, (std::vector<float>{1, 0, 1}));
  EXPECT_EQ(all.ids, (std::vector<std::string>{"u1", "u2", "u2"}));
  EXPECT_EQ(all.baseline.size(), 3u);
  EXPECT_EQ(all.without_data, 3u);
  EXPECT_EQ(all.duplicates, 1u);
  TrainingSet wide;
  wide.x.cols = 3;
  EXPECT_EQ(AppendTrainingSet(wide, &all).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sakimori
