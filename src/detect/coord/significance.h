// File: detect/coord/significance.h
// Calibrated significance for co-action edges (docs/coordination.md, "Null model").
//
// Null model: accounts act independently. Account a places its n_a shares of the action on
// objects in proportion to their popularity, p_o = n_o / N (N = all shares), so it makes
// n_a p_o shares of o in expectation; the times of two shares of o are drawn from o's own
// time profile, so a pair of them falls within the window with probability q_o, the observed
// share of o's share pairs that are within the window. The expected number of pairs of
// shares of a and b within the window is then
//     lambda_ab = n_a * n_b * S,   S = sum_o p_o^2 q_o,
// and the observed count k_ab (co-share bursts, which never exceed such pairs, so the test
// is conservative) is compared with a Poisson(lambda_ab) upper tail, p = P(X >= k_ab).
// Popular objects (large p_o) and bursty objects (large q_o) make S large, active accounts
// make n_a n_b large: two fans of one viral post are not significant, while a ring that
// repeatedly co-shares rare posts is. This is the expected co-occurrence of the
// configuration model for bipartite projections (Newman 2001, Phys. Rev. E 64:016132;
// edge-wise significance filtering as in Serrano, Boguna & Vespignani 2009, PNAS 106:6483),
// with q_o adding the time window. Evaluating lambda is O(1) per edge.
//
// Audience null (AudienceNull below): the popularity null treats every object alike, so the
// audience of one author (fans acting on nearly every post of their idol within seconds)
// looks coordinated. The audience null conditions on whose posts each account acts on.
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
  double Expected(uint32_t n_a, uint32_t n_b) const {
    return static_cast<double>(n_a) * static_cast<double>(n_b) * s_;
  }
  // S = sum_o p_o^2 q_o.
  double s() const { return s_; }

 private:
  double s_ = 0;
};

// The audience null for one action on posts. Account a acts m_a(A) times on posts of
// author A and spreads those actions uniformly over A's P_A posts (P_A = the larger of the
// posts A wrote in the input and A's distinct posts acted on), so two actions of a and b
// meet on a given post of A with probability 1/P_A^2, and are then within the window with
// probability q_o (as in the popularity null above). Posts with fewer than two shares have no
// measured q_o and take q_A, the mean q_o of A's posts that have one (each post weighs the
// same, as each is equally likely under the null; a mean over share pairs would be ruled by
// the most shared posts, which are the pushed ones). Summed over A's posts:
//     lambda_ab = sum over authors A of m_a(A) m_b(A) q_A / P_A.
// An audience acting on all of A's posts (m_a(A) ~ P_A) co-acts about as often as this
// expects; a ring tasked with a few chosen posts of A co-acts on them far more often than a
// uniform choice among A's posts gives. Shares of posts whose author is unknown contribute
// nothing, so on data without authors (CooRTweet tables) the null is empty and the detector
// falls back to the popularity null alone; it uses max(popularity, audience) per action.
// Memory: one entry per distinct (account, author) pair. Expected for one pair merges the
// two accounts' author lists; the batch form costs the shorter list per pair.
class AudienceNull {
 public:
  // `sorted`: the action's shares (after the participation filter); `object_author[o]`: the
  // author of object o, kNoAccount or out of range when unknown; `authored_posts[a]`: posts
  // account a wrote (may be shorter than the account range); `pop`: the same action's
  // popularity (object_shares, object_window_share).
  AudienceNull(const std::vector<Share>& sorted, const std::vector<AccountId>& object_author,
               const std::vector<uint32_t>& authored_posts, const ActionPopularity& pop);
  // True when no share had a known author.
  bool empty() const { return entries_.empty(); }
  // lambda_ab for one pair (symmetric).
  double Expected(AccountId a, AccountId b) const;
  // lambda for each pair of `pairs` (PairKey), equal to Expected pair by pair but computed
  // account by account: of each pair, the account with more authors is the pivot; a pivot's
  // authors are scattered into a dense array once, and each of its pairs gathers over the
  // other account's (shorter) author list, without search. Large inputs use two threads,
  // split by pivot (the result is the same).
  std::vector<double> Expected(const std::vector<uint64_t>& pairs) const;

 private:
  struct Entry {
    uint32_t author;  // the author's slot: authors numbered by shares of their posts, most first
    uint32_t count;   // m_a(A)
  };
  std::vector<uint32_t> begin_;  // per account: its entries are [begin_[a], begin_[a + 1])
  std::vector<Entry> entries_;   // by account, then author slot
  std::vector<double> rate_;     // q_A / P_A per author slot
};

// ln P(X >= k) for X ~ Poisson(lambda); 0 for k == 0; -inf when lambda == 0 and k > 0.
double PoissonUpperTailLn(uint64_t k, double lambda);

// The same for ln p-values already sorted ascending (O(n)).
std::vector<double> BenjaminiHochbergSortedLn(const std::vector<double>& sorted_ln_p,
                                              double family_size);

// Benjamini-Hochberg adjusted values in log space: ln_q[i] = ln of
// min(1, min over j with p_j >= p_i of p_j * family_size / rank_j). `family_size` >= the
// number of tests (untested hypotheses count as p = 1).
std::vector<double> BenjaminiHochbergLn(const std::vector<double>& ln_p, double family_size);

}  // namespace sakimori::coord
