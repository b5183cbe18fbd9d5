// File: engine/coordination.h
// The engine's coordination operator: near-duplicate narratives (detect/text NarrativeIndex)
// and streaming co-action edges over several actions (detect/coord StreamingCoShare), tested
// on demand against the popularity null model with Benjamini-Hochberg control
// (detect/coord/significance.h) and grouped with Leiden (detect/coord/groups.h).
//
// Update() runs per event in event-time order; Detect() may run at any time and reads the
// state without changing it. State is keyed by object (windows) and by account pair (edges),
// so it partitions by those keys. Each (channel, action) keeps its own edge store. Not
// thread-safe, except that the parts of Update may run on different threads (UpdateFamily).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "detect/coord/action.h"
#include "detect/coord/groups.h"
#include "detect/coord/streaming_co_share.h"
#include "detect/text/narrative_index.h"
#include "model/event.h"

namespace sakimori::engine {

// Actions paired within one time window. kText pairs posts of the same near-duplicate
// narrative.
struct CoordinationChannel {
  std::vector<coord::Action> actions;
  double window_seconds = 60;
  // Co-action bursts an edge needs in one of these actions to be tested (a wide window
  // pairs more by chance, so it asks for more repetitions).
  uint32_t min_weight = 2;
  // Shares arriving while the object's window holds this many are not paired (crowd cap,
  // StreamingParams::max_window_shares; 0 = none): a crowd's co-actions are expected by
  // chance, and each share would pair with all of it.
  uint32_t max_window_shares = 64;
};

struct CoordinationOptions {
  // Every channel pairs its actions in its own window: a fast one for bots acting within
  // seconds, a slow one for operators who spread their actions over tens of minutes. An
  // (action, channel) is one test family.
  std::vector<CoordinationChannel> channels = {
      {{coord::Action::kRepost, coord::Action::kLike, coord::Action::kText,
        coord::Action::kUrl, coord::Action::kHashtag},
       60, 2, 64},
      // The slow channel caps crowds at 32 within its hour: an operation acting within
      // seconds is paired by the fast channel, and the slow one exists for actions spread
      // thinly over the hour. The cap cuts its pair updates by 40 % (docs/analyze.md, "Crowds").
      {{coord::Action::kEngage, coord::Action::kText, coord::Action::kUrl}, 3600, 3, 32}};
  double fdr = 0.01;        // Benjamini-Hochberg level over all tests of a Detect()
  // Edges are tested only once ln P(X = weight) under the null was at most this when their
  // weight last grew (StreamingParams::track_ln_p). Each Detect() lowers it to
  // ln(fdr * 1e5 / m) for a family of m tests: the most a Benjamini-Hochberg cut over up to
  // 100,000 tests can reach.
  double track_ln_p = -6;
  // Co-action edges seen in only one burst are forgotten after this much event time without
  // a second one (StreamingParams::single_idle_ms; 0 = kept for ever), if their accounts are
  // busy enough that one co-action is expected by chance: n_a n_b S at least
  // `forget_min_expected` (StreamingParams). Most edges are of such pairs, so this bounds the
  // memory of a long stream, while a quiet pair's single co-action, rare evidence, is kept
  // (docs/analyze.md, "Memory").
  int64_t single_idle_ms = 24LL * 3600 * 1000;
  double forget_min_expected = 0.01;
  coord::LeidenParams leiden;
  text::NarrativeIndexOptions narratives;
};

// An account pair significant in at least one action.
struct SignificantEdge {
  AccountId a = 0, b = 0;  // a < b
  uint32_t weight = 0;     // co-action bursts over the significant actions
  double ln_p = 0;         // the smallest ln p over its actions
  double delay_s = 0;      // mean delay of the first co-action of each burst
  uint32_t a_first = 0, b_first = 0;
  std::vector<uint32_t> by_action;  // bursts per test family (FamilyNames() order)
};

struct CoordinationSnapshot {
  TimeMs time = kNoTime;
  std::vector<SignificantEdge> edges;          // by (a, b)
  std::vector<std::vector<AccountId>> groups;  // Leiden groups of >= 2, each sorted by id;
                                               // ordered by their smallest member
  uint64_t tests = 0;                          // listed edges with weight >= min_weight
  double family_size = 0;
};

class CoordinationOperator {
 public:
  // `dict` must outlive the operator. Errors: invalid narrative options.
  static StatusOr<std::unique_ptr<CoordinationOperator>> Create(const CoordinationOptions& options,
                                                                const Dictionary* dict);
  ~CoordinationOperator();

  // Adds one event. Returns the narrative id of the event's text (0 when it has none).
  // The same as AssignNarrative followed by UpdateFamily for every family.
  uint64_t Update(const Event& event);

  // The parts of Update, for callers that spread them over threads. Each part must see every
  // event in event order. The narratives and each test family (FamilyNames()) keep disjoint
  // state, so different parts may run on different threads (one thread per part at a time).
  // A family whose FamilyUsesNarratives() needs the event's narrative: it runs after
  // AssignNarrative has returned it (the others ignore `narrative`).
  // Returns the narrative id of the event's text (0 when it has none).
  uint64_t AssignNarrative(const Event& event);
  void UpdateFamily(size_t family, const Event& event, uint64_t narrative);
  // Runs UpdateFamily over `events`, loading each event's state a few events ahead.
  void UpdateFamily(size_t family, std::span<const Event> events,
                    std::span<const uint64_t> narratives);
  bool FamilyUsesNarratives(size_t family) const;
  size_t num_families() const { return families_.size(); }

  // Tests the edges so far and groups the significant ones at event time `now` (prunes the
  // channels' lists of tracked edges first).
  // Errors: Internal when Leiden fails.
  StatusOr<CoordinationSnapshot> Detect(TimeMs now);

  // Summed over families.
  coord::StreamingStats co_share_stats() const;
  const text::NarrativeIndexStats& narrative_stats() const { return narratives_.stats(); }
  // Heap bytes of the families' edge stores, and of the narrative index (estimates).
  size_t EdgeBytes() const;
  // Per test family: its edges, those of them held inline (seen in one burst), and the heap
  // bytes of its edge store.
  struct FamilyEdges {
    uint64_t edges = 0, single = 0;
    uint64_t shares = 0, pair_updates = 0, burst_resets = 0;  // StreamingStats of the family
    size_t bytes = 0;
  };
  FamilyEdges family_edges(size_t family) const;
  // Frees the per-event state (the families' co-action stores and the narrative index) when
  // no event will follow. Afterwards only FamilyNames(), options() and family_edges() (as of
  // this call) may be used.
  void ReleaseStreamState();
  size_t NarrativeBytes() const { return narratives_.MemoryBytes(); }
  const CoordinationOptions& options() const { return options_; }
  // "repost@60s", ...: one name per (channel, action), the order of by_action.
  const std::vector<std::string>& FamilyNames() const { return family_names_; }

  // Checkpoint of the per-event state (before ReleaseStreamState), in parts, one call of
  // emit(part) each, so that no more than one part is in memory at a time: the head (magic
  // "SKCO", version 1, the text sequence number, the test family names), the narrative index
  // (text::NarrativeIndex), then each family's co-action store (coord::StreamingCoShare).
  // Errors: emit's.
  Status Serialize(const std::function<Status(std::string_view part)>& emit) const;
  // Replaces the per-event state with a checkpoint written by Serialize on an operator with the
  // same channels (the same FamilyNames()); next(&part) fetches the parts in order. Errors:
  // next's; InvalidArgument on a bad magic or version, other families, or a truncated or
  // inconsistent part. The state is then unchanged.
  Status Deserialize(const std::function<Status(std::string* part)>& next);

 private:
  class NarrativeKeys;
  CoordinationOperator(const CoordinationOptions& options, const Dictionary* dict,
                       text::NarrativeIndex narratives);

  CoordinationOptions options_;
  const Dictionary* dict_;
  text::NarrativeIndex narratives_;
  // One test family: an action paired in the window of a channel, with its own edge store.
  struct Family {
    size_t channel;
    coord::Action action;
    std::unique_ptr<NarrativeKeys> narrative_keys;  // its kText key source
    std::unique_ptr<coord::StreamingCoShare> edges;
  };
  // An empty co-action store for family `f`, with the parameters of its channel.
  std::unique_ptr<coord::StreamingCoShare> NewStore(const Family& f) const;

  std::vector<Family> families_;
  std::vector<std::string> family_names_;
  std::vector<FamilyEdges> released_;  // family_edges() at ReleaseStreamState()
  uint64_t text_seq_ = 0;
};

}  // namespace sakimori::engine
