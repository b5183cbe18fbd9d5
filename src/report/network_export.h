// File: report/network_export.h
// Research exports of the coordination network of the selected campaigns, with the evidence
// behind every edge: CSV (one row per piece of evidence, edge columns repeated; an edge
// without evidence has one row with empty evidence columns) and GraphML (nodes = member
// accounts, edges with weight, p-value, leader counts and their evidence as JSON text).
// Edges of several campaigns are merged by (a, b); rows are ordered by a, b, time_a.
#pragma once

#include <string>

#include "report/report_data.h"

namespace sakimori::report {

std::string ExportNetworkCsv(const ReportData& data);
std::string ExportNetworkGraphMl(const ReportData& data);

}  // namespace sakimori::report
