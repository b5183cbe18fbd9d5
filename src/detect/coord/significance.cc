// File: detect/coord/significance.cc
#include "detect/coord/significance.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

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
  // Authors are renumbered into slots by how many shares their posts got (most first), so
  // the weights of the authors that most accounts act on share a few cache lines in the
  // batch form's gather.
  AccountId account_bound = 0, author_bound = 0;
  for (const Share& s : sorted) {
    const AccountId author = author_of(s.object);
    if (author == kNoAccount) continue;
    account_bound = std::max(account_bound, s.account + 1);
    author_bound = std::max(author_bound, author + 1);
  }
  if (author_bound == 0) return;
  std::vector<uint32_t> author_shares(author_bound, 0), per_account(size_t{account_bound} + 1, 0);
  for (const Share& s : sorted) {
    const AccountId author = author_of(s.object);
    if (author == kNoAccount) continue;
    ++author_shares[author];
    ++per_account[s.account + 1];
  }
  std::vector<AccountId> by_shares;
  for (AccountId a = 0; a < author_bound; ++a) {
    if (author_shares[a] > 0) by_shares.push_back(a);
  }
  std::sort(by_shares.begin(), by_shares.end(), [&](AccountId x, AccountId y) {
    return author_shares[x] != author_shares[y] ? author_shares[x] > author_shares[y] : x < y;
  });
  std::vector<uint32_t> slot_of(author_bound, 0);
  for (uint32_t k = 0; k < by_shares.size(); ++k) slot_of[by_shares[k]] = k;

  // Each account's slots in ascending order, by two stable counting sorts (by slot, then by
  // account), then counted into per-account runs.
  std::vector<uint32_t> by_slot_start(by_shares.size() + 1, 0);
  for (size_t k = 0; k < by_shares.size(); ++k) {
    by_slot_start[k + 1] = by_slot_start[k] + author_shares[by_shares[k]];
  }
  std::vector<AccountId> accounts_by_slot(by_slot_start.back());
  {
    std::vector<uint32_t> fill(by_slot_start.begin(), by_slot_start.end() - 1);
    for (const Share& s : sorted) {
      const AccountId author = author_of(s.object);
      if (author != kNoAccount) accounts_by_slot[fill[slot_of[author]]++] = s.account;
    }
  }
  for (size_t a = 0; a < account_bound; ++a) per_account[a + 1] += per_account[a];
  std::vector<uint32_t> slots(per_account[account_bound]);
  {
    std::vector<uint32_t> fill(per_account.begin(), per_account.end() - 1);
    for (uint32_t k = 0; k < by_shares.size(); ++k) {
      for (uint32_t i = by_slot_start[k]; i < by_slot_start[k + 1]; ++i) {
        slots[fill[accounts_by_slot[i]]++] = k;
      }
    }
  }
  accounts_by_slot = std::vector<AccountId>();
  begin_.assign(size_t{account_bound} + 1, 0);
  for (size_t a = 0; a < account_bound; ++a) {
    const auto first = slots.begin() + per_account[a], last = slots.begin() + per_account[a + 1];
    for (auto i = first; i != last;) {
      auto j = i;
      while (j != last && *j == *i) ++j;
      entries_.push_back(Entry{*i, static_cast<uint32_t>(j - i)});
      i = j;
    }
    begin_[a + 1] = static_cast<uint32_t>(entries_.size());
  }

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
  rate_.assign(by_shares.size(), 0);
  for (uint32_t k = 0; k < by_shares.size(); ++k) {
    const AccountId author = by_shares[k];
    if (timed[author] == 0) continue;
    const uint32_t wrote = author < authored_posts.size() ? authored_posts[author] : 0;
    rate_[k] = q_sum[author] / timed[author] / std::max(posts[author], wrote);
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
  // Pair indices grouped by pivot, the account whose authors are scattered (counting sort,
  // stable); pairs with an account beyond the range (no author known) stay 0. `load` counts
  // the entries each pivot's pairs gather.
  std::vector<uint32_t> start(accounts + 1, 0), pivots(pairs.size(), kNoAccount);
  std::vector<uint64_t> load(accounts, 0);
  for (size_t i = 0; i < pairs.size(); ++i) {
    const AccountId a = PairFirst(pairs[i]), b = PairSecond(pairs[i]);
    if (std::max(a, b) >= accounts) continue;
    const uint32_t size_a = size(a), size_b = size(b);
    const bool a_pivot = ScatterFirst(size_a, size_b, a, b);
    pivots[i] = a_pivot ? a : b;
    ++start[pivots[i] + 1];
    load[pivots[i]] += a_pivot ? size_b : size_a;
  }
  for (size_t a = 0; a < accounts; ++a) start[a + 1] += start[a];
  std::vector<uint32_t> order(start[accounts]);
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (pivots[i] != kNoAccount) order[fill[pivots[i]]++] = static_cast<uint32_t>(i);
    }
  }
  pivots = std::vector<uint32_t>();

  // Pivots [from, to): each pair's lambda is written once, by the one thread owning its
  // pivot, so the result does not depend on the split.
  // `weight`: rate_.size() zeros, m_a(A) q_A / P_A of the current pivot while it runs.
  auto run = [&](size_t from, size_t to, std::vector<double>& weight) {
    for (size_t a = from; a < to; ++a) {
      if (start[a] == start[a + 1]) continue;
      for (uint32_t k = begin_[a]; k < begin_[a + 1]; ++k) {
        weight[entries_[k].author] = entries_[k].count * rate_[entries_[k].author];
      }
      for (uint32_t j = start[a]; j < start[a + 1]; ++j) {
        const AccountId x = PairFirst(pairs[order[j]]), y = PairSecond(pairs[order[j]]);
        const AccountId other = x == a ? y : x;
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
  };
  // Large inputs: two threads take chunks of pivots of about equal work, in any order; each
  // pair is computed by exactly one of them, so the result is the same.
  uint64_t work = 0;
  for (size_t a = 0; a < accounts; ++a) {
    if (start[a] == start[a + 1]) continue;
    load[a] += 2 * uint64_t{size(static_cast<AccountId>(a))} + 16 * (start[a + 1] - start[a]);
    work += load[a];
  }
  if (work < (uint64_t{1} << 22)) {
    std::vector<double> weight(rate_.size(), 0.0);
    run(0, accounts, weight);
    return lambda;
  }
  std::vector<size_t> chunk_end;  // chunk c covers pivots [chunk_end[c - 1], chunk_end[c])
  const uint64_t per_chunk = work / 64 + 1;
  uint64_t done = 0;
  for (size_t a = 0; a < accounts; ++a) {
    done += load[a];
    if (done >= per_chunk * (chunk_end.size() + 1)) chunk_end.push_back(a + 1);
  }
  if (chunk_end.empty() || chunk_end.back() != accounts) chunk_end.push_back(accounts);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    std::vector<double> weight(rate_.size(), 0.0);
    for (size_t c; (c = next.fetch_add(1)) < chunk_end.size();) {
      run(c == 0 ? 0 : chunk_end[c - 1], chunk_end[c], weight);
    }
  };
  std::thread second(worker);
  worker();
  second.join();
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
