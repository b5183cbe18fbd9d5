// File: report/misp_export.h
// A MISP event (MISP core format, draft-dulaunoy-misp-core-format) for one campaign: the
// TLP tag, DISARM technique galaxy tags and clusters (MISP galaxy "disarm-techniques", which
// is DISARM v1.4: techniques it lacks are listed as text attributes instead), and attributes
// for the amplifier accounts, target urls, hashtags and posts. Deterministic uuids (UUIDv5)
// and timestamps from event time, like the STIX export.
#pragma once

#include <string>

#include "report/report_data.h"
#include "store/records.h"

namespace sakimori::report {

struct MispOptions {
  Tlp tlp = Tlp::kAmber;
  std::string producer = "sakimori";  // Orgc name
};

// The event of data.campaigns[0] as pretty-printed JSON ({"Event": {...}}). InvalidArgument
// when `data` holds no campaign.
StatusOr<std::string> ExportMisp(const ReportData& data, const MispOptions& options);

}  // namespace sakimori::report
