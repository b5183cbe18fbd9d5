// File: detect/coord/groups.cc
#include "detect/coord/groups.h"

#include <igraph.h>

#include <algorithm>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"

namespace sakimori::coord {
namespace {

// igraph's default generator is global; serialise its use.
std::mutex& IgraphMutex() {
  static std::mutex m;
  return m;
}

}  // namespace

StatusOr<GroupAssignment> LeidenGroups(const std::vector<WeightedEdge>& edges,
                                       const Interner& names, const LeidenParams& params) {
  GroupAssignment out;
  // Vertices in account-name order.
  std::vector<AccountId> vertices;
  for (const WeightedEdge& e : edges) {
    vertices.push_back(e.a);
    vertices.push_back(e.b);
  }
  std::sort(vertices.begin(), vertices.end());
  vertices.erase(std::unique(vertices.begin(), vertices.end()), vertices.end());
  std::sort(vertices.begin(), vertices.end(),
            [&](AccountId x, AccountId y) { return names.Name(x) < names.Name(y); });
  if (vertices.empty()) return out;
  absl::flat_hash_map<AccountId, igraph_integer_t> vid;
  for (size_t i = 0; i < vertices.size(); ++i) vid[vertices[i]] = static_cast<igraph_integer_t>(i);
  // Edges in a canonical order too.
  std::vector<std::tuple<igraph_integer_t, igraph_integer_t, double>> el;
  el.reserve(edges.size());
  for (const WeightedEdge& e : edges) {
    igraph_integer_t x = vid[e.a], y = vid[e.b];
    if (x > y) std::swap(x, y);
    el.emplace_back(x, y, e.weight);
  }
  std::sort(el.begin(), el.end());

  std::lock_guard<std::mutex> lock(IgraphMutex());
  igraph_error_handler_t* old_handler = igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_vector_int_t ev;
  igraph_vector_t weights, strength;
  igraph_vector_int_t membership;
  igraph_t graph;
  igraph_vector_int_init(&ev, 2 * static_cast<igraph_integer_t>(el.size()));
  igraph_vector_init(&weights, static_cast<igraph_integer_t>(el.size()));
  for (size_t i = 0; i < el.size(); ++i) {
    VECTOR(ev)[2 * i] = std::get<0>(el[i]);
    VECTOR(ev)[2 * i + 1] = std::get<1>(el[i]);
    VECTOR(weights)[i] = std::get<2>(el[i]);
  }
  const igraph_integer_t n = static_cast<igraph_integer_t>(vertices.size());
  igraph_create(&graph, &ev, n, IGRAPH_UNDIRECTED);
  igraph_vector_init(&strength, n);
  igraph_strength(&graph, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &weights);
  double total = 0;
  for (size_t i = 0; i < el.size(); ++i) total += std::get<2>(el[i]);
  igraph_vector_int_init(&membership, n);
  igraph_rng_seed(igraph_rng_default(), params.seed);
  igraph_integer_t nb = 0;
  igraph_real_t quality = 0;
  // Modularity as a Leiden objective: node weights = strengths, resolution gamma / (2m).
  igraph_error_t err = igraph_community_leiden(
      &graph, &weights, &strength, params.resolution / (2.0 * total), params.beta,
      /*start=*/false, /*n_iterations=*/-1, &membership, &nb, &quality);
  Status status = absl::OkStatus();
  if (err != IGRAPH_SUCCESS) {
    status = absl::InternalError(StrCat("igraph_community_leiden failed: ", igraph_strerror(err)));
  } else {
    std::vector<uint32_t> group(n);
    for (igraph_integer_t i = 0; i < n; ++i)
      group[i] = static_cast<uint32_t>(VECTOR(membership)[i]);
    // Renumber: size descending, then smallest member (vertices are in name order).
    std::vector<uint32_t> size(nb, 0), first(nb, UINT32_MAX);
    for (igraph_integer_t i = 0; i < n; ++i) {
      ++size[group[i]];
      first[group[i]] = std::min<uint32_t>(first[group[i]], static_cast<uint32_t>(i));
    }
    std::vector<uint32_t> order(nb);
    for (uint32_t g = 0; g < nb; ++g) order[g] = g;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      return size[x] != size[y] ? size[x] > size[y] : first[x] < first[y];
    });
    std::vector<uint32_t> renum(nb);
    for (uint32_t r = 0; r < nb; ++r) renum[order[r]] = r;
    for (igraph_integer_t i = 0; i < n; ++i) out.members.emplace_back(vertices[i], renum[group[i]]);
    std::stable_sort(out.members.begin(), out.members.end(),
                     [](const auto& x, const auto& y) { return x.second < y.second; });
    out.num_groups = static_cast<uint32_t>(nb);
    out.quality = quality;
  }
  igraph_vector_int_destroy(&membership);
  igraph_vector_destroy(&strength);
  igraph_vector_destroy(&weights);
  igraph_vector_int_destroy(&ev);
  igraph_destroy(&graph);
  igraph_set_error_handler(old_handler);
  return status.ok() ? StatusOr<GroupAssignment>(std::move(out))
                     : StatusOr<GroupAssignment>(status);
}

}  // namespace sakimori::coord
