// File: detect/coord/significance.cc
#include "detect/coord/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sakimori::coord {

PopularityNull::PopularityNull(const ActionPopularity& pop) {
  const double n = static_cast<double>(pop.total_shares);
  std::vector<std::pair<double, double>> pq;  // (p_o, q_o)
  for (size_t o = 0; o < pop.object_shares.size(); ++o) {
    if (pop.object_shares[o] < 2 || pop.object_window_share[o] <= 0) continue;
    pq.emplace_back(pop.object_shares[o] / n, pop.object_window_share[o]);
  }
  std::sort(pq.begin(), pq.end());
  p_.reserve(pq.size());
  prefix_q_.assign(pq.size() + 1, 0);
  prefix_pq_.assign(pq.size() + 1, 0);
  prefix_ppq_.assign(pq.size() + 1, 0);
  for (size_t i = 0; i < pq.size(); ++i) {
    auto [p, q] = pq[i];
    p_.push_back(p);
    prefix_q_[i + 1] = prefix_q_[i] + q;
    prefix_pq_[i + 1] = prefix_pq_[i] + p * q;
    prefix_ppq_[i + 1] = prefix_ppq_[i] + p * p * q;
  }
}

double PopularityNull::Sum(int which, double from, double to) const {
  size_t lo = std::lower_bound(p_.begin(), p_.end(), from) - p_.begin();
  size_t hi = std::lower_bound(p_.begin(), p_.end(), to) - p_.begin();
  if (hi <= lo) return 0;
  const std::vector<double>& prefix =
      which == 0 ? prefix_q_ : (which == 1 ? prefix_pq_ : prefix_ppq_);
  return prefix[hi] - prefix[lo];
}

double PopularityNull::Expected(uint32_t n_a, uint32_t n_b) const {
  if (n_a == 0 || n_b == 0 || p_.empty()) return 0;
  if (n_a > n_b) std::swap(n_a, n_b);
  const double na = n_a, nb = n_b;
  const double t_b = 1.0 / nb, t_a = 1.0 / na;  // t_b <= t_a
  const double inf = std::numeric_limits<double>::infinity();
  double lambda = na * nb * Sum(2, 0, t_b) + na * Sum(1, t_b, t_a) + Sum(0, t_a, inf);
  return std::max(lambda, 0.0);
}

double PoissonUpperTailLn(uint64_t k, double lambda) {
  if (k == 0) return 0;
  if (lambda <= 0) return -std::numeric_limits<double>::infinity();
  const double kd = static_cast<double>(k);
  const double ln_lambda = std::log(lambda);
  auto ln_pmf = [&](double j) { return j * ln_lambda - lambda - std::lgamma(j + 1); };
  if (lambda < kd) {
    // P(X >= k) = pmf(k) * sum_{j>=0} lambda^j k! / (k+j)!; the ratio lambda/(k+j) < 1.
    double sum = 1, term = 1;
    for (uint64_t j = 1; j < 1000000; ++j) {
      term *= lambda / (kd + static_cast<double>(j));
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return ln_pmf(kd) + std::log(sum);
  }
  // P(X >= k) = 1 - P(X <= k-1), not small here.
  double cdf = 0;
  for (uint64_t j = 0; j < k; ++j) cdf += std::exp(ln_pmf(static_cast<double>(j)));
  return std::log(std::max(1.0 - cdf, std::numeric_limits<double>::min()));
}

std::vector<double> BenjaminiHochbergLn(const std::vector<double>& ln_p, double family_size) {
  const size_t n = ln_p.size();
  std::vector<double> ln_q(n, 0.0);
  if (n == 0) return ln_q;
  family_size = std::max(family_size, static_cast<double>(n));
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ln_p[a] < ln_p[b]; });
  const double ln_m = std::log(family_size);
  double running = 0;  // ln 1
  for (size_t r = n; r-- > 0;) {
    double v = ln_p[order[r]] + ln_m - std::log(static_cast<double>(r + 1));
    running = std::min(running, v);
    ln_q[order[r]] = running;
  }
  return ln_q;
}

}  // namespace sakimori::coord
