// File: detect/foreign/domains_test.cc
#include "detect/foreign/domains.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace sakimori::foreign {
namespace {

TEST(DomainTrackerTest, SummaryKeepsTheFrequentDomains) {
  DomainTracker t;
  for (int i = 0; i < 50; ++i) t.Update(0, "news.example");
  for (int i = 0; i < 30; ++i) t.Update(0, "WWW.Blog.Example");
  // 20 one-off domains churn through the remaining slots.
  for (int i = 0; i < 20; ++i) t.Update(0, "site" + std::to_string(i) + ".example");
  auto d = t.Domains(0);
  ASSERT_EQ(d.size(), static_cast<size_t>(DomainTracker::kSlots));
  EXPECT_EQ(d[0], (std::pair<std::string, uint32_t>{"news.example", 50}));
  EXPECT_EQ(d[1], (std::pair<std::string, uint32_t>{"blog.example", 30}));
  EXPECT_EQ(t.accounts_with_domains(), 1u);
}

TEST(DomainTrackerTest, EventsUseStatedDomainsElseUrlHosts) {
  EventBatch batch;
  Event& e = batch.Add();
  e.actor = 1;
  e.urls = batch.CopyList(
      {"https://www.Propaganda.example/a", "https://propaganda.example/b", "not a url"});
  DomainTracker t;
  t.Update(e);
  Event& f = batch.Add();
  f.actor = 2;
  f.urls = batch.CopyList({"https://ignored.example/"});
  f.domains = batch.CopyList({"d123"});
  t.Update(f);
  auto d1 = t.Domains(1);
  ASSERT_EQ(d1.size(), 1u);
  EXPECT_EQ(d1[0], (std::pair<std::string, uint32_t>{"propaganda.example", 1}));
  auto d2 = t.Domains(2);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2[0].first, "d123");
}

TEST(DomainTrackerTest, SharedDomainsRankedByLiftOverPopulation) {
  DomainTracker t;
  // 1000 accounts: all link a big news site, 1% link a small blog.
  for (AccountId a = 0; a < 1000; ++a) {
    t.Update(a, "bignews.example");
    if (a % 100 == 0) t.Update(a, "smallblog.example");
  }
  // A group of 10: all link the big site, 8 link a fringe domain, 2 the small blog.
  std::vector<AccountId> group;
  for (AccountId a = 1000; a < 1010; ++a) {
    group.push_back(a);
    t.Update(a, "bignews.example");
    if (a < 1008) t.Update(a, "fringe.example");
  }
  group.push_back(0);
  group.push_back(100);
  auto shared = t.Shared(group);
  ASSERT_EQ(shared.size(), 3u);
  EXPECT_EQ(shared[0].domain, "fringe.example");
  EXPECT_EQ(shared[0].members, 8u);
  EXPECT_EQ(shared[0].population, 8u);
  EXPECT_NEAR(shared[0].member_share, 8.0 / 12, 1e-12);
  EXPECT_NEAR(shared[0].lift, (8.0 / 12) / (8.0 / 1010), 1e-9);
  EXPECT_GT(shared[0].confidence, 0.999999);
  EXPECT_EQ(shared[1].domain, "smallblog.example");
  EXPECT_EQ(shared[2].domain, "bignews.example");
  EXPECT_NEAR(shared[2].lift, 1.0, 1e-12);
  EXPECT_LT(shared[2].confidence, 0.5);
  SharedDomainOptions top1;
  top1.top_k = 1;
  top1.min_members = 9;
  auto one = t.Shared(group, top1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].domain, "bignews.example");
}

TEST(DomainTrackerTest, CheckpointRoundTrip) {
  DomainTracker t;
  for (AccountId a = 0; a < 30; ++a) {
    for (int i = 0; i < 12; ++i) t.Update(a, StrCat("d", (a + i * i) % 17, ".example"));
  }
  std::string bytes;
  t.Serialize(&bytes);
  DomainTracker r;
  ASSERT_TRUE(r.Deserialize(bytes).ok());
  for (AccountId a = 0; a < 30; ++a) EXPECT_EQ(r.Domains(a), t.Domains(a));
  std::vector<AccountId> g = {1, 2, 3, 4, 5};
  auto x = t.Shared(g), y = r.Shared(g);
  ASSERT_EQ(x.size(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].domain, y[i].domain);
    EXPECT_EQ(x[i].population, y[i].population);
  }
  std::string again;
  r.Serialize(&again);
  EXPECT_EQ(again, bytes);
  for (size_t cut : {size_t{0}, size_t{4}, size_t{13}, size_t{40}, bytes.size() - 1}) {
    EXPECT_EQ(r.Deserialize(bytes.substr(0, cut)).code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace sakimori::foreign
