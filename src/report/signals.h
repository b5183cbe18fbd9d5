// File: report/signals.h
// Reads a campaign's or account's `signals` JSON (an object whose members are the signals the
// analysis recorded, e.g. {"foreign_timezone": {"confidence": 0.72, "utc_offset_hours": 3,
// "detail": "..."}}) into a flat list for reports. A member whose value is an object may carry
// "confidence" (0..1) and "detail"/"description" (text); other fields are kept as
// "key=value" pairs. Signals are signals, never verdicts: writers must present them so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sakimori::report {

struct Signal {
  std::string name;                                         // the member's key
  std::optional<double> confidence;                         // in [0, 1] when given
  std::string detail;                                       // "detail"/"description" text, if any
  std::vector<std::pair<std::string, std::string>> fields;  // other members, compact JSON
};

// The signals of `json` in key order as written. Invalid or non-object JSON gives an empty
// list (signals are auxiliary; a report must not fail on them).
std::vector<Signal> ParseSignals(std::string_view json);

}  // namespace sakimori::report
