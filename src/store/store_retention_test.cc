// File: store/store_retention_test.cc
// PurgeBefore and NewestEventTime on both backends: which rows a retention cut-off removes
// and which it keeps.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_util.h"

namespace sakimori {
namespace {

class StoreRetentionTest : public StoreFixture {};

AccountRecord Acc(std::string id, TimeMs updated) {
  AccountRecord a;
  a.id = std::move(id);
  a.platform = "x";
  a.updated_at = updated;
  return a;
}

TEST_P(StoreRetentionTest, PurgeDeletesOnlyRowsOlderThanTheCutoff) {
  EXPECT_EQ(*store_->NewestEventTime(), std::nullopt);
  // Old world (times 100..200) and new world (times 1000..2000); cut-off 500.
  std::vector<AccountRecord> accounts = {Acc("o1", 100),  Acc("o2", 100),  Acc("o3", 100),
                                         Acc("n1", 1000), Acc("n2", 1000), Acc("lonely", 100)};
  ASSERT_TRUE(store_->PutAccounts(accounts).ok());
  std::vector<EdgeRecord> edges = {{.a = "o1", .b = "o2", .weight = 2},
                                   {.a = "n1", .b = "n2", .weight = 3},
                                   {.a = "o3", .b = "n1", .weight = 1}};
  ASSERT_TRUE(store_->PutEdges(edges).ok());
  std::vector<EvidenceRecord> evidence = {
      {.a = "o1", .b = "o2", .action = "repost", .object = "p1", .time_a = 100, .time_b = 110},
      {.a = "o1", .b = "o2", .action = "repost", .object = "p2", .time_a = 150, .time_b = 160},
      {.a = "n1", .b = "n2", .action = "like", .object = "p3", .time_a = 1000, .time_b = 1005},
      // o3-n1: one old and one new piece: the edge stays, the old piece goes.
      {.a = "o3", .b = "n1", .action = "url", .object = "u", .time_a = 120, .time_b = 130},
      {.a = "o3", .b = "n1", .action = "url", .object = "u2", .time_a = 400, .time_b = 1500},
  };
  ASSERT_TRUE(store_->AddEvidence(evidence).ok());
  CampaignRecord old_c{
      .id = "old", .score = 0.5, .start = 100, .end = 200, .members = {"o1", "o2"}};
  CampaignRecord new_c{.id = "new", .score = 0.7, .start = 1000, .end = 2000, .members = {"n1"}};
  ASSERT_TRUE(store_->PutCampaigns(std::vector<CampaignRecord>{old_c, new_c}).ok());
  std::vector<AlertRecord> alerts = {{.id = "al-old", .campaign_id = "old", .raised_at = 150},
                                     {.id = "al-new-early", .campaign_id = "new", .raised_at = 300},
                                     {.id = "al-new", .campaign_id = "new", .raised_at = 1500}};
  ASSERT_TRUE(store_->PutAlerts(alerts).ok());
  ASSERT_TRUE(store_
                  ->AddReview({.target_kind = "campaign",
                               .target_id = "old",
                               .note = "keep",
                               .user = "ann",
                               .created_at = 120})
                  .ok());
  EXPECT_EQ(*store_->NewestEventTime(), std::optional<TimeMs>(2000));

  auto purged = store_->PurgeBefore(500);
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(purged->campaigns, 1);
  EXPECT_EQ(purged->alerts, 2);    // al-old (with its campaign) and al-new-early
  EXPECT_EQ(purged->evidence, 3);  // p1, p2 and the old o3-n1 piece
  EXPECT_EQ(purged->edges, 1);     // o1-o2
  EXPECT_EQ(purged->accounts, 3);  // o1, o2, lonely (o3 still has an edge)

  EXPECT_TRUE(absl::IsNotFound(store_->GetCampaign("old").status()));
  EXPECT_TRUE(store_->GetCampaign("new").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetAlert("al-old").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetAlert("al-new-early").status()));
  EXPECT_TRUE(store_->GetAlert("al-new").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetEdge("o1", "o2").status()));
  EXPECT_TRUE(store_->GetEdge("n1", "o3").ok());
  auto mixed = store_->EvidenceOf("o3", "n1", 10);
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed->size(), 1u);
  EXPECT_EQ((*mixed)[0].object, "u2");
  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("o1").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("lonely").status()));
  EXPECT_TRUE(store_->GetAccount("o3").ok());
  EXPECT_TRUE(store_->GetAccount("n2").ok());
  // Reviews are people's work, not event data: kept.
  EXPECT_EQ(store_->ListReviews("campaign", "old")->size(), 1u);

  // Idempotent.
  auto again = store_->PurgeBefore(500);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, PurgeCounts{});
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreRetentionTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

}  // namespace
}  // namespace sakimori
