// File: sim/truth.h
// The ground truth of a simulated election period: what `sakimori simulate` planted
// (operations with their member accounts, targets and tactics) and the organic look-alikes it
// generated on purpose (hard negatives), written as truth.json beside events.jsonl and read
// back by `sakimori eval`. The JSON form is fixed in docs/simulator.md ("truth.json").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace sakimori::sim {

// What an operation pushed: post ids, URLs and hashtags (as they appear in the events).
struct TruthTargets {
  std::vector<std::string> posts;
  std::vector<std::string> urls;
  std::vector<std::string> hashtags;
  bool operator==(const TruthTargets&) const = default;
};

// One planted operation. `members` are the accounts run by the operation (the positives an
// account-level detector should flag); `amplified_authors` are genuine accounts whose posts
// the operation pushed and which are never members.
struct TruthOperation {
  std::string id;
  std::string name;
  std::string sophistication;            // "naive", "moderate" or "sophisticated"
  std::vector<std::string> tactics;      // like_farm, repost_ring, ... (see docs/simulator.md)
  std::vector<std::string> techniques;   // DISARM v1.6 ids, e.g. "T0049.003"
  std::vector<std::string> members;
  std::vector<std::string> amplified_authors;
  TruthTargets targets;
  TimeMs start = 0;
  TimeMs end = 0;
  // The operators' UTC offset in hours where it differs from the country's, else unset
  // (written as null).
  std::optional<double> utc_offset_hours;
  bool operator==(const TruthOperation&) const = default;
};

// An organic pattern that looks like coordination but is not (news_shock, viral_post,
// fan_community, activist_campaign, benign_bot). Its members are genuine accounts.
struct TruthHardNegative {
  std::string id;
  std::string kind;
  std::vector<std::string> members;
  TimeMs start = 0;
  TimeMs end = 0;
  bool operator==(const TruthHardNegative&) const = default;
};

struct Truth {
  std::string scenario;
  uint64_t seed = 0;
  double scale = 1.0;
  TimeMs start = 0;
  TimeMs end = 0;
  double days = 0;
  int64_t accounts_total = 0;
  int64_t events_total = 0;
  std::vector<TruthOperation> operations;
  std::vector<TruthHardNegative> hard_negatives;
  // The union of the operations' amplified authors, sorted.
  std::vector<std::string> amplified_authors;
  bool operator==(const Truth&) const = default;
};

// Writes `truth` as pretty-printed JSON (2-space indent, trailing newline). Times are ISO 8601
// UTC. Deterministic: the same struct gives the same bytes.
std::string WriteTruthJson(const Truth& truth);

// Parses truth.json. Unknown keys are ignored; missing optional keys keep their defaults.
// Errors (InvalidArgument): invalid JSON, a value of the wrong type, an unparsable time, or a
// missing required key (scenario, start, end, operations).
StatusOr<Truth> ParseTruthJson(std::string_view json);

// Reads and parses the file at `path`. Errors: NotFound if it cannot be read, else as above.
StatusOr<Truth> ReadTruthFile(const std::string& path);

}  // namespace sakimori::sim
