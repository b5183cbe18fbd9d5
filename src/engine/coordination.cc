// File: engine/coordination.cc
#include "engine/coordination.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "common/bytes.h"
#include "common/strings.h"
#include "detect/coord/significance.h"

namespace sakimori::engine {

// kText keys: the narrative id of the event being added (set just before each Update).
class CoordinationOperator::NarrativeKeys : public coord::ObjectKeyProvider {
 public:
  void Keys(const Event&, std::vector<std::string>* keys) const override {
    if (current != 0) keys->push_back(std::to_string(current));
  }
  uint64_t current = 0;
};

StatusOr<std::unique_ptr<CoordinationOperator>> CoordinationOperator::Create(
    const CoordinationOptions& options, const Dictionary* dict) {
  if (options.channels.empty()) return absl::InvalidArgumentError("no coordination channel");
  for (const CoordinationChannel& c : options.channels) {
    if (!(c.window_seconds > 0)) {
      return absl::InvalidArgumentError("coordination window must be positive");
    }
    if (c.actions.empty()) return absl::InvalidArgumentError("coordination channel without actions");
    if (c.min_weight < 1) return absl::InvalidArgumentError("channel min_weight must be >= 1");
  }
  if (!(options.fdr > 0 && options.fdr < 1)) {
    return absl::InvalidArgumentError("fdr must be in (0, 1)");
  }
  ASSIGN_OR_RETURN(text::NarrativeIndex narratives,
                   text::NarrativeIndex::Create(options.narratives));
  return std::unique_ptr<CoordinationOperator>(
      new CoordinationOperator(options, dict, std::move(narratives)));
}

CoordinationOperator::CoordinationOperator(const CoordinationOptions& options,
                                           const Dictionary* dict,
                                           text::NarrativeIndex narratives)
    : options_(options),
      dict_(dict),
      narratives_(std::move(narratives)) {
  for (size_t k = 0; k < options.channels.size(); ++k) {
    const CoordinationChannel& c = options.channels[k];
    for (coord::Action a : c.actions) {
      Family f{k, a, std::make_unique<NarrativeKeys>(), nullptr};
      f.edges = NewStore(f);
      families_.push_back(std::move(f));
      family_names_.push_back(
          StrCat(coord::ActionName(a), "@", static_cast<int64_t>(c.window_seconds), "s"));
    }
  }
}

std::unique_ptr<coord::StreamingCoShare> CoordinationOperator::NewStore(const Family& f) const {
  const CoordinationChannel& c = options_.channels[f.channel];
  coord::StreamingParams params;
  params.time_window_seconds = c.window_seconds;
  params.max_window_shares = c.max_window_shares;
  params.track_weight = c.min_weight;
  params.track_ln_p = options_.track_ln_p;
  params.single_idle_ms = options_.single_idle_ms;
  params.forget_min_expected = options_.forget_min_expected;
  coord::ExtractOptions extract;
  extract.text = f.narrative_keys.get();
  return std::make_unique<coord::StreamingCoShare>(std::vector<coord::Action>{f.action}, extract,
                                                   dict_, params);
}

coord::StreamingStats CoordinationOperator::co_share_stats() const {
  coord::StreamingStats sum;
  for (const Family& f : families_) {
    const coord::StreamingStats& s = f.edges->stats();
    sum.shares += s.shares;
    sum.window_evictions += s.window_evictions;
    sum.burst_resets += s.burst_resets;
    sum.live_objects += s.live_objects;
    sum.out_of_order += s.out_of_order;
    sum.crowd_skipped += s.crowd_skipped;
    sum.singles_forgotten += s.singles_forgotten;
    sum.pair_updates += s.pair_updates;
  }
  return sum;
}

size_t CoordinationOperator::EdgeBytes() const {
  size_t bytes = 0;
  for (const Family& f : families_) bytes += f.edges->EdgeBytes();
  return bytes;
}

CoordinationOperator::FamilyEdges CoordinationOperator::family_edges(size_t family) const {
  if (!released_.empty()) return released_[family];
  const coord::StreamingCoShare& e = *families_[family].edges;
  const coord::StreamingStats& st = e.stats();
  return FamilyEdges{e.NumEdges(0),   e.InlineEdges(0), st.shares,
                     st.pair_updates, st.burst_resets,  e.EdgeBytes()};
}

void CoordinationOperator::ReleaseStreamState() {
  if (!released_.empty()) return;
  std::vector<FamilyEdges> sizes;
  for (size_t f = 0; f < families_.size(); ++f) sizes.push_back(family_edges(f));
  for (Family& f : families_) {
    f.edges.reset();
    f.narrative_keys.reset();
  }
  released_ = std::move(sizes);
  // Options were checked when the operator was created.
  narratives_ = *text::NarrativeIndex::Create(options_.narratives);
}

CoordinationOperator::~CoordinationOperator() = default;

uint64_t CoordinationOperator::Update(const Event& event) {
  const uint64_t narrative = AssignNarrative(event);
  for (size_t f = 0; f < families_.size(); ++f) UpdateFamily(f, event, narrative);
  return narrative;
}

uint64_t CoordinationOperator::AssignNarrative(const Event& event) {
  if (!CreatesPost(event.kind) || event.text.empty()) return 0;
  const text::Assignment as = narratives_.Assign(++text_seq_, event.time, event.text);
  return as.clustered ? as.narrative : 0;
}

void CoordinationOperator::UpdateFamily(size_t family, const Event& event, uint64_t narrative) {
  Family& f = families_[family];
  f.narrative_keys->current = narrative;
  f.edges->Update(event);
}

void CoordinationOperator::UpdateFamily(size_t family, std::span<const Event> events,
                                        std::span<const uint64_t> narratives) {
  // Distances in events, for the shares' random reads to arrive in time: the id-map slot
  // first, then (found through it) the object's counts and window.
  static constexpr size_t kFar = 8, kNear = 3;
  const coord::StreamingCoShare& edges = *families_[family].edges;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i + kFar < events.size()) edges.PrefetchObject(events[i + kFar]);
    if (i + kNear < events.size()) edges.PrefetchWindow(events[i + kNear]);
    UpdateFamily(family, events[i], narratives.empty() ? 0 : narratives[i]);
  }
}

bool CoordinationOperator::FamilyUsesNarratives(size_t family) const {
  return families_[family].action == coord::Action::kText;
}

StatusOr<CoordinationSnapshot> CoordinationOperator::Detect(TimeMs now) {
  CoordinationSnapshot snap;
  snap.time = now;
  // Test families: (channel, action) pairs; each edge store holds its action at index 0.
  struct TestFamily {
    const coord::StreamingCoShare* channel;
    size_t action;
    uint32_t min_weight;
  };
  std::vector<TestFamily> families;
  for (const Family& f : families_) {
    families.push_back(TestFamily{f.edges.get(), 0, options_.channels[f.channel].min_weight});
  }
  const size_t num_actions = families.size();

  // One test per (edge, action) with at least min_weight bursts.
  struct Test {
    AccountId a, b;
    uint32_t action;
    uint32_t weight;
    double ln_p;
  };
  std::vector<Test> tests;
  // Active accounts: any share in any family (the BH family counts their pairs).
  std::vector<bool> active_flags;
  for (const TestFamily& f : families) {
    const size_t n = f.channel->AccountTableSize(f.action);
    if (n > active_flags.size()) active_flags.resize(n, false);
    for (size_t a = 0; a < n; ++a) {
      if (f.channel->AccountShares(f.action, static_cast<AccountId>(a)) > 0) {
        active_flags[a] = true;
      }
    }
  }
  const uint64_t active = static_cast<uint64_t>(
      std::count(active_flags.begin(), active_flags.end(), true));
  const double n_active = static_cast<double>(active);
  snap.family_size =
      std::max<double>(1.0, n_active * (n_active - 1) / 2 * static_cast<double>(num_actions));
  // Track only edges that could pass BH with up to kMaxTests tests: ln(alpha kMaxTests / m).
  constexpr double kMaxTests = 1e5;
  const double track_ln_p =
      std::min(options_.track_ln_p, std::log(options_.fdr * kMaxTests / snap.family_size));
  for (Family& f : families_) {
    f.edges->set_track_ln_p(track_ln_p);
    f.edges->PruneTracked();
  }
  // A test can pass Benjamini-Hochberg only if p <= T alpha / m (T tests, m the family), and
  // p >= P(X = k): skip edges whose point probability is already above that bound, without
  // computing the tail (T bounded by the tracked edges).
  uint64_t tracked = 0;
  for (const TestFamily& f : families) tracked += f.channel->TrackedEdges(f.action);
  const double ln_bound =
      std::log(options_.fdr * static_cast<double>(std::max<uint64_t>(tracked, 1)) /
               snap.family_size);
  // An edge co-acting no more often than expected (lambda >= k) has P(X >= k) >= 1/2 (a
  // Poisson median is at least lambda - ln 2), so with a bound below ln(1/2) it can never pass:
  // it is counted but not computed. Below the mean, the tail is P(X = k) times a short series,
  // computed as coord::PoissonUpperTailLn does from the same ln P(X = k).
  const bool skip_above_mean = ln_bound < -1;
  uint64_t considered = 0;
  for (size_t i = 0; i < num_actions; ++i) {
    const TestFamily& f = families[i];
    const double s_null = f.channel->NullS(f.action);
    f.channel->ForEachEdge(f.action, f.min_weight,
                           [&](AccountId a, AccountId b, const coord::EdgeAcc& acc) {
      const double lambda = static_cast<double>(f.channel->AccountShares(f.action, a)) *
                            static_cast<double>(f.channel->AccountShares(f.action, b)) * s_null;
      const double k = acc.weight;
      ++considered;
      if (skip_above_mean && lambda >= k) return;
      if (lambda <= 0 || acc.weight < 2 || lambda >= k) {
        if (lambda > 0 && k * std::log(lambda) - lambda - std::lgamma(k + 1) > ln_bound) return;
        tests.push_back(Test{a, b, static_cast<uint32_t>(i), acc.weight,
                             coord::PoissonUpperTailLn(acc.weight, lambda)});
        return;
      }
      const double ln_pmf = k * std::log(lambda) - lambda - coord::LnFactorial(acc.weight);
      if (ln_pmf > ln_bound) return;
      double sum = 1, term = 1;
      for (uint64_t j = 1; j < 1000000; ++j) {
        term *= lambda / (k + static_cast<double>(j));
        sum += term;
        if (term < sum * 1e-17) break;
      }
      tests.push_back(Test{a, b, static_cast<uint32_t>(i), acc.weight, ln_pmf + std::log(sum)});
    });
  }
  snap.tests = considered;
  std::erase_if(tests, [&](const Test& t) { return t.ln_p > ln_bound; });
  std::sort(tests.begin(), tests.end(), [](const Test& x, const Test& y) {
    if (x.ln_p != y.ln_p) return x.ln_p < y.ln_p;
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    return x.action < y.action;
  });
  std::vector<double> ln_p(tests.size());
  for (size_t k = 0; k < tests.size(); ++k) ln_p[k] = tests[k].ln_p;
  const std::vector<double> ln_q = coord::BenjaminiHochbergSortedLn(ln_p, snap.family_size);
  const double ln_alpha = std::log(options_.fdr);

  // Significant pairs, with every action's bursts for the evidence.
  absl::flat_hash_map<uint64_t, size_t> index;
  for (size_t k = 0; k < tests.size() && ln_q[k] <= ln_alpha; ++k) {
    const Test& t = tests[k];
    auto [it, inserted] = index.emplace(coord::PairKey(t.a, t.b), snap.edges.size());
    if (inserted) {
      SignificantEdge e;
      e.a = t.a;
      e.b = t.b;
      e.ln_p = t.ln_p;
      e.by_action.assign(num_actions, 0);
      snap.edges.push_back(std::move(e));
    }
  }
  for (SignificantEdge& e : snap.edges) {
    double delay_ms = 0;
    uint32_t bursts = 0;
    for (size_t i = 0; i < num_actions; ++i) {
      // Point lookups: the operator's per-action maps are keyed by the pair.
      coord::EdgeAcc acc;
      if (!families[i].channel->FindEdge(families[i].action, e.a, e.b, &acc)) continue;
      e.by_action[i] = acc.weight;
      bursts += acc.weight;
      e.a_first += acc.a_first;
      e.b_first += acc.b_first;
      delay_ms += acc.sum_delay_ms;
    }
    e.weight = bursts;
    e.delay_s = bursts ? delay_ms / bursts / 1000.0 : 0;
  }
  std::sort(snap.edges.begin(), snap.edges.end(),
            [](const SignificantEdge& x, const SignificantEdge& y) {
              return x.a != y.a ? x.a < y.a : x.b < y.b;
            });

  // Groups: Leiden over the significant edges weighted by their bursts.
  if (!snap.edges.empty()) {
    std::vector<coord::WeightedEdge> wedges;
    wedges.reserve(snap.edges.size());
    for (const SignificantEdge& e : snap.edges) {
      wedges.push_back(coord::WeightedEdge{e.a, e.b, static_cast<double>(e.weight)});
    }
    ASSIGN_OR_RETURN(coord::GroupAssignment groups,
                     coord::LeidenGroups(wedges, dict_->accounts, options_.leiden));
    std::vector<std::vector<AccountId>> by_group(groups.num_groups);
    for (const auto& [account, g] : groups.members) by_group[g].push_back(account);
    for (auto& members : by_group) {
      if (members.size() < 2) continue;
      std::sort(members.begin(), members.end());
      snap.groups.push_back(std::move(members));
    }
    std::sort(snap.groups.begin(), snap.groups.end(),
              [](const auto& x, const auto& y) { return x.front() < y.front(); });
  }
  return snap;
}

namespace {
constexpr std::string_view kCoordinationMagic = "SKCO";
constexpr uint8_t kCoordinationVersion = 1;
constexpr std::string_view kCoordinationWhat = "coordination checkpoint";
}  // namespace

Status CoordinationOperator::Serialize(
    const std::function<Status(std::string_view part)>& emit) const {
  std::string part;
  WriteHeader(&part, kCoordinationMagic, kCoordinationVersion);
  ByteWriter w(&part);
  w.U64(text_seq_);
  w.U32(static_cast<uint32_t>(families_.size()));
  for (const std::string& name : family_names_) w.Str(name);
  RETURN_IF_ERROR(emit(part));
  // A new string per part: a reused one would keep the largest part's capacity resident while
  // the next one grows.
  std::string().swap(part);
  narratives_.Serialize(&part);
  RETURN_IF_ERROR(emit(part));
  for (const Family& f : families_) {
    std::string().swap(part);
    f.edges->Serialize(&part);
    RETURN_IF_ERROR(emit(part));
  }
  return absl::OkStatus();
}

Status CoordinationOperator::Deserialize(const std::function<Status(std::string* part)>& next) {
  if (!released_.empty()) {
    return absl::FailedPreconditionError("coordination: the stream state was released");
  }
  std::string part;
  RETURN_IF_ERROR(next(&part));
  ByteReader r(part);
  RETURN_IF_ERROR(r.Header(kCoordinationMagic, kCoordinationVersion, kCoordinationWhat));
  uint64_t text_seq;
  uint32_t n;
  if (!r.U64(&text_seq) || !r.U32(&n)) return ByteReader::Truncated(kCoordinationWhat);
  if (n != families_.size()) {
    return absl::InvalidArgumentError(
        StrCat(kCoordinationWhat, ": written for other coordination channels"));
  }
  for (size_t f = 0; f < families_.size(); ++f) {
    std::string name;
    if (!r.Str(&name)) return ByteReader::Truncated(kCoordinationWhat);
    if (name != family_names_[f]) {
      return absl::InvalidArgumentError(
          StrCat(kCoordinationWhat, ": written for other coordination channels (family ", name,
                 " where this operator has ", family_names_[f], ")"));
    }
  }
  RETURN_IF_ERROR(r.Finish(kCoordinationWhat));
  // Restored into new objects first, so that a bad part leaves the operator as it was.
  ASSIGN_OR_RETURN(text::NarrativeIndex narratives,
                   text::NarrativeIndex::Create(options_.narratives));
  RETURN_IF_ERROR(next(&part));
  RETURN_IF_ERROR(narratives.Deserialize(part));
  std::vector<std::unique_ptr<coord::StreamingCoShare>> edges;
  for (const Family& f : families_) {
    edges.push_back(NewStore(f));
    RETURN_IF_ERROR(next(&part));
    RETURN_IF_ERROR(edges.back()->Deserialize(part));
  }
  text_seq_ = text_seq;
  narratives_ = std::move(narratives);
  for (size_t f = 0; f < families_.size(); ++f) families_[f].edges = std::move(edges[f]);
  return absl::OkStatus();
}

}  // namespace sakimori::engine
