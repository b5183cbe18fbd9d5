// File: detect/coord/percentile_baseline.cc
#include "detect/coord/percentile_baseline.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "detect/coord/coortweet_exact.h"

namespace sakimori::coord {

PercentileBaselineResult PercentileBaseline(const ActionShares& reposts, const Dictionary& dict,
                                            const PercentileBaselineParams& params) {
  PercentileBaselineResult out;
  CoortweetParams cp;
  cp.time_window_seconds = params.time_window_seconds;
  cp.min_participation = params.min_participation;
  cp.remove_loops = true;
  CoortweetResult pairs = DetectGroups(reposts, dict, cp);
  CoNetwork net = GenerateCoordinatedNetwork(pairs.pairs, dict, params.percentile);
  out.edges = net.edges.size();
  out.threshold = net.threshold;

  // Union-find over the kept edges.
  absl::flat_hash_map<AccountId, uint32_t> index;
  std::vector<AccountId> accounts;
  std::vector<uint32_t> parent;
  auto id = [&](AccountId a) {
    auto [it, inserted] = index.emplace(a, static_cast<uint32_t>(accounts.size()));
    if (inserted) {
      accounts.push_back(a);
      parent.push_back(it->second);
    }
    return it->second;
  };
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const CoEdge& e : net.edges) {
    if (e.weight_threshold != 1 || e.from == e.to) continue;
    ++out.kept_edges;
    uint32_t a = find(id(e.from)), b = find(id(e.to));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  absl::flat_hash_map<uint32_t, std::vector<std::string>> comps;
  for (uint32_t i = 0; i < accounts.size(); ++i) {
    comps[find(i)].emplace_back(dict.accounts.Name(accounts[i]));
  }
  for (auto& [root, members] : comps) {
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end());
    out.groups.push_back(std::move(members));
  }
  std::sort(out.groups.begin(), out.groups.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return out;
}

PercentileBaselineResult PercentileBaseline(const std::vector<Event>& events,
                                            const Dictionary& dict,
                                            const PercentileBaselineParams& params) {
  ShareSet set({Action::kRepost}, ExtractOptions{}, &dict);
  for (const Event& e : events) set.Add(e);
  return PercentileBaseline(set.action(0), dict, params);
}

}  // namespace sakimori::coord
