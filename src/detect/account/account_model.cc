// File: detect/account/account_model.cc
// XGBoost C API wrapper: training, prediction, SHAP contributions, JSON save/load.
#include "detect/account/account_model.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/strings.h"

namespace sakimori {
namespace {

constexpr const char* kFeatureAttr = "sakimori_features";

// Turns an XGBoost return code into a Status naming the call.
Status Check(int rc, std::string_view call) {
  if (rc == 0) return absl::OkStatus();
  const char* err = XGBGetLastError();
  return absl::InternalError(StrCat("xgboost ", call, ": ", err != nullptr ? err : "unknown error"));
}

#define XGB_RETURN_IF_ERROR(call) RETURN_IF_ERROR(Check((call), #call))

struct DMatrix {
  DMatrixHandle handle = nullptr;
  ~DMatrix() {
    if (handle != nullptr) XGDMatrixFree(handle);
  }
};

Status MakeDMatrix(const FeatureMatrix& x, DMatrix* out) {
  return Check(XGDMatrixCreateFromMat(x.values.data(), x.rows, x.cols,
                                      std::numeric_limits<float>::quiet_NaN(), &out->handle),
               "XGDMatrixCreateFromMat");
}

std::vector<std::string> SplitNames(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    out.emplace_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

struct AccountModel::Booster {
  BoosterHandle handle = nullptr;
  ~Booster() {
    if (handle != nullptr) XGBoosterFree(handle);
  }
};

AccountModel::AccountModel() = default;
AccountModel::~AccountModel() = default;
AccountModel::AccountModel(AccountModel&&) noexcept = default;
AccountModel& AccountModel::operator=(AccountModel&&) noexcept = default;

StatusOr<AccountModel> AccountModel::Train(const FeatureMatrix& x, const std::vector<float>& y,
                                           const std::vector<std::string>& feature_names,
                                           const AccountModelOptions& options) {
  if (x.rows == 0) return absl::InvalidArgumentError("no training rows");
  if (x.values.size() != x.rows * x.cols || y.size() != x.rows) {
    return absl::InvalidArgumentError("feature matrix and labels do not match in shape");
  }
  if (feature_names.size() != x.cols) {
    return absl::InvalidArgumentError("one feature name per column required");
  }
  size_t bots = 0;
  for (float v : y) bots += v > 0.5f;
  if (bots == 0 || bots == y.size()) {
    return absl::InvalidArgumentError("training needs both bot and human labels");
  }
  DMatrix dtrain;
  RETURN_IF_ERROR(MakeDMatrix(x, &dtrain));
  XGB_RETURN_IF_ERROR(XGDMatrixSetFloatInfo(dtrain.handle, "label", y.data(), y.size()));

  AccountModel model;
  model.booster_ = std::make_unique<Booster>();
  XGB_RETURN_IF_ERROR(XGBoosterCreate(&dtrain.handle, 1, &model.booster_->handle));
  BoosterHandle h = model.booster_->handle;
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "binary:logistic"},
      {"tree_method", "exact"},
      {"seed", "0"},
      {"nthread", StrCat(options.threads)},
      {"max_depth", StrCat(options.max_depth)},
      {"eta", StrCat(options.eta)},
      {"min_child_weight", StrCat(options.min_child_weight)},
      {"lambda", StrCat(options.lambda)},
      {"subsample", "1"},
      {"colsample_bytree", "1"},
      {"verbosity", "0"},
  };
  for (const auto& [k, v] : params) {
    XGB_RETURN_IF_ERROR(XGBoosterSetParam(h, k.c_str(), v.c_str()));
  }
  for (int i = 0; i < options.rounds; ++i) {
    XGB_RETURN_IF_ERROR(XGBoosterUpdateOneIter(h, i, dtrain.handle));
  }
  const std::string joined = StrJoin(feature_names, ",");
  XGB_RETURN_IF_ERROR(XGBoosterSetAttr(h, kFeatureAttr, joined.c_str()));
  model.feature_names_ = feature_names;
  RETURN_IF_ERROR(model.SetPredictThreads(1));
  return model;
}

StatusOr<AccountModel> AccountModel::LoadFromBuffer(std::string_view json) {
  AccountModel model;
  model.booster_ = std::make_unique<Booster>();
  XGB_RETURN_IF_ERROR(XGBoosterCreate(nullptr, 0, &model.booster_->handle));
  BoosterHandle h = model.booster_->handle;
  if (json.empty() || json.front() != '{') {
    return absl::InvalidArgumentError("not an XGBoost JSON model");
  }
  if (XGBoosterLoadModelFromBuffer(h, json.data(), json.size()) != 0) {
    return absl::InvalidArgumentError(StrCat("not an XGBoost model: ", XGBGetLastError()));
  }
  const char* names = nullptr;
  int success = 0;
  XGB_RETURN_IF_ERROR(XGBoosterGetAttr(h, kFeatureAttr, &names, &success));
  if (success == 0 || names == nullptr) {
    return absl::InvalidArgumentError("model lacks the sakimori_features attribute");
  }
  model.feature_names_ = SplitNames(names);
  bst_ulong num_features = 0;
  XGB_RETURN_IF_ERROR(XGBoosterGetNumFeature(h, &num_features));
  if (num_features > model.feature_names_.size()) {
    return absl::InvalidArgumentError("model uses more features than it names");
  }
  RETURN_IF_ERROR(model.SetPredictThreads(1));
  return model;
}

StatusOr<AccountModel> AccountModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot open model ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto model = LoadFromBuffer(buffer.str());
  if (!model.ok()) {
    return absl::InvalidArgumentError(StrCat(path, ": ", Message(model.status())));
  }
  return model;
}

StatusOr<std::string> AccountModel::SaveToBuffer() const {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  bst_ulong len = 0;
  const char* data = nullptr;
  XGB_RETURN_IF_ERROR(
      XGBoosterSaveModelToBuffer(booster_->handle, R"({"format":"json"})", &len, &data));
  return std::string(data, len);
}

Status AccountModel::Save(const std::string& path) const {
  ASSIGN_OR_RETURN(std::string json, SaveToBuffer());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return absl::InvalidArgumentError(StrCat("cannot write ", path));
  const bool ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
  if (std::fclose(f) != 0 || !ok) return absl::InternalError(StrCat("write failed: ", path));
  return absl::OkStatus();
}

Status AccountModel::SetPredictThreads(int threads) {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  return Check(XGBoosterSetParam(booster_->handle, "nthread", StrCat(threads).c_str()),
               "XGBoosterSetParam(nthread)");
}

StatusOr<std::vector<float>> AccountModel::Run(const FeatureMatrix& x, int type) const {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  if (x.cols != feature_names_.size()) {
    return absl::InvalidArgumentError(StrCat("model expects ", feature_names_.size(),
                                             " features, rows have ", x.cols));
  }
  if (x.rows == 0) return std::vector<float>();
  DMatrix dmat;
  RETURN_IF_ERROR(MakeDMatrix(x, &dmat));
  const std::string config = StrCat(R"({"type":)", type,
                                    R"(,"training":false,"iteration_begin":0,)"
                                    R"("iteration_end":0,"strict_shape":false})");
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  XGB_RETURN_IF_ERROR(XGBoosterPredictFromDMatrix(booster_->handle, dmat.handle, config.c_str(),
                                                  &shape, &dim, &result));
  size_t n = 1;
  for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
  return std::vector<float>(result, result + n);
}

StatusOr<std::vector<float>> AccountModel::Predict(const FeatureMatrix& x) const {
  return Run(x, 0);
}

StatusOr<std::vector<float>> AccountModel::PredictMargin(const FeatureMatrix& x) const {
  return Run(x, 1);
}

StatusOr<std::vector<float>> AccountModel::Contributions(const FeatureMatrix& x) const {
  return Run(x, 2);
}

}  // namespace sakimori
