// File: detect/coord/significance.cc
#include "detect/coord/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sakimori::coord {

PopularityNull::PopularityNull(const ActionPopularity& pop) {
  const double n = static_cast<double>(pop.total_shares);
  if (n <= 0) return;
  double sum = 0;
  for (size_t o = 0; o < pop.object_shares.size(); ++o) {
    const double p = pop.object_shares[o] / n;
    sum += p * p * pop.object_window_share[o];
  }
  s_ = sum;
}

double PoissonUpperTailLn(uint64_t k, double lambda) {
  if (k == 0) return 0;
  if (lambda <= 0) return -std::numeric_limits<double>::infinity();
  if (k == 1) return std::log(-std::expm1(-lambda));  // 1 - e^-lambda
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

std::vector<double> BenjaminiHochbergSortedLn(const std::vector<double>& sorted_ln_p,
                                              double family_size) {
  const size_t n = sorted_ln_p.size();
  std::vector<double> ln_q(n, 0.0);
  family_size = std::max(family_size, static_cast<double>(n));
  const double ln_m = std::log(family_size);
  double running = 0;
  for (size_t r = n; r-- > 0;) {
    running = std::min(running, sorted_ln_p[r] + ln_m - std::log(static_cast<double>(r + 1)));
    ln_q[r] = running;
  }
  return ln_q;
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
