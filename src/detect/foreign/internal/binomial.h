// File: detect/foreign/internal/binomial.h
// The upper tail of the binomial distribution, the null test shared by the group signals
// (creation waves, script anomalies, shared domains): how likely k or more of n trials
// succeed when each does with probability p.
#pragma once

#include <cstdint>

namespace sakimori::foreign::internal {

// P[X >= k] for X ~ Binomial(n, p), computed in log space term by term from k (exact up to
// rounding; O(n - k) terms, stopping once terms no longer matter). 1 for k <= 0; 0 for k > n.
// p is clamped to [0, 1].
double BinomialUpperTail(uint64_t n, uint64_t k, double p);

}  // namespace sakimori::foreign::internal
