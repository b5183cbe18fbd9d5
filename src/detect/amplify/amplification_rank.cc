// File: detect/amplify/amplification_rank.cc
// Scoring and ranking of tracked items: the numbers behind each score and the documented
// combination score = volume * inauthenticity (docs/amplification.md, "Score").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/strings.h"
#include "detect/amplify/amplification_tracker.h"
#include "detect/amplify/internal/tracker_state.h"

namespace sakimori::amplify {

using internal::TrackedItem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr uint64_t kMinGapsForCv = 5;

// Signal weights of the inauthenticity mean (sum 8): who engages counts double.
constexpr double kWeightAutomated = 2;
constexpr double kWeightCoordinated = 2;
constexpr double kWeightRecent = 1;
constexpr double kWeightRegular = 1;
constexpr double kWeightNoConversation = 1;
constexpr double kWeightConcentration = 1;
constexpr double kWeightSum = kWeightAutomated + kWeightCoordinated + kWeightRecent +
                              kWeightRegular + kWeightNoConversation + kWeightConcentration;

void AppendSignal(std::string* out, std::string_view name, double value) {
  char buf[48];
  int n = std::snprintf(buf, sizeof(buf), "%s%.*s=%.2f", out->empty() ? "" : ",",
                        static_cast<int>(name.size()), name.data(), value);
  out->append(buf, static_cast<size_t>(n));
}

ItemScore ScoreTracked(const AmplificationTracker::State& s, const TrackedItem& item,
                       const AccountContext& accounts, const RankOptions& options) {
  ItemScore r;
  r.kind = item.kind;
  r.key = item.key;
  switch (item.kind) {
    case ItemKind::kPost:
      if (options.post_names != nullptr && item.key < options.post_names->size()) {
        r.id = std::string(options.post_names->Name(static_cast<uint32_t>(item.key)));
      } else {
        r.id = StrCat(item.key);
      }
      break;
    case ItemKind::kNarrative:
      r.id = StrCat(item.key);
      break;
    default:
      if (item.name) r.id = *item.name;
  }
  for (int t = 0; t < kNumEngagementTypes; ++t) r.counts[t] = item.counts[t];
  r.engagements = item.total;
  r.author = item.author;
  r.first = item.first;
  r.last = item.last;
  r.peak_hour_start = item.peak_hour_start;
  r.peak_hour_count = item.peak_hour_count;

  // Curve: from max(first hour, last hour - curve_hours + 1) to the last hour.
  const int64_t hours = s.options.curve_hours;
  const int64_t first_hour = FloorDiv(item.first, kMsPerHour);
  const int64_t last_hour = item.curve.last_hour();
  int64_t start = std::max(first_hour, last_hour - hours + 1);
  r.curve_start = start * kMsPerHour;
  for (int64_t h = start; h <= last_hour; ++h) {
    r.hourly.push_back(item.curve.At(h, s.options.curve_hours));
  }

  // Baselines and bursts.
  const int k = static_cast<int>(item.kind);
  const double total = static_cast<double>(item.total);
  r.platform_baseline = s.counters[k].empty() ? 0
                                              : static_cast<double>(s.kind_engagements[k]) /
                                                    static_cast<double>(s.counters[k].size());
  r.burst_platform = total / std::max(1.0, r.platform_baseline);
  r.author_baseline = kNaN;
  r.burst_author = kNaN;
  if (item.kind == ItemKind::kPost && item.author != kNoAccount) {
    auto it = s.authors.find(item.author);
    if (it != s.authors.end()) {
      const internal::AuthorStats& a = it->second;
      uint64_t posts = std::max(a.posts, a.engaged_posts);
      if (posts >= 2) {
        r.author_baseline =
            static_cast<double>(a.engagements - std::min(a.engagements, item.total)) /
            static_cast<double>(posts - 1);
        r.burst_author = total / std::max(1.0, r.author_baseline);
      }
    }
  }
  double burst = r.burst_platform;
  if (!std::isnan(r.burst_author)) burst = std::max(burst, r.burst_author);
  r.volume = std::log2(1 + burst);

  // Regularity of inter-arrival gaps.
  r.gap_cv = kNaN;
  if (item.gaps >= kMinGapsForCv) {
    double var = item.gap_m2 / static_cast<double>(item.gaps);
    r.gap_cv = item.gap_mean > 0 ? std::sqrt(std::max(0.0, var)) / item.gap_mean : 0.0;
  }

  // Who engages: integer sums over the sample, so the order of the map does not matter.
  uint64_t automated = 0, coordinated = 0, recent = 0;
  std::vector<uint32_t> per_account;
  per_account.reserve(item.sample.size());
  item.sample.ForEach([&](const internal::SampleEntry& entry) {
    const AccountId account = entry.account;
    per_account.push_back(entry.count);
    if (accounts.AutomationScore(account) >= options.automated_threshold) {
      automated += entry.count;
    }
    if (accounts.CoordinatedGroup(account).has_value()) coordinated += entry.count;
    TimeMs created = accounts.CreatedAt(account);
    if (created != kNoTime && entry.first - created < options.recent_age) {
      recent += entry.count;
    }
  });
  r.sampled_engagements = item.sampled_engagements;
  r.distinct_exact = item.hll == nullptr;
  r.distinct_accounts =
      item.hll ? static_cast<uint64_t>(std::llround(item.hll->Estimate())) : item.sample.size();
  const double sampled = static_cast<double>(item.sampled_engagements);
  if (item.sampled_engagements > 0) {
    r.automated_share = static_cast<double>(automated) / sampled;
    r.coordinated_share = static_cast<double>(coordinated) / sampled;
    r.recent_share = static_cast<double>(recent) / sampled;
    size_t top = (per_account.size() + 9) / 10;
    std::nth_element(per_account.begin(), per_account.begin() + static_cast<long>(top) - 1,
                     per_account.end(), std::greater<>());
    uint64_t top_sum = 0;
    for (size_t i = 0; i < top; ++i) top_sum += per_account[i];
    r.top_decile_share = static_cast<double>(top_sum) / sampled;
  }
  const uint64_t replies = item.counts[static_cast<int>(EngagementType::kReply)];
  const uint64_t amplifying = item.counts[static_cast<int>(EngagementType::kLike)] +
                              item.counts[static_cast<int>(EngagementType::kRepost)];
  r.reply_share = static_cast<double>(replies) / total;
  r.amplification_without_conversation =
      static_cast<double>(amplifying) / total *
      std::max(0.0, 1.0 - r.reply_share / options.organic_reply_share);

  // Inauthenticity: a weighted mean of six signals in [0, 1], each non-decreasing in the
  // evidence of inauthentic amplification.
  double regular = std::isnan(r.gap_cv) ? 0.0 : std::clamp(1.0 - r.gap_cv, 0.0, 1.0);
  double concentration = std::clamp((r.top_decile_share - 0.1) / 0.9, 0.0, 1.0);
  r.inauthenticity =
      (kWeightAutomated * r.automated_share + kWeightCoordinated * r.coordinated_share +
       kWeightRecent * r.recent_share + kWeightRegular * regular +
       kWeightNoConversation * r.amplification_without_conversation +
       kWeightConcentration * concentration) /
      kWeightSum;
  r.score = r.volume * r.inauthenticity;

  AppendSignal(&r.explanation, "burst", burst);
  if (r.automated_share >= 0.2) AppendSignal(&r.explanation, "automated", r.automated_share);
  if (r.coordinated_share >= 0.2) {
    AppendSignal(&r.explanation, "coordinated", r.coordinated_share);
  }
  if (r.recent_share >= 0.2) AppendSignal(&r.explanation, "recent", r.recent_share);
  if (regular >= 0.5) AppendSignal(&r.explanation, "regular_gaps_cv", r.gap_cv);
  if (r.amplification_without_conversation >= 0.5) {
    AppendSignal(&r.explanation, "no_replies", r.amplification_without_conversation);
  }
  if (concentration >= 0.2) AppendSignal(&r.explanation, "concentrated", r.top_decile_share);
  return r;
}

bool Before(const ItemScore& a, const ItemScore& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.kind != b.kind) return a.kind < b.kind;
  return a.key < b.key;
}

}  // namespace

std::vector<ItemScore> AmplificationTracker::Rank(const AccountContext& accounts,
                                                  const RankOptions& options) const {
  // Before() is a total order (kind and key tell items apart), so keeping the best `limit`
  // of every 2 * limit scored items gives the same top as sorting them all, without holding
  // a score for every tracked item.
  std::vector<ItemScore> out;
  auto keep_best = [&] {
    if (options.limit == 0 || out.size() <= options.limit) return;
    std::nth_element(out.begin(), out.begin() + static_cast<ptrdiff_t>(options.limit - 1),
                     out.end(), Before);
    out.resize(options.limit);
  };
  for (size_t i = 0; i < state_->tracked.size(); ++i) {
    const TrackedItem& item = state_->tracked[i];
    if (!options.kinds[static_cast<int>(item.kind)]) continue;
    if (item.total < options.min_engagements) continue;
    out.push_back(ScoreTracked(*state_, item, accounts, options));
    if (options.limit > 0 && out.size() >= 2 * options.limit + 1024) keep_best();
  }
  keep_best();
  std::sort(out.begin(), out.end(), Before);
  return out;
}

std::optional<ItemScore> AmplificationTracker::Score(ItemKind kind, uint64_t key,
                                                     const AccountContext& accounts,
                                                     const RankOptions& options) const {
  const auto& counters = state_->counters[static_cast<int>(kind)];
  auto it = counters.find(key);
  if (it == counters.end() || it->second.tracked == internal::kNotTracked) return std::nullopt;
  return ScoreTracked(*state_, state_->tracked[it->second.tracked], accounts, options);
}

}  // namespace sakimori::amplify
