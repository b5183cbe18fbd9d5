// File: detect/account/cross_validation.cc
// Stratified K-fold cross-validation.
#include "detect/account/cross_validation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include "common/hash.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "detect/account/botslayer_baseline.h"

namespace sakimori {
namespace {

void MeanStd(const std::vector<double>& v, double* mean, double* std_dev) {
  *mean = std::accumulate(v.begin(), v.end(), 0.0) / v.size();
  double ss = 0;
  for (double x : v) ss += (x - *mean) * (x - *mean);
  *std_dev = v.size() > 1 ? std::sqrt(ss / (v.size() - 1)) : 0.0;
}

}  // namespace

std::vector<int> StratifiedFolds(const std::vector<std::string>& ids,
                                 const std::vector<float>& labels, int k) {
  std::vector<int> fold(ids.size(), 0);
  for (int cls = 0; cls < 2; ++cls) {
    std::vector<size_t> rows;
    for (size_t i = 0; i < ids.size(); ++i) {
      if ((labels[i] > 0.5f) == (cls == 1)) rows.push_back(i);
    }
    std::sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
      const uint64_t ha = Mix64(Hash64(ids[a], 0x5a4b));
      const uint64_t hb = Mix64(Hash64(ids[b], 0x5a4b));
      return ha != hb ? ha < hb : ids[a] < ids[b];
    });
    for (size_t r = 0; r < rows.size(); ++r) fold[rows[r]] = static_cast<int>(r % k);
  }
  return fold;
}

StatusOr<CvResult> CrossValidate(const TrainingSet& set, int k,
                                 const AccountModelOptions& options) {
  if (k < 2) return absl::InvalidArgumentError("cross-validation needs at least 2 folds");
  if (set.x.rows < static_cast<size_t>(k)) {
    return absl::InvalidArgumentError(
        StrCat("only ", set.x.rows, " labelled rows for ", k, " folds"));
  }
  const std::vector<int> fold = StratifiedFolds(set.ids, set.y, k);
  const size_t cols = set.x.cols;
  CvResult result;
  result.n = set.x.rows;
  result.bots = set.bots();
  result.oof_scores.assign(set.x.rows, 0);
  result.baseline_scores.resize(set.x.rows);
  for (size_t i = 0; i < set.x.rows; ++i) {
    result.baseline_scores[i] = set.baseline.size() == set.x.rows
                                    ? set.baseline[i]
                                    : static_cast<float>(BotSlayerScore(set.x.row(i)));
  }

  std::vector<double> aucs, baseline_aucs;
  for (int f = 0; f < k; ++f) {
    FeatureMatrix train, test;
    train.cols = test.cols = cols;
    std::vector<float> train_y, test_y, test_baseline;
    std::vector<size_t> test_rows;
    for (size_t i = 0; i < set.x.rows; ++i) {
      FeatureMatrix& m = fold[i] == f ? test : train;
      m.values.insert(m.values.end(), set.x.row(i), set.x.row(i) + cols);
      ++m.rows;
      if (fold[i] == f) {
        test_y.push_back(set.y[i]);
        test_baseline.push_back(result.baseline_scores[i]);
        test_rows.push_back(i);
      } else {
        train_y.push_back(set.y[i]);
      }
    }
    std::vector<std::string> names(AccountFeatureNames().begin(), AccountFeatureNames().end());
    names.resize(cols);
    ASSIGN_OR_RETURN(AccountModel model, AccountModel::Train(train, train_y, names, options));
    ASSIGN_OR_RETURN(std::vector<float> scores, model.Predict(test));
    for (size_t j = 0; j < test_rows.size(); ++j) result.oof_scores[test_rows[j]] = scores[j];
    CvFold cv;
    cv.n = test.rows;
    cv.bots = static_cast<size_t>(
        std::count_if(test_y.begin(), test_y.end(), [](float v) { return v > 0.5f; }));
    cv.auc = RocAuc(scores, test_y);
    cv.baseline_auc = RocAuc(test_baseline, test_y);
    aucs.push_back(cv.auc);
    baseline_aucs.push_back(cv.baseline_auc);
    result.folds.push_back(cv);
  }
  MeanStd(aucs, &result.auc, &result.auc_std);
  MeanStd(baseline_aucs, &result.baseline_auc, &result.baseline_auc_std);
  result.oof_auc = RocAuc(result.oof_scores, set.y);
  result.baseline_oof_auc = RocAuc(result.baseline_scores, set.y);
  result.threshold = MaxF1Threshold(result.oof_scores, set.y);
  result.baseline_threshold = MaxF1Threshold(result.baseline_scores, set.y);
  return result;
}

void AddCvSource(const std::string& name, size_t begin, size_t end, const std::vector<float>& y,
                 CvResult* result) {
  CvSource s;
  s.name = name;
  s.n = end - begin;
  const std::span<const float> labels(y.data() + begin, s.n);
  s.bots = static_cast<size_t>(
      std::count_if(labels.begin(), labels.end(), [](float v) { return v > 0.5f; }));
  s.auc = RocAuc(std::span<const float>(result->oof_scores.data() + begin, s.n), labels);
  s.baseline_auc =
      RocAuc(std::span<const float>(result->baseline_scores.data() + begin, s.n), labels);
  result->sources.push_back(std::move(s));
}

std::string CvResultToJson(const CvResult& r, int indent) {
  JsonWriter w(indent);
  w.BeginObject();
  w.Field("n", static_cast<uint64_t>(r.n));
  w.Field("bots", static_cast<uint64_t>(r.bots));
  w.Field("folds", static_cast<uint64_t>(r.folds.size()));
  w.Field("auc", r.auc);
  w.Field("auc_std", r.auc_std);
  w.Field("baseline_botslayer_auc", r.baseline_auc);
  w.Field("baseline_botslayer_auc_std", r.baseline_auc_std);
  w.Field("oof_auc", r.oof_auc);
  w.Field("baseline_botslayer_oof_auc", r.baseline_oof_auc);
  w.Field("threshold", r.threshold.threshold);
  w.Field("threshold_f1", r.threshold.f1);
  w.Field("threshold_precision", r.threshold.precision);
  w.Field("threshold_recall", r.threshold.recall);
  w.Field("baseline_botslayer_threshold", r.baseline_threshold.threshold);
  w.Field("baseline_botslayer_threshold_f1", r.baseline_threshold.f1);
  w.Key("per_fold").BeginArray();
  for (const CvFold& f : r.folds) {
    w.BeginObject();
    w.Field("n", static_cast<uint64_t>(f.n));
    w.Field("bots", static_cast<uint64_t>(f.bots));
    w.Field("auc", f.auc);
    w.Field("baseline_botslayer_auc", f.baseline_auc);
    w.EndObject();
  }
  w.EndArray();
  if (!r.sources.empty()) {
    w.Key("per_source").BeginArray();
    for (const CvSource& s : r.sources) {
      w.BeginObject();
      w.Field("name", s.name);
      w.Field("n", static_cast<uint64_t>(s.n));
      w.Field("bots", static_cast<uint64_t>(s.bots));
      w.Field("auc", s.auc);
      w.Field("baseline_botslayer_auc", s.baseline_auc);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

}  // namespace sakimori
