// File: store/store_test.cc
// The store's behaviour, run unchanged against every backend (SQLite always; PostgreSQL
// when SAKIMORI_TEST_PG_URL is set): migrations, round trips of every entity, batch
// atomicity, the dashboard's reads (campaign page, alert feed, audit log, search) with their
// deterministic order, and Japanese text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "store/store_test_util.h"

namespace sakimori {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// ---- Migrations ----

class StoreMigrationTest : public StoreFixture {
 protected:
  StoreMigrationTest() : StoreFixture(/*migrate=*/false) {}
};

TEST_P(StoreMigrationTest, FromEmptyToLatestStepByStepAndIdempotent) {
  ASSERT_EQ(Store::LatestSchemaVersion(), 3);
  EXPECT_EQ(*store_->SchemaVersion(), 0);
  // Without the schema, reads fail with a hint rather than crashing.
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->GetAccount("a1").status()));

  ASSERT_TRUE(store_->Migrate(1).ok());
  EXPECT_EQ(*store_->SchemaVersion(), 1);
  auto info = store_->Info();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->row_counts.size(), 11u);  // the tables of 0001_init
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->GetUser("ann").status()));

  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(*store_->SchemaVersion(), 3);
  // Re-running, from this or another connection, changes nothing.
  ASSERT_TRUE(store_->Migrate().ok());
  auto other = OpenAnother(/*migrate=*/true);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(*other->SchemaVersion(), 3);

  info = store_->Info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->backend, GetParam());
  EXPECT_EQ(info->schema_version, 3);
  EXPECT_EQ(info->latest_version, 3);
  ASSERT_EQ(info->row_counts.size(), 19u);
  for (const auto& [table, rows] : info->row_counts) EXPECT_EQ(rows, 0) << table;

  EXPECT_TRUE(absl::IsInvalidArgument(store_->Migrate(4)));
  // Going down is not supported: a lower target is a no-op.
  ASSERT_TRUE(store_->Migrate(2).ok());
  EXPECT_EQ(*store_->SchemaVersion(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreMigrationTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

// ---- Entities ----

class StoreTest : public StoreFixture {};

AccountRecord Account(std::string id, double score, std::string handle = "") {
  AccountRecord a;
  a.id = std::move(id);
  a.platform = "x";
  a.handle = std::move(handle);
  a.automation_score = score;
  a.top_features_json = R"([["interval_entropy",-1.2],["client","bot"]])";
  a.signals_json = R"({"utc_offset":3})";
  a.flagged = score >= 0.5;
  a.updated_at = 1752116400000;
  return a;
}

TEST_P(StoreTest, RunsRoundTrip) {
  RunRecord run;
  run.generator = "sakimori analyze 0.1.0";
  run.params_json = R"({"window_s":60})";
  run.inputs_json = R"({"files":["events.jsonl"],"records":100,"rejected":1})";
  run.started_at = 1000;
  auto id = store_->AddRun(run);
  ASSERT_TRUE(id.ok()) << id.status();
  run.id = *id;
  EXPECT_EQ(*store_->GetRun(run.id), run);

  run.finished_at = 2000;
  run.first_event = 1752000000000;
  run.last_event = 1753000000000;
  run.events = 99;
  run.status = "done";
  ASSERT_TRUE(store_->UpdateRun(run).ok());
  EXPECT_EQ(*store_->GetRun(run.id), run);

  auto second = store_->AddRun(run);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(*second, run.id);
  auto runs = store_->ListRuns(10);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, *second);

  RunRecord missing = run;
  missing.id = 12345;
  EXPECT_TRUE(absl::IsNotFound(store_->UpdateRun(missing)));
  EXPECT_TRUE(absl::IsNotFound(store_->GetRun(12345).status()));
}

TEST_P(StoreTest, AccountsRoundTripAndUpsert) {
  auto run = store_->AddRun(RunRecord{.generator = "t"});
  ASSERT_TRUE(run.ok());
  std::vector<AccountRecord> accounts = {Account("a2", 0.1 + 0.2, "さくら_bot"),
                                         Account("a1", 0.93, "Alice"), Account("a3", 0.0)};
  accounts[0].run_id = *run;
  ASSERT_TRUE(store_->PutAccounts(accounts).ok());
  for (const AccountRecord& a : accounts) EXPECT_EQ(*store_->GetAccount(a.id), a);
  // Doubles come back bit for bit.
  EXPECT_EQ(store_->GetAccount("a2")->automation_score, 0.1 + 0.2);

  AccountRecord changed = accounts[1];
  changed.automation_score = 0.2;
  changed.flagged = false;
  changed.handle = "alice2";
  ASSERT_TRUE(store_->PutAccounts({&changed, 1}).ok());
  EXPECT_EQ(*store_->GetAccount("a1"), changed);

  // Within one batch the last record of an id wins, as if written one by one.
  std::vector<AccountRecord> twice = {Account("d1", 0.01, "first"), Account("d2", 0.02),
                                      Account("d1", 0.03, "second")};
  ASSERT_TRUE(store_->PutAccounts(twice).ok());
  EXPECT_EQ(*store_->GetAccount("d1"), twice[2]);

  auto top = store_->TopAccounts(2);
  ASSERT_TRUE(top.ok());
  ASSERT_EQ(top->size(), 2u);
  EXPECT_EQ((*top)[0].id, "a2");
  EXPECT_EQ((*top)[1].id, "a1");

  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("nobody").status()));
  AccountRecord bad = Account("a9", 1.5);
  EXPECT_TRUE(absl::IsInvalidArgument(store_->PutAccounts({&bad, 1})));
  bad.automation_score = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(absl::IsInvalidArgument(store_->PutAccounts({&bad, 1})));
  EXPECT_TRUE(absl::IsInvalidArgument(store_->TopAccounts(0).status()));
}

TEST_P(StoreTest, EdgesAreStoredWithOrderedPairs) {
  EdgeRecord e;
  e.a = "b7";
  e.b = "a1";
  e.weight = 4.5;
  e.weights_json = R"({"repost":3.5,"like":1})";
  e.p_value = 1e-12;
  e.a_leads = 5;  // b7 led five times
  e.b_leads = 2;
  EdgeRecord f{.a = "a1", .b = "c3", .weight = 9.0};  // p_value null
  ASSERT_TRUE(store_->PutEdges(std::vector<EdgeRecord>{e, f}).ok());

  auto got = store_->GetEdge("b7", "a1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->a, "a1");
  EXPECT_EQ(got->b, "b7");
  EXPECT_EQ(got->a_leads, 2);
  EXPECT_EQ(got->b_leads, 5);
  EXPECT_EQ(got->p_value, 1e-12);
  EXPECT_EQ(got->weights_json, e.weights_json);
  EXPECT_EQ(*store_->GetEdge("a1", "b7"), *got);
  EXPECT_EQ(*store_->GetEdge("c3", "a1"), f);

  // More rows than one multi-row statement holds, with a repeated pair in either order.
  std::vector<EdgeRecord> many;
  for (int i = 0; i < 600; ++i) {
    many.push_back({.a = StrCat("m", i), .b = StrCat("n", i), .weight = 1.0 * i, .a_leads = i});
  }
  many.push_back({.a = "n5", .b = "m5", .weight = 50, .a_leads = 0, .b_leads = 7});
  ASSERT_TRUE(store_->PutEdges(many).ok());
  EXPECT_EQ(store_->GetEdge("m599", "n599")->weight, 599.0);
  auto m5 = store_->GetEdge("m5", "n5");
  ASSERT_TRUE(m5.ok());
  EXPECT_EQ(m5->weight, 50);
  EXPECT_EQ(m5->a_leads, 7);
  EXPECT_EQ(store_->Info()->row_counts[2].second, 602);

  auto of = store_->EdgesOf("a1", 10);
  ASSERT_TRUE(of.ok());
  ASSERT_EQ(of->size(), 2u);
  EXPECT_EQ((*of)[0].b, "c3");  // heaviest first
  EXPECT_EQ((*of)[1].b, "b7");
  EXPECT_EQ(store_->EdgesOf("b7", 10)->size(), 1u);

  EdgeRecord self{.a = "a1", .b = "a1", .weight = 1};
  EXPECT_TRUE(absl::IsInvalidArgument(store_->PutEdges({&self, 1})));
  EXPECT_TRUE(absl::IsNotFound(store_->GetEdge("a1", "zz").status()));
}

TEST_P(StoreTest, EvidenceBatchIsAllOrNothing) {
  EdgeRecord e{.a = "a1", .b = "a2", .weight = 2};
  ASSERT_TRUE(store_->PutEdges({&e, 1}).ok());
  std::vector<EvidenceRecord> evidence = {
      {.a = "a2",
       .b = "a1",
       .action = "repost",
       .object = "p9",
       .time_a = 200,
       .time_b = 100,
       .content_a = "r2",
       .content_b = "r1"},
      {.a = "a1", .b = "a2", .action = "like", .object = "p8", .time_a = 50, .time_b = 55},
  };
  ASSERT_TRUE(store_->AddEvidence(evidence).ok());
  auto got = store_->EvidenceOf("a2", "a1", 10);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].object, "p8");  // by time_a
  EXPECT_EQ((*got)[1].a, "a1");       // stored in edge order, times and contents swapped
  EXPECT_EQ((*got)[1].time_a, 100);
  EXPECT_EQ((*got)[1].content_a, "r1");
  EXPECT_EQ((*got)[1].content_b, "r2");
  EXPECT_EQ((*got)[0].id, (*got)[1].id + 1);  // ids in insertion order

  // The third record's edge does not exist: nothing of the batch is written.
  std::vector<EvidenceRecord> batch = {
      {.a = "a1", .b = "a2", .action = "repost", .object = "p1", .time_a = 1, .time_b = 2},
      {.a = "a1", .b = "a2", .action = "repost", .object = "p2", .time_a = 3, .time_b = 4},
      {.a = "a1", .b = "a3", .action = "repost", .object = "p3", .time_a = 5, .time_b = 6},
  };
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->AddEvidence(batch)));
  EXPECT_EQ(store_->EvidenceOf("a1", "a2", 10)->size(), 2u);
}

TEST_P(StoreTest, FailedBatchesAndTransactionsLeaveNothingBehind) {
  std::vector<AccountRecord> batch = {Account("a1", 0.5), Account("a2", 0.6), Account("a3", 7)};
  EXPECT_TRUE(absl::IsInvalidArgument(store_->PutAccounts(batch)));
  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("a1").status()));

  // A body that fails after writing rolls everything back.
  Status s = store_->InTransaction([&]() -> Status {
    AccountRecord a = Account("t1", 0.1);
    RETURN_IF_ERROR(store_->PutAccounts({&a, 1}));  // nested: a savepoint
    return absl::AbortedError("changed my mind");
  });
  EXPECT_TRUE(absl::IsAborted(s));
  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("t1").status()));

  // An inner failure handled by the outer body keeps the outer writes only.
  s = store_->InTransaction([&]() -> Status {
    AccountRecord a = Account("o1", 0.1);
    RETURN_IF_ERROR(store_->PutAccounts({&a, 1}));
    Status inner = store_->InTransaction([&]() -> Status {
      AccountRecord b = Account("i1", 0.2);
      RETURN_IF_ERROR(store_->PutAccounts({&b, 1}));
      AccountRecord bad = Account("i2", -1);
      return store_->PutAccounts({&bad, 1});
    });
    EXPECT_TRUE(absl::IsInvalidArgument(inner));
    AccountRecord c = Account("o2", 0.3);
    return store_->PutAccounts({&c, 1});
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_TRUE(store_->GetAccount("o1").ok());
  EXPECT_TRUE(store_->GetAccount("o2").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetAccount("i1").status()));
}

TEST_P(StoreTest, GroupsAndItemsRoundTrip) {
  GroupRecord g{
      .id = "g1", .score = 0.8, .stats_json = R"({"density":0.9})", .members = {"a3", "a1", "a2"}};
  ASSERT_TRUE(store_->PutGroups({&g, 1}).ok());
  auto got = store_->GetGroup("g1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(got->members, ElementsAre("a1", "a2", "a3"));
  EXPECT_EQ(got->stats_json, g.stats_json);
  g.members = {"a9", "a1"};
  ASSERT_TRUE(store_->PutGroups({&g, 1}).ok());
  EXPECT_THAT(store_->GetGroup("g1")->members, ElementsAre("a1", "a9"));
  EXPECT_TRUE(absl::IsNotFound(store_->GetGroup("g2").status()));

  std::vector<ItemRecord> items = {
      {.kind = "post", .id = "p1", .score = 0.7, .ranking_json = R"({"z":5.1})", .flagged = true},
      {.kind = "hashtag", .id = "p1", .score = 0.2},  // same id, other kind
      {.kind = "url", .id = "https://例え.jp/記事?id=1", .score = 0.4},
  };
  ASSERT_TRUE(store_->PutItems(items).ok());
  for (const ItemRecord& i : items) EXPECT_EQ(*store_->GetItem(i.kind, i.id), i);
  ItemRecord bad{.kind = "video", .id = "v1"};
  EXPECT_TRUE(absl::IsInvalidArgument(store_->PutItems({&bad, 1})));
}

CampaignRecord Campaign(std::string id, double score) {
  CampaignRecord c;
  c.id = std::move(id);
  c.score = score;
  c.start = 1752116400000;
  c.end = 1752202800000;
  c.reach = 120000;
  c.utc_offset_hours = 3;
  c.techniques = {"T0049.003", "T0054"};
  c.summary_en = "Repost ring amplifying critical posts";
  c.summary_ja = "批判的な投稿を拡散するリポストの輪";
  c.signals_json = R"({"foreign_timezone":0.8})";
  c.members = {"a2", "a1", "a3"};
  c.items = {{"post", "p2"}, {"hashtag", "選挙"}, {"post", "p1"}};
  return c;
}

TEST_P(StoreTest, CampaignsRoundTripWithTheirPage) {
  CampaignRecord c = Campaign("c1", 0.9);
  CampaignRecord d = Campaign("c2", 0.95);
  d.utc_offset_hours.reset();
  d.techniques.clear();
  d.members = {"a9"};
  d.items.clear();
  ASSERT_TRUE(store_->PutCampaigns(std::vector<CampaignRecord>{c, d}).ok());

  auto got = store_->GetCampaign("c1");
  ASSERT_TRUE(got.ok()) << got.status();
  CampaignRecord expected = c;
  std::sort(expected.members.begin(), expected.members.end());
  std::sort(expected.items.begin(), expected.items.end());
  EXPECT_EQ(*got, expected);
  EXPECT_EQ(*store_->GetCampaign("c2"), d);
  auto list = store_->ListCampaigns(10);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "c2");
  EXPECT_EQ((*list)[1], expected);

  // The page: scored members, known items, edges among members and their evidence.
  std::vector<AccountRecord> accounts = {Account("a1", 0.9), Account("a3", 0.8),
                                         Account("a9", 0.7)};
  ASSERT_TRUE(store_->PutAccounts(accounts).ok());
  std::vector<ItemRecord> items = {{.kind = "post", .id = "p1", .score = 0.5},
                                   {.kind = "post", .id = "p7", .score = 0.5}};
  ASSERT_TRUE(store_->PutItems(items).ok());
  std::vector<EdgeRecord> edges = {{.a = "a1", .b = "a2", .weight = 3},
                                   {.a = "a2", .b = "a3", .weight = 5},
                                   {.a = "a1", .b = "a9", .weight = 9}};  // a9 not in c1
  ASSERT_TRUE(store_->PutEdges(edges).ok());
  std::vector<EvidenceRecord> evidence;
  for (int i = 0; i < 5; ++i) {
    evidence.push_back({.a = "a1",
                        .b = "a2",
                        .action = "repost",
                        .object = StrCat("p", i),
                        .time_a = 100 - i,
                        .time_b = 101});
  }
  evidence.push_back(
      {.a = "a1", .b = "a9", .action = "repost", .object = "p1", .time_a = 1, .time_b = 2});
  ASSERT_TRUE(store_->AddEvidence(evidence).ok());
  AlertRecord alert{
      .id = "al1", .campaign_id = "c1", .raised_at = 1752117000000, .severity = Severity::kHigh};
  ASSERT_TRUE(store_->PutAlerts({&alert, 1}).ok());

  auto page = store_->GetCampaignDetail("c1", 3);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->campaign, expected);
  ASSERT_EQ(page->accounts.size(), 2u);
  EXPECT_EQ(page->accounts[0].id, "a1");
  EXPECT_EQ(page->accounts[1].id, "a3");
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "p1");
  ASSERT_EQ(page->edges.size(), 2u);
  EXPECT_EQ(page->edges[0].b, "a3");  // weight 5 before 3
  EXPECT_EQ(page->edges[1].b, "a2");
  ASSERT_EQ(page->evidence.size(), 3u);  // limited, earliest first
  EXPECT_EQ(page->evidence[0].time_a, 96);
  EXPECT_EQ(page->evidence[2].time_a, 98);
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0], alert);
  EXPECT_TRUE(absl::IsNotFound(store_->GetCampaignDetail("c9", 3).status()));

  // Rewriting a campaign replaces its members and items.
  c.members = {"a1"};
  c.items = {{"url", "https://example.org/x"}};
  ASSERT_TRUE(store_->PutCampaigns({&c, 1}).ok());
  EXPECT_THAT(store_->GetCampaign("c1")->members, ElementsAre("a1"));
  EXPECT_THAT(store_->GetCampaign("c1")->items,
              ElementsAre(ItemRef{"url", "https://example.org/x"}));
}

TEST_P(StoreTest, AlertFeedFiltersAndPagesDeterministically) {
  ASSERT_TRUE(store_->PutCampaigns(std::vector<CampaignRecord>{Campaign("c1", 1)}).ok());
  std::vector<AlertRecord> alerts;
  const Severity severities[] = {Severity::kLow, Severity::kMedium, Severity::kHigh,
                                 Severity::kCritical};
  for (int i = 0; i < 25; ++i) {
    // Several alerts share a time, so the id must break ties.
    alerts.push_back({.id = StrCat("al", 100 - i),
                      .campaign_id = "c1",
                      .raised_at = 1000 + (i / 3) * 60000,
                      .severity = severities[i % 4],
                      .updated_at = 5});
  }
  ASSERT_TRUE(store_->PutAlerts(alerts).ok());
  AlertRecord orphan{.id = "x", .campaign_id = "nope", .raised_at = 1};
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->PutAlerts({&orphan, 1})));

  std::vector<AlertRecord> expected = alerts;
  std::sort(expected.begin(), expected.end(), [](const AlertRecord& x, const AlertRecord& y) {
    return x.raised_at != y.raised_at ? x.raised_at > y.raised_at : x.id < y.id;
  });
  std::vector<AlertRecord> seen;
  AlertQuery q;
  q.limit = 7;
  int pages = 0;
  do {
    auto page = store_->ListAlerts(q);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->alerts.begin(), page->alerts.end());
    q.page_token = page->next_page_token;
    ++pages;
  } while (!q.page_token.empty());
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, expected);

  AlertQuery high;
  high.severities = {Severity::kHigh, Severity::kCritical};
  high.since = 1000 + 4 * 60000;
  auto got = store_->ListAlerts(high);
  ASSERT_TRUE(got.ok()) << got.status();
  size_t want = std::count_if(alerts.begin(), alerts.end(), [&](const AlertRecord& a) {
    return a.raised_at >= *high.since &&
           (a.severity == Severity::kHigh || a.severity == Severity::kCritical);
  });
  EXPECT_EQ(got->alerts.size(), want);
  EXPECT_GT(want, 0u);

  ASSERT_TRUE(store_->SetAlertState("al100", AlertState::kConfirmed, 777).ok());
  AlertQuery confirmed;
  confirmed.states = {AlertState::kConfirmed};
  got = store_->ListAlerts(confirmed);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->alerts.size(), 1u);
  EXPECT_EQ(got->alerts[0].id, "al100");
  EXPECT_EQ(got->alerts[0].updated_at, 777);
  EXPECT_TRUE(absl::IsNotFound(store_->SetAlertState("zz", AlertState::kClosed, 1)));
  AlertQuery bad;
  bad.page_token = "garbage";
  EXPECT_TRUE(absl::IsInvalidArgument(store_->ListAlerts(bad).status()));
}

TEST_P(StoreTest, ReviewsAndNotesKeepTheirOrder) {
  ReviewRecord r1{.target_kind = "alert",
                  .target_id = "al1",
                  .decision = Decision::kConfirm,
                  .note = "同じ時刻に一斉リポスト",
                  .user = "ann",
                  .created_at = 20};
  ReviewRecord r2{.target_kind = "alert",
                  .target_id = "al1",
                  .decision = Decision::kNeedsMore,
                  .user = "bob",
                  .created_at = 10};
  auto id1 = store_->AddReview(r1);
  auto id2 = store_->AddReview(r2);
  ASSERT_TRUE(id1.ok() && id2.ok()) << id1.status() << id2.status();
  r1.id = *id1;
  r2.id = *id2;
  EXPECT_THAT(*store_->ListReviews("alert", "al1"), ElementsAre(r2, r1));
  EXPECT_TRUE(store_->ListReviews("campaign", "al1")->empty());
  ReviewRecord bad = r1;
  bad.target_kind = "account";
  EXPECT_TRUE(absl::IsInvalidArgument(store_->AddReview(bad).status()));

  NoteRecord n{.target_kind = "account",
               .target_id = "a1",
               .user = "ann",
               .body = "プロフィール画像が既定",
               .created_at = 5};
  auto nid = store_->AddNote(n);
  ASSERT_TRUE(nid.ok());
  n.id = *nid;
  EXPECT_THAT(*store_->ListNotes("account", "a1"), ElementsAre(n));
}

TEST_P(StoreTest, UsersTokensSessionsAndShares) {
  UserRecord ann{.name = "ann",
                 .role = Role::kAnalyst,
                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                 .created_at = 1};
  UserRecord pat{
      .name = "partner-de", .role = Role::kPartner, .password_hash = "h", .created_at = 2};
  ASSERT_TRUE(store_->PutUser(ann).ok());
  ASSERT_TRUE(store_->PutUser(pat).ok());
  EXPECT_EQ(*store_->GetUser("ann"), ann);
  ann.role = Role::kAdmin;
  ASSERT_TRUE(store_->PutUser(ann).ok());
  EXPECT_EQ(store_->GetUser("ann")->role, Role::kAdmin);
  EXPECT_THAT(*store_->ListUsers(), ElementsAre(ann, pat));

  ApiTokenRecord t{
      .token_hash = "th1", .user = "ann", .label = "ci", .created_at = 3, .expires_at = 100};
  ASSERT_TRUE(store_->AddApiToken(t).ok());
  EXPECT_EQ(*store_->GetApiToken("th1"), t);
  EXPECT_TRUE(absl::IsAlreadyExists(store_->AddApiToken(t)));
  ApiTokenRecord orphan{.token_hash = "th2", .user = "nobody", .created_at = 3};
  EXPECT_TRUE(absl::IsFailedPrecondition(store_->AddApiToken(orphan)));
  ASSERT_TRUE(store_->RevokeApiToken("th1", 50).ok());
  EXPECT_EQ(store_->GetApiToken("th1")->revoked_at, 50);
  EXPECT_TRUE(absl::IsNotFound(store_->RevokeApiToken("th9", 50)));
  EXPECT_EQ(store_->ListApiTokens("ann")->size(), 1u);

  SessionRecord s1{
      .session_hash = "s1", .user = "ann", .created_at = 10, .expires_at = 20, .last_seen = 10};
  SessionRecord s2{
      .session_hash = "s2", .user = "ann", .created_at = 10, .expires_at = 40, .last_seen = 10};
  ASSERT_TRUE(store_->AddSession(s1).ok());
  ASSERT_TRUE(store_->AddSession(s2).ok());
  ASSERT_TRUE(store_->TouchSession("s2", 15).ok());
  EXPECT_EQ(store_->GetSession("s2")->last_seen, 15);
  EXPECT_EQ(*store_->DeleteExpiredSessions(20), 1);
  EXPECT_TRUE(absl::IsNotFound(store_->GetSession("s1").status()));

  ShareRecord sh{.partner = "partner-de",
                 .object_kind = "campaign",
                 .object_id = "c1",
                 .tlp = Tlp::kAmberStrict,
                 .created_by = "ann",
                 .created_at = 7};
  auto sid = store_->AddShare(sh);
  ASSERT_TRUE(sid.ok()) << sid.status();
  sh.id = *sid;
  EXPECT_TRUE(absl::IsAlreadyExists(store_->AddShare(sh).status()));
  EXPECT_THAT(*store_->ListShares("partner-de"), ElementsAre(sh));

  // Deleting a user takes their credentials, sessions and shares along.
  ASSERT_TRUE(store_->DeleteUser("ann").ok());
  EXPECT_TRUE(absl::IsNotFound(store_->GetApiToken("th1").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetSession("s2").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->DeleteUser("ann")));
  ASSERT_TRUE(store_->DeleteShare(sh.id).ok());
  EXPECT_TRUE(store_->ListShares("partner-de")->empty());
  EXPECT_TRUE(absl::IsNotFound(store_->DeleteShare(sh.id)));
}

TEST_P(StoreTest, AuditLogPagesNewestFirst) {
  for (int i = 0; i < 250; ++i) {
    AuditRecord e{.user = i % 5 == 0 ? "bob" : "ann",
                  .action = "view_account",
                  .object_kind = "account",
                  .object_id = StrCat("a", i),
                  .at = 1000 + i,
                  .detail_json = R"({"ip":"127.0.0.1"})"};
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  AuditQuery q;
  q.limit = 100;
  std::vector<AuditRecord> all;
  std::vector<size_t> sizes;
  do {
    auto page = store_->ListAudit(q);
    ASSERT_TRUE(page.ok()) << page.status();
    sizes.push_back(page->entries.size());
    all.insert(all.end(), page->entries.begin(), page->entries.end());
    q.page_token = page->next_page_token;
  } while (!q.page_token.empty());
  EXPECT_THAT(sizes, ElementsAre(100, 100, 50));
  ASSERT_EQ(all.size(), 250u);
  EXPECT_EQ(all.front().object_id, "a249");
  EXPECT_EQ(all.back().object_id, "a0");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i].id, all[i - 1].id);

  AuditQuery bob;
  bob.user = "bob";
  bob.since = 1200;
  auto page = store_->ListAudit(bob);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 10u);  // i = 200, 205, ..., 245
  EXPECT_EQ(page->entries.front().object_id, "a245");
  EXPECT_EQ(page->entries.front().detail_json, R"({"ip":"127.0.0.1"})");
}

TEST_P(StoreTest, WatchListUpsertsByTypeValueSource) {
  std::vector<IndicatorRecord> indicators = {
      {.type = IndicatorType::kDomain,
       .value = "news-example.ru",
       .source = "partner-de",
       .tlp = Tlp::kGreen,
       .created_at = 1},
      {.type = IndicatorType::kDomain,
       .value = "news-example.ru",
       .source = "analyst",
       .tlp = Tlp::kClear,
       .created_at = 1},
      {.type = IndicatorType::kHandle, .value = "さくら_bot", .source = "analyst", .created_at = 1},
  };
  ASSERT_TRUE(store_->PutIndicators(indicators).ok());
  indicators[0].tlp = Tlp::kRed;
  ASSERT_TRUE(store_->PutIndicators({&indicators[0], 1}).ok());
  auto match = store_->MatchIndicators(IndicatorType::kDomain, "news-example.ru");
  ASSERT_TRUE(match.ok()) << match.status();
  ASSERT_EQ(match->size(), 2u);
  EXPECT_EQ((*match)[0].source, "analyst");
  EXPECT_EQ((*match)[1].tlp, Tlp::kRed);
  EXPECT_EQ(store_->MatchIndicators(IndicatorType::kHandle, "さくら_bot")->size(), 1u);
  EXPECT_TRUE(store_->MatchIndicators(IndicatorType::kUrl, "news-example.ru")->empty());
  EXPECT_EQ(store_->ListIndicators()->size(), 3u);
}

TEST_P(StoreTest, SearchFindsAccountsItemsAndText) {
  std::vector<AccountRecord> accounts = {Account("a100", 0.9, "Sakura_Bot"),
                                         Account("a101", 0.2, "さくら_本物"),
                                         Account("b100", 0.95, "100%real")};
  ASSERT_TRUE(store_->PutAccounts(accounts).ok());
  std::vector<ItemRecord> items = {
      {.kind = "hashtag", .id = "選挙2025", .score = 0.9},
      {.kind = "hashtag", .id = "election", .score = 0.3},
      {.kind = "url", .id = "https://news.example.jp/a", .score = 0.5}};
  ASSERT_TRUE(store_->PutItems(items).ok());
  ASSERT_TRUE(store_->PutCampaigns(std::vector<CampaignRecord>{Campaign("c1", 0.9)}).ok());
  ASSERT_TRUE(store_
                  ->AddNote({.target_kind = "campaign",
                             .target_id = "c1",
                             .user = "ann",
                             .body = "Same REPOST ring as last week",
                             .created_at = 1})
                  .ok());

  auto ids = [&](const SearchQuery& q) {
    std::vector<std::string> out;
    auto hits = store_->Search(q);
    EXPECT_TRUE(hits.ok()) << hits.status();
    if (hits.ok()) {
      for (const SearchHit& h : *hits) out.push_back(h.kind + "/" + h.id);
    }
    return out;
  };
  EXPECT_THAT(ids({.field = SearchField::kAccount, .term = "a10"}),
              ElementsAre("account/a100", "account/a101"));
  EXPECT_THAT(ids({.field = SearchField::kHandle, .term = "sakura"}), ElementsAre("account/a100"));
  EXPECT_THAT(ids({.field = SearchField::kHandle, .term = "さくら"}), ElementsAre("account/a101"));
  // Wildcards match literally: "%" finds only the handle containing "%".
  EXPECT_THAT(ids({.field = SearchField::kHandle, .term = "%"}), ElementsAre("account/b100"));
  EXPECT_THAT(ids({.field = SearchField::kHandle, .term = "_"}),
              ElementsAre("account/a100", "account/a101"));
  EXPECT_THAT(ids({.field = SearchField::kHashtag, .term = "#選挙"}),
              ElementsAre("item/hashtag:選挙2025"));
  EXPECT_THAT(ids({.field = SearchField::kUrl, .term = "NEWS.example"}),
              ElementsAre("item/url:https://news.example.jp/a"));
  EXPECT_THAT(ids({.field = SearchField::kText, .term = "リポスト"}), ElementsAre("campaign/c1"));
  auto text = store_->Search({.field = SearchField::kText, .term = "repost ring"});
  ASSERT_TRUE(text.ok());
  ASSERT_EQ(text->size(), 2u);
  EXPECT_EQ((*text)[0].kind, "campaign");
  EXPECT_EQ((*text)[0].label, "Repost ring amplifying critical posts");
  EXPECT_EQ((*text)[1].kind, "note");
  EXPECT_TRUE(absl::IsInvalidArgument(
      store_->Search({.field = SearchField::kHashtag, .term = "#"}).status()));
}

TEST_P(StoreTest, InfoCountsRows) {
  std::vector<AccountRecord> accounts = {Account("a1", 0.1), Account("a2", 0.2)};
  ASSERT_TRUE(store_->PutAccounts(accounts).ok());
  auto info = store_->Info();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(info->row_counts[1], Pair("accounts", 2));
  EXPECT_THAT(info->row_counts[0], Pair("runs", 0));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         BackendName);

// ---- Opening ----

TEST(StoreOpenTest, RejectsBadUrlsWithStatus) {
  EXPECT_TRUE(absl::IsInvalidArgument(Store::Open("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Store::Open("sqlite:").status()));
  EXPECT_TRUE(absl::IsUnavailable(Store::Open("sqlite:/nonexistent/dir/x.db").status()));
  // Nothing listens on port 1 of the loopback interface.
  auto pg = Store::Open("postgresql://sakimori@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_TRUE(absl::IsUnavailable(pg.status())) << pg.status();
}

TEST(StoreOpenTest, MissingSqliteFileIsNotFoundUnlessCreated) {
  TestDatabase db("sqlite");
  EXPECT_TRUE(absl::IsNotFound(Store::Open(db.url(), {.create_if_missing = false}).status()));
  EXPECT_TRUE(Store::Open(db.url()).ok());
  EXPECT_TRUE(Store::Open(db.url(), {.create_if_missing = false}).ok());
}

TEST(StoreOpenTest, RefusesADatabaseNewerThanTheBinary) {
  TestDatabase db("sqlite");
  auto store = Store::Open(db.url(), {.migrate = true});
  ASSERT_TRUE(store.ok()) << store.status();
  // Another (newer) sakimori applied migration 4 to this file.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.url().substr(7).c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO schema_version VALUES (4, 'future', 0)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  EXPECT_EQ(*(*store)->SchemaVersion(), 4);
  Status s = (*store)->Migrate();
  EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
}

TEST(StoreOpenTest, InMemorySqlite) {
  auto store = Store::Open("sqlite::memory:", {.migrate = true});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->backend(), "sqlite");
  EXPECT_EQ(*(*store)->SchemaVersion(), Store::LatestSchemaVersion());
}

}  // namespace
}  // namespace sakimori
