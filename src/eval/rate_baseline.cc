// File: eval/rate_baseline.cc
#include "eval/rate_baseline.h"

#include <algorithm>

#include "common/strings.h"

namespace sakimori::eval {

int64_t MaxInWindow(std::vector<TimeMs>* times, TimeMs window) {
  std::sort(times->begin(), times->end());
  int64_t best = 0;
  size_t lo = 0;
  for (size_t hi = 0; hi < times->size(); ++hi) {
    while ((*times)[hi] - (*times)[lo] >= window) ++lo;
    best = std::max<int64_t>(best, static_cast<int64_t>(hi - lo + 1));
  }
  return best;
}

StatusOr<std::unique_ptr<Baseline>> RateBaseline::Make(const BaselineParams& params) {
  double threshold = params.threshold.value_or(kDefaultThreshold);
  if (!(threshold > 0)) {
    return absl::InvalidArgumentError(
        StrCat("rate baseline: --threshold must be a positive number of actions per hour, got ",
               threshold));
  }
  return std::unique_ptr<Baseline>(new RateBaseline(threshold));
}

Status RateBaseline::Update(const EventBatch& batch) {
  for (const Event& e : batch.events()) {
    if (e.kind == EventKind::kProfileUpdate || e.kind == EventKind::kDelete) continue;
    if (e.actor == kNoAccount) continue;
    if (e.actor >= times_.size()) times_.resize(std::max<size_t>(e.actor + 1, times_.size() * 2));
    times_[e.actor].push_back(e.time);
  }
  return absl::OkStatus();
}

StatusOr<Results> RateBaseline::Finish(const Dictionary& dict) {
  Results results;
  results.generator = "sakimori baseline rate 0.1.0";
  for (AccountId a = 0; a < times_.size(); ++a) {
    if (times_[a].empty()) continue;
    double rate = static_cast<double>(MaxInWindow(&times_[a], kMsPerHour));
    std::vector<TimeMs>().swap(times_[a]);
    AccountResult r;
    r.id = std::string(dict.accounts.Name(a));
    r.score = rate / (rate + threshold_);
    r.flagged = rate > threshold_;
    results.accounts.push_back(std::move(r));
  }
  std::sort(results.accounts.begin(), results.accounts.end(),
            [](const AccountResult& x, const AccountResult& y) {
              return x.score != y.score ? x.score > y.score : x.id < y.id;
            });
  return results;
}

}  // namespace sakimori::eval
