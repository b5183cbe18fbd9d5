// File: engine/pipeline_test.cc
// End to end on a small simulated election: the engine must find the planted operations
// (scored by the evaluator against the simulator's truth), and must be behaviour-only: running
// it on the same events with every post's text renamed through a fixed one-to-one mapping of
// characters (within each script class, so that script signals see the same classes) gives
// byte-identical results.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"
#include "detect/account/account_scorer.h"
#include "detect/text/simplified_table.h"
#include "engine/engine.h"
#include "eval/evaluator.h"
#include "ingest/read_inputs.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace sakimori::engine {
namespace {

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// A fixed bijection of the words' characters within classes: hiragana, katakana,
// simplified-only Han, other Han (U+4E00..U+9FFF). These are untouched by the text
// normaliser's NFKC case folding, so the mapping commutes with it. Everything else maps to
// itself: Latin letters make up URLs, mentions and hashtags, which the normaliser recognises by
// their spelling.
class CharacterRenamer {
 public:
  CharacterRenamer() {
    std::vector<std::vector<char32_t>> classes(4);
    for (char32_t c = 0x3041; c <= 0x3096; ++c) classes[0].push_back(c);
    for (char32_t c = 0x30a1; c <= 0x30fa; ++c) classes[1].push_back(c);
    const uint16_t* simplified = text::kSimplifiedOnly;
    const uint16_t* simplified_end = simplified + text::kSimplifiedOnlyCount;
    for (char32_t c = 0x4e00; c <= 0x9fff; ++c) {
      const bool s = std::binary_search(simplified, simplified_end, static_cast<uint16_t>(c));
      classes[s ? 2 : 3].push_back(c);
    }
    std::mt19937_64 rng(20250720);
    for (auto& cls : classes) {
      std::vector<char32_t> shuffled = cls;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      for (size_t i = 0; i < cls.size(); ++i) map_[cls[i]] = shuffled[i];
    }
  }

  std::string Rename(std::string_view s) const {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      const int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
      if (i + len > s.size()) {
        out.append(s.substr(i));
        break;
      }
      char32_t cp = len == 1 ? c
                    : len == 2 ? ((c & 0x1f) << 6) | (s[i + 1] & 0x3f)
                    : len == 3 ? ((c & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f)
                               : ((c & 0x07) << 18) | ((s[i + 1] & 0x3f) << 12) |
                                     ((s[i + 2] & 0x3f) << 6) | (s[i + 3] & 0x3f);
      auto it = map_.find(cp);
      if (it == map_.end()) {
        out.append(s.substr(i, len));
      } else {
        AppendUtf8(it->second, &out);
      }
      i += len;
    }
    return out;
  }

 private:
  absl::flat_hash_map<char32_t, char32_t> map_;
};

struct AnalysisRun {
  Results results;
  eval::EvalReport report;
};

// The engine settings a test varies; the rest are the defaults.
struct Settings {
  double recruit_quantile = EngineOptions{}.recruit_quantile;
  int threads = EngineOptions{}.threads;
  TimeMs alert_confirm_ms = 0;
};

AnalysisRun Analyze(const std::string& events, const sim::Truth& truth,
                    const CharacterRenamer* renamer, const Settings& settings = {}) {
  Dictionary dict;
  EngineOptions options;
  options.recruit_quantile = settings.recruit_quantile;
  options.threads = settings.threads;
  options.campaigns.alert_confirm_ms = settings.alert_confirm_ms;
  options.detect_every_ms = 3LL * 3600 * 1000;
  // The shipped default model (trained on upper-house-2025 seed 1; this world is seed 5).
  auto path = FindDefaultAccountModel();
  EXPECT_TRUE(path.ok()) << path.status();
  auto model = AccountModel::Load(*path);
  EXPECT_TRUE(model.ok()) << model.status();
  options.account_model = &*model;
  auto eng = Engine::Create(options, &dict);
  EXPECT_TRUE(eng.ok()) << eng.status();
  IngestReport report;
  Status st = ReadInputs({events}, ReaderOptions{}, &dict, &report, [&](const EventBatch& b) {
    if (renamer == nullptr) return (*eng)->Consume(b);
    EventBatch renamed;
    for (const Event& e : b.events()) {
      Event& r = renamed.Add();
      r = e;
      if (!e.text.empty()) r.text = renamed.Copy(renamer->Rename(e.text));
    }
    return (*eng)->Consume(renamed);
  });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_TRUE((*eng)->Finish().ok());
  return AnalysisRun{(*eng)->results(), eval::Evaluate(truth, (*eng)->results())};
}

// Simulates `scenario` (seed, scale) into `dir`, emptied first; its truth.
StatusOr<sim::Truth> SimulateWorld(const std::string& scenario, uint64_t seed, double scale,
                                   const std::string& dir) {
  ASSIGN_OR_RETURN(const sim::Scenario found, sim::FindScenario(scenario));
  std::filesystem::remove_all(dir);
  return sim::SimulateToDirectory(found, {.seed = seed, .scale = scale}, dir,
                                  /*compress=*/false);
}

// Analyses `events` without the alert confirmation and with one of an hour, and passes each
// evaluation to `check`.
void WithAndWithoutAlertWait(const std::string& events, const sim::Truth& truth,
                             const std::function<void(const eval::EvalReport&)>& check) {
  for (TimeMs confirm_ms : {TimeMs{0}, TimeMs{3600 * 1000}}) {
    SCOPED_TRACE(confirm_ms);
    check(Analyze(events, truth, nullptr, {.alert_confirm_ms = confirm_ms}).report);
  }
}

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/sakimori_pipeline_test");
    auto truth = SimulateWorld("upper-house-2025", 5, 0.1, *dir_);
    ASSERT_TRUE(truth.ok()) << truth.status();
    truth_ = new sim::Truth(std::move(*truth));
  }
  static std::string* dir_;
  static sim::Truth* truth_;
};
std::string* PipelineTest::dir_ = nullptr;
sim::Truth* PipelineTest::truth_ = nullptr;

TEST_F(PipelineTest, FindsPlantedCampaignsAndIsBehaviourOnly) {
  ASSERT_NE(truth_, nullptr);
  const std::string events = *dir_ + "/events.jsonl";
  AnalysisRun plain = Analyze(events, *truth_, nullptr);
  const eval::EvalReport& r = plain.report;
  // The naive operations are found with high precision and recall; nothing organic is alerted.
  for (const eval::OperationEval& op : r.operations) {
    if (op.sophistication == "naive") {
      EXPECT_TRUE(op.detected) << op.id;
      EXPECT_GE(op.accounts.f1, 0.9) << op.id;
    }
  }
  EXPECT_GE(r.campaigns_detected, 4) << "of " << r.campaigns_total;
  EXPECT_EQ(r.false_alerts, 0);
  EXPECT_EQ(r.amplified_authors_flagged, 0);

  CharacterRenamer renamer;
  ASSERT_NE(renamer.Rename("選挙の投票に行こう"), "選挙の投票に行こう");
  AnalysisRun renamed = Analyze(events, *truth_, &renamer);
  // Alerts, flagged accounts and the alerted campaigns must be identical. Campaigns below the
  // alert threshold may differ slightly: near-duplicate clustering (MinHash + LSH) preserves
  // exact Jaccard similarity under the renaming but samples it through hashes of the
  // characters, so a text pair near the threshold can be clustered in one run and not in the
  // other (docs/analyze.md, "Behaviour only").
  const Results& a = plain.results;
  const Results& b = renamed.results;
  EXPECT_EQ(a.alerts, b.alerts);
  auto flagged = [](const Results& r) {
    std::vector<AccountResult> out;
    for (const AccountResult& x : r.accounts) {
      if (x.flagged) out.push_back(x);
    }
    return out;
  };
  EXPECT_EQ(flagged(a), flagged(b));
  auto alerted = [](const Results& r) {
    std::vector<CampaignResult> out;
    for (const CampaignResult& c : r.campaigns) {
      for (const AlertResult& al : r.alerts) {
        if (al.campaign == c.id) out.push_back(c);
      }
    }
    return out;
  };
  EXPECT_EQ(alerted(a), alerted(b));
  EXPECT_FALSE(alerted(a).empty());
}

// The engine's second thread runs half of the per-event operators; the output must not
// depend on it.
TEST_F(PipelineTest, SameResultsWithOneThreadOrTwo) {
  ASSERT_NE(truth_, nullptr);
  const std::string events = *dir_ + "/events.jsonl";
  AnalysisRun one = Analyze(events, *truth_, nullptr, {.threads = 1});
  AnalysisRun two = Analyze(events, *truth_, nullptr, {.threads = 2});
  ASSERT_FALSE(one.results.campaigns.empty());
  EXPECT_EQ(WriteResultsJson(one.results), WriteResultsJson(two.results));
}

// Evasive operations (randomised delays, rotating slices of the ring, organic filler): the
// default model scores many of their members low in absolute terms, but far above the organic
// engagers of the posts they push. Recruiting by relative automation finds them; without it
// (the recruit quantile at 1: nobody qualifies) most members are missed. No false alert and
// no amplified author either way. At full scale (50,000 organic accounts), as shipped: at
// scale 0.2 the rings are too small for recruiting to matter (docs/evaluation.md).
TEST(PipelineEvasiveTest, RecruitsByRelativeAutomation) {
  const std::string dir = ::testing::TempDir() + "/sakimori_pipeline_evasive_test";
  auto truth = SimulateWorld("evasive", 5, 1.0, dir);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const std::string events = dir + "/events.jsonl";
  const eval::EvalReport with = Analyze(events, *truth, nullptr).report;
  const eval::EvalReport without =
      Analyze(events, *truth, nullptr, {.recruit_quantile = 1.0}).report;
  EXPECT_GE(with.accounts.f1, 0.85);
  EXPECT_GT(with.accounts.f1, without.accounts.f1 + 0.1);
  EXPECT_EQ(with.campaigns_detected, with.campaigns_total);
  for (const eval::HardNegativeEval& h : with.hard_negatives) EXPECT_EQ(h.flagged, 0) << h.kind;
  for (const eval::EvalReport* r : {&with, &without}) {
    EXPECT_EQ(r->false_alerts, 0);
    EXPECT_EQ(r->amplified_authors_flagged, 0);
  }
  std::filesystem::remove_all(dir);
}

// A copy-paste operation that pastes one text at random hours over four days
// (upper-house-2025 seed 4 at scale 0.2, op2, 16 accounts): its group forms, but its
// significant edges are sparse and slow, and on timing alone it stayed at 0.498, never
// alerted. Near-duplicate text counts as coordination in the score (docs/analyze.md, step 5):
// every operation of the world is alerted with all its members, and nothing organic is.
TEST(PipelineCopyPasteTest, AlertsTheSlowCopyPasteOperation) {
  const std::string dir = ::testing::TempDir() + "/sakimori_pipeline_copy_paste_test";
  auto truth = SimulateWorld("upper-house-2025", 4, 0.2, dir);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const eval::EvalReport r = Analyze(dir + "/events.jsonl", *truth, nullptr).report;
  bool saw_copy_paste = false;
  for (const eval::OperationEval& op : r.operations) {
    EXPECT_TRUE(op.detected) << op.id;
    EXPECT_NE(op.first_alert, kNoTime) << op.id;
    EXPECT_EQ(op.accounts.true_positives, op.accounts.positives) << op.id;
    const bool copy_paste =
        std::find(op.tactics.begin(), op.tactics.end(), "copy_paste") != op.tactics.end();
    saw_copy_paste = saw_copy_paste || copy_paste;
  }
  EXPECT_TRUE(saw_copy_paste);
  EXPECT_EQ(r.operations_alerted, r.campaigns_total);
  EXPECT_EQ(r.false_positives, 0);
  EXPECT_EQ(r.false_alerts, 0);
  EXPECT_EQ(r.amplified_authors_flagged, 0);
  for (const eval::HardNegativeEval& h : r.hard_negatives) EXPECT_EQ(h.flagged, 0) << h.kind;
  std::filesystem::remove_all(dir);
}

// A group of 5 organic accounts (upper-house-2025 seed 6 at scale 0.2: 2 of them new, 3
// writing near-duplicates of one narrative) scored 0.522 at one 3-hourly step and 0.31 at the
// next; alerted, it flagged the 53 organic accounts its campaign grew to. Its share of new
// accounts now counts as if two more members were not new (0.45), so it raises nothing, with
// or without the alert confirmation, and every operation is still alerted with all its
// members (docs/evaluation.md, "Small groups").
TEST(PipelineSmallGroupTest, FewMembersAreWeakEvidence) {
  const std::string dir = ::testing::TempDir() + "/sakimori_pipeline_small_group_test";
  auto truth = SimulateWorld("upper-house-2025", 6, 0.2, dir);
  ASSERT_TRUE(truth.ok()) << truth.status();
  WithAndWithoutAlertWait(dir + "/events.jsonl", *truth, [](const eval::EvalReport& r) {
    EXPECT_EQ(r.false_alerts, 0);
    EXPECT_EQ(r.false_positives, 0);
    EXPECT_EQ(r.operations_alerted, r.campaigns_total);
    for (const eval::OperationEval& op : r.operations) {
      EXPECT_EQ(op.accounts.true_positives, op.accounts.positives) << op.id;
    }
  });
  std::filesystem::remove_all(dir);
}

// Bots of different operations engage with organic posts as camouflage. A post with a few
// engagers, all of them such bots (evasive seed 12: bots of op1 and op3 on posts of three or
// four engagers), is pushed, and its author has no other pushed post. It used to join its
// pushers, and so op1's amplification group and op3's, into one group: op3's campaign of its
// own was absorbed before it was alerted. Such a post no longer merges groups of campaign
// size (docs/analyze.md, step 3): every operation is alerted through a campaign of its own,
// with or without the alert confirmation. (Op1 has 48 of its 60 members flagged either way:
// the other 12 score too low to be recruited.)
TEST(PipelineAmplificationTest, CamouflagePostsDoNotMergeOperations) {
  const std::string dir = ::testing::TempDir() + "/sakimori_pipeline_camouflage_test";
  auto truth = SimulateWorld("evasive", 12, 1.0, dir);
  ASSERT_TRUE(truth.ok()) << truth.status();
  WithAndWithoutAlertWait(dir + "/events.jsonl", *truth, [](const eval::EvalReport& r) {
    EXPECT_EQ(r.operations_alerted, r.campaigns_total);
    EXPECT_EQ(r.false_alerts, 0);
    EXPECT_EQ(r.false_positives, 0);
    std::vector<std::string> campaigns;
    for (const eval::OperationEval& op : r.operations) {
      EXPECT_NE(op.first_alert, kNoTime) << op.id;
      campaigns.push_back(op.campaign);
    }
    std::sort(campaigns.begin(), campaigns.end());
    EXPECT_EQ(std::unique(campaigns.begin(), campaigns.end()), campaigns.end());
  });
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sakimori::engine
