// File: eval/percentile_baseline.h
// The "percentile" baseline (`sakimori baseline percentile`): the coordination detector of the
// literature as most studies run it, CooRTweet-style co-reposts within 10 s, edges above the
// 99th weight percentile, connected components as groups (detect/coord/percentile_baseline.h).
// Each group becomes a campaign with one alert; the alert is dated at the group's last repost
// in the input, the earliest moment a batch run over the data could have raised it.
#pragma once

#include <memory>
#include <vector>

#include "eval/baseline.h"

namespace sakimori::eval {

// Memory: the reposts of the input (ids and times only). Not thread-safe.
class PercentileBaseline : public Baseline {
 public:
  // `threshold` is the weight quantile (default 0.99), in (0, 1).
  static StatusOr<std::unique_ptr<Baseline>> Make(const BaselineParams& params);

  explicit PercentileBaseline(double quantile) : quantile_(quantile) {}
  Status Update(const EventBatch& batch) override;
  // Members of every group are flagged with score 1; groups g1.. by size; one campaign c<i>
  // and one alert a<i> per group.
  StatusOr<Results> Finish(const Dictionary& dict) override;

 private:
  double quantile_;
  std::vector<Event> reposts_;  // numeric fields only; strings cleared
};

}  // namespace sakimori::eval
