// File: sim/internal/generator.h
// The simulator's state and stages, private to src/sim. One Generator runs one simulation:
// Build() makes the world (accounts, follower graph, hard negatives, operations), Run()
// generates day by day into `pending_`, and Flush() sorts and writes what is due.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "sim/output.h"
#include "sim/rhythm.h"
#include "sim/rng.h"
#include "sim/scenario.h"
#include "sim/sim_event.h"
#include "sim/simulator.h"
#include "sim/text.h"
#include "sim/truth.h"

namespace sakimori::sim::internal {

enum class Role : uint8_t { kOrganic, kNews, kWeatherBot, kQuakeBot, kIdol, kMember };

struct Account {
  TimeMs created_at = 0;
  TimeMs active_from = 0;  // first and last instants of activity within the period
  TimeMs active_to = 0;
  float rate = 0;          // organic actions per day
  float fitness = 1;       // popularity (follower attachment weight)
  float reach = 1;         // normalised cascade reach g(followers)
  uint32_t followers = 0;  // in-degree in the follower graph
  uint32_t following = 0;  // out-degree
  uint16_t community = 0;
  int8_t shift = 0;        // hours: the account lives earlier (<0) or later (>0) than most
  uint8_t client = kIphone;
  Role role = Role::kOrganic;
  bool english = false;
  bool default_image = false;
  int16_t op = -1;         // operation index of a member
};

// The political communities come first: 0 supports the government, 1 is critical, 2 watches.
inline constexpr int kSupportive = 0;
inline constexpr int kCritical = 1;
inline constexpr int kWatchers = 2;
inline constexpr int kFirstTopic = 3;

struct OperationPlan {
  OperationConfig config;
  uint32_t index = 0;
  std::vector<uint32_t> members;
  std::vector<uint32_t> authors;
  std::vector<TimeMs> target_times;
  std::vector<uint32_t> target_authors;
  std::vector<uint32_t> target_posts;  // internal post indices, once generated
  TimeMs start = 0, end = 0;
  double op_offset_hours = 9;          // the operators' zone
  bool engage = false, post = false, cyborg = false, evasive = false, sleeper = false,
       bulk = false, foreign = false, like = false, repost = false, copy = false,
       flood = false, cross = false;
  std::string hashtag, url;
  TimeMs work_begin_h = 9, work_end_h = 18;  // operators' working hours (local)
};

struct HardNegativePlan {
  std::string kind;
  std::vector<uint32_t> members;
  TimeMs start = 0, end = 0;
};

struct ShockPlan {
  TimeMs time = 0;
  uint32_t aux = 0;  // 2*k + (0 earthquake, 1 news)
  std::vector<uint32_t> participants;
};

struct CampaignPlan {
  TimeMs time = 0;
  uint32_t organizer = 0;
  std::vector<uint32_t> participants;
};

struct ViralPlan {
  TimeMs time = 0;
  uint32_t author = 0;
  int64_t engagements = 0;
  size_t negative = 0;  // index into negatives_ (members filled while generating)
};

struct FanPlan {
  std::vector<uint32_t> idols;
  std::vector<uint32_t> fans;
};

class Generator {
 public:
  Generator(const Scenario& scenario, const SimulateOptions& options, OutputSink* sink);

  Status Build();
  Status Run();
  Truth MakeTruth() const;
  const SimulateStats& stats() const { return stats_; }

 private:
  // --- world (generator.cc) ---
  uint32_t AddAccount(Role role, uint16_t community);
  void BuildOrganicAccounts();
  void BuildGraph();
  void ComputeReach();
  std::vector<uint32_t> PickDistinct(size_t n, const std::vector<uint32_t>& pool, bool by_rate,
                                     Rng& rng, const std::vector<bool>* exclude = nullptr);
  bool Active(uint32_t a, TimeMs t) const {
    const Account& acc = accounts_[a];
    return t >= acc.active_from && t < acc.active_to;
  }

  // --- events ---
  // Queues `e` for output; events outside [start, end) of the period are dropped.
  void Push(SimEvent e) {
    if (e.time < start_ || e.time >= end_) return;
    e.seq = seq_++;
    pending_.push_back(e);
  }
  uint32_t NewPost() { return next_post_++; }
  uint32_t TextSeed(Rng& rng) { return static_cast<uint32_t>(rng.Next()); }
  uint8_t ClientOf(uint32_t a, Rng& rng) const;
  // Emits an original post by `author` at `t`, returns its post index.
  uint32_t EmitPost(uint32_t author, TimeMs t, TextKind text, uint32_t aux, Rng& rng);
  // Emits an engagement of kind `kind`; returns the post index for kinds that create one.
  uint32_t EmitEngagement(uint32_t actor, EventKind kind, uint32_t post, uint32_t author,
                          TimeMs t, Rng& rng, TextKind quote_text = TextKind::kQuote,
                          uint32_t quote_aux = 0);
  // Organic engagement cascade on `post` (see docs/simulator.md "Cascades").
  // `clear_seen` = false keeps engagers already recorded in seen_ (e.g. fans).
  size_t Cascade(uint32_t post, uint32_t author, TimeMs t, double quality, Rng& rng,
                 bool clear_seen = true, double boost = 1.0);
  uint32_t PickEngager(uint32_t exposer, TimeMs t, Rng& rng);
  EventKind SampleEngagementKind(Rng& rng) const;
  // A delay (ms) drawn from the Lomax kernel and thinned by the rhythm.
  TimeMs EngagementDelay(TimeMs from, Rng& rng) const;
  TextKind OrganicTextKind(uint32_t a, uint32_t* aux, Rng& rng) const;

  void GenerateProfiles(int day);
  void GenerateOrganic(int day);
  void GenerateFollows(int day);

  // --- hard negatives (negatives.cc) ---
  void BuildNegatives();
  void GenerateNegatives(int day);
  void GenerateBots(int day);
  void GenerateShock(const ShockPlan& shock, size_t k);
  void GenerateViral(ViralPlan& viral);
  void GenerateFans(int day);
  void GenerateCampaign(const CampaignPlan& c, size_t k);

  // --- operations (operations.cc) ---
  void BuildOperations();
  void BuildMembers(OperationPlan& op, Rng& rng);
  void GenerateOperations(int day);
  void GenerateOperationDay(OperationPlan& op, int day);
  TimeMs ToWorkingHours(const OperationPlan& op, TimeMs t, Rng& rng) const;
  TimeMs ClampToOperation(const OperationPlan& op, TimeMs t, TimeMs after, Rng& rng) const;

  // --- output (writer.cc) ---
  Status Flush(TimeMs limit);
  void AppendEvent(const SimEvent& e);
  void AppendProfile(const SimEvent& e);
  void AppendAccountId(uint32_t a);
  void AppendPostId(uint32_t ext);
  std::string AccountName(uint32_t a) const;

  const Scenario& scenario_;
  SimulateOptions options_;
  OutputSink* sink_;
  Rhythm rhythm_;
  TimeMs start_, end_;
  int num_days_;
  SimulateStats stats_;

  std::vector<Account> accounts_;
  std::vector<uint32_t> organic_;       // organic accounts (role kOrganic)
  std::vector<std::vector<uint32_t>> by_community_;
  std::vector<uint32_t> ext_id_;        // internal account -> public number (a permutation)
  std::vector<uint32_t> follower_off_;  // CSR: followers of a are
  std::vector<uint32_t> followers_;     //   followers_[follower_off_[a] .. follower_off_[a+1])
  AliasTable engager_alias_;            // organic accounts by activity rate
  AliasTable fitness_alias_;            // all accounts by fitness
  double rate_ref_ = 1;                 // acceptance reference for follower picks
  double base_engagement_ = 1;          // D: mean direct engagements per unit reach

  std::vector<uint32_t> news_, weather_, quake_;
  std::vector<FanPlan> fans_;
  std::vector<ShockPlan> shocks_;
  std::vector<ViralPlan> virals_;
  std::vector<CampaignPlan> campaigns_;
  std::vector<std::string> campaign_tags_;
  std::vector<TimeMs> small_quakes_;
  std::vector<HardNegativePlan> negatives_;
  std::vector<OperationPlan> ops_;
  std::vector<bool> reserved_;          // organic accounts used as authors (never members)

  // Recent organic posts (index, author, time) that filler actions may engage with.
  struct RecentPost {
    uint32_t post, author;
    TimeMs time;
  };
  std::vector<RecentPost> recent_, recent_next_;

  std::vector<SimEvent> pending_;
  uint64_t seq_ = 0;
  uint32_t next_post_ = 0;
  absl::flat_hash_set<uint64_t> seen_;
  struct Exposure {
    uint32_t node;
    TimeMs time;
    double lambda;
  };
  std::vector<Exposure> exposures_;

  // Writer state.
  std::vector<uint32_t> post_ext_;  // internal post -> public number (0 = not written yet)
  uint32_t next_ext_post_ = 1;
  std::string buf_;
  ComposedText composed_;
  std::unique_ptr<TextComposer> composer_;
  int account_digits_ = 7;
};

}  // namespace sakimori::sim::internal
