// File: engine/engine.cc
#include "engine/engine.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/strings.h"
#include "detect/account/account_scorer.h"
#include "campaign/techniques.h"
#include "detect/coord/action.h"

namespace sakimori::engine {

namespace {

constexpr TimeMs kDayMs = 24LL * 3600 * 1000;
constexpr size_t kMaxItemsPerEvent = 4;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class StageTimer {
 public:
  explicit StageTimer(double* sink) : sink_(sink), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() { *sink_ += SecondsSince(start_); }

 private:
  double* sink_;
  std::chrono::steady_clock::time_point start_;
};

double Median(std::vector<double> v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  if (v.size() % 2) return v[mid];
  const double hi = v[mid];
  return (*std::max_element(v.begin(), v.begin() + mid) + hi) / 2;
}

// The population distribution of automation scores, as a histogram over score^(1/4): most
// scores lie near 0, where the fourth root spreads them out. Gives percentiles and quantiles
// in O(1) after one O(accounts) pass.
class AutomationRanks {
 public:
  static constexpr int kBins = 4096;
  void Add(float score) { ++below_[Bin(score) + 1]; }
  // Call once after the last Add.
  void Finish() {
    for (int b = 0; b < kBins; ++b) below_[b + 1] += below_[b];
  }
  // The share of accounts scoring below `score` (mid-rank within its bin), in [0, 1].
  double Percentile(float score) const {
    const uint64_t total = below_[kBins];
    if (total == 0) return 0;
    const int b = Bin(score);
    return (below_[b] + 0.5 * static_cast<double>(below_[b + 1] - below_[b])) / total;
  }
  // The lower edge of the bin holding the q-quantile (0 without accounts; infinity at q >= 1).
  float Quantile(double q) const {
    if (q >= 1) return std::numeric_limits<float>::infinity();
    const uint64_t total = below_[kBins];
    if (total == 0) return 0;
    const double want = q * static_cast<double>(total);
    int b = 0;
    while (b + 1 < kBins && static_cast<double>(below_[b + 1]) < want) ++b;
    return static_cast<float>(std::pow(static_cast<double>(b) / kBins, 4));
  }

 private:
  static int Bin(float score) {
    const double r = std::pow(std::clamp(static_cast<double>(score), 0.0, 1.0), 0.25);
    return std::min(kBins - 1, static_cast<int>(r * kBins));
  }
  std::vector<uint64_t> below_ = std::vector<uint64_t>(kBins + 1, 0);
};

}  // namespace

StatusOr<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& options,
                                                 Dictionary* dict) {
  if (options.detect_every_ms <= 0) {
    return absl::InvalidArgumentError("detect_every must be positive");
  }
  if (options.threads < 1 || options.threads > EngineOptions::kMaxThreads) {
    return absl::InvalidArgumentError(
        StrCat("threads must be between 1 and ", EngineOptions::kMaxThreads));
  }
  std::unique_ptr<Engine> engine(new Engine(options, dict));
  ASSIGN_OR_RETURN(engine->coordination_,
                   CoordinationOperator::Create(options.coordination, dict));
  return engine;
}

Engine::Engine(const EngineOptions& options, Dictionary* dict)
    : options_(options),
      dict_(dict),
      tracker_(options.campaigns),
      activity_(options.home_utc_offset_hours) {
  for (int t = 1; t < options.threads; ++t) workers_.push_back(std::make_unique<TaskThread>());
}

Engine::~Engine() = default;

Status Engine::Consume(const EventBatch& batch) {
  const std::vector<Event>& events = batch.events();
  size_t start = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (next_detect_ != kNoTime && e.time >= next_detect_) {
      // Detection steps at fixed event-time marks, before the first event past each mark.
      Process(std::span(events).subspan(start, i - start));
      start = i;
      const TimeMs mark = next_detect_;
      next_detect_ += options_.detect_every_ms * ((e.time - mark) / options_.detect_every_ms + 1);
      RETURN_IF_ERROR(Detect(mark));
    }
    Count(e);
  }
  Process(std::span(events).subspan(start));
  return absl::OkStatus();
}

void Engine::Count(const Event& e) {
  ++stats_.events;
  if (stats_.first_time == kNoTime) {
    stats_.first_time = e.time;
    next_detect_ = e.time + options_.detect_every_ms;
  }
  if (stats_.last_time != kNoTime && e.time < stats_.last_time) ++stats_.out_of_order;
  stats_.last_time = std::max(stats_.last_time == kNoTime ? e.time : stats_.last_time, e.time);
}

bool Engine::UsesNarratives(size_t unit) const {
  return unit == kItemsUnit ||
         (unit >= kFirstFamilyUnit &&
          coordination_->FamilyUsesNarratives(unit - kFirstFamilyUnit));
}

void Engine::RunUnit(size_t unit, std::span<const Event> events) {
  const auto start = std::chrono::steady_clock::now();
  if (unit == kAccountsUnit) {
    for (const Event& e : events) UpdateAccounts(e);
  } else if (unit == kItemsUnit) {
    for (size_t i = 0; i < events.size(); ++i) UpdateItems(events[i], narrative_ids_[i]);
  } else if (UsesNarratives(unit)) {
    coordination_->UpdateFamily(unit - kFirstFamilyUnit, events,
                                std::span(narrative_ids_).first(events.size()));
  } else {  // may run while the narratives are assigned: must not read narrative_ids_
    coordination_->UpdateFamily(unit - kFirstFamilyUnit, events, {});
  }
  unit_seconds_[unit] = SecondsSince(start);
}

void Engine::Process(std::span<const Event> events) {
  if (events.empty()) return;
  // Every unit sees the events in order and keeps state of its own, so units can run side by
  // side in any arrangement: which thread runs which unit never changes a result.
  const size_t num_units = kFirstFamilyUnit + coordination_->num_families();
  unit_seconds_.assign(num_units, 0.0);
  unit_cost_.resize(num_units, 0.0);
  narrative_ids_.resize(events.size());
  const auto narratives = [this, events] {
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < events.size(); ++i) {
      narrative_ids_[i] = coordination_->AssignNarrative(events[i]);
    }
    return SecondsSince(start);
  };
  double narrative_s = 0;
  if (workers_.empty()) {
    RunUnit(kAccountsUnit, events);
    narrative_s = narratives();
    for (size_t u = kAccountsUnit + 1; u < num_units; ++u) RunUnit(u, events);
  } else {
    // One queue, claimed by every thread: the units that do not need the narratives, then
    // those that do, each part most expensive first (by the costs per event measured on
    // earlier spans). The workers start on the queue while this thread assigns the
    // narratives; a unit that needs them waits until they are all assigned.
    const double n = static_cast<double>(events.size());
    std::vector<size_t> queue(num_units);
    std::iota(queue.begin(), queue.end(), size_t{0});
    std::stable_sort(queue.begin(), queue.end(), [this](size_t x, size_t y) {
      const bool nx = UsesNarratives(x), ny = UsesNarratives(y);
      if (nx != ny) return ny;  // independent units first
      return unit_cost_[x] > unit_cost_[y];
    });
    std::atomic<size_t> next{0};
    std::atomic<bool> assigned{false};  // narrative_ids_ complete (release / acquire)
    const auto claim = [this, events, &queue, &next, &assigned] {
      for (size_t k; (k = next.fetch_add(1, std::memory_order_relaxed)) < queue.size();) {
        if (UsesNarratives(queue[k])) assigned.wait(false, std::memory_order_acquire);
        RunUnit(queue[k], events);
      }
    };
    for (auto& w : workers_) w->Run(claim);
    narrative_s = narratives();
    assigned.store(true, std::memory_order_release);
    assigned.notify_all();
    claim();
    {
      StageTimer t(&stats_.times.wait_s);
      for (auto& w : workers_) w->Wait();
    }
    // Costs per event: the mean of the last estimate and this span's.
    const auto update = [n](double* cost, double seconds) {
      *cost = *cost == 0 ? seconds / n : 0.5 * (*cost + seconds / n);
    };
    for (size_t u = 0; u < num_units; ++u) update(&unit_cost_[u], unit_seconds_[u]);
  }
  stats_.times.accounts_s += unit_seconds_[kAccountsUnit];
  stats_.times.items_s += unit_seconds_[kItemsUnit];
  stats_.times.narratives_s += narrative_s;
  stats_.times.family_s.resize(num_units - kFirstFamilyUnit, 0.0);
  for (size_t u = kFirstFamilyUnit; u < num_units; ++u) {
    stats_.times.coordination_s += unit_seconds_[u];
    stats_.times.family_s[u - kFirstFamilyUnit] += unit_seconds_[u];
  }
}

void Engine::UpdateAccounts(const Event& e) {
  features_.Update(e);
  if (e.actor != kNoAccount) {
    if (e.actor >= dirty_.size()) dirty_.resize(size_t{e.actor} + 1, 0);
    dirty_[e.actor] = 1;
  }
  if (e.actor != kNoAccount && e.kind != EventKind::kProfileUpdate) {
    if (e.actor >= first_seen_.size()) first_seen_.resize(size_t{e.actor} + 1, kNoTime);
    if (first_seen_[e.actor] == kNoTime) first_seen_[e.actor] = e.time;
  }
  activity_.Update(e);
  creation_.Update(e);
  scripts_.Update(e);
  domains_.Update(e);
  if (options_.watchlist != nullptr && e.actor != kNoAccount) {
    for (const foreign::IndicatorMatch& m : options_.watchlist->Match(e, *dict_)) {
      std::vector<uint32_t>& hits = watch_hits_[e.actor];
      if (std::find(hits.begin(), hits.end(), m.indicator) == hits.end()) {
        hits.insert(std::upper_bound(hits.begin(), hits.end(), m.indicator), m.indicator);
      }
    }
  }
  if (IsEngagement(e.kind) && e.target != kNoPost && e.actor != kNoAccount) {
    PostEngagers& p = engagers_[e.target];
    ++p.total;
    if (p.author == kNoAccount) p.author = e.target_account;
    if (p.accounts.size() < kMaxEngagers &&
        std::find(p.accounts.begin(), p.accounts.end(), e.actor) == p.accounts.end()) {
      p.accounts.push_back(e.actor);
    }
  }
}

void Engine::UpdateItems(const Event& e, uint64_t narrative) {
  amplification_.Update(e, narrative != 0 ? std::optional<uint64_t>(narrative) : std::nullopt);
  if (e.actor == kNoAccount) return;
  switch (e.kind) {
    case EventKind::kLike:
    case EventKind::kRepost:
      if (e.target != kNoPost) trails_.Add(e.actor, PackItem(ItemKind::kPost, e.target), e.kind, e.time);
      return;
    case EventKind::kQuote:
    case EventKind::kReply:
      if (e.target != kNoPost) trails_.Add(e.actor, PackItem(ItemKind::kPost, e.target), e.kind, e.time);
      break;
    case EventKind::kPost:
      break;
    default:
      return;
  }
  if (narrative != 0) trails_.Add(e.actor, PackItem(ItemKind::kNarrative, narrative), e.kind, e.time);
  for (size_t i = 0; i < e.urls.size() && i < kMaxItemsPerEvent; ++i) {
    trails_.Add(e.actor, PackItem(ItemKind::kUrl, urls_.Intern(e.urls[i])), e.kind, e.time);
  }
  for (size_t i = 0; i < e.hashtags.size() && i < kMaxItemsPerEvent; ++i) {
    trails_.Add(e.actor,
                PackItem(ItemKind::kHashtag, hashtags_.Intern(coord::FoldHashtag(e.hashtags[i]))),
                e.kind, e.time);
  }
}

std::vector<AccountId> Engine::TakeDirty() {
  if (automation_.size() < dirty_.size()) automation_.resize(dirty_.size(), 0.0f);
  std::vector<AccountId> accounts;
  if (options_.account_model == nullptr) return accounts;
  for (size_t a = 0; a < dirty_.size(); ++a) {
    if (dirty_[a] && features_.Has(static_cast<AccountId>(a))) {
      accounts.push_back(static_cast<AccountId>(a));
    }
    dirty_[a] = 0;
  }
  return accounts;
}

void Engine::Score(std::span<const AccountId> accounts, TimeMs now) {
  if (accounts.empty()) return;
  auto scores = ScoreAccounts(*options_.account_model, features_, now, 0,
                              std::vector<AccountId>(accounts.begin(), accounts.end()));
  if (!scores.ok()) return;  // the model was checked at load; a failure leaves scores as they were
  for (size_t i = 0; i < accounts.size() && i < scores->size(); ++i) {
    automation_[accounts[i]] = (*scores)[i].score;
  }
}

GroupEvidence Engine::Evidence(const std::vector<AccountId>& members, TimeMs now) const {
  GroupEvidence g;
  g.members = members;
  const size_t n = members.size();
  // Internal edges (the snapshot is sorted by (a, b); members are sorted).
  std::vector<double> delays;
  g.bursts_by_action.assign(coordination_->FamilyNames().size(), 0);
  g.edges_by_action.assign(coordination_->FamilyNames().size(), 0);
  for (const SignificantEdge& e : snapshot_.edges) {
    if (!std::binary_search(members.begin(), members.end(), e.a) ||
        !std::binary_search(members.begin(), members.end(), e.b)) {
      continue;
    }
    ++g.internal_edges;
    g.bursts += e.weight;
    for (size_t i = 0; i < e.by_action.size(); ++i) {
      g.bursts_by_action[i] += e.by_action[i];
      g.edges_by_action[i] += e.by_action[i] > 0;
    }
    delays.push_back(e.delay_s);
  }
  g.density = n > 1 ? static_cast<double>(g.internal_edges) / (n * (n - 1) / 2.0) : 0;
  g.median_delay_s = Median(std::move(delays));
  // Automation and account age.
  double sum = 0;
  size_t automated = 0, young = 0, with_age = 0;
  for (size_t i = 0; i < n; ++i) {
    const float automation = members[i] < automation_.size() ? automation_[members[i]] : 0.0f;
    sum += automation;
    automated += automation >= options_.automated_score;
    const ProfileState* p = features_.profile(members[i]);
    const TimeMs first =
        members[i] < first_seen_.size() ? first_seen_[members[i]] : kNoTime;
    if (p != nullptr && p->created_at != kNoTime && first != kNoTime) {
      ++with_age;
      young += first - p->created_at < 90 * kDayMs;
    }
  }
  g.mean_automation = n ? sum / n : 0;
  g.share_automated = n ? static_cast<double>(automated) / n : 0;
  g.new_account_share = with_age ? static_cast<double>(young) / with_age : 0;
  // Items engaged with by several members.
  absl::flat_hash_map<uint64_t, ItemEngagement> items;
  for (AccountId m : members) {
    std::vector<TrailEntry> trail = trails_.Of(m);
    std::sort(trail.begin(), trail.end(),
              [](const TrailEntry& x, const TrailEntry& y) { return x.item < y.item; });
    for (size_t k = 0; k < trail.size(); ++k) {
      ItemEngagement& it = items[trail[k].item];
      it.item = trail[k].item;
      if (k == 0 || trail[k - 1].item != trail[k].item) ++it.members;
      it.first = it.first == kNoTime ? trail[k].time : std::min(it.first, trail[k].time);
      it.last = std::max(it.last, trail[k].time);
    }
  }
  const uint32_t pushed_min = std::max<uint32_t>(3, static_cast<uint32_t>(n / 10));
  uint32_t copy_members = 0;  // writers of the most-written narrative
  for (auto& [key, it] : items) {
    if (it.members < 2) continue;
    g.items.push_back(it);
    if (it.members >= pushed_min) {
      if (ItemKindOf(it.item) == ItemKind::kNarrative) {
        copy_members = std::max(copy_members, it.members);
      }
      ++g.pushed_items;
      g.start = g.start == kNoTime ? it.first : std::min(g.start, it.first);
      g.end = std::max(g.end, it.last);
    }
  }
  std::sort(g.items.begin(), g.items.end(), [](const ItemEngagement& x, const ItemEngagement& y) {
    return x.members != y.members ? x.members > y.members : x.item < y.item;
  });
  if (g.items.size() > 50) g.items.resize(50);
  // Narrative trail entries come only from texts the member wrote (posts, quotes, replies).
  g.copy_share = n ? static_cast<double>(copy_members) / n : 0;
  if (g.start == kNoTime) g.start = g.end = now;
  return g;
}

Status Engine::Detect(TimeMs now) {
  StageTimer t(&stats_.times.detect_s);
  ++stats_.detect_steps;
  // Automation scores and the coordination test read disjoint state, and each account's
  // score is its own: the workers score chunks of the accounts that acted while this thread
  // tests the edges, then this thread takes its share of the chunks left.
  const std::vector<AccountId> dirty = TakeDirty();
  static constexpr size_t kChunk = 4096;
  const size_t chunks = (dirty.size() + kChunk - 1) / kChunk;
  std::atomic<size_t> next_chunk{0};
  const auto score = [this, now, &dirty, &next_chunk, chunks](double* seconds) {
    StageTimer t(seconds);
    for (size_t c; (c = next_chunk.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      Score(std::span(dirty).subspan(c * kChunk, std::min(kChunk, dirty.size() - c * kChunk)),
            now);
    }
  };
  std::vector<double> worker_s(workers_.size(), 0.0);
  for (size_t w = 0; w < workers_.size(); ++w) {
    workers_[w]->Run([&score, &worker_s, w] { score(&worker_s[w]); });
  }
  StatusOr<CoordinationSnapshot> snapshot;
  {
    StageTimer t(&stats_.times.edge_tests_s);
    snapshot = coordination_->Detect(now);
  }
  score(&stats_.times.automation_s);
  for (size_t w = 0; w < workers_.size(); ++w) {
    workers_[w]->Wait();
    stats_.times.automation_s += worker_s[w];
  }
  RETURN_IF_ERROR(snapshot.status());
  snapshot_ = std::move(*snapshot);
  std::vector<GroupEvidence> groups;
  std::vector<bool> taken(dict_->accounts.size(), false);
  for (const auto& members : snapshot_.groups) {
    if (members.size() < options_.campaigns.min_members) continue;
    for (AccountId m : members) taken[m] = true;
    groups.push_back(Evidence(members, now));
  }
  ASSIGN_OR_RETURN(std::vector<AmplifierGroup> amplifiers, AmplificationGroups(taken));
  for (const AmplifierGroup& a : amplifiers) {
    if (a.members.size() < options_.campaigns.min_members) continue;
    GroupEvidence g = Evidence(a.members, now);
    // Linked by the posts they push rather than by timing: density counts those links.
    const double n = static_cast<double>(a.members.size());
    g.density = std::max(g.density, static_cast<double>(a.links) / (n * (n - 1) / 2));
    g.pushed_items = std::max(g.pushed_items, a.pushed_posts);
    g.relative_automation = a.relative_automation;
    groups.push_back(std::move(g));
  }
  tracker_.Step(now, std::move(groups));
  return absl::OkStatus();
}

campaign::CampaignEvidence Engine::Describe(const Campaign& c) const {
  const GroupEvidence& g = c.evidence;
  campaign::CampaignEvidence e;
  e.id = c.id;
  e.members = g.members.size();
  e.start = g.start;
  e.end = g.end;
  // Families "repost@60s", "repost@3600s", ... add up under their action name.
  const std::vector<std::string>& families = coordination_->FamilyNames();
  for (size_t i = 0; i < families.size() && i < g.bursts_by_action.size(); ++i) {
    if (g.bursts_by_action[i] == 0) continue;
    const std::string name = families[i].substr(0, families[i].find('@'));
    auto it = std::find_if(e.actions.begin(), e.actions.end(),
                           [&](const auto& a) { return a.name == name; });
    if (it == e.actions.end()) it = e.actions.insert(e.actions.end(), {name, 0, 0});
    it->bursts += g.bursts_by_action[i];
    it->edges = std::max<uint64_t>(it->edges, g.edges_by_action[i]);
  }
  e.median_delay_s = g.median_delay_s;
  e.mean_automation = g.mean_automation;
  e.share_automated = g.share_automated;
  e.new_account_share = g.new_account_share;
  uint64_t top_hashtag = 0;
  for (const ItemEngagement& it : g.items) {
    const ItemKind kind = ItemKindOf(it.item);
    if (kind == ItemKind::kNarrative) {
      ++e.narratives;
      e.near_duplicate_posts += it.members;
      continue;
    }
    if (kind == ItemKind::kHashtag) top_hashtag = std::max<uint64_t>(top_hashtag, it.members);
    e.items.push_back({std::string(ItemKindName(kind)), ItemName(it.item), it.members, 0, ""});
    e.reach += it.members;
  }
  e.hashtag_posts = top_hashtag;
  e.home_utc_offset_hours = options_.home_utc_offset_hours;
  // Foreign-operation signals of the members.
  foreign::OffsetFitOptions fit_options;
  fit_options.home_utc_offset_hours = options_.home_utc_offset_hours;
  const foreign::OffsetFit fit = foreign::FitUtcOffset(activity_.Merge(g.members), fit_options);
  if (fit.fitted && fit.confidence >= options_.utc_offset_confidence) {
    e.utc_offset_hours = fit.offset_hours;
    e.utc_offset_confidence = fit.confidence;
    e.rhythm_template = std::string(foreign::RhythmTemplateName(fit.rhythm));
  }
  e.no_nightly_rest = fit.rest_known && fit.no_nightly_rest;
  const foreign::CreationWave wave = creation_.Find(g.members);
  if (wave.found && wave.confidence > 0) {
    e.creation_wave_share = wave.member_share;
    e.creation_wave_confidence = wave.confidence;
    e.creation_wave_start = wave.start_day * 86400000LL;
    e.creation_wave_end = (wave.start_day + 7) * 86400000LL;
  }
  const foreign::ScriptAnomaly script = scripts_.Group(g.members);
  const foreign::ScriptSignalStat& simplified =
      script.signals[static_cast<int>(foreign::ScriptSignal::kSimplified)];
  if (!g.members.empty()) {
    e.script_anomaly_share = static_cast<double>(script.members_flagged) / g.members.size();
  }
  e.script_anomaly_confidence = simplified.hits > 0 ? simplified.confidence : 0.0;
  for (const foreign::SharedDomain& d : domains_.Shared(g.members, {})) {
    e.domains.push_back({d.domain, d.lift, d.members});
  }
  for (AccountId m : g.members) {
    for (std::string& hit : WatchHits(m)) e.watchlist_hits.push_back(std::move(hit));
  }
  std::sort(e.watchlist_hits.begin(), e.watchlist_hits.end());
  e.watchlist_hits.erase(std::unique(e.watchlist_hits.begin(), e.watchlist_hits.end()),
                         e.watchlist_hits.end());
  e.score = c.max_score;
  e.severity = c.severity;
  return e;
}

StatusOr<std::vector<Engine::AmplifierGroup>> Engine::AmplificationGroups(
    const std::vector<bool>& taken) const {
  std::vector<AmplifierGroup> out;
  if (options_.account_model == nullptr) return out;
  // Pushed posts: enough automated engagers making enough of the engagement. Their automated
  // engagers (outside coordination groups) are linked pairwise.
  auto automated = [&](AccountId a) {
    return a < automation_.size() && automation_[a] >= options_.automated_score &&
           !(a < taken.size() && taken[a]);
  };
  // The population's automation ranks: recruits (below) and the pushed-post share count
  // accounts in its top (1 - recruit_quantile).
  AutomationRanks ranks;
  for (size_t a = 0; a < automation_.size(); ++a) {
    if (features_.Has(static_cast<AccountId>(a))) ranks.Add(automation_[a]);
  }
  ranks.Finish();
  const float recruit_floor = ranks.Quantile(options_.recruit_quantile);
  auto high_ranked = [&](AccountId a) {
    return a < automation_.size() && automation_[a] >= recruit_floor &&
           !(a < taken.size() && taken[a]);
  };
  absl::flat_hash_map<uint64_t, uint32_t> common;
  std::vector<std::vector<AccountId>> pushed;  // the automated engagers of each pushed post
  std::vector<AccountId> pushed_authors;       // and its author (kNoAccount when unknown)
  std::vector<const PostEngagers*> pushed_engagers;  // and all its (first) engagers
  std::vector<AccountId> pushers;
  std::vector<const PostEngagers*> candidates;  // posts with amplified_min ranked engagers
  // Each engager list of that size is on the heap, a cache miss apiece: the loop starts
  // loading the lists of the next kListsAhead such posts (same order, same result).
  constexpr int kListsAhead = 8;
  auto ahead = engagers_.begin();
  const auto load_next_list = [&] {
    for (; ahead != engagers_.end(); ++ahead) {
      if (ahead->second.accounts.size() >= options_.amplified_min) {
        __builtin_prefetch((ahead++)->second.accounts.begin());
        return;
      }
    }
  };
  for (int k = 0; k < kListsAhead; ++k) load_next_list();
  for (const auto& [post, p] : engagers_) {
    if (p.accounts.size() < options_.amplified_min) continue;
    load_next_list();
    pushers.clear();
    size_t ranked = 0;  // engagers automated or high-ranked
    for (AccountId a : p.accounts) {
      if (automated(a)) pushers.push_back(a);
      ranked += automated(a) || high_ranked(a);
    }
    // The share counts high-ranked engagers too: an evasive operation's members that the model
    // scores below automated_score still rank far above the organic engagers. Engagers beyond
    // the first kMaxEngagers are assumed as automated as the first ones.
    // Group members are automated or high-ranked: only these posts can have amplified_min
    // members of a group among their engagers (the recruit rounds below).
    if (ranked >= options_.amplified_min) candidates.push_back(&p);
    const double share = static_cast<double>(ranked) / p.accounts.size();
    if (pushers.size() < options_.amplified_min || share < options_.amplified_share) continue;
    std::sort(pushers.begin(), pushers.end());
    for (size_t i = 0; i < pushers.size(); ++i) {
      for (size_t j = i + 1; j < pushers.size(); ++j) {
        ++common[coord::PairKey(pushers[i], pushers[j])];
      }
    }
    pushed.push_back(pushers);
    pushed_authors.push_back(p.author);
    pushed_engagers.push_back(&p);
  }
  // Groups: connected components of the links (the accounts are already filtered to automated
  // ones and the posts to pushed ones, so components are tight; no modularity split needed).
  std::vector<AccountId> parent(dict_->accounts.size());
  for (size_t a = 0; a < parent.size(); ++a) parent[a] = static_cast<AccountId>(a);
  auto find = [&](AccountId a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  std::vector<uint64_t> links;
  for (const auto& [key, n] : common) {
    if (n < options_.amplified_common) continue;
    links.push_back(key);
    const AccountId x = find(coord::PairFirst(key)), y = find(coord::PairSecond(key));
    if (x != y) parent[std::max(x, y)] = std::min(x, y);
  }
  // One campaign pushes one set of authors: the pushers of posts by the same author belong
  // together even when they never pushed two posts in common (operations that rotate fixed
  // sub-teams over their targets).
  absl::flat_hash_map<AccountId, uint32_t> author_posts;
  for (AccountId author : pushed_authors) {
    if (author != kNoAccount) ++author_posts[author];
  }
  std::vector<AccountId> roots;  // accounts in a group
  for (uint64_t key : links) {
    for (AccountId a : {coord::PairFirst(key), coord::PairSecond(key)}) roots.push_back(a);
  }
  std::vector<size_t> lone;  // pushed posts whose author has no other pushed post
  absl::flat_hash_map<AccountId, AccountId> author_anchor;  // author -> a pusher of theirs
  const auto join_author = [&](size_t i) {
    const AccountId anchor = author_anchor.try_emplace(pushed_authors[i], pushed[i][0]).first->second;
    for (AccountId a : pushed[i]) {
      roots.push_back(a);
      const AccountId x = find(a), y = find(anchor);
      if (x != y) parent[std::max(x, y)] = std::min(x, y);
    }
  };
  for (size_t i = 0; i < pushed.size(); ++i) {
    if (pushed_authors[i] == kNoAccount) continue;
    if (author_posts[pushed_authors[i]] < 2) {
      lone.push_back(i);
    } else {
      join_author(i);
    }
  }
  // A lone pushed post does not merge groups of campaign size (min_members) formed so far
  // (by links and authors with several pushed posts): it is often an organic post whose few
  // engagers happen to be bots of different operations, engaging with it as camouflage.
  // Smaller groups, fragments of a small operation, it still joins. Sizes are read before any
  // lone post joins, so the order of the posts does not matter.
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  absl::flat_hash_map<AccountId, uint32_t> group_size;  // root -> members so far
  for (AccountId a : roots) ++group_size[find(a)];
  std::vector<size_t> joining;
  for (size_t i : lone) {
    AccountId met = kNoAccount;  // the first campaign-sized group among the post's pushers
    bool merges = false;
    for (AccountId a : pushed[i]) {
      auto it = group_size.find(find(a));
      if (it == group_size.end() || it->second < options_.campaigns.min_members) continue;
      if (met == kNoAccount) met = it->first;
      if (it->first != met) {
        merges = true;
        break;
      }
    }
    if (!merges) joining.push_back(i);
  }
  for (size_t i : joining) join_author(i);
  absl::flat_hash_map<AccountId, size_t> index;  // component root -> out position
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  for (AccountId a : roots) {  // ascending: groups come out ordered by their smallest member
    auto [it, fresh] = index.try_emplace(find(a), out.size());
    if (fresh) out.emplace_back();
    out[it->second].members.push_back(a);
  }
  // The group of each pushed post: the one holding the most of its pushers, at least
  // amplified_min of them (ties: the earlier group).
  constexpr size_t kNoGroup = std::numeric_limits<size_t>::max();
  std::vector<size_t> post_group(pushed.size(), kNoGroup);
  for (size_t i = 0; i < pushed.size(); ++i) {
    // A post counts for a group when at least amplified_min of its pushers are members.
    absl::flat_hash_map<size_t, uint32_t> per_group;
    for (AccountId a : pushed[i]) {
      auto it = index.find(find(a));
      if (it != index.end()) ++per_group[it->second];
    }
    uint32_t best = 0;
    for (const auto& [g, n] : per_group) {
      out[g].pushed_posts += n >= options_.amplified_min;
      if (n >= options_.amplified_min &&
          (n > best || (n == best && g < post_group[i]))) {
        best = n;
        post_group[i] = g;
      }
    }
  }
  if (out.empty()) return out;
  // Recruits: accounts that engaged with at least amplified_common of a group's pushed posts
  // and whose automation is high relative to the population, though below automated_score.
  // Evasive operations mix members the model scores high with members it scores low in
  // absolute terms; the latter still rank far above the organic engagers of the same posts.
  absl::flat_hash_map<AccountId, size_t> recruit_group;
  auto group_of_account = [&](AccountId a) -> size_t {
    auto it = index.find(find(a));
    if (it != index.end()) return it->second;
    auto r = recruit_group.find(a);
    return r == recruit_group.end() ? kNoGroup : r->second;
  };
  // The posts each group pushes, with the group (first round: the pushed posts above).
  std::vector<std::pair<const PostEngagers*, size_t>> group_posts;
  for (size_t i = 0; i < pushed.size(); ++i) {
    if (post_group[i] != kNoGroup) group_posts.emplace_back(pushed_engagers[i], post_group[i]);
  }
  auto recruit = [&]() {
    absl::flat_hash_map<uint64_t, uint32_t> recruit_posts;  // (account << 32 | group) -> posts
    for (const auto& [p, g] : group_posts) {
      for (AccountId a : p->accounts) {
        if (group_of_account(a) != kNoGroup || (a < taken.size() && taken[a]) ||
            a >= automation_.size() || automation_[a] < recruit_floor) {
          continue;
        }
        ++recruit_posts[(uint64_t{a} << 32) | g];
      }
    }
    std::vector<std::tuple<AccountId, uint32_t, size_t>> found;  // account, posts, group
    for (const auto& [key, n] : recruit_posts) {
      if (n < options_.amplified_common) continue;
      found.emplace_back(static_cast<AccountId>(key >> 32), n,
                         static_cast<size_t>(key & 0xffffffffu));
    }
    // Deterministic: each account joins the group whose posts it engaged with most.
    std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) {
      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) < std::get<0>(y);
      if (std::get<1>(x) != std::get<1>(y)) return std::get<1>(x) > std::get<1>(y);
      return std::get<2>(x) < std::get<2>(y);
    });
    for (size_t k = 0; k < found.size(); ++k) {
      if (k > 0 && std::get<0>(found[k - 1]) == std::get<0>(found[k])) continue;
      recruit_group.emplace(std::get<0>(found[k]), std::get<2>(found[k]));
      out[std::get<2>(found[k])].members.push_back(std::get<0>(found[k]));
    }
  };
  recruit();
  // Further rounds, until no account joins (at most kRecruitRounds): the posts the enlarged
  // groups push (members, recruits included, at least amplified_min and amplified_share of the
  // engagers), then recruits among their engagers. Operations that rotate slices of their
  // members over their targets are reached slice by slice.
  constexpr int kRecruitRounds = 4;
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  std::vector<uint64_t> group_pushed(out.size(), 0);
  std::vector<uint32_t> member_of(parent.size(), kNone);
  std::vector<std::pair<uint32_t, uint32_t>> per_group;  // group, members engaged
  for (int round = 0; round < kRecruitRounds; ++round) {
    group_posts.clear();
    group_pushed.assign(out.size(), 0);
    for (size_t g = 0; g < out.size(); ++g) {
      for (AccountId a : out[g].members) member_of[a] = static_cast<uint32_t>(g);
    }
    for (const PostEngagers* post : candidates) {
      const PostEngagers& p = *post;
      per_group.clear();
      for (AccountId a : p.accounts) {
        const uint32_t g = a < member_of.size() ? member_of[a] : kNone;
        if (g == kNone) continue;
        auto it = std::find_if(per_group.begin(), per_group.end(),
                               [&](const auto& x) { return x.first == g; });
        if (it == per_group.end()) {
          per_group.emplace_back(g, 1);
        } else {
          ++it->second;
        }
      }
      size_t best = kNoGroup;
      uint32_t best_n = 0;
      for (const auto& [g, n] : per_group) {
        if (n > best_n || (n == best_n && g < best)) best = g, best_n = n;
      }
      if (best == kNoGroup || best_n < options_.amplified_min ||
          best_n < options_.amplified_share * static_cast<double>(p.accounts.size())) {
        continue;
      }
      group_posts.emplace_back(&p, best);
      ++group_pushed[best];
    }
    const size_t before = recruit_group.size();
    recruit();
    if (recruit_group.size() == before) break;
  }
  for (size_t g = 0; g < out.size(); ++g) {
    out[g].pushed_posts = std::max(out[g].pushed_posts, group_pushed[g]);
  }
  for (AmplifierGroup& g : out) std::sort(g.members.begin(), g.members.end());
  // Links among all members (recruits included): pairs that engaged with at least
  // amplified_common of the group's pushed posts in common.
  absl::flat_hash_map<uint64_t, uint32_t> member_common;
  std::vector<AccountId> engaged;
  for (const auto& [p, g] : group_posts) {
    engaged.clear();
    for (AccountId a : p->accounts) {
      if (group_of_account(a) == g) engaged.push_back(a);
    }
    std::sort(engaged.begin(), engaged.end());
    for (size_t x = 0; x < engaged.size(); ++x) {
      for (size_t y = x + 1; y < engaged.size(); ++y) {
        ++member_common[coord::PairKey(engaged[x], engaged[y])];
      }
    }
  }
  std::vector<uint64_t> member_links(out.size(), 0);
  for (const auto& [key, n] : member_common) {
    if (n >= options_.amplified_common) ++member_links[group_of_account(coord::PairFirst(key))];
  }
  for (uint64_t key : links) ++out[index[find(coord::PairFirst(key))]].links;
  for (size_t g = 0; g < out.size(); ++g) {
    out[g].links = std::max(out[g].links, member_links[g]);
    double sum = 0;
    for (AccountId a : out[g].members) {
      sum += ranks.Percentile(a < automation_.size() ? automation_[a] : 0.0f);
    }
    out[g].relative_automation = out[g].members.empty() ? 0 : sum / out[g].members.size();
  }
  return out;
}

std::vector<std::string> Engine::WatchHits(AccountId account) const {
  std::vector<std::string> out;
  auto it = watch_hits_.find(account);
  if (options_.watchlist == nullptr || it == watch_hits_.end()) return out;
  for (uint32_t i : it->second) {
    const foreign::Indicator& ind = options_.watchlist->indicators()[i];
    out.push_back(StrCat(foreign::IndicatorTypeName(ind.type), ":", ind.value));
  }
  return out;
}

std::string Engine::ItemName(uint64_t item) const {
  const uint64_t id = ItemIdOf(item);
  switch (ItemKindOf(item)) {
    case ItemKind::kPost:
      return std::string(dict_->posts.Name(static_cast<uint32_t>(id)));
    case ItemKind::kUrl:
      return std::string(urls_.Name(static_cast<uint32_t>(id)));
    case ItemKind::kHashtag:
      return std::string(hashtags_.Name(static_cast<uint32_t>(id)));
    case ItemKind::kNarrative:
      return StrCat(id);
  }
  return "";
}

Status Engine::Finish() {
  finished_ = true;
  if (stats_.events > 0) RETURN_IF_ERROR(Detect(stats_.last_time));
  // No event follows: free the per-event state the results no longer need (the amplification
  // tracker once the items are ranked below).
  coordination_->ReleaseStreamState();
  decltype(engagers_)().swap(engagers_);
  StageTimer t(&stats_.times.finish_s);
  const size_t num_accounts = dict_->accounts.size();
  automation_.resize(std::max(automation_.size(), num_accounts), 0.0f);

  results_ = Results{};
  results_.generator = "sakimori analyze";
  // Accounts: members of reported campaigns score by their campaign; everyone else by a
  // quarter of their automation score, so that automation alone never outranks coordination.
  std::vector<double> score(num_accounts, 0.0);
  std::vector<bool> flagged(num_accounts, false);
  for (size_t a = 0; a < num_accounts; ++a) score[a] = 0.25 * automation_[a];
  for (const Campaign& c : tracker_.campaigns()) {
    if (!c.reported) continue;
    for (AccountId m : c.evidence.members) {
      score[m] = std::max(score[m], 0.25 + 0.75 * c.max_score);
      if (c.alerted) flagged[m] = true;
    }
  }
  for (size_t a = 0; a < num_accounts; ++a) {
    if (score[a] <= 0 && !flagged[a]) continue;
    results_.accounts.push_back(AccountResult{std::string(dict_->accounts.Name(a)),
                                              std::round(score[a] * 1e6) / 1e6, flagged[a]});
  }
  // Items ranked by inauthentic amplification, with account context: automation, membership
  // of a reported campaign, account creation time.
  absl::flat_hash_map<AccountId, uint64_t> campaign_of;
  for (size_t ci = 0; ci < tracker_.campaigns().size(); ++ci) {
    const Campaign& c = tracker_.campaigns()[ci];
    if (!c.reported) continue;
    for (AccountId m : c.evidence.members) campaign_of.try_emplace(m, ci);
  }
  amplify::CallbackAccountContext context;
  context.automation = [&](AccountId a) -> double {
    return a < automation_.size() ? automation_[a] : 0.0;
  };
  context.group = [&](AccountId a) -> std::optional<uint64_t> {
    auto it = campaign_of.find(a);
    return it == campaign_of.end() ? std::nullopt : std::optional<uint64_t>(it->second);
  };
  context.created_at = [&](AccountId a) -> TimeMs {
    const ProfileState* p = features_.profile(a);
    return p == nullptr ? kNoTime : p->created_at;
  };
  amplify::RankOptions rank;
  rank.limit = options_.ranked_items;
  rank.automated_threshold = options_.automated_score;
  rank.post_names = &dict_->posts;
  ranked_items_ = amplification_.Rank(context, rank);
  amplification_ = amplify::AmplificationTracker();
#ifdef __GLIBC__
  malloc_trim(0);  // hand the freed pages back before the results are written
#endif
  absl::flat_hash_set<std::string> alerted_items;
  for (const Campaign& c : tracker_.campaigns()) {
    if (!c.alerted) continue;
    for (const ItemEngagement& it : c.evidence.items) alerted_items.insert(ItemName(it.item));
  }
  for (const amplify::ItemScore& it : ranked_items_) {
    ItemResult ir;
    ir.id = it.id;
    ir.kind = std::string(amplify::ItemKindName(it.kind));
    ir.score = std::round(it.score * 1e6) / 1e6;
    ir.flagged = alerted_items.contains(it.id);
    results_.items.push_back(std::move(ir));
  }
  // Groups: the member sets of the reported campaigns (organic communities that act together
  // but look authentic are left out, as they are of the campaigns).
  for (const Campaign& c : tracker_.campaigns()) {
    if (!c.reported) continue;
    GroupResult g;
    g.id = StrCat("g", c.id.substr(1));
    for (AccountId m : c.evidence.members) g.members.emplace_back(dict_->accounts.Name(m));
    results_.groups.push_back(std::move(g));
  }
  for (const Campaign& c : tracker_.campaigns()) {
    if (!c.reported) continue;
    CampaignResult cr;
    cr.id = c.id;
    for (AccountId m : c.evidence.members) cr.members.emplace_back(dict_->accounts.Name(m));
    for (const ItemEngagement& it : c.evidence.items) {
      if (ItemKindOf(it.item) == ItemKind::kNarrative) continue;
      cr.items.push_back(ItemName(it.item));
    }
    cr.score = std::round(c.max_score * 1e6) / 1e6;
    const campaign::CampaignEvidence ev = Describe(c);
    cr.techniques = campaign::Techniques(ev);
    cr.utc_offset_hours = ev.utc_offset_hours;
    cr.start = c.evidence.start;
    cr.end = c.evidence.end;
    results_.campaigns.push_back(std::move(cr));
    if (c.alerted) {
      results_.alerts.push_back(AlertResult{StrCat("a", c.id.substr(1)), c.id, c.alert_time,
                                            c.severity});
    }
  }
  return absl::OkStatus();
}

}  // namespace sakimori::engine
