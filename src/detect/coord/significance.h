// File: detect/coord/significance.h
// Calibrated significance for co-action edges (docs/coordination.md, "Null model").
//
// Null model: accounts act independently. Account a places its n_a shares on objects in
// proportion to their popularity (p_o = n_o / N), so a shares o with probability
// min(1, n_a p_o); the times of two shares of o are drawn from o's own time profile, so they
// fall within the window with probability q_o, the observed share of o's share pairs that
// are within the window. The expected number of chance co-shares of a and b is
//     lambda_ab = sum_o min(1, n_a p_o) * min(1, n_b p_o) * q_o,
// and the observed count k_ab is compared with a Poisson(lambda_ab) upper tail,
// p = P(X >= k_ab). Popular objects (large p_o) and bursty objects (large q_o) give large
// expectations, so two fans of one viral post are not significant; rare objects give tiny
// ones, so a ring that repeatedly co-shares rare posts is. lambda_ab is evaluated in
// O(log #objects) with prefix sums over objects sorted by p_o.
// This is the "configuration model" expectation used for bipartite projections
// (Newman 2001, Phys. Rev. E 64:016132; Serrano, Boguna & Vespignani 2009, PNAS 106:6483 for
// edge-wise significance filtering), with q_o adding the time window.
//
// Multiple testing: the Benjamini-Hochberg step-up procedure (Benjamini & Hochberg 1995,
// J. R. Stat. Soc. B 57:289) over the family of all account pairs that could co-share
// (pairs never observed have p = 1), which controls the false discovery rate at alpha for
// independent or positively dependent tests.
#pragma once

#include <cstdint>
#include <vector>

#include "detect/coord/co_share.h"

namespace sakimori::coord {

class PopularityNull {
 public:
  explicit PopularityNull(const ActionPopularity& popularity);
  // lambda for accounts with n_a and n_b shares of this action.
  double Expected(uint32_t n_a, uint32_t n_b) const;

 private:
  // Sum over objects with p_o in [from, to) of f(p_o), for f in {q, p q, p^2 q}.
  double Sum(int which, double from, double to) const;

  std::vector<double> p_;  // ascending
  std::vector<double> prefix_q_, prefix_pq_, prefix_ppq_;  // size p_.size() + 1
};

// ln P(X >= k) for X ~ Poisson(lambda); 0 for k == 0; -inf when lambda == 0 and k > 0.
double PoissonUpperTailLn(uint64_t k, double lambda);

// Benjamini-Hochberg adjusted values in log space: ln_q[i] = ln of
// min(1, min over j with p_j >= p_i of p_j * family_size / rank_j). `family_size` >= the
// number of tests (untested hypotheses count as p = 1).
std::vector<double> BenjaminiHochbergLn(const std::vector<double>& ln_p, double family_size);

}  // namespace sakimori::coord
