// File: engine/store_writer_test.cc
// The store written from an analysis of a stream with a known ring: flagged members carry
// their score explanation (SHAP top features) and their daily activity clock.
#include "engine/store_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "common/strings.h"
#include "detect/account/account_scorer.h"
#include "engine/ring_stream_testing.h"

namespace sakimori::engine {
namespace {

using testing_streams::kMinute;
using testing_streams::RingStream;

constexpr int kRing = 10;
constexpr int kRingPosts = 12;

class StoreWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = LoadAccountModelOrDefault("");
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = std::make_unique<AccountModel>(std::move(*model));
    EngineOptions o;
    o.coordination.channels = {{{coord::Action::kRepost, coord::Action::kLike}, 60}};
    o.detect_every_ms = 6 * 60 * kMinute;
    o.account_model = model_.get();
    auto watch = foreign::WatchList::Parse("account_id,r3\naccount_id,b0\n");
    ASSERT_TRUE(watch.ok()) << watch.status();
    watchlist_ = std::make_unique<foreign::WatchList>(std::move(*watch));
    o.watchlist = watchlist_.get();
    RingStream(&dict_, &batch_);
    auto eng = Engine::Create(o, &dict_);
    ASSERT_TRUE(eng.ok()) << eng.status();
    engine_ = std::move(*eng);
    ASSERT_TRUE(engine_->Consume(batch_).ok());
    ASSERT_TRUE(engine_->Finish().ok());
    auto store = Store::Open("sqlite::memory:", StoreOptions{.migrate = true});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Events (profile snapshots excluded) of `account` in the stream.
  uint64_t EventsOf(std::string_view account) const {
    const AccountId id = dict_.accounts.Find(account);
    uint64_t n = 0;
    for (const Event& e : batch_.events()) {
      n += e.actor == id && e.kind != EventKind::kProfileUpdate;
    }
    return n;
  }

  // Checks the stored record of ring member `id`: flagged, top features with known names by
  // decreasing |contribution|, and a daily activity holding exactly its reposts, at
  // 15:00 UTC + 2 h per post on a Monday in Japan.
  void CheckMember(const std::string& id) {
    SCOPED_TRACE(id);
    auto rec = store_->GetAccount(id);
    ASSERT_TRUE(rec.ok()) << rec.status();
    EXPECT_TRUE(rec->flagged);
    simdjson::dom::parser parser;
    simdjson::dom::element top;
    ASSERT_EQ(parser.parse(rec->top_features_json).get(top), simdjson::SUCCESS)
        << rec->top_features_json;
    simdjson::dom::array features;
    ASSERT_EQ(top.get_array().get(features), simdjson::SUCCESS);
    ASSERT_GT(features.size(), 0u) << rec->top_features_json;
    EXPECT_LE(features.size(), 5u);
    const auto& names = AccountFeatureNames();
    double previous = INFINITY;
    for (simdjson::dom::element f : features) {
      simdjson::dom::array pair;
      ASSERT_EQ(f.get_array().get(pair), simdjson::SUCCESS);
      ASSERT_EQ(pair.size(), 2u);
      std::string_view name;
      double c = 0;
      ASSERT_EQ(pair.at(0).get_string().get(name), simdjson::SUCCESS);
      ASSERT_EQ(pair.at(1).get_double().get(c), simdjson::SUCCESS);
      EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
      EXPECT_NE(c, 0.0);
      EXPECT_LE(std::fabs(c), previous + 1e-9);
      previous = std::fabs(c);
    }

    simdjson::dom::parser parser2;
    simdjson::dom::element signals;
    ASSERT_EQ(parser2.parse(rec->signals_json).get(signals), simdjson::SUCCESS);
    // The watch-listed member keeps its watch-list signal next to the activity clock.
    simdjson::dom::element watch;
    EXPECT_EQ(signals["watchlist"].get(watch) == simdjson::SUCCESS, id == "r3")
        << rec->signals_json;
    simdjson::dom::element act;
    ASSERT_EQ(signals["daily_activity"].get(act), simdjson::SUCCESS) << rec->signals_json;
    int64_t offset = 0;
    ASSERT_EQ(act["home_utc_offset_hours"].get_int64().get(offset), simdjson::SUCCESS);
    EXPECT_EQ(offset, 9);
    std::vector<uint64_t> weekday, weekend;
    for (auto [key, out] : {std::pair{"utc_weekday", &weekday}, {"utc_weekend", &weekend}}) {
      simdjson::dom::array hours;
      ASSERT_EQ(act[key].get_array().get(hours), simdjson::SUCCESS);
      for (simdjson::dom::element h : hours) out->push_back(h.get_uint64().value());
      ASSERT_EQ(out->size(), 24u);
    }
    uint64_t total = 0;
    for (int h = 0; h < 24; ++h) total += weekday[h] + weekend[h];
    EXPECT_EQ(total, EventsOf(id));
    EXPECT_EQ(total, static_cast<uint64_t>(kRingPosts));
    // Post p at 2025-07-06T15:00Z + 2p h: Monday 00:00 + 2p h in Japan, a weekday.
    for (int h = 0; h < 24; ++h) {
      EXPECT_EQ(weekday[h], (h % 2 == 1) ? 1u : 0u) << "UTC hour " << h;
      EXPECT_EQ(weekend[h], 0u) << "UTC hour " << h;
    }
  }

  std::unique_ptr<AccountModel> model_;
  std::unique_ptr<foreign::WatchList> watchlist_;
  Dictionary dict_;
  EventBatch batch_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreWriterTest, FlaggedMembersCarryExplanationAndDailyActivity) {
  auto sum = WriteAnalysis(*engine_, StoreWriteOptions{}, store_.get());
  ASSERT_TRUE(sum.ok()) << sum.status();
  ASSERT_EQ(engine_->results().alerts.size(), 1u);
  for (int m = 0; m < kRing; ++m) CheckMember(StrCat("r", m));
  // Ordinary accounts are written (they have automation scores) without either; a watch-listed
  // one with its watch-list signal only.
  for (const std::string id : {"b0", "b1"}) {
    auto plain = store_->GetAccount(id);
    ASSERT_TRUE(plain.ok()) << plain.status();
    EXPECT_FALSE(plain->flagged);
    EXPECT_EQ(plain->top_features_json, "[]");
    EXPECT_EQ(plain->signals_json.find("daily_activity"), std::string::npos) << plain->signals_json;
    EXPECT_EQ(plain->signals_json.find("watchlist") != std::string::npos, id == "b0")
        << plain->signals_json;
  }
}

TEST_F(StoreWriterTest, LiveWriteCarriesTheSame) {
  RunRecord run;
  run.generator = "test";
  auto run_id = store_->AddRun(run);
  ASSERT_TRUE(run_id.ok()) << run_id.status();
  absl::flat_hash_set<uint64_t> evidenced;
  ASSERT_TRUE(WriteCampaignState(*engine_, *run_id, store_.get(), &evidenced).ok());
  for (int m = 0; m < kRing; ++m) CheckMember(StrCat("r", m));
  auto before = store_->EvidenceOf("r0", "r1", 1000);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_FALSE(before->empty());
  // Written again by the same process, or by a new one (a restarted server, which does not
  // remember the edges given evidence): no evidence is duplicated.
  ASSERT_TRUE(WriteCampaignState(*engine_, *run_id, store_.get(), &evidenced).ok());
  absl::flat_hash_set<uint64_t> restarted;
  ASSERT_TRUE(WriteCampaignState(*engine_, *run_id, store_.get(), &restarted).ok());
  auto after = store_->EvidenceOf("r0", "r1", 1000);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), before->size());
}

}  // namespace
}  // namespace sakimori::engine
