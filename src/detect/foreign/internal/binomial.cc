// File: detect/foreign/internal/binomial.cc
#include "detect/foreign/internal/binomial.h"

#include <algorithm>
#include <cmath>

namespace sakimori::foreign::internal {

double BinomialUpperTail(uint64_t n, uint64_t k, double p) {
  if (k == 0) return 1.0;
  if (k > n) return 0.0;
  p = std::clamp(p, 0.0, 1.0);
  if (p <= 0.0) return 0.0;
  if (p >= 1.0) return 1.0;
  const double dn = static_cast<double>(n);
  const double lp = std::log(p), lq = std::log1p(-p);
  auto log_term = [&](uint64_t i) {
    double di = static_cast<double>(i);
    return std::lgamma(dn + 1) - std::lgamma(di + 1) - std::lgamma(dn - di + 1) + di * lp +
           (dn - di) * lq;
  };
  // Past the mode the terms fall; below it the tail is at least 1/2 in practice, but sum
  // exactly either way, relative to the largest term seen.
  double first = log_term(k);
  double sum = 0.0, max_log = first;
  for (uint64_t i = k; i <= n; ++i) {
    double lt = i == k ? first : log_term(i);
    if (lt > max_log) {
      sum *= std::exp(max_log - lt);
      max_log = lt;
    }
    sum += std::exp(lt - max_log);
    if (lt < max_log - 40.0 && static_cast<double>(i) > dn * p) break;
  }
  return std::min(1.0, std::exp(max_log + std::log(sum)));
}

}  // namespace sakimori::foreign::internal
