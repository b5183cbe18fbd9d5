// File: detect/account/cross_validation.h
// Stratified K-fold cross-validation of the account model beside the BotSlayer-CE heuristic
// on the same folds.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "detect/account/account_model.h"
#include "detect/account/metrics.h"
#include "detect/account/training_set.h"

namespace sakimori {

// Fold of each row: within each class, rows are ordered by a fixed hash of their id (ties by
// id) and dealt to folds 0..k-1 in turn. Depends only on the ids and labels, not on the order
// of the rows or the machine.
std::vector<int> StratifiedFolds(const std::vector<std::string>& ids,
                                 const std::vector<float>& labels, int k);

struct CvFold {
  size_t n = 0;
  size_t bots = 0;
  double auc = 0;
  double baseline_auc = 0;
};

// Out-of-fold figures of the rows of one source in a training set combined from several.
struct CvSource {
  std::string name;
  size_t n = 0;
  size_t bots = 0;
  double auc = 0;           // ROC AUC of the out-of-fold scores pooled over folds
  double baseline_auc = 0;  // the heuristic on the same rows
};

struct CvResult {
  std::vector<CvFold> folds;
  size_t n = 0;
  size_t bots = 0;
  double auc = 0;      // mean over folds
  double auc_std = 0;  // sample standard deviation over folds
  double baseline_auc = 0;
  double baseline_auc_std = 0;
  double oof_auc = 0;           // AUC of the out-of-fold scores pooled over all folds
  double baseline_oof_auc = 0;  // the heuristic on all rows
  std::vector<float> oof_scores;  // the model's out-of-fold score of every row
  std::vector<float> baseline_scores;
  ThresholdChoice threshold;           // max-F1 threshold on the out-of-fold scores
  ThresholdChoice baseline_threshold;  // max-F1 threshold of the heuristic on all rows
  std::vector<CvSource> sources;       // filled by AddCvSource, empty for one source
};

// Trains k models, each on k-1 folds, and scores the held-out fold with the model and the
// heuristic (set.baseline if filled, else the heuristic on set.x). Errors: k < 2, a fold without
// both classes in its training part, a model error.
StatusOr<CvResult> CrossValidate(const TrainingSet& set, int k, const AccountModelOptions& options);

// Appends the figures of rows [begin, end) of the set `result` was computed on (labels `y`) to
// result->sources. The rows must be in range (programmer error otherwise).
void AddCvSource(const std::string& name, size_t begin, size_t end, const std::vector<float>& y,
                 CvResult* result);

// The result as one JSON object: n, bots, folds, auc, auc_std, baseline_botslayer_auc,
// baseline_botslayer_auc_std, oof_auc and baseline_botslayer_oof_auc (pooled), threshold (max-F1 on out-of-fold scores) with its f1,
// precision and recall, baseline_botslayer_threshold (the heuristic's max-F1 threshold) with
// its f1, per_fold [{n, bots, auc, baseline_botslayer_auc}] and, when there are sources,
// per_source [{name, n, bots, auc, baseline_botslayer_auc}].
std::string CvResultToJson(const CvResult& result, int indent = 2);

}  // namespace sakimori
