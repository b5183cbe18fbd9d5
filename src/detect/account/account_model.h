// File: detect/account/account_model.h
// The account automation model: gradient-boosted trees (XGBoost, Chen & Guestrin 2016)
// trained on labelled feature rows, predicting a bot probability with per-feature
// contributions (TreeSHAP, Lundberg et al. 2020) as its explanation. A thin owner of an
// XGBoost booster: every C API failure comes back as a Status with XGBGetLastError()'s text.
//
// Determinism: training uses the exact tree method, no row or column subsampling and a fixed
// thread count, so the same rows give byte-identical models (tested).
//
// Thread safety: Predict/Contributions may be called from one thread at a time per model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sakimori {

struct AccountModelOptions {
  int rounds = 100;
  int max_depth = 3;
  double eta = 0.1;
  double min_child_weight = 1.0;
  double lambda = 1.0;
  int threads = 1;  // training threads; fixed so that results do not depend on the machine
};

// A row-major matrix of features; NaN is a missing value.
struct FeatureMatrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<float> values;  // rows * cols

  const float* row(size_t i) const { return values.data() + i * cols; }
};

class AccountModel {
 public:
  AccountModel();
  ~AccountModel();
  AccountModel(AccountModel&&) noexcept;
  AccountModel& operator=(AccountModel&&) noexcept;

  // Trains a binary classifier on `x` with labels `y` (0 human, 1 bot, one per row).
  // `feature_names` (one per column) is stored in the model and checked when it is loaded.
  // Errors: shapes that do not match, no rows, only one class, an XGBoost failure.
  static StatusOr<AccountModel> Train(const FeatureMatrix& x, const std::vector<float>& y,
                                      const std::vector<std::string>& feature_names,
                                      const AccountModelOptions& options);

  // Loads a model saved by Save() (XGBoost JSON). NotFound if the file is missing,
  // InvalidArgument if it is not an XGBoost model or lacks the feature names.
  static StatusOr<AccountModel> Load(const std::string& path);
  static StatusOr<AccountModel> LoadFromBuffer(std::string_view json);

  // Writes the model as XGBoost JSON (with the feature names as an attribute).
  Status Save(const std::string& path) const;
  StatusOr<std::string> SaveToBuffer() const;

  // Bot probabilities, one per row. InvalidArgument if x.cols differs from the model's.
  StatusOr<std::vector<float>> Predict(const FeatureMatrix& x) const;
  // Margins (log-odds), one per row.
  StatusOr<std::vector<float>> PredictMargin(const FeatureMatrix& x) const;
  // SHAP contributions in log-odds: rows * (cols + 1) values, the last of each row the bias;
  // each row sums to its margin.
  StatusOr<std::vector<float>> Contributions(const FeatureMatrix& x) const;

  // Threads used for prediction (default 1).
  Status SetPredictThreads(int threads);

  // Probabilities computed by XGBoost's own predictor (Predict() walks a flattened copy of
  // the trees, which is several times faster; the two agree to float rounding — tested).
  StatusOr<std::vector<float>> PredictWithXgboost(const FeatureMatrix& x) const;

  const std::vector<std::string>& feature_names() const { return feature_names_; }

 private:
  struct Booster;
  // The trees in flat arrays, laid out so that a node's right child follows its left child:
  // a node sends a row to `left` when its `feature` value is below `threshold` (or missing and
  // `default_left`), else to left + 1. A leaf points to itself with threshold +inf, so every
  // row can take exactly max_depth_ steps without branches; leaf_value_ holds the weights.
  struct FlatNode {
    int32_t feature;
    float threshold;
    int32_t left;
    int32_t default_left;
  };
  StatusOr<std::vector<float>> Run(const FeatureMatrix& x, int type) const;
  Status Flatten();
  void PredictRows(const FeatureMatrix& x, size_t begin, size_t end, bool margin, float* out) const;
  // Predict / PredictMargin on the flattened trees, rows split over predict_threads_.
  StatusOr<std::vector<float>> PredictFlat(const FeatureMatrix& x, bool margin) const;

  std::unique_ptr<Booster> booster_;
  std::vector<FlatNode> nodes_;
  std::vector<float> leaf_value_;
  std::vector<int32_t> roots_;
  int max_depth_ = 0;
  float base_margin_ = 0;
  int predict_threads_ = 1;
  std::vector<std::string> feature_names_;
};

}  // namespace sakimori
