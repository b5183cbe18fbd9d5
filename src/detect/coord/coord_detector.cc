// File: detect/coord/coord_detector.cc
#include "detect/coord/coord_detector.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "detect/coord/significance.h"

namespace sakimori::coord {

CoShareParams CoordDetector::ParamsFor(size_t i) const {
  CoShareParams p = params_.co_share;
  if (shares_->action(i).action == Action::kCoactivity) {
    p.time_window_seconds = static_cast<double>(params_.bin_seconds);
  }
  return p;
}

Status CoordDetector::Run() {
  if (!(params_.co_share.time_window_seconds > 0)) {
    return absl::InvalidArgumentError("time window must be positive");
  }
  const size_t num_actions = shares_->num_actions();
  per_action_.clear();
  per_action_.reserve(num_actions);
  for (size_t i = 0; i < num_actions; ++i) {
    per_action_.push_back(ComputeActionEdges(shares_->action(i), ParamsFor(i)));
  }

  // The audience nulls (significance.h) need only the sorted shares and popularity: built
  // on a second thread while this one merges the edges (it touches no other member).
  std::vector<AudienceNull> audience_nulls;
  std::thread builder;
  bool any_author = false;  // input without post authors (CooRTweet tables) needs no null
  for (size_t i = 0; i < num_actions; ++i) any_author |= !shares_->action(i).object_author.empty();
  if (params_.audience_null && any_author) {
    builder = std::thread([&] {
      for (size_t i = 0; i < num_actions; ++i) {
        const ActionEdges& ae = per_action_[i];
        audience_nulls.emplace_back(ae.sorted, shares_->action(i).object_author,
                                    shares_->authored_posts(), ae.popularity);
      }
    });
  }

  // Merge the actions' edges (one action: take its map as it is).
  num_actions_ = num_actions;
  edges_.clear();
  by_action_.clear();
  std::vector<double> delay_sum;
  auto add = [&](size_t k, size_t action, const EdgeAcc& acc) {
    CoordEdge& e = edges_[k];
    e.weight += acc.weight;
    e.a_first += acc.a_first;
    e.b_first += acc.b_first;
    delay_sum[k] += acc.sum_delay_ms;
    if (num_actions > 1) by_action_[k * num_actions + action] += acc.weight;
  };
  if (num_actions == 1) {
    const EdgeMap& m = per_action_[0].edges;
    edges_.resize(m.size());
    delay_sum.assign(m.size(), 0);
    size_t k = 0;
    for (const auto& [key, acc] : m) {
      edges_[k].a = PairFirst(key);
      edges_[k].b = PairSecond(key);
      add(k++, 0, acc);
    }
    per_action_[0].edges = EdgeMap();  // free it; the evidence pass does not need it
  } else {
    absl::flat_hash_map<uint64_t, uint32_t> index;
    for (size_t i = 0; i < num_actions; ++i) {
      for (const auto& [key, acc] : per_action_[i].edges) {
        auto [it, inserted] = index.emplace(key, static_cast<uint32_t>(edges_.size()));
        if (inserted) {
          CoordEdge e;
          e.a = PairFirst(key);
          e.b = PairSecond(key);
          edges_.push_back(e);
          delay_sum.push_back(0);
          by_action_.resize(by_action_.size() + num_actions, 0);
        }
        add(it->second, i, acc);
      }
      per_action_[i].edges = EdgeMap();
    }
  }

  // Expected chance co-shares, p-values.
  std::vector<PopularityNull> nulls;
  nulls.reserve(num_actions);
  for (const ActionEdges& ae : per_action_) nulls.emplace_back(ae.popularity);
  // Per action, the audience null's lambda of every edge (empty: popularity null alone).
  std::vector<std::vector<double>> audience(num_actions);
  if (builder.joinable()) {
    builder.join();
    std::vector<uint64_t> keys;
    for (size_t i = 0; i < num_actions; ++i) {
      if (audience_nulls[i].empty()) continue;
      if (keys.empty()) {
        keys.reserve(edges_.size());
        for (const CoordEdge& e : edges_) keys.push_back(PairKey(e.a, e.b));
      }
      audience[i] = audience_nulls[i].Expected(keys);
    }
    audience_nulls.clear();
  }
  for (size_t k = 0; k < edges_.size(); ++k) {
    CoordEdge& e = edges_[k];
    e.row = static_cast<uint32_t>(k);
    e.mean_delay_s = e.weight ? delay_sum[k] / e.weight / 1000.0 : 0;
    double lambda = 0;
    for (size_t i = 0; i < num_actions; ++i) {
      const auto& n = per_action_[i].popularity.account_shares;
      uint32_t na = e.a < n.size() ? n[e.a] : 0;
      uint32_t nb = e.b < n.size() ? n[e.b] : 0;
      double expected = nulls[i].Expected(na, nb);
      if (!audience[i].empty()) expected = std::max(expected, audience[i][k]);
      lambda += expected;
    }
    e.expected = lambda;
    e.ln_p = PoissonUpperTailLn(e.weight, lambda);
  }
  delay_sum = std::vector<double>();
  std::sort(edges_.begin(), edges_.end(), [](const CoordEdge& x, const CoordEdge& y) {
    if (x.ln_p != y.ln_p) return x.ln_p < y.ln_p;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });

  // FDR over all pairs of active accounts.
  stats_ = CoordStats{};
  size_t bound = 0;
  for (const ActionEdges& ae : per_action_)
    bound = std::max(bound, ae.popularity.account_shares.size());
  std::vector<bool> active(bound, false);
  for (const ActionEdges& ae : per_action_) {
    stats_.shares += ae.stats.shares;
    stats_.pairs_in_window += ae.stats.pairs_in_window;
    stats_.pairs_formed += ae.stats.pairs_formed;
    stats_.partners_dropped += ae.stats.partners_dropped;
    stats_.same_account += ae.stats.same_account;
    stats_.crowd_skipped += ae.stats.crowd_skipped;
    for (size_t a = 0; a < ae.popularity.account_shares.size(); ++a) {
      if (ae.popularity.account_shares[a] > 0 && !active[a]) {
        active[a] = true;
        ++stats_.active_accounts;
      }
    }
  }
  const double n_active = static_cast<double>(stats_.active_accounts);
  stats_.family_size = n_active * (n_active - 1) / 2;
  std::vector<double> ln_p(edges_.size());
  for (size_t k = 0; k < edges_.size(); ++k) ln_p[k] = edges_[k].ln_p;
  std::vector<double> ln_q = BenjaminiHochbergSortedLn(ln_p, stats_.family_size);
  const double ln_alpha = std::log(params_.fdr);
  for (size_t k = 0; k < edges_.size(); ++k) {
    CoordEdge& e = edges_[k];
    e.ln_q = ln_q[k];
    e.significant = e.ln_q <= ln_alpha && e.weight >= params_.min_weight;
    stats_.significant_edges += e.significant;
  }
  stats_.edges = edges_.size();
  return absl::OkStatus();
}

}  // namespace sakimori::coord
