// File: eval/evaluator.h
// Scores a detector's results.json against a simulation's truth.json (SPEC section 7):
// account-level precision, recall, F1 and ROC AUC, overall, per operation, per
// sophistication and on the hard negatives; group recovery (adjusted Rand index, best-match
// F1); campaign detection, false alerts per simulated day, detection delay and time-zone
// estimates. docs/evaluation.md defines every figure and matching rule precisely.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "model/results.h"
#include "sim/truth.h"

namespace sakimori::eval {

// Account metrics over one set of positives against all negatives.
struct AccountScores {
  int64_t positives = 0;
  int64_t true_positives = 0;  // positives flagged
  double precision = 0;        // tp / (tp + all false positives); NaN if nothing flagged
  double recall = 0;
  double f1 = 0;
  double auc = 0;  // NaN without positives or negatives
};

// One planted operation.
struct OperationEval {
  std::string id;
  std::string name;
  std::string sophistication;
  std::vector<std::string> tactics;
  AccountScores accounts;    // its members against all negatives
  double best_match_f1 = 0;  // best F1 of any reported group against its members
  std::string best_group;    // that group's id ("" when no group overlaps)
  bool detected = false;     // some campaign matches it
  std::string campaign;      // the matching campaign with the largest overlap
  TimeMs start = kNoTime;
  TimeMs first_alert = kNoTime;             // earliest alert on a matching campaign
  std::optional<double> detection_delay_s;  // first_alert - start; negative if before start
  std::optional<double> utc_offset_truth;
  std::optional<double> utc_offset_reported;  // of `campaign`
  std::optional<bool> utc_offset_correct;     // set when the truth has an offset
};

// The operations of one sophistication level taken together.
struct SophisticationEval {
  std::string sophistication;
  int64_t operations = 0;
  int64_t detected = 0;
  AccountScores accounts;  // the union of their members against all negatives
};

// The genuine accounts of one hard-negative kind (operation members excluded).
struct HardNegativeEval {
  std::string kind;
  int64_t instances = 0;
  int64_t accounts = 0;
  int64_t flagged = 0;
  double false_positive_rate = 0;  // flagged / accounts; NaN when empty
};

struct EvalReport {
  std::string scenario;
  std::string generator;
  double days = 0;

  // Accounts. `accounts_total` is max(truth.accounts_total, distinct ids seen in truth and
  // results); negatives = accounts_total - positives.
  int64_t accounts_total = 0;
  int64_t negatives = 0;
  int64_t flagged = 0;
  int64_t false_positives = 0;
  double false_positive_rate = 0;  // false_positives / negatives; NaN without negatives
  AccountScores accounts;
  int64_t amplified_authors = 0;
  int64_t amplified_authors_flagged = 0;
  double amplified_author_fpr = 0;

  // Groups.
  int64_t groups_reported = 0;
  int64_t group_accounts = 0;  // accounts in a planted operation or a reported group
  double group_ari = 0;
  double group_best_match_f1 = 0;  // mean over operations with members

  // Campaigns and alerts.
  int64_t campaigns_total = 0;     // planted operations
  int64_t campaigns_detected = 0;  // operations matched by a reported campaign
  int64_t campaigns_reported = 0;
  int64_t campaigns_matched = 0;  // reported campaigns that match an operation
  int64_t alerts_total = 0;
  int64_t false_alerts = 0;
  double false_alerts_per_day = 0;
  int64_t operations_alerted = 0;
  double median_detection_delay_s = 0;  // over operations with an alert; NaN if none
  double max_detection_delay_s = 0;
  int64_t utc_offset_total = 0;    // operations whose truth has an offset
  int64_t utc_offset_correct = 0;  // ... whose matching campaign reports it exactly

  std::vector<OperationEval> operations;            // truth order
  std::vector<SophisticationEval> sophistications;  // by name
  std::vector<HardNegativeEval> hard_negatives;     // by kind
};

// Scores `results` against `truth`. Never fails: inconsistent inputs (ids unknown to the
// truth, alerts on unknown campaigns, duplicate entries) are scored by the documented rules.
EvalReport Evaluate(const sim::Truth& truth, const Results& results);

// The report as one pretty-printed JSON object (undefined figures are null).
std::string EvalReportJson(const EvalReport& report);

// The report as readable text tables.
std::string EvalReportText(const EvalReport& report);

}  // namespace sakimori::eval
