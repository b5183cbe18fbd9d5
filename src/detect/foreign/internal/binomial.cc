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
  const double lg_n = std::lgamma(dn + 1);
  auto log_term = [&](uint64_t i) {
    double di = static_cast<double>(i);
    return lg_n - std::lgamma(di + 1) - std::lgamma(dn - di + 1) + di * lp + (dn - di) * lq;
  };
  // Sums the tail that lies away from the mode, where the terms fall from the first one, so
  // the loop stops after O(sqrt(n p (1 - p))) terms at most whatever n is: P[X >= k] directly
  // when k is above the mode, else 1 - P[X <= k - 1] (then at least about 1/2, so no
  // cancellation matters).
  auto tail = [&](uint64_t from, uint64_t to, bool up) {
    const double first = log_term(from);
    double sum = 0.0;
    for (uint64_t i = from;; up ? ++i : --i) {
      double lt = i == from ? first : log_term(i);
      if (lt < first - 40.0) break;
      sum += std::exp(lt - first);
      if (i == to) break;
    }
    return std::exp(first + std::log(sum));
  };
  const double mode = std::floor((dn + 1) * p);
  if (static_cast<double>(k) > mode) return std::min(1.0, tail(k, n, true));
  return std::clamp(1.0 - tail(k - 1, 0, false), 0.0, 1.0);
}

}  // namespace sakimori::foreign::internal
