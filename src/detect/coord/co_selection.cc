// File: detect/coord/co_selection.cc
#include "detect/coord/co_selection.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/container/flat_hash_map.h"

#include "detect/coord/groups.h"
#include "detect/coord/significance.h"

namespace sakimori::coord {

namespace {

constexpr uint32_t kNone = UINT32_MAX;
// Object pairs are kept for the Benjamini-Hochberg cut only when they could pass it with up
// to this many discoveries: p <= fdr * kMaxDiscoveries / family.
constexpr double kMaxDiscoveries = 1e6;

// Compressed lists: the items of row r are items[begin[r] .. begin[r + 1]).
struct Rows {
  std::vector<uint64_t> begin;
  std::vector<uint32_t> items;
  size_t size(size_t r) const { return begin[r + 1] - begin[r]; }
  const uint32_t* row(size_t r) const { return items.data() + begin[r]; }
};

// How many of `tests`, sorted by ln p, pass Benjamini-Hochberg at `fdr` over `family`.
template <typename T, typename LnP>
size_t PassingPrefix(const std::vector<T>& tests, LnP ln_p_of, double family, double fdr) {
  std::vector<double> ln_p(tests.size());
  for (size_t t = 0; t < tests.size(); ++t) ln_p[t] = ln_p_of(tests[t]);
  const std::vector<double> ln_q = BenjaminiHochbergSortedLn(ln_p, family);
  const double ln_alpha = std::log(fdr);
  size_t keep = 0;
  while (keep < ln_q.size() && ln_q[keep] <= ln_alpha) ++keep;
  return keep;
}

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

StatusOr<CoSelectionResult> DetectCoSelection(const ActionShares& shares,
                                              const std::vector<uint32_t>& authored_posts,
                                              const CoSelectionParams& params,
                                              const LeidenParams& leiden_params) {
  if (!(params.fdr > 0 && params.fdr < 1)) {
    return absl::InvalidArgumentError("co-selection fdr must be in (0, 1)");
  }
  if (params.min_object_accounts < 2 || params.min_shared < 1 || params.min_group_objects < 2 ||
      params.min_member_objects < 1 || params.max_account_objects < 1 ||
      !(params.min_member_share >= 0 && params.min_member_share <= 1)) {
    return absl::InvalidArgumentError(
        "co-selection needs min_object_accounts >= 2, min_group_objects >= 2, positive "
        "minima and min_member_share in [0, 1]");
  }
  CoSelectionResult result;
  CoSelectionStats& stats = result.stats;

  // Distinct (object, account) pairs, by object then account.
  std::vector<uint64_t> acted;
  acted.reserve(shares.shares.size());
  uint32_t account_bound = 0;
  for (const Share& s : shares.shares) {
    acted.push_back(uint64_t{s.object} << 32 | s.account);
    account_bound = std::max(account_bound, s.account + 1);
  }
  std::sort(acted.begin(), acted.end());
  acted.erase(std::unique(acted.begin(), acted.end()), acted.end());
  const auto object_of = [](uint64_t x) { return static_cast<ObjectId>(x >> 32); };
  const auto account_of = [](uint64_t x) { return static_cast<AccountId>(x & 0xffffffffu); };

  // Eligible objects, numbered 0..E-1 in object order.
  std::vector<uint32_t> object_accounts(shares.objects.size(), 0);
  for (uint64_t x : acted) ++object_accounts[object_of(x)];
  std::vector<uint32_t> eligible_index(shares.objects.size(), kNone);
  std::vector<ObjectId> eligible;
  for (size_t o = 0; o < object_accounts.size(); ++o) {
    if (object_accounts[o] >= params.min_object_accounts) {
      eligible_index[o] = static_cast<uint32_t>(eligible.size());
      eligible.push_back(static_cast<ObjectId>(o));
    }
  }
  const size_t num_eligible = eligible.size();
  stats.eligible_objects = num_eligible;
  std::vector<uint32_t> degree(account_bound, 0);  // d_a over eligible objects
  for (uint64_t x : acted) degree[account_of(x)] += eligible_index[object_of(x)] != kNone;
  const auto included = [&](AccountId a) {
    return degree[a] > 0 && degree[a] <= params.max_account_objects;
  };
  for (uint32_t d : degree) {
    stats.accounts += d > 0;
    stats.accounts_over_cap += d > params.max_account_objects;
  }

  // Per eligible object its included accounts, per account its eligible objects (ascending:
  // `acted` is by object).
  Rows by_object, by_account;
  by_object.begin.assign(num_eligible + 1, 0);
  by_account.begin.assign(size_t{account_bound} + 1, 0);
  for (uint64_t x : acted) {
    const uint32_t e = eligible_index[object_of(x)];
    if (e == kNone || !included(account_of(x))) continue;
    ++by_object.begin[e + 1];
    ++by_account.begin[size_t{account_of(x)} + 1];
  }
  std::partial_sum(by_object.begin.begin(), by_object.begin.end(), by_object.begin.begin());
  std::partial_sum(by_account.begin.begin(), by_account.begin.end(), by_account.begin.begin());
  by_object.items.resize(by_object.begin.back());
  by_account.items.resize(by_account.begin.back());
  {
    std::vector<uint64_t> next_o(by_object.begin.begin(), by_object.begin.end() - 1);
    std::vector<uint64_t> next_a(by_account.begin.begin(), by_account.begin.end() - 1);
    for (uint64_t x : acted) {
      const uint32_t e = eligible_index[object_of(x)];
      const AccountId a = account_of(x);
      if (e == kNone || !included(a)) continue;
      by_object.items[next_o[e]++] = a;
      by_account.items[next_a[a]++] = e;
    }
  }
  const auto author_of_object = [&](ObjectId o) {
    return o < shares.object_author.size() ? shares.object_author[o] : kNoAccount;
  };
  const auto author_of = [&](uint32_t e) { return author_of_object(eligible[e]); };
  // The audience null's weights: per entry of by_account, m_a(X) / P_X for the object's
  // author X (0 when unknown), with m_a(X) the distinct posts of X that a acted on and P_X
  // the posts X wrote or, if more, the distinct posts of X acted on.
  std::vector<double> audience(by_account.items.size(), 0.0);
  {
    absl::flat_hash_map<AccountId, uint32_t> author_posts;           // distinct posts acted on
    absl::flat_hash_map<uint64_t, uint32_t> account_author_posts;    // (a, X) -> m_a(X)
    ObjectId last_object = kNone;
    for (uint64_t x : acted) {
      const ObjectId o = object_of(x);
      const AccountId author = author_of_object(o);
      if (author == kNoAccount) continue;
      if (o != last_object) ++author_posts[author];
      last_object = o;
      ++account_author_posts[uint64_t{account_of(x)} << 32 | author];
    }
    for (AccountId a = 0; a < account_bound; ++a) {
      for (uint64_t k = by_account.begin[a]; k < by_account.begin[size_t{a} + 1]; ++k) {
        const AccountId author = author_of(by_account.items[k]);
        if (author == kNoAccount) continue;
        const double written = author < authored_posts.size() ? authored_posts[author] : 0;
        const double posts = std::max(written, static_cast<double>(author_posts[author]));
        audience[k] = account_author_posts[uint64_t{a} << 32 | author] / posts;
      }
    }
  }

  // The null model's n_e, S_e and D.
  std::vector<double> n(num_eligible), s(num_eligible);
  double total = 0;
  for (size_t e = 0; e < num_eligible; ++e) {
    n[e] = static_cast<double>(by_object.size(e));
    double sum = 0;
    for (const uint32_t* a = by_object.row(e); a != by_object.row(e) + by_object.size(e); ++a) {
      sum += static_cast<double>(degree[*a]) - 1;
    }
    s[e] = sum;
    total += n[e];
  }
  const double family =
      std::max(1.0, static_cast<double>(num_eligible) * (static_cast<double>(num_eligible) - 1) / 2);
  stats.family = family;

  // Object pairs: each eligible object in turn counts the objects after it that share its
  // accounts (a scatter into `shared`), then tests them.
  const double ln_cut = std::log(params.fdr * kMaxDiscoveries / family);
  std::vector<CoSelectedPair> tests;
  std::vector<uint32_t> shared(num_eligible, 0), touched;
  std::vector<double> expected_audience(num_eligible, 0.0);
  for (uint32_t i = 0; i < num_eligible; ++i) {
    for (const uint32_t* a = by_object.row(i); a != by_object.row(i) + by_object.size(i); ++a) {
      const uint32_t* first = by_account.row(*a);
      const uint32_t* last = first + by_account.size(*a);
      const uint32_t* after = std::upper_bound(first, last, i);  // i itself is at after - 1
      const double* w = audience.data() + by_account.begin[*a];
      const double w_i = w[after - 1 - first];
      for (const uint32_t* j = after; j != last; ++j) {
        if (shared[*j]++ == 0) touched.push_back(*j);
        expected_audience[*j] += w_i * w[j - first];
      }
    }
    const AccountId author_i = author_of(i);
    for (uint32_t j : touched) {
      const uint32_t k = shared[j];
      const double lambda_audience = expected_audience[j];
      shared[j] = 0;
      expected_audience[j] = 0;
      ++stats.pairs_counted;
      if (k < params.min_shared) continue;
      if (author_i != kNoAccount && author_i == author_of(j)) continue;
      ++stats.pairs_tested;
      const double lambda =
          std::max((s[i] * n[j] + s[j] * n[i]) / (2 * total), lambda_audience);
      // P(X >= k) >= P(X = k): a pair whose point probability is above the cut cannot pass.
      if (lambda > 0 && k * std::log(lambda) - lambda - std::lgamma(k + 1.0) > ln_cut) continue;
      const double ln_p = PoissonUpperTailLn(k, lambda);
      if (ln_p > ln_cut) continue;
      tests.push_back(CoSelectedPair{i, j, k, lambda, ln_p});
    }
    touched.clear();
  }
  std::sort(tests.begin(), tests.end(), [](const CoSelectedPair& x, const CoSelectedPair& y) {
    if (x.ln_p != y.ln_p) return x.ln_p < y.ln_p;
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  tests.resize(PassingPrefix(tests, [](const CoSelectedPair& t) { return t.ln_p; }, family,
                             params.fdr));
  stats.significant_pairs = tests.size();

  // Object groups: the components of the significant pairs; a component of more than
  // `split_objects` objects (where chance pairs chain unrelated clusters together) is split
  // by Leiden over its pairs weighted by -log10 p. Smaller components are kept whole:
  // modularity would split even a perfect clique when it is the whole graph.
  std::vector<uint32_t> parent(num_eligible);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const CoSelectedPair& p : tests) {
    const uint32_t x = Find(parent, p.a), y = Find(parent, p.b);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);
  }
  std::vector<std::vector<ObjectId>> groups;
  {
    std::vector<uint32_t> component_size(num_eligible, 0);
    for (uint32_t e = 0; e < num_eligible; ++e) ++component_size[Find(parent, e)];
    absl::flat_hash_map<uint32_t, size_t> whole;  // root -> groups index
    std::vector<WeightedEdge> split_edges;
    for (const CoSelectedPair& p : tests) {
      if (component_size[Find(parent, p.a)] > params.split_objects) {
        split_edges.push_back(WeightedEdge{eligible[p.a], eligible[p.b], -p.ln_p / std::log(10.0)});
      }
    }
    for (uint32_t e = 0; e < num_eligible; ++e) {
      const uint32_t root = Find(parent, e);
      if (component_size[root] < 2 || component_size[root] > params.split_objects) continue;
      auto [it, fresh] = whole.try_emplace(root, groups.size());
      if (fresh) groups.emplace_back();
      groups[it->second].push_back(eligible[e]);
    }
    if (!split_edges.empty()) {
      ASSIGN_OR_RETURN(GroupAssignment leiden,
                       LeidenGroups(split_edges, shares.objects, leiden_params));
      std::vector<std::vector<ObjectId>> by_group(leiden.num_groups);
      for (const auto& [object, g] : leiden.members) by_group[g].push_back(object);
      for (auto& objects : by_group) groups.push_back(std::move(objects));
    }
  }
  std::erase_if(groups, [&](const std::vector<ObjectId>& g) {
    return g.size() < params.min_group_objects;
  });
  for (auto& objects : groups) std::sort(objects.begin(), objects.end());
  std::sort(groups.begin(), groups.end(),
            [](const auto& x, const auto& y) { return x.front() < y.front(); });
  std::vector<uint32_t> group_of(num_eligible, kNone);
  for (auto& objects : groups) {
    for (ObjectId o : objects) {
      group_of[eligible_index[o]] = static_cast<uint32_t>(result.groups.size());
    }
    result.groups.emplace_back();
    result.groups.back().objects = std::move(objects);
  }

  // Members: per account, its hits per group with their authors.
  std::vector<double> group_accounts(result.groups.size(), 0);  // N_G
  for (uint32_t e = 0; e < num_eligible; ++e) {
    if (group_of[e] != kNone) group_accounts[group_of[e]] += n[e];
  }
  struct Candidate {
    uint32_t group;
    CoSelectionMember member;
  };
  std::vector<Candidate> candidates;
  double member_family = 0;
  struct Hit {
    uint32_t group;
    AccountId author;
  };
  std::vector<Hit> hits;
  for (AccountId a = 0; a < account_bound; ++a) {
    hits.clear();
    for (const uint32_t* e = by_account.row(a); e != by_account.row(a) + by_account.size(a); ++e) {
      if (group_of[*e] != kNone) hits.push_back(Hit{group_of[*e], author_of(*e)});
    }
    if (hits.empty()) continue;
    std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
      return x.group != y.group ? x.group < y.group : x.author < y.author;
    });
    for (size_t b = 0; b < hits.size();) {
      size_t end = b;
      uint32_t authors = 0;
      bool unknown = false;
      for (; end < hits.size() && hits[end].group == hits[b].group; ++end) {
        if (hits[end].author == kNoAccount) {
          unknown = true;
        } else if (end == b || hits[end].author != hits[end - 1].author) {
          ++authors;
        }
      }
      ++member_family;
      const uint32_t h = static_cast<uint32_t>(end - b);
      // One author's audience engages with that author's posts: a known single author is
      // not enough.
      if (h >= params.min_member_objects && (authors >= 2 || (authors == 0 && unknown))) {
        CoSelectionMember m;
        m.account = a;
        m.hits = h;
        m.authors = authors;
        m.expected = static_cast<double>(degree[a]) * group_accounts[hits[b].group] / total;
        m.ln_p = PoissonUpperTailLn(h, m.expected);
        candidates.push_back(Candidate{hits[b].group, m});
      }
      b = end;
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.member.ln_p != y.member.ln_p) return x.member.ln_p < y.member.ln_p;
    return x.member.account != y.member.account ? x.member.account < y.member.account
                                                : x.group < y.group;
  });
  const size_t passing =
      PassingPrefix(candidates, [](const Candidate& c) { return c.member.ln_p; },
                    std::max(1.0, member_family), params.fdr);
  for (size_t c = 0; c < passing; ++c) {
    result.groups[candidates[c].group].members.push_back(candidates[c].member);
  }
  // A group stands when its members made at least min_member_share of its objects'
  // accounts (an operation's targets are engaged mostly by the operation; posts that share
  // the crowd of a news event or a viral moment are not).
  std::vector<CoSelectionGroup> kept;
  for (CoSelectionGroup& g : result.groups) {
    std::sort(g.members.begin(), g.members.end(),
              [](const CoSelectionMember& x, const CoSelectionMember& y) {
                return x.account < y.account;
              });
    double member_hits = 0, accounts = 0;
    for (const CoSelectionMember& m : g.members) member_hits += m.hits;
    std::vector<AccountId> authors;
    for (ObjectId o : g.objects) {
      accounts += n[eligible_index[o]];
      const AccountId author = author_of(eligible_index[o]);
      if (author != kNoAccount) authors.push_back(author);
    }
    std::sort(authors.begin(), authors.end());
    g.authors = static_cast<uint32_t>(std::unique(authors.begin(), authors.end()) - authors.begin());
    g.engagements = static_cast<uint64_t>(accounts);
    g.member_share = accounts > 0 ? member_hits / accounts : 0;
    if (!g.members.empty() && member_hits >= params.min_member_share * accounts) {
      kept.push_back(std::move(g));
    } else {
      ++stats.groups_dropped;
    }
  }
  result.groups = std::move(kept);
  for (CoSelectedPair& p : tests) {
    p.a = eligible[p.a];
    p.b = eligible[p.b];
  }
  result.pairs = std::move(tests);
  return result;
}

}  // namespace sakimori::coord
