// File: detect/coord/coortweet_exact.h
// CooRTweet-compatible coordination detection: the same pairs and network as the R package
// CooRTweet 2.1 (Righetti & Balluff; functions detect_groups and
// generate_coordinated_network), computed with a per-object sliding window instead of a
// self-join. The semantics reproduced, in order (docs/coordination.md has the details):
//   1. pre-filter: accounts with fewer than min_participation shares are dropped;
//   2. per object, every pair of shares whose times differ by at most time_window seconds
//      (inclusive, |dt| <= window) is a pair; the older share is content_id; of two shares
//      in the same second, the one first in CooRTweet's internal row order (accounts in
//      order of first appearance, then input order) is content_id;
//   3. remove_loops drops pairs of one account with itself, of one content with itself, and
//      pairs whose content id equals the object id;
//   4. post-filter: accounts that still have at least min_participation shares among the
//      pairs' contents are kept, and a pair survives if either of its contents belongs to a
//      kept account;
//   5. the network aggregates pairs per unordered account pair (weight = pairs, mean time
//      delta, distinct older / newer contents, symmetry = min/max of those), vertices in
//      igraph's graph_from_data_frame order, and weight_threshold = weight > the
//      edge_weight quantile (R type 7) of all edge weights.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "detect/coord/share_set.h"

namespace sakimori::coord {

struct CoortweetParams {
  double time_window_seconds = 10;
  int64_t min_participation = 2;
  bool remove_loops = true;
  // Per share, at most this many earlier shares of the same object within the window are
  // paired with it (the most recent ones). 0 = no limit (exact CooRTweet semantics).
  uint32_t max_partners = 0;
};

// One coordinated pair of shares; content is the older share.
struct CoPair {
  ObjectId object;
  uint32_t content;     // Share::content of the older share (or its seq if it has none)
  uint32_t content_y;   // the newer share
  double time_delta;    // seconds, >= 0
  AccountId account;    // author of content
  AccountId account_y;  // author of content_y
};

struct CoortweetResult {
  std::vector<CoPair> pairs;      // sorted by (object key, content id, content_y id) as bytes
  uint64_t partners_dropped = 0;  // pairs not formed because of max_partners
};

// detect_groups(): pairs of `shares` (one action). Object keys come from shares.objects,
// content and account names from `dict`. Content ids are compared as strings (a content id
// that occurs in several rows is one content, as in CooRTweet).
CoortweetResult DetectGroups(const ActionShares& shares, const Dictionary& dict,
                             const CoortweetParams& params);

struct CoEdge {
  AccountId from;
  AccountId to;
  uint32_t weight;
  double avg_time_delta;
  uint32_t n_content_id;
  uint32_t n_content_id_y;
  double edge_symmetry_score;
  int weight_threshold;  // 1 if weight > threshold
};

struct CoNetwork {
  std::vector<AccountId> vertices;  // igraph vertex order
  std::vector<CoEdge> edges;        // aggregation order (first appearance in the pairs)
  double threshold = 0;             // the edge_weight quantile of the weights
};

// generate_coordinated_network(result, edge_weight): edge_weight in [0, 1].
CoNetwork GenerateCoordinatedNetwork(const std::vector<CoPair>& pairs, const Dictionary& dict,
                                     double edge_weight);

// R's quantile(x, p, type = 7) of `values` (copied and sorted); 0 for an empty input.
double QuantileType7(std::vector<double> values, double p);

// The name of a content id as written out (the post id string, or "#<seq>" for shares
// without a content id).
std::string_view ContentName(const Dictionary& dict, uint32_t content);

// Generates the network of `result` into *network (GenerateCoordinatedNetwork with
// `edge_weight`) and writes pairs.csv, edges.csv and vertices.csv into `dir` (created if
// missing) with the reference column layout; numbers use R's 15 significant digits.
// pairs.csv is formatted and written on a second thread while the network is generated and
// the other two files are written on this one (the threads share only read-only inputs);
// each file is written whole with WriteFileInPlace. Errors: a file cannot be created or
// written.
Status WriteCoortweetOutputs(const std::string& dir, const ActionShares& shares,
                             const Dictionary& dict, const CoortweetResult& result,
                             double edge_weight, CoNetwork* network);

// Formats a number as R's write.csv does for doubles (up to 15 significant digits).
std::string FormatR(double v);
// Appends FormatR(v) to `out` without a temporary string.
void AppendR(std::string* out, double v);
// Appends the decimal digits of the integer `v` to `out`.
template <typename Int>
void AppendInt(std::string* out, Int v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

}  // namespace sakimori::coord
