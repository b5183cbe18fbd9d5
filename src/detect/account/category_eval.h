// File: detect/account/category_eval.h
// Account scores against a simulator's ground truth, per category of account: operation
// members by kind (naive, moderate, sophisticated, cyborg, evasive_bot), the organic look-alikes
// by kind (benign_bot: automated but not part of an operation; fan_community, ...) and the
// organic accounts. Each category is compared with the organic accounts: ROC AUC, share at or
// above a threshold, precision against the organic accounts flagged at that threshold; the
// model beside the BotSlayer-CE heuristic on the same accounts.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status.h"

namespace sakimori {

// The category of an operation from its truth entry: "cyborg" if its tactics include cyborg,
// else "evasive_bot" if they include evasive_bot, else its sophistication ("naive",
// "moderate", "sophisticated"; "operation" when that is empty).
std::string OperationCategory(const std::vector<std::string>& tactics,
                              const std::string& sophistication);

struct TruthCategory {
  std::string name;
  bool operation = false;  // an operation member: an account a detector should flag
  bool automated = false;  // an operation member or a benign bot: not an organic human
};

// The category of every account named as an operation member or hard-negative member in a
// simulator truth.json (docs/simulator.md): operation members get OperationCategory() of the
// first operation listing them, other hard-negative members the kind of their first hard
// negative (benign_bot, fan_community, news_shock, ...). Accounts not in the map are organic,
// and so are the hard negatives other than benign_bot (genuine people acting alike).
// Errors: NotFound for a missing file, InvalidArgument for one that is not a truth object.
using TruthCategories = absl::flat_hash_map<std::string, TruthCategory>;
StatusOr<TruthCategories> ReadTruthCategories(const std::string& path);

struct CategoryFigures {
  std::string category;
  bool operation = false;  // operation members (positives) or a kind of genuine account
  size_t n = 0;
  size_t negatives = 0;     // organic accounts it is compared with (organic ones not in it)
  double auc = 0;           // ROC AUC of the category against those organic accounts
  double baseline_auc = 0;  // the same for the BotSlayer-CE heuristic
  double flagged = 0;       // share of the category scoring >= threshold
  double baseline_flagged = 0;
  double precision = 0;  // flagged of the category / (those + flagged organic); NaN if none
  double baseline_precision = 0;
  double mean_score = 0;
  double median_score = 0;
};

struct CategoryEvaluation {
  double threshold = 0.5;                  // model threshold used for flagged/precision
  double baseline_threshold = 0.5;         // heuristic threshold
  bool baseline_threshold_fitted = false;  // chosen as the max-F1 threshold on these accounts
  size_t accounts = 0;
  size_t organic = 0;          // accounts not automated (TruthCategory), look-alikes included
  double organic_flagged = 0;  // false-positive rate among organic accounts
  double organic_baseline_flagged = 0;
  // All operation members against every other account (organic and look-alikes alike).
  size_t members = 0;
  double auc = 0, baseline_auc = 0;
  double precision = 0, recall = 0;
  double baseline_precision = 0, baseline_recall = 0;
  // Operation categories first, then the look-alike kinds, each group by name.
  std::vector<CategoryFigures> categories;
};

// Evaluates `scores` (the model) and `baseline` (the heuristic), one per id in `ids`, against
// `categories` (ids not in it are organic). `baseline_threshold` NaN picks the
// heuristic's max-F1 threshold for operation members on these very accounts (an oracle choice
// that favours the heuristic). Category rows whose comparison set lacks a class carry NaN AUCs.
CategoryEvaluation EvaluateByCategory(const std::vector<std::string>& ids,
                                      const std::vector<float>& scores,
                                      const std::vector<float>& baseline,
                                      const TruthCategories& categories, double threshold,
                                      double baseline_threshold);

// As one JSON object (fields as in CategoryEvaluation; per category an object in `categories`).
std::string CategoryEvaluationToJson(const CategoryEvaluation& e, int indent = 2);

// As a fixed-width text table, one line per category.
std::string CategoryEvaluationToText(const CategoryEvaluation& e);

}  // namespace sakimori
