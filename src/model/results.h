// File: model/results.h
// What every detector produces and what `sakimori eval` scores: flagged accounts with scores,
// groups of accounts, items (posts, URLs, hashtags, narratives), campaigns and alerts. This is
// the in-memory form of results.json (docs/evaluation.md and docs/formats describe the file);
// WriteResultsJson / ParseResultsJson convert between the two.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "model/event.h"

namespace sakimori {

// One account's verdict. `id` is the account id as it appears in the events (`actor`).
// Accounts absent from Results::accounts count as score 0, not flagged.
struct AccountResult {
  std::string id;
  double score = 0.0;  // higher = more likely inauthentic; any monotone scale
  bool flagged = false;

  bool operator==(const AccountResult&) const = default;
};

// A group of accounts reported as acting together (for example one Leiden community).
struct GroupResult {
  std::string id;
  std::vector<std::string> members;

  bool operator==(const GroupResult&) const = default;
};

// An amplified item. `kind` is "post", "url", "hashtag" or "narrative".
struct ItemResult {
  std::string id;
  std::string kind = "post";
  double score = 0.0;
  bool flagged = false;

  bool operator==(const ItemResult&) const = default;
};

// A campaign (incident): the amplifying accounts, the items they push, a time span and the
// signals found. `start`/`end` are kNoTime when unknown. `utc_offset_hours` is the estimated
// operator time zone in hours east of UTC (may be fractional, e.g. 5.5), or empty when unknown.
struct CampaignResult {
  std::string id;
  std::vector<std::string> members;
  std::vector<std::string> items;
  double score = 0.0;
  TimeMs start = kNoTime;
  TimeMs end = kNoTime;
  std::optional<double> utc_offset_hours;
  std::vector<std::string> techniques;  // DISARM ids, e.g. "T0049.003"

  bool operator==(const CampaignResult&) const = default;
};

// An alert raised on a campaign at event time `time`. `severity` is free text
// ("low", "medium", "high").
struct AlertResult {
  std::string id;
  std::string campaign;  // a CampaignResult::id
  TimeMs time = kNoTime;
  std::string severity;

  bool operator==(const AlertResult&) const = default;
};

// The whole results.json. Vectors keep the order the producer chose; the writer does not
// reorder, so a deterministic producer gives byte-identical files.
struct Results {
  std::string generator;  // e.g. "sakimori analyze 0.1.0"
  std::vector<AccountResult> accounts;
  std::vector<GroupResult> groups;
  std::vector<ItemResult> items;
  std::vector<CampaignResult> campaigns;
  std::vector<AlertResult> alerts;

  bool operator==(const Results&) const = default;
};

// Serialises `results` as pretty-printed JSON (2-space indent, keys in the fixed order of the
// format, a trailing newline). Times are ISO 8601 UTC; unknown times and offsets are null.
std::string WriteResultsJson(const Results& results);

// Parses results.json. Missing top-level arrays are empty; unknown keys are ignored.
// Per entry, `id` is required (a string, or an integer written as a number); `score` defaults
// to 0, `flagged` to false, `kind` to "post". Times may be ISO 8601 strings or epoch numbers.
// Returns InvalidArgument, naming the offending entry, for invalid JSON, a non-object root,
// a field of the wrong type, a missing id, a non-finite score, or an alert without a time.
StatusOr<Results> ParseResultsJson(std::string_view json);

}  // namespace sakimori
