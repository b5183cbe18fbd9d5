// File: report/html_report.h
// The daily brief as one self-contained HTML file: inline CSS (with print rules for PDF),
// inline SVG charts drawn here (campaign reach bars, per-campaign activity timeline,
// hour-of-day histogram, coordination network with a force layout), no scripts, fonts or
// external resources. Sections: top campaigns; per campaign what was amplified, how much,
// since when, by which network, signals of foreign operation with confidences, DISARM
// techniques, reviews and notes, accounts and evidence tables; method and thresholds.
// Every string from the store is HTML-escaped. Output depends on the data only.
#pragma once

#include <string>

#include "report/report_data.h"

namespace sakimori::report {

enum class Lang { kEn, kJa };

struct HtmlOptions {
  Lang lang = Lang::kEn;
  std::string title;  // default: "sakimori daily brief" / "sakimori デイリーブリーフ"
  int max_evidence_rows = 200;  // per campaign; the rest is counted
  int max_network_nodes = 300;  // per campaign drawing (highest-degree nodes kept)
};

std::string RenderHtmlReport(const ReportData& data, const HtmlOptions& options);

}  // namespace sakimori::report
