// File: detect/coord/coord_output.h
// Writes the results of CoordDetector and LeidenGroups as CSV files (columns documented in
// docs/coordination.md): edges.csv, vertices.csv, groups.csv, group_stats.csv, evidence.csv.
#pragma once

#include <string>

#include "common/status.h"
#include "detect/coord/co_selection.h"
#include "detect/coord/coord_detector.h"
#include "detect/coord/groups.h"

namespace sakimori::coord {

struct CoordOutputOptions {
  bool significant_edges_only = false;  // edges.csv: only edges passing the FDR cut
  bool evidence_all_edges = false;      // evidence.csv: every edge, not only significant ones
};

// The significant edges as a weighted edge list for LeidenGroups.
std::vector<WeightedEdge> SignificantEdges(const CoordDetector& detector);

// Writes the files into `dir` (created if missing). Errors: Internal on I/O failure.
Status WriteCoordOutputs(const std::string& dir, const ShareSet& shares,
                         const CoordDetector& detector, const GroupAssignment& groups,
                         const CoordOutputOptions& options);

// Writes target co-selection results into `dir` (created if missing):
// co_selection_pairs.csv (object_a,object_b,shared,expected,log10_p: the significant object
// pairs), co_selection_groups.csv (group,objects,authors,members,engagements,member_share),
// co_selection_objects.csv (group,object,author) and co_selection_members.csv
// (group,account,objects,authors,expected,log10_p). Groups are g1, g2, ... in result order.
// Errors: Internal on I/O failure.
Status WriteCoSelectionOutputs(const std::string& dir, const ActionShares& shares,
                               const Dictionary& dict, const CoSelectionResult& result);

}  // namespace sakimori::coord
