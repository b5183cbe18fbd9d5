// File: detect/coord/percentile_baseline.h
// The "percentile" baseline for the evaluator: CooRTweet-style co-repost detection as used
// in the literature (Giglietto et al. 2020, Inf. Commun. Soc. 23(6):867; CooRTweet's
// detect_groups + generate_coordinated_network): co-reposts within 10 s, min_participation
// 2, loops removed, edges whose weight exceeds the 99th percentile of edge weights kept, and
// the connected components of the kept edges returned as groups.
#pragma once

#include <string>
#include <vector>

#include "detect/coord/share_set.h"
#include "model/event.h"

namespace sakimori::coord {

struct PercentileBaselineParams {
  double time_window_seconds = 10;
  int64_t min_participation = 2;
  double percentile = 0.99;  // weight_threshold quantile (R type 7); edges above it are kept
};

struct PercentileBaselineResult {
  // Groups of account ids (the original strings), each sorted; groups ordered by size
  // (descending), then by first member. Only groups of two or more accounts.
  std::vector<std::vector<std::string>> groups;
  size_t edges = 0;       // edges of the full co-repost network
  size_t kept_edges = 0;  // edges above the percentile
  double threshold = 0;   // the weight percentile
};

// Runs the baseline on the repost shares `reposts` (object = reposted post).
PercentileBaselineResult PercentileBaseline(const ActionShares& reposts, const Dictionary& dict,
                                            const PercentileBaselineParams& params = {});

// Convenience: runs it on events (reposts among them), with `dict` the dictionary the
// events were read with.
PercentileBaselineResult PercentileBaseline(const std::vector<Event>& events,
                                            const Dictionary& dict,
                                            const PercentileBaselineParams& params = {});

}  // namespace sakimori::coord
