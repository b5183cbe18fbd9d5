// File: engine/engine.h
// The one-pass analysis engine behind `sakimori analyze` (docs/analyze.md): events in event
// time order go through per-account state (behaviour and profile features, activity clock,
// engaged items), coordination (narratives and streaming co-action edges), and, at every
// `detect_every` of event time and at the end, a detection step: significant edges -> Leiden
// groups -> group evidence -> campaigns (tracked across steps) -> alerts raised at the event
// time a campaign first crosses the alert threshold.
//
// Batch analysis is a replay at full speed; a live stream calls the same Consume(). Output
// depends only on the events and their order, never on wall-clock time. Not thread-safe:
// one engine per partition of the stream.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "campaign/evidence.h"
#include "common/checkpoint_io.h"
#include "common/status.h"
#include "common/task_thread.h"
#include "detect/account/account_features.h"
#include "detect/account/account_model.h"
#include "detect/amplify/amplification_tracker.h"
#include "detect/foreign/activity.h"
#include "detect/foreign/creation_wave.h"
#include "detect/foreign/domains.h"
#include "detect/foreign/script_anomaly.h"
#include "detect/foreign/utc_offset.h"
#include "detect/foreign/watchlist.h"
#include "engine/account_trail.h"
#include "engine/campaigns.h"
#include "engine/coordination.h"
#include "engine/small_ids.h"
#include "model/event.h"
#include "model/results.h"

namespace sakimori {
class ByteReader;
}  // namespace sakimori

namespace sakimori::engine {

struct EngineOptions {
  CoordinationOptions coordination;
  CampaignOptions campaigns;
  // Event time between detection steps (and so the resolution of alert times).
  TimeMs detect_every_ms = 3LL * 3600 * 1000;
  // The account model for automation scores; none: scores are 0 (coordination only).
  const AccountModel* account_model = nullptr;
  // Amplification groups: an account counts as automated at this score; a post is pushed by
  // automation when at least `amplified_min` automated accounts engaged with it and they made
  // at least `amplified_share` of its engagements; two automated accounts are linked when they
  // engaged with at least `amplified_common` such posts in common.
  float automated_score = 0.5f;
  uint32_t amplified_min = 3;
  double amplified_share = 0.3;
  uint32_t amplified_common = 2;
  // High-ranked accounts: automation score at least the population's `recruit_quantile`
  // quantile (relative, not absolute automation; docs/analyze.md). They count towards
  // `amplified_share`, and join an amplification group as recruits when they engaged with at
  // least `amplified_common` of its pushed posts. 1 or more: none.
  double recruit_quantile = 0.9;
  // Items ranked in the results (posts, URLs, hashtags, narratives).
  size_t ranked_items = 100;
  // The monitored country's UTC offset (Japan: +9): its daily rhythm is the organic one.
  int home_utc_offset_hours = 9;
  // A campaign reports the UTC offset of its members' merged daily rhythm when the fit's
  // confidence reaches this (detect/foreign/utc_offset.h).
  double utc_offset_confidence = 0.6;
  // Indicators to match against every event (account ids, handles, URLs, domains); may be
  // null. Must outlive the engine.
  const foreign::WatchList* watchlist = nullptr;
  // Threads for the per-event operators and the automation scores: 1 runs everything on the
  // caller's thread; N also uses N - 1 background threads, which take units of work (the
  // per-account state, the items, each co-action family) from one queue while the caller
  // assigns the narratives. More threads than units do not help. Between 1 and kMaxThreads;
  // the output is the same for any value.
  int threads = 2;
  static constexpr int kMaxThreads = 16;
};

// Wall-clock seconds spent per stage (reported, never used in results). With two threads or
// more the per-event stages run side by side, so their sum can exceed the elapsed time.
// coordination_s covers the co-action channels, items_s the amplification tracker and the
// account trails.
struct StageTimes {
  double accounts_s = 0, narratives_s = 0, coordination_s = 0, items_s = 0, detect_s = 0,
         finish_s = 0;
  // Parts of detect_s that run side by side with two threads or more: the automation scores
  // (summed over the threads) and the co-action edge tests with their grouping.
  double automation_s = 0, edge_tests_s = 0;
  // The caller's thread waiting for the workers at the end of a span of per-event work.
  double wait_s = 0;
  // coordination_s per test family (CoordinationOperator::FamilyNames() order).
  std::vector<double> family_s;
};

struct EngineStats {
  uint64_t events = 0;
  uint64_t detect_steps = 0;
  TimeMs first_time = kNoTime, last_time = kNoTime;
  uint64_t out_of_order = 0;
  StageTimes times;
};

class Engine {
 public:
  // `dict` interns the events' ids and must outlive the engine.
  static StatusOr<std::unique_ptr<Engine>> Create(const EngineOptions& options,
                                                  Dictionary* dict);
  ~Engine();

  // Adds a batch of events (in event-time order; late events are processed and counted).
  // Runs the detection steps whose time has come. Errors: Internal from a detection step.
  Status Consume(const EventBatch& batch);

  // Runs the final detection step at the last event time and scores every account. Then
  // frees the per-event state the results no longer need (co-action stores, narratives,
  // amplification tracker, post engagers): no event may follow.
  Status Finish();

  // After Finish(): results.json content and the campaign details.
  const Results& results() const { return results_; }
  const std::vector<Campaign>& campaigns() const { return tracker_.campaigns(); }
  const CoordinationSnapshot& last_snapshot() const { return snapshot_; }
  const CoordinationOperator& coordination() const { return *coordination_; }
  const EngineStats& stats() const { return stats_; }
  const EngineOptions& options() const { return options_; }
  const AccountFeatures& features() const { return features_; }
  const AccountTrails& trails() const { return trails_; }
  // Per account: events by UTC hour of day, weekdays and weekends of the home zone.
  const foreign::ActivityTracker& activity() const { return activity_; }
  const Dictionary& dict() const { return *dict_; }
  // The string form of an item packed by PackItem ("p123", "https://...", "tag", "42").
  std::string ItemName(uint64_t item) const;
  // The evidence of campaign `c` in the form the summaries and technique rules take.
  campaign::CampaignEvidence Describe(const Campaign& c) const;
  // Items ranked by inauthentic amplification after Finish(), best first (SPEC 5.3,
  // detect/amplify); at most `ranked_items` of them.
  const std::vector<amplify::ItemScore>& ranked_items() const { return ranked_items_; }
  // The watch-list indicators `account` matched ("type:value"), in indicator order.
  std::vector<std::string> WatchHits(AccountId account) const;
  // Automation scores after Finish() (index: account id; 0 without a model).
  const std::vector<float>& automation() const { return automation_; }

  // Checkpoint of everything the engine has learnt from the events so far, between batches and
  // before Finish(), so that another engine (another process, another machine) continues the
  // stream. Written piece by piece (at most one operator's part in memory at a time): magic
  // "SKEN", version 4; sections of a u64 length and their bytes: the engine's own (a digest of
  // the options that change results, the dictionary's account and post names in id order, the item
  // names, the detection schedule and counts, per-account and per-post tables, the watch list's
  // indicators that the watch-list hits refer to), then each
  // operator's checkpoint (account features, coordination in parts, trails, campaigns,
  // amplification in parts, activity, creation waves, scripts, domains); last, the XXH3-64 of all
  // the bytes before it. Versions 2 (amplification in one section) and 3 (no indicators) are
  // still read. Errors:
  // FailedPrecondition after Finish(); the writer's.
  Status Save(CheckpointWriter& out) const;
  // Replaces the state of a new engine (no event consumed yet) and fills its empty dictionary
  // from a checkpoint written by Save. Consuming the rest of the stream then gives exactly the
  // results of one engine over the whole stream. Errors: FailedPrecondition when the engine has
  // consumed events or the dictionary is not empty; InvalidArgument on a bad magic, version or
  // checksum, options that change results other than the saving engine's (any but the thread
  // count and the watch list; the account model by its saved form), or a truncated or
  // inconsistent part; the reader's. The engine and dictionary are then unchanged. Another
  // watch list is taken: the hits of the indicators both lists hold are kept, the others
  // dropped, and new indicators match from the next event on (versions 2 and 3: the hits
  // must index the given list, else InvalidArgument; without a list they are dropped).
  Status Restore(CheckpointReader& in);
  // The detection interval (EngineOptions::detect_every_ms) of the engine that wrote the
  // checkpoint `in` starts with, reading only its first bytes; nullopt for versions before 4,
  // which do not name it. Errors: not an engine checkpoint; truncated.
  static StatusOr<std::optional<TimeMs>> SavedDetectEvery(CheckpointReader& in);
  // The same in memory.
  Status Serialize(std::string* out) const;
  Status Deserialize(std::string_view in);

 private:
  Engine(const EngineOptions& options, Dictionary* dict);
  // Event counts and times, and the detection schedule.
  void Count(const Event& e);
  // Runs the per-event operators over `events`, which lie before the next detection mark.
  // The work comes in units: the narratives (on the caller's thread), the per-account state,
  // the items and each coordination family (RunUnit); with a worker, both threads take the
  // other units from one queue.
  void Process(std::span<const Event> events);
  static constexpr size_t kAccountsUnit = 0, kItemsUnit = 1, kFirstFamilyUnit = 2;
  void RunUnit(size_t unit, std::span<const Event> events);
  bool UsesNarratives(size_t unit) const;
  void UpdateAccounts(const Event& e);
  // The amplification tracker and the account trails.
  void UpdateItems(const Event& e, uint64_t narrative);
  Status Detect(TimeMs now);
  // The accounts with state that acted since the last call (none without a model); sizes
  // automation_, the cache of automation scores, for every account seen.
  std::vector<AccountId> TakeDirty();
  // Re-scores `accounts` into automation_ (threads may score disjoint sets at once).
  void Score(std::span<const AccountId> accounts, TimeMs now);
  GroupEvidence Evidence(const std::vector<AccountId>& members, TimeMs now) const;
  // Groups of automated-looking accounts that push the same posts, posts whose engagement
  // comes largely from such accounts (docs/analyze.md, "Amplification groups"). Accounts in
  // `taken` (members of coordination groups) are left out.
  struct AmplifierGroup {
    std::vector<AccountId> members;  // sorted
    uint64_t links = 0;              // member pairs linked by pushed posts in common
    uint64_t pushed_posts = 0;       // pushed posts with >= amplified_min member pushers
    double relative_automation = 0;  // mean population percentile of members' automation
  };
  StatusOr<std::vector<AmplifierGroup>> AmplificationGroups(const std::vector<bool>& taken) const;
  // Restore: the checkpoint's sections, read into `to` (engine_checkpoint.cc).
  struct Restored;
  Status RestoreSections(CheckpointReader& in, Restored& to) const;
  // The watch-list hits read into `to`, moved to this engine's watch list.
  Status RemapWatchHits(ByteReader& r, Restored& to) const;

  EngineOptions options_;
  Dictionary* dict_;
  AccountFeatures features_;
  std::unique_ptr<CoordinationOperator> coordination_;
  AccountTrails trails_;
  Interner urls_, hashtags_;
  std::vector<TimeMs> first_seen_;  // per account: first action
  CampaignTracker tracker_;
  CoordinationSnapshot snapshot_;
  TimeMs next_detect_ = kNoTime;
  amplify::AmplificationTracker amplification_;
  std::vector<amplify::ItemScore> ranked_items_;  // after Finish()
  foreign::ActivityTracker activity_;
  foreign::CreationTracker creation_;
  foreign::ScriptAnomalyTracker scripts_;
  foreign::DomainTracker domains_;
  // Watch-list hits per account: indicator indexes, sorted, unique.
  absl::flat_hash_map<AccountId, std::vector<uint32_t>> watch_hits_;
  std::vector<float> automation_;  // per account, as of the last detection step
  std::vector<uint8_t> dirty_;      // acted since the last TakeDirty
  // Per engaged post: all engagements, and its first kMaxEngagers distinct engagers.
  struct PostEngagers {
    uint32_t total = 0;
    AccountId author = kNoAccount;
    SmallIds accounts;  // most posts have one or two engagers
  };
  static constexpr size_t kMaxEngagers = 64;
  absl::flat_hash_map<PostId, PostEngagers> engagers_;
  Results results_;
  bool finished_ = false;  // Finish() ran: the per-event state is gone
  EngineStats stats_;
  std::vector<std::unique_ptr<TaskThread>> workers_;  // threads - 1 background threads
  std::vector<uint64_t> narrative_ids_;  // per event of the span being processed
  // Per unit: seconds in the span being processed, and estimated seconds per event (the
  // work split between the threads; never used in results).
  std::vector<double> unit_seconds_, unit_cost_;
};

}  // namespace sakimori::engine
