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
        std::unique_ptr<PerAction>(new PerAction{ActionKeyer(a, extract, dict), {}, {}, {}, {}, {}, {}, {}, {}, 0, 0, {}}));
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
  ++pa.total_shares;
  if (account >= pa.account_shares.size()) pa.account_shares.resize(size_t{account} + 1, 0);
  ++pa.account_shares[account];
  if (object >= pa.object_shares.size()) {
    pa.object_shares.resize(size_t{object} + 1, 0);
    pa.object_window_pairs.resize(size_t{object} + 1, 0);
  }
  ++pa.object_shares[object];
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
  {
    // S's numerator: replace this object's term 2 w n / (n - 1).
    auto term = [](double n, double pairs) { return n >= 2 ? 2 * pairs * n / (n - 1) : 0.0; };
    const double n = pa.object_shares[object];
    const double before = term(n - 1, static_cast<double>(pa.object_window_pairs[object]));
    pa.object_window_pairs[object] += w.shares.size();
    pa.pair_sum += term(n, static_cast<double>(pa.object_window_pairs[object])) - before;
  }
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
    auto [slot, fresh] = pa.edge_index.try_emplace(key, static_cast<uint32_t>(pa.edge_acc.size()));
    if (fresh) {
      pa.edge_acc.emplace_back();
      pa.edge_key.push_back(key);
    }
    EdgeAcc& e = pa.edge_acc[slot->second];
    ++e.weight;
    // last_burst (unused by the streaming form) marks edges already listed.
    if (params_.track_weight > 0 && e.weight >= params_.track_weight &&
        e.last_burst != 0 && Unlikely(pa, other, account, e.weight)) {
      e.last_burst = 0;
      pa.heavy.push_back(slot->second);
    }
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

bool StreamingCoShare::Unlikely(const PerAction& pa, AccountId a, AccountId b,
                                uint32_t weight) const {
  if (params_.track_ln_p >= 0) return true;
  const double n = static_cast<double>(pa.total_shares);
  const double lambda = static_cast<double>(pa.account_shares[a]) *
                        static_cast<double>(pa.account_shares[b]) * std::max(0.0, pa.pair_sum) /
                        (n * n);
  if (lambda <= 0) return true;
  const double k = weight;
  return k * std::log(lambda) - lambda - std::lgamma(k + 1) <= params_.track_ln_p;
}

void StreamingCoShare::PruneTracked() {
  if (params_.track_ln_p >= 0) return;
  for (auto& pa : actions_) {
    std::erase_if(pa->heavy, [&](uint32_t i) {
      EdgeAcc& e = pa->edge_acc[i];
      const uint64_t key = pa->edge_key[i];
      if (Unlikely(*pa, PairFirst(key), PairSecond(key), e.weight)) return false;
      e.last_burst = UINT32_MAX;
      return true;
    });
  }
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

ActionPopularity StreamingCoShare::Popularity(size_t action_index) const {
  const PerAction& pa = *actions_[action_index];
  ActionPopularity pop;
  pop.account_shares = pa.account_shares;
  pop.object_shares = pa.object_shares;
  pop.total_shares = pa.total_shares;
  pop.object_window_share.resize(pa.object_shares.size(), 0.0);
  for (size_t o = 0; o < pa.object_shares.size(); ++o) {
    const double n = pa.object_shares[o];
    if (n >= 2) {
      pop.object_window_share[o] =
          std::min(1.0, static_cast<double>(pa.object_window_pairs[o]) / (n * (n - 1) / 2));
    }
  }
  return pop;
}

double StreamingCoShare::NullS(size_t action_index) const {
  const PerAction& pa = *actions_[action_index];
  if (pa.total_shares == 0) return 0;
  const double n = static_cast<double>(pa.total_shares);
  return std::max(0.0, pa.pair_sum) / (n * n);
}

std::vector<StreamEdge> StreamingCoShare::Snapshot() const {
  std::vector<StreamEdge> out;
  for (size_t i = 0; i < actions_.size(); ++i) {
    const PerAction& pa = *actions_[i];
    for (size_t k = 0; k < pa.edge_acc.size(); ++k) {
      out.push_back(StreamEdge{i, PairFirst(pa.edge_key[k]), PairSecond(pa.edge_key[k]), pa.edge_acc[k]});
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
