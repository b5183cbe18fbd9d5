// File: report/stix_import.h
// Reads a partner's STIX 2.1 bundle and turns its indicators into watch-list entries: each
// `=` comparison on user-account:user_id (account id), user-account:account_login (handle),
// domain-name:value (domain) or url:value (url) in a STIX pattern becomes one
// IndicatorRecord, with the source (the name of the identity in created_by_ref, else the
// bundle id) and the TLP of the indicator's object_marking_refs (TLP 2.0 or 1.0 ids;
// indicators without a TLP marking are taken as TLP:AMBER and counted). Comparisons may be
// joined by OR, and by AND with user-account:account_type (a qualifier that is ignored).
// Anything else (other operators, object paths, pattern languages, qualifiers, revoked
// indicators) rejects the whole indicator with a reason.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/records.h"

namespace sakimori::report {

struct StixImportResult {
  std::vector<IndicatorRecord> indicators;  // in bundle order, duplicates removed
  int64_t objects = 0;                      // objects in the bundle
  int64_t stix_indicators = 0;              // indicator objects seen
  int64_t accepted = 0;                     // indicator objects that gave entries
  int64_t defaulted_tlp = 0;                // accepted without a TLP marking (taken as amber)
  std::map<std::string, int64_t> rejected;  // reason -> indicator objects
};

// Parses `json` (a STIX 2.1 bundle). InvalidArgument when it is not JSON or not a bundle;
// per-indicator problems are counted in `rejected`, not errors.
[[nodiscard]] StatusOr<StixImportResult> ImportStixIndicators(std::string_view json);

// The values of the supported `=` comparisons of a STIX pattern, or InvalidArgument with the
// reason it is not supported.
struct PatternValue {
  IndicatorType type;
  std::string value;
};
[[nodiscard]] StatusOr<std::vector<PatternValue>> ParseIndicatorPattern(std::string_view pattern);

}  // namespace sakimori::report
