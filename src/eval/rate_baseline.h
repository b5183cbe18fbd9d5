// File: eval/rate_baseline.h
// The activity-rate baseline: flags accounts whose peak activity exceeds a fixed number of
// actions per hour, the simplest bot heuristic (and the one a careful operation evades).
// An account's rate is the largest number of its actions (post, repost, quote, reply, like,
// follow, unfollow; not profile updates or deletions) within any sliding window of one hour,
// i.e. max over t of |{actions in [t, t + 1 h)}|. Score = rate / (rate + threshold): monotone
// in the rate, 0.5 at the threshold; flagged when rate > threshold.
#pragma once

#include <memory>
#include <vector>

#include "common/time.h"
#include "eval/baseline.h"

namespace sakimori::eval {

// The largest number of `times` inside any half-open window [t, t + window). Sorts `times`.
// 0 for no times.
int64_t MaxInWindow(std::vector<TimeMs>* times, TimeMs window);

// Memory: one TimeMs per counted action (all times are kept until Finish, so the input need
// not be in time order). Not thread-safe.
class RateBaseline : public Baseline {
 public:
  static constexpr double kDefaultThreshold = 60;  // actions in one hour

  // `threshold`: actions per sliding hour above which an account is flagged (> 0).
  explicit RateBaseline(double threshold = kDefaultThreshold) : threshold_(threshold) {}

  // The factory of the baseline table; InvalidArgument for a threshold <= 0.
  static StatusOr<std::unique_ptr<Baseline>> Make(const BaselineParams& params);

  Status Update(const EventBatch& batch) override;
  // Every account with at least one action, by score (highest first), then id. No groups,
  // items, campaigns or alerts.
  StatusOr<Results> Finish(const Dictionary& dict) override;

 private:
  double threshold_;
  std::vector<std::vector<TimeMs>> times_;  // by AccountId
};

}  // namespace sakimori::eval
