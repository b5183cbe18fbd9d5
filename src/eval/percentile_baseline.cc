// File: eval/percentile_baseline.cc
#include "eval/percentile_baseline.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"
#include "detect/coord/percentile_baseline.h"

namespace sakimori::eval {

StatusOr<std::unique_ptr<Baseline>> PercentileBaseline::Make(const BaselineParams& params) {
  double q = params.threshold.value_or(0.99);
  if (!(q > 0 && q < 1)) {
    return absl::InvalidArgumentError("--threshold for percentile is a quantile in (0, 1)");
  }
  return std::unique_ptr<Baseline>(std::make_unique<PercentileBaseline>(q));
}

Status PercentileBaseline::Update(const EventBatch& batch) {
  for (const Event& e : batch.events()) {
    if (e.kind != EventKind::kRepost || e.target == kNoPost) continue;
    Event& copy = reposts_.emplace_back();
    copy.time = e.time;
    copy.kind = e.kind;
    copy.platform = e.platform;
    copy.actor = e.actor;
    copy.post = e.post;
    copy.target = e.target;
    copy.target_account = e.target_account;
  }
  return absl::OkStatus();
}

StatusOr<Results> PercentileBaseline::Finish(const Dictionary& dict) {
  coord::PercentileBaselineParams params;
  params.percentile = quantile_;
  coord::PercentileBaselineResult found = coord::PercentileBaseline(reposts_, dict, params);

  // The last repost of each account, to date each group's alert.
  absl::flat_hash_map<std::string_view, TimeMs> last_repost;
  for (const Event& e : reposts_) {
    TimeMs& t = last_repost[dict.accounts.Name(e.actor)];
    t = std::max(t, e.time);
  }
  Results r;
  r.generator = "sakimori baseline percentile";
  for (size_t i = 0; i < found.groups.size(); ++i) {
    const std::vector<std::string>& members = found.groups[i];
    std::string gid = StrCat("g", i + 1), cid = StrCat("c", i + 1);
    r.groups.push_back({gid, members});
    CampaignResult c;
    c.id = cid;
    c.members = members;
    c.score = 1.0;
    TimeMs last = kNoTime;
    for (const std::string& m : members) {
      r.accounts.push_back({m, 1.0, true});
      auto it = last_repost.find(m);
      if (it != last_repost.end()) last = std::max(last, it->second);
    }
    c.end = last;
    r.campaigns.push_back(std::move(c));
    r.alerts.push_back({StrCat("a", i + 1), cid, last, "medium"});
  }
  std::sort(r.accounts.begin(), r.accounts.end(),
            [](const AccountResult& a, const AccountResult& b) { return a.id < b.id; });
  return r;
}

}  // namespace sakimori::eval
