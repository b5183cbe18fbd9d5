// File: detect/coord/streaming_co_share.cc
#include "detect/coord/streaming_co_share.h"

#include <algorithm>
#include <cmath>

namespace sakimori::coord {

StreamingCoShare::StreamingCoShare(const std::vector<Action>& actions,
                                   const ExtractOptions& extract, const Dictionary* dict,
                                   const StreamingParams& params)
    : params_(params), window_ms_(std::llround(params.time_window_seconds * 1000.0)) {
  keep_ = params.max_partners;
  if (params.max_window_shares > 0 && keep_ > 0 && keep_ < size_t{params.max_window_shares} + 1) {
    keep_ = size_t{params.max_window_shares} + 1;
  }
  for (Action a : actions) {
    actions_.push_back(
        std::unique_ptr<PerAction>(new PerAction{ActionKeyer(a, extract, dict), {}, {}, {}}));
  }
}

void StreamingCoShare::Update(const Event& event) {
  if (event.actor == kNoAccount) return;
  for (auto& pa : actions_) {
    pa->keyer.Keys(event, &keys_);
    for (const std::string& k : keys_)
      AddShare(*pa, pa->objects.Intern(k), event.actor, event.time);
  }
  if (++updates_ % params_.sweep_every == 0) Sweep();
}

void StreamingCoShare::UpdateShare(size_t action_index, std::string_view object_key,
                                   AccountId account, TimeMs time) {
  PerAction& pa = *actions_[action_index];
  AddShare(pa, pa.objects.Intern(object_key), account, time);
  if (++updates_ % params_.sweep_every == 0) Sweep();
}

void StreamingCoShare::AddShare(PerAction& pa, ObjectId object, AccountId account, TimeMs time) {
  ++stats_.shares;
  if (time < now_) ++stats_.out_of_order;
  now_ = std::max(now_, time);
  auto [it, inserted] = pa.live.try_emplace(object);
  Window& w = it->second;
  if (!inserted && time - w.last_time > window_ms_) {
    // A new burst: nothing of the old one is within the window any more.
    w.shares.clear();
    w.counted.clear();
  }
  w.last_time = std::max(w.last_time, time);
  if (inserted) w.last_time = time;
  while (!w.shares.empty() && time - w.shares.front().first > window_ms_) w.shares.pop_front();
  const size_t n = w.shares.size();
  const bool crowded = params_.max_window_shares > 0 && n > params_.max_window_shares;
  if (crowded) stats_.crowd_skipped += n;
  size_t first = crowded ? n : 0;
  if (!crowded && params_.max_partners > 0 && n > params_.max_partners) {
    first = n - params_.max_partners;
  }
  for (size_t i = first; i < n; ++i) {
    const auto& [t, other] = w.shares[i];
    if (other == account) continue;
    uint64_t key = PairKey(other, account);
    if (!w.counted.insert(key).second) continue;
    if (w.counted.size() > params_.max_burst_pairs) {
      w.counted.clear();
      w.counted.insert(key);
      ++stats_.burst_resets;
    }
    EdgeAcc& e = pa.edges[key];
    ++e.weight;
    if (t != time) {
      if (other < account) {
        ++e.a_first;
      } else {
        ++e.b_first;
      }
    }
    e.sum_delay_ms += static_cast<double>(time - t);
  }
  if (keep_ > 0 && w.shares.size() >= keep_) {
    w.shares.pop_front();
    ++stats_.window_evictions;
  }
  w.shares.emplace_back(time, account);
}

void StreamingCoShare::Sweep() {
  uint64_t live = 0;
  for (auto& pa : actions_) {
    absl::erase_if(pa->live,
                   [&](const auto& kv) { return now_ - kv.second.last_time > window_ms_; });
    live += pa->live.size();
  }
  stats_.live_objects = live;
}

std::vector<StreamEdge> StreamingCoShare::Snapshot() const {
  std::vector<StreamEdge> out;
  for (size_t i = 0; i < actions_.size(); ++i) {
    for (const auto& [key, acc] : actions_[i]->edges) {
      out.push_back(StreamEdge{i, PairFirst(key), PairSecond(key), acc});
    }
  }
  std::sort(out.begin(), out.end(), [](const StreamEdge& x, const StreamEdge& y) {
    if (x.action_index != y.action_index) return x.action_index < y.action_index;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  return out;
}

}  // namespace sakimori::coord
