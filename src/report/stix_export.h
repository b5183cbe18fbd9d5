// File: report/stix_export.h
// STIX 2.1 bundle of campaigns (see docs/sharing.md for the mapping table): the producer
// identity, one campaign per store campaign, user-account observables of its amplifiers,
// indicators with STIX patterns (account ids, urls), DISARM attack-patterns with `uses`
// relationships, observed-data and sightings, notes for analyst reviews and for signals of
// foreign operation (stated as signals, never as attribution), a report tying it together,
// and the official TLP 2.0 marking referenced by every object.
//
// Ids are UUIDv5 over sakimori's namespace and each object's natural key (user-accounts use
// the STIX SCO namespace and their contributing properties), and `created`/`modified` come
// from the campaign's event times (start, end, review and note times), so the same data
// exports to the same bytes and a re-export updates objects rather than duplicating them.
#pragma once

#include <string>

#include "report/report_data.h"
#include "store/records.h"

namespace sakimori::report {

struct StixOptions {
  Tlp tlp = Tlp::kAmber;
  std::string producer = "sakimori";  // the identity's name
};

// The bundle as pretty-printed JSON.
std::string ExportStix(const ReportData& data, const StixOptions& options);

// The STIX account_type for a platform name ("x" and "twitter" give "twitter").
std::string StixAccountType(std::string_view platform);

// A STIX pattern string literal: quotes `s` in single quotes, escaping ' and \.
std::string StixQuote(std::string_view s);

}  // namespace sakimori::report
