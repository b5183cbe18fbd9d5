// File: detect/coord/coord_detector.h
// sakimori's own coordination detector: co-action edges over one or more action types
// (co_share.h), each with a p-value against the popularity and audience null models and a
// Benjamini-Hochberg q-value (significance.h), leader/follower counts, and the edges that
// pass the FDR cut. Batch algorithm: construct, Run(), read the results. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "detect/coord/co_share.h"
#include "detect/coord/share_set.h"

namespace sakimori::coord {

struct CoordParams {
  CoShareParams co_share;
  double fdr = 0.05;        // Benjamini-Hochberg level alpha
  uint32_t min_weight = 2;  // an edge needs at least this many co-share bursts to count
  // kCoactivity: shares in the same bin are co-active whatever their distance, so that
  // action uses the bin width as its window (keep equal to ExtractOptions::bin_seconds).
  int64_t bin_seconds = 60;
  // Per action, take the larger of the popularity and the audience null's lambda
  // (significance.h); false: the popularity null alone.
  bool audience_null = true;
};

// One account pair over all actions. `a` has the smaller account id.
struct CoordEdge {
  AccountId a = 0, b = 0;
  uint32_t weight = 0;                // bursts over all actions
  uint32_t row = 0;                   // index into the per-action weights (ByAction)
  uint32_t a_first = 0, b_first = 0;  // bursts in which a (b) acted first
  double mean_delay_s = 0;            // mean delay of the first co-share of each burst
  double expected = 0;                // lambda under the null model (sum over actions)
  double ln_p = 0;                    // ln P(X >= weight), X ~ Poisson(expected)
  double ln_q = 0;                    // ln of the BH-adjusted value
  bool significant = false;           // q <= fdr and weight >= min_weight
};

struct CoordStats {
  uint64_t shares = 0, pairs_in_window = 0, pairs_formed = 0, partners_dropped = 0;
  uint64_t same_account = 0;
  uint64_t crowd_skipped = 0;    // pairs not formed because of CoShareParams::max_window_shares
  uint64_t active_accounts = 0;  // accounts with a share in some action
  double family_size = 0;        // BH family: active_accounts choose 2
  uint64_t edges = 0, significant_edges = 0;
};

class CoordDetector {
 public:
  // `shares` must outlive the detector.
  CoordDetector(const ShareSet* shares, const CoordParams& params)
      : shares_(shares), params_(params) {}

  // Computes edges, p-values and q-values. Errors: InvalidArgument for a non-positive window.
  Status Run();

  // Edges ordered by (ln_p, a, b) ascending.
  const std::vector<CoordEdge>& edges() const { return edges_; }
  // Bursts of `edge` in action `action` (ShareSet action order).
  uint32_t ByAction(const CoordEdge& edge, size_t action) const {
    return num_actions_ == 1 ? edge.weight : by_action_[size_t{edge.row} * num_actions_ + action];
  }
  // Per-action detail (sorted shares for evidence, popularity).
  const std::vector<ActionEdges>& per_action() const { return per_action_; }
  const CoordStats& stats() const { return stats_; }
  const CoordParams& params() const { return params_; }
  // The pairing parameters used for action `i` (the bin width as window for kCoactivity).
  CoShareParams ParamsFor(size_t i) const;

 private:
  const ShareSet* shares_;
  CoordParams params_;
  std::vector<ActionEdges> per_action_;
  std::vector<CoordEdge> edges_;
  std::vector<uint32_t> by_action_;  // edges x actions, when there are several actions
  size_t num_actions_ = 0;
  CoordStats stats_;
};

}  // namespace sakimori::coord
