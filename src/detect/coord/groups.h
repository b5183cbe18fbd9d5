// File: detect/coord/groups.h
// Groups of coordinated accounts: Leiden community detection (Traag, Waltman & van Eck 2019,
// "From Louvain to Leiden: guaranteeing well-connected communities", Sci. Rep. 9:5233;
// igraph_community_leiden) with the modularity objective over a weighted undirected graph.
// Leiden guarantees that every community is connected. Deterministic: vertices are numbered
// in account-name order, igraph's generator is seeded with `seed`, and groups are numbered
// by size (descending), then by their smallest account name.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "model/event.h"

namespace sakimori::coord {

struct WeightedEdge {
  AccountId a, b;
  double weight;
};

struct GroupAssignment {
  // (account, group) for every account with an edge, ordered by group then account name.
  std::vector<std::pair<AccountId, uint32_t>> members;
  uint32_t num_groups = 0;
  double quality = 0;  // igraph's Leiden quality of the partition
};

struct LeidenParams {
  double resolution = 1.0;  // modularity resolution gamma
  double beta = 0.01;       // randomness of the refinement step
  uint64_t seed = 42;
};

// Errors: Internal if igraph fails.
StatusOr<GroupAssignment> LeidenGroups(const std::vector<WeightedEdge>& edges,
                                       const Interner& account_names, const LeidenParams& params);

}  // namespace sakimori::coord
