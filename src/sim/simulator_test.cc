// File: sim/simulator_test.cc
// Runs small simulations and checks what the simulator promises: deterministic bytes, events
// the canonical reader accepts, a heavy-tailed organic world with Japan's daily rhythm, and
// ground truth that matches the events.
#include "sim/simulator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "ingest/event_reader.h"
#include "sim/scenario.h"

namespace sakimori::sim {
namespace {

constexpr const char* kTestScenario = R"(
name = "test"
start = "2025-07-06T15:00:00Z"
days = 3
[organic]
accounts = 4000
[hard_negatives]
shock_participants = 100
viral_engagements = 300
fans = 40
activists = 40
[[operations]]
tactics = ["repost_ring", "like_farm", "bulk_created"]
members = 30
start_day = 0.5
duration_days = 1
targets = 5
[[operations]]
tactics = ["copy_paste", "hashtag_flood"]
sophistication = "moderate"
members = 20
start_day = 1
duration_days = 1.5
targets = 2
filler_per_day = 2
[[operations]]
tactics = ["evasive_bot", "foreign_timezone"]
sophistication = "sophisticated"
members = 25
start_day = 1
duration_days = 1.8
targets = 8
participation = 0.3
delay_median_s = 1200
delay_sigma = 1.3
filler_per_day = 6
utc_offset_hours = 8
[[operations]]
tactics = ["sleeper_activation"]
members = 20
start_day = 2
duration_days = 0.8
targets = 4
[[operations]]
tactics = ["cyborg", "cross_posting"]
sophistication = "sophisticated"
members = 12
start_day = 0.2
duration_days = 2.5
targets = 6
participation = 0.5
delay_median_s = 600
posts_per_day = 2
)";

struct SimRun {
  std::string bytes;
  Truth truth;
  SimulateStats stats;
};

SimRun Simulate(const std::string& toml, uint64_t seed, double scale = 1.0) {
  auto scenario = ParseScenario(toml, "test");
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  SimRun run;
  auto sink = MakeStringSink(&run.bytes);
  SimulateOptions options;
  options.seed = seed;
  options.scale = scale;
  auto truth = sakimori::sim::Simulate(*scenario, options, sink.get(), &run.stats);
  EXPECT_TRUE(truth.ok()) << truth.status();
  if (truth.ok()) run.truth = *truth;
  return run;
}

// A decoded event with string ids, for checks.
struct Ev {
  TimeMs time;
  EventKind kind;
  std::string actor, id, target, target_author;
};

std::vector<Ev> ReadBack(const std::string& bytes, IngestReport* report) {
  char path[] = "/tmp/sim_testXXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  Dictionary dict;
  ReaderOptions options;
  options.format = Format::kCanonical;
  auto reader = EventReader::Open(path, options, &dict, report);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<Ev> out;
  EventBatch batch;
  while (true) {
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    for (const Event& e : batch.events()) {
      Ev ev{e.time, e.kind, std::string(dict.accounts.Name(e.actor)), std::string(e.id), "", ""};
      if (e.target != kNoPost) ev.target = std::string(dict.posts.Name(e.target));
      if (e.target_account != kNoAccount) {
        ev.target_author = std::string(dict.accounts.Name(e.target_account));
      }
      out.push_back(std::move(ev));
    }
  }
  std::remove(path);
  return out;
}

class SimulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new SimRun(Simulate(kTestScenario, 7));
    report_ = new IngestReport();
    events_ = new std::vector<Ev>(ReadBack(run_->bytes, report_));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete report_;
    delete events_;
  }
  static SimRun* run_;
  static IngestReport* report_;
  static std::vector<Ev>* events_;
};
SimRun* SimulatorTest::run_ = nullptr;
IngestReport* SimulatorTest::report_ = nullptr;
std::vector<Ev>* SimulatorTest::events_ = nullptr;

TEST_F(SimulatorTest, SameSeedSameBytesOtherSeedDiffers) {
  SimRun again = Simulate(kTestScenario, 7);
  EXPECT_EQ(again.bytes.size(), run_->bytes.size());
  EXPECT_TRUE(again.bytes == run_->bytes);
  EXPECT_EQ(again.truth, run_->truth);
  SimRun other = Simulate(kTestScenario, 8);
  EXPECT_FALSE(other.bytes == run_->bytes);
  EXPECT_NE(other.truth.operations[0].members, run_->truth.operations[0].members);
}

TEST_F(SimulatorTest, EveryEventParsesBackInTimeOrder) {
  EXPECT_EQ(report_->rejected(), 0u);
  ASSERT_EQ(events_->size(), run_->stats.events);
  EXPECT_EQ(run_->truth.events_total, static_cast<int64_t>(events_->size()));
  EXPECT_EQ(run_->stats.dropped, 0u);
  EXPECT_GT(events_->size(), 50000u);
  std::set<std::string> posts;
  std::map<EventKind, int> kinds;
  for (size_t i = 0; i < events_->size(); ++i) {
    const Ev& e = (*events_)[i];
    ++kinds[e.kind];
    if (i > 0) {
      ASSERT_LE((*events_)[i - 1].time, e.time) << i;
    }
    ASSERT_GE(e.time, run_->truth.start);
    ASSERT_LT(e.time, run_->truth.end);
    if (!e.target.empty()) {
      ASSERT_TRUE(posts.count(e.target)) << "target before its post";
    }
    if (CreatesPost(e.kind)) {
      ASSERT_TRUE(posts.insert(e.id).second) << "duplicate id " << e.id;
    }
  }
  for (EventKind k : {EventKind::kPost, EventKind::kRepost, EventKind::kQuote, EventKind::kReply,
                      EventKind::kLike, EventKind::kFollow, EventKind::kDelete,
                      EventKind::kProfileUpdate}) {
    EXPECT_GT(kinds[k], 0) << EventKindName(k);
  }
}

// Organic accounts: everyone not in an operation and not a benign bot.
std::set<std::string> NonOrganic(const Truth& truth) {
  std::set<std::string> out;
  for (const TruthOperation& op : truth.operations) out.insert(op.members.begin(), op.members.end());
  for (const TruthHardNegative& h : truth.hard_negatives) {
    if (h.kind == "benign_bot") out.insert(h.members.begin(), h.members.end());
  }
  return out;
}

TEST_F(SimulatorTest, ActivityIsHeavyTailed) {
  std::set<std::string> skip = NonOrganic(run_->truth);
  absl::flat_hash_map<std::string, int> actions;
  for (const Ev& e : *events_) {
    if (e.kind == EventKind::kProfileUpdate || skip.count(e.actor)) continue;
    ++actions[e.actor];
  }
  std::vector<int> counts;
  int64_t total = 0;
  for (const auto& [a, n] : actions) {
    counts.push_back(n);
    total += n;
  }
  std::sort(counts.rbegin(), counts.rend());
  int64_t top = 0;
  for (size_t i = 0; i < counts.size() / 10; ++i) top += counts[i];
  double top_share = static_cast<double>(top) / total;
  double median = counts[counts.size() / 2];
  EXPECT_GT(top_share, 0.5) << "top 10% of accounts make " << top_share;
  EXPECT_GT(counts.front() / median, 30) << "max " << counts.front() << " median " << median;
}

TEST_F(SimulatorTest, DailyRhythmPeaksInTheJapaneseEvening) {
  std::set<std::string> skip = NonOrganic(run_->truth);
  int64_t posts[24] = {}, all[24] = {};
  for (const Ev& e : *events_) {
    if (e.kind == EventKind::kProfileUpdate || skip.count(e.actor)) continue;
    int64_t hour = (e.time / 1000 + 9 * 3600) % 86400 / 3600;
    ++all[hour];
    if (e.kind == EventKind::kPost) ++posts[hour];
  }
  int busiest = 0, quietest = 0, quietest_all = 0;
  for (int h = 0; h < 24; ++h) {
    if (posts[h] > posts[busiest]) busiest = h;
    if (posts[h] < posts[quietest]) quietest = h;
    if (all[h] < all[quietest_all]) quietest_all = h;
  }
  EXPECT_GE(busiest, 20);
  EXPECT_LE(busiest, 23);
  EXPECT_GE(quietest, 3);
  EXPECT_LE(quietest, 6);
  EXPECT_GE(quietest_all, 3);
  EXPECT_LE(quietest_all, 6);
  // All actions (engagement included, with its bursts): the busiest four hours are the evening.
  int best = 0;
  int64_t best_sum = -1;
  for (int h = 0; h < 24; ++h) {
    int64_t sum = all[h] + all[(h + 1) % 24] + all[(h + 2) % 24] + all[(h + 3) % 24];
    if (sum > best_sum) {
      best_sum = sum;
      best = h;
    }
  }
  EXPECT_GE(best, 18);
  EXPECT_LE(best, 21);
  EXPECT_GT(all[21], 4 * all[4]);
}

TEST_F(SimulatorTest, CascadeSizesAreHeavyTailed) {
  absl::flat_hash_map<std::string, int> size;
  std::vector<std::string> originals;
  for (const Ev& e : *events_) {
    if (e.kind == EventKind::kPost) originals.push_back(e.id);
    if (!e.target.empty() && e.kind != EventKind::kDelete) ++size[e.target];
  }
  std::vector<int> sizes;
  for (const std::string& p : originals) sizes.push_back(size.count(p) ? size[p] : 0);
  std::sort(sizes.rbegin(), sizes.rend());
  int64_t total = 0, top = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    total += sizes[i];
    if (i < sizes.size() / 100) top += sizes[i];
  }
  double median = std::max(1, sizes[sizes.size() / 2]);
  EXPECT_GT(sizes.front() / median, 100) << "max " << sizes.front() << " median " << median;
  EXPECT_GT(static_cast<double>(top) / total, 0.25) << "top 1% of posts";
  // Many posts get nothing at all.
  EXPECT_EQ(sizes[sizes.size() * 3 / 4], 0);
}

TEST_F(SimulatorTest, TruthMatchesTheEvents) {
  const Truth& t = run_->truth;
  ASSERT_EQ(t.operations.size(), 5u);
  std::set<std::string> all_members;
  for (const TruthOperation& op : t.operations) {
    SCOPED_TRACE(op.id);
    EXPECT_FALSE(op.members.empty());
    EXPECT_FALSE(op.techniques.empty() && op.tactics != std::vector<std::string>{"bulk_created"});
    std::set<std::string> members(op.members.begin(), op.members.end());
    all_members.insert(members.begin(), members.end());
    std::set<std::string> acted;
    for (const Ev& e : *events_) {
      if (e.kind != EventKind::kProfileUpdate && e.time >= op.start && e.time < op.end &&
          members.count(e.actor)) {
        acted.insert(e.actor);
      }
    }
    EXPECT_EQ(acted.size(), members.size()) << "members idle during their operation";
    // Targets are posts by amplified authors, engaged with by members.
    std::set<std::string> authors(op.amplified_authors.begin(), op.amplified_authors.end());
    EXPECT_FALSE(op.targets.posts.empty());
    for (const std::string& p : op.targets.posts) {
      auto it = std::find_if(events_->begin(), events_->end(),
                             [&](const Ev& e) { return e.id == p; });
      ASSERT_NE(it, events_->end());
      EXPECT_EQ(it->kind, EventKind::kPost);
      EXPECT_TRUE(authors.count(it->actor));
    }
  }
  // Sleepers are silent before their activation.
  const TruthOperation& sleeper = t.operations[3];
  std::set<std::string> sleepers(sleeper.members.begin(), sleeper.members.end());
  for (const Ev& e : *events_) {
    if (e.kind != EventKind::kProfileUpdate && sleepers.count(e.actor)) {
      EXPECT_GE(e.time, sleeper.start);
    }
  }
  for (const std::string& a : t.amplified_authors) EXPECT_FALSE(all_members.count(a)) << a;
  std::set<std::string> kinds;
  for (const TruthHardNegative& h : t.hard_negatives) {
    kinds.insert(h.kind);
    EXPECT_FALSE(h.members.empty()) << h.kind;
    for (const std::string& a : h.members) EXPECT_FALSE(all_members.count(a)) << h.kind;
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"news_shock", "viral_post", "fan_community",
                                          "activist_campaign", "benign_bot"}));
  EXPECT_EQ(t.operations[2].utc_offset_hours, 8.0);
  EXPECT_FALSE(t.operations[0].utc_offset_hours.has_value());
}

TEST_F(SimulatorTest, TruthRoundTripsThroughJson) {
  auto parsed = ParseTruthJson(WriteTruthJson(run_->truth));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, run_->truth);
}

TEST(SimulateToDirectoryTest, WritesCompressedEventsAndTruth) {
  auto scenario = FindScenario("quiet-day");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::string dir = std::filesystem::temp_directory_path() / "sim_dir_test";
  SimulateOptions options;
  options.scale = 0.02;
  SimulateStats stats;
  auto truth = SimulateToDirectory(*scenario, options, dir, /*compress=*/true, &stats);
  ASSERT_TRUE(truth.ok()) << truth.status();
  auto back = ReadTruthFile(dir + "/truth.json");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, *truth);
  EXPECT_TRUE(truth->operations.empty());
  Dictionary dict;
  IngestReport report;
  auto reader = EventReader::Open(dir + "/events.jsonl.zst", ReaderOptions(), &dict, &report);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EventBatch batch;
  uint64_t n = 0;
  while (true) {
    auto more = (*reader)->Next(&batch);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    n += batch.size();
  }
  EXPECT_EQ(n, stats.events);
  EXPECT_EQ(report.rejected(), 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sakimori::sim

namespace sakimori::sim {
namespace {

class FailingSink : public OutputSink {
 public:
  Status Write(std::string_view bytes) override {
    written_ += bytes.size();
    if (written_ > (8 << 20)) return absl::InternalError("disk full");
    return absl::OkStatus();
  }
  Status Close() override { return absl::OkStatus(); }

 private:
  size_t written_ = 0;
};

TEST(SimulateErrorsTest, SinkFailureIsReturned) {
  auto scenario = ParseScenario(kTestScenario, "test");
  ASSERT_TRUE(scenario.ok());
  FailingSink sink;
  auto truth = Simulate(*scenario, SimulateOptions(), &sink);
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(std::string(truth.status().message()).find("disk full"), std::string::npos);
}

TEST(SimulateErrorsTest, ScaleShrinksTheWorldButKeepsOperations) {
  auto scenario = ParseScenario(kTestScenario, "test");
  ASSERT_TRUE(scenario.ok());
  std::string out;
  auto sink = MakeStringSink(&out);
  SimulateOptions options;
  options.scale = 0.25;
  auto truth = Simulate(*scenario, options, sink.get());
  ASSERT_TRUE(truth.ok()) << truth.status();
  EXPECT_LT(truth->accounts_total, 1300);
  EXPECT_GT(truth->accounts_total, 1000);
  EXPECT_EQ(truth->operations[0].members.size(), 8u);   // 30 * 0.25 -> min_members
  EXPECT_EQ(truth->operations[3].members.size(), 8u);   // 20 * 0.25 -> min_members
  EXPECT_FALSE(Simulate(*scenario, SimulateOptions{1, 0.0}, sink.get()).ok());
}

// A foreign operation's members live on their own clock: at UTC+3 their actions (campaign
// work and organic-looking filler alike) are busiest in the Moscow evening and quietest before
// dawn there, not on the Japanese clock of the organic world.
TEST(SimulateForeignClockTest, OperatorsFollowTheirOwnZone) {
  constexpr const char* kForeign = R"(
name = "foreign-clock"
start = "2025-07-07T15:00:00Z"
days = 6
[organic]
accounts = 1500
[[operations]]
tactics = ["foreign_timezone"]
members = 40
start_day = 1
duration_days = 4.5
targets = 6
filler_per_day = 20
utc_offset_hours = 3
)";
  SimRun run = Simulate(kForeign, 11);
  ASSERT_EQ(run.truth.operations.size(), 1u);
  const auto& members = run.truth.operations[0].members;
  const std::set<std::string> ops(members.begin(), members.end());
  IngestReport report;
  int64_t by_hour[24] = {};  // UTC+3 local hour
  int64_t total = 0;
  for (const Ev& e : ReadBack(run.bytes, &report)) {
    if (e.kind == EventKind::kProfileUpdate || !ops.count(e.actor)) continue;
    ++by_hour[(e.time / 1000 + 3 * 3600) % 86400 / 3600];
    ++total;
  }
  ASSERT_GT(total, 2000);
  auto window = [&](int h) { return by_hour[h] + by_hour[(h + 1) % 24] + by_hour[(h + 2) % 24]; };
  int busiest = 0, quietest = 0;
  for (int h = 0; h < 24; ++h) {
    if (window(h) > window(busiest)) busiest = h;
    if (window(h) < window(quietest)) quietest = h;
  }
  // Busiest three hours start in the local late afternoon or evening, quietest in the night.
  EXPECT_GE(busiest, 9) << "busiest local hours start at " << busiest;
  EXPECT_LE(busiest, 21) << "busiest local hours start at " << busiest;
  EXPECT_TRUE(quietest <= 6 || quietest >= 23) << "quietest local hours start at " << quietest;
}

}  // namespace
}  // namespace sakimori::sim
