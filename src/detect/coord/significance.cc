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

AudienceNull::AudienceNull(const std::vector<Share>& sorted,
                           const std::vector<AccountId>& object_author,
                           const std::vector<uint32_t>& authored_posts,
                           const ActionPopularity& pop) {
  auto author_of = [&](ObjectId o) {
    return o < object_author.size() ? object_author[o] : kNoAccount;
  };
  // (account, author) of every share with a known author, counted into per-account runs.
  std::vector<uint64_t> keys;
  AccountId account_bound = 0, author_bound = 0;
  for (const Share& s : sorted) {
    const AccountId author = author_of(s.object);
    if (author == kNoAccount) continue;
    keys.push_back((uint64_t{s.account} << 32) | author);
    account_bound = std::max(account_bound, s.account + 1);
    author_bound = std::max(author_bound, author + 1);
  }
  if (keys.empty()) return;
  std::sort(keys.begin(), keys.end());
  begin_.assign(size_t{account_bound} + 1, 0);
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    const auto account = static_cast<AccountId>(keys[i] >> 32);
    entries_.push_back(Entry{static_cast<AccountId>(keys[i] & 0xffffffffu),
                             static_cast<uint32_t>(j - i)});
    ++begin_[account + 1];
    i = j;
  }
  for (size_t a = 0; a < account_bound; ++a) begin_[a + 1] += begin_[a];

  // Per author: distinct posts acted on, and the sum of q_o over those with a pair of shares.
  std::vector<uint32_t> posts(author_bound, 0), timed(author_bound, 0);
  std::vector<double> q_sum(author_bound, 0);
  for (size_t o = 0; o < pop.object_shares.size(); ++o) {
    const AccountId author = author_of(static_cast<ObjectId>(o));
    if (author == kNoAccount || pop.object_shares[o] == 0) continue;
    ++posts[author];
    if (pop.object_shares[o] >= 2) {
      ++timed[author];
      q_sum[author] += pop.object_window_share[o];
    }
  }
  rate_.assign(author_bound, 0);
  for (size_t author = 0; author < author_bound; ++author) {
    if (timed[author] == 0) continue;
    const uint32_t wrote = author < authored_posts.size() ? authored_posts[author] : 0;
    rate_[author] = q_sum[author] / timed[author] / std::max(posts[author], wrote);
  }
}

namespace {

// The account of a pair whose authors are scattered (the one with more authors, ties to the
// smaller id); the other one's authors are gathered. Both forms of Expected use it, so they
// add the same terms in the same order.
inline bool ScatterFirst(uint32_t entries_a, uint32_t entries_b, AccountId a, AccountId b) {
  return entries_a != entries_b ? entries_a > entries_b : a < b;
}

}  // namespace

double AudienceNull::Expected(AccountId a, AccountId b) const {
  if (std::max(a, b) + size_t{1} >= begin_.size()) return 0;
  if (!ScatterFirst(begin_[a + 1] - begin_[a], begin_[b + 1] - begin_[b], a, b)) {
    std::swap(a, b);
  }
  const Entry* x = entries_.data() + begin_[a];  // scattered
  const Entry* x_end = entries_.data() + begin_[a + 1];
  const Entry* const y_begin = entries_.data() + begin_[b];  // gathered
  const Entry* y = y_begin;
  const Entry* y_end = entries_.data() + begin_[b + 1];
  double lane[4] = {0, 0, 0, 0};
  while (x != x_end && y != y_end) {
    if (x->author < y->author) {
      ++x;
    } else if (y->author < x->author) {
      ++y;
    } else {
      lane[(y - y_begin) & 3] += y->count * (x->count * rate_[x->author]);
      ++x;
      ++y;
    }
  }
  return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

std::vector<double> AudienceNull::Expected(const std::vector<uint64_t>& pairs) const {
  std::vector<double> lambda(pairs.size(), 0.0);
  if (entries_.empty()) return lambda;
  const size_t accounts = begin_.size() - 1;
  auto size = [&](AccountId a) { return begin_[a + 1] - begin_[a]; };
  // Each pair under the account whose authors are scattered; pairs with an account beyond
  // the range (no author known) stay 0.
  auto pivot = [&](uint64_t key, AccountId* other) {
    AccountId a = PairFirst(key), b = PairSecond(key);
    if (std::max(a, b) >= accounts) return kNoAccount;
    if (!ScatterFirst(size(a), size(b), a, b)) std::swap(a, b);
    *other = b;
    return a;
  };
  // Pair indices grouped by pivot (counting sort, stable).
  std::vector<uint32_t> start(accounts + 1, 0), order(pairs.size());
  AccountId other;
  for (uint64_t key : pairs) {
    const AccountId p = pivot(key, &other);
    if (p != kNoAccount) ++start[p + 1];
  }
  for (size_t a = 0; a < accounts; ++a) start[a + 1] += start[a];
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const AccountId p = pivot(pairs[i], &other);
    if (p != kNoAccount) order[fill[p]++] = static_cast<uint32_t>(i);
  }
  std::vector<double> weight(rate_.size(), 0.0);  // m_a(A) q_A / P_A of the current pivot
  for (size_t a = 0; a < accounts; ++a) {
    if (start[a] == start[a + 1]) continue;
    for (uint32_t k = begin_[a]; k < begin_[a + 1]; ++k) {
      weight[entries_[k].author] = entries_[k].count * rate_[entries_[k].author];
    }
    for (uint32_t j = start[a]; j < start[a + 1]; ++j) {
      pivot(pairs[order[j]], &other);
      // Four partial sums (by position in the list) break the chain of dependent adds.
      double lane[4] = {0, 0, 0, 0};
      const uint32_t first = begin_[other], last = begin_[other + 1];
      for (uint32_t k = first; k < last; ++k) {
        lane[(k - first) & 3] += entries_[k].count * weight[entries_[k].author];
      }
      lambda[order[j]] = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    }
    for (uint32_t k = begin_[a]; k < begin_[a + 1]; ++k) weight[entries_[k].author] = 0;
  }
  return lambda;
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
