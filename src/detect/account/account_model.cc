// File: detect/account/account_model.cc
// XGBoost C API wrapper: training, prediction, SHAP contributions, JSON save/load.
#include "detect/account/account_model.h"

#include <simdjson.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include "common/strings.h"

namespace sakimori {
namespace {

constexpr const char* kFeatureAttr = "sakimori_features";

// Turns an XGBoost return code into a Status naming the call.
Status Check(int rc, std::string_view call) {
  if (rc == 0) return absl::OkStatus();
  const char* err = XGBGetLastError();
  return absl::InternalError(
      StrCat("xgboost ", call, ": ", err != nullptr ? err : "unknown error"));
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
  RETURN_IF_ERROR(model.Flatten());
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
  RETURN_IF_ERROR(model.Flatten());
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

Status AccountModel::Flatten() {
  ASSIGN_OR_RETURN(std::string json, SaveToBuffer());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(json).get(doc)) return absl::InvalidArgumentError("model JSON does not parse");
  auto learner = doc["learner"];
  std::string_view objective, base_score;
  if (learner["objective"]["name"].get(objective) || objective != "binary:logistic") {
    return absl::InvalidArgumentError("account model must have objective binary:logistic");
  }
  if (learner["learner_model_param"]["base_score"].get(base_score)) {
    return absl::InvalidArgumentError("model lacks base_score");
  }
  const float p = std::stof(std::string(base_score));
  base_margin_ = -std::log(1.0f / p - 1.0f);
  simdjson::dom::array trees;
  if (learner["gradient_booster"]["model"]["trees"].get(trees)) {
    return absl::InvalidArgumentError("model lacks trees (only gbtree models are supported)");
  }
  nodes_.clear();
  leaf_value_.clear();
  roots_.clear();
  max_depth_ = 0;
  for (simdjson::dom::element tree : trees) {
    simdjson::dom::array left_a, right_a, index_a, cond_a, default_a;
    if (tree["left_children"].get(left_a) || tree["right_children"].get(right_a) ||
        tree["split_indices"].get(index_a) || tree["split_conditions"].get(cond_a) ||
        tree["default_left"].get(default_a)) {
      return absl::InvalidArgumentError("malformed tree in model");
    }
    std::vector<int64_t> left, right, index, dflt;
    std::vector<double> cond;
    auto read_ints = [](simdjson::dom::array a, std::vector<int64_t>* out) {
      for (simdjson::dom::element e : a) {
        int64_t v = 0;
        if (e.get(v)) return false;
        out->push_back(v);
      }
      return true;
    };
    bool ok = read_ints(left_a, &left) && read_ints(right_a, &right) &&
              read_ints(index_a, &index) && read_ints(default_a, &dflt);
    for (simdjson::dom::element e : cond_a) {
      double v = 0;
      ok = ok && !e.get(v);
      cond.push_back(v);
    }
    const size_t n = left.size();
    if (!ok || n == 0 || right.size() != n || index.size() != n || cond.size() != n ||
        dflt.size() != n) {
      return absl::InvalidArgumentError("malformed tree arrays in model");
    }
    // Breadth-first renumbering: children of each split get consecutive slots.
    const int32_t base = static_cast<int32_t>(nodes_.size());
    roots_.push_back(base);
    std::vector<std::pair<int64_t, int>> queue = {{0, 0}};  // (xgboost node, depth)
    std::vector<int32_t> slot(n, -1);
    slot[0] = base;
    nodes_.push_back({});
    leaf_value_.push_back(0);
    for (size_t q = 0; q < queue.size(); ++q) {
      const auto [id, depth] = queue[q];
      if (id < 0 || static_cast<size_t>(id) >= n) {
        return absl::InvalidArgumentError("tree child index out of range");
      }
      FlatNode& node = nodes_[slot[id]];
      if (left[id] < 0) {  // leaf: its weight is stored in split_conditions
        node = {0, std::numeric_limits<float>::infinity(), slot[id], 1};
        leaf_value_[slot[id]] = static_cast<float>(cond[id]);
        max_depth_ = std::max(max_depth_, depth);
        continue;
      }
      if (index[id] < 0 || index[id] >= static_cast<int64_t>(feature_names_.size())) {
        return absl::InvalidArgumentError("tree splits on an unnamed feature");
      }
      const int64_t l = left[id], r = right[id];
      if (l <= 0 || r <= 0 || static_cast<size_t>(l) >= n || static_cast<size_t>(r) >= n ||
          slot[l] >= 0 || slot[r] >= 0 || queue.size() > 2 * n) {
        return absl::InvalidArgumentError("tree child index out of range");
      }
      const int32_t first = static_cast<int32_t>(nodes_.size());
      node = {static_cast<int32_t>(index[id]), static_cast<float>(cond[id]), first,
              dflt[id] != 0 ? 1 : 0};
      slot[l] = first;
      slot[r] = first + 1;
      nodes_.push_back({});
      nodes_.push_back({});
      leaf_value_.push_back(0);
      leaf_value_.push_back(0);
      queue.push_back({l, depth + 1});
      queue.push_back({r, depth + 1});
    }
  }
  return absl::OkStatus();
}

namespace {

// Walks kRows rows (row-major, `cols` apart) through every tree, one level at a time: the
// steps of different rows are independent, so the processor overlaps their loads, and no step
// branches. A fixed kRows lets the compiler unroll and vectorise the inner loops.
template <size_t kRows, typename Node>
void WalkBlock(const Node* nodes, const float* leaves, const std::vector<int32_t>& roots, int depth,
               float base, const float* rows, size_t cols, float* sum) {
  int32_t at[kRows];
  for (size_t r = 0; r < kRows; ++r) sum[r] = base;
  for (int32_t root : roots) {
    for (size_t r = 0; r < kRows; ++r) at[r] = root;
    for (int d = 0; d < depth; ++d) {
      for (size_t r = 0; r < kRows; ++r) {
        const Node& n = nodes[at[r]];
        const float v = rows[r * cols + n.feature];
        const int32_t go_left = (v < n.threshold) | ((v != v) & n.default_left);
        at[r] = n.left + 1 - go_left;
      }
    }
    for (size_t r = 0; r < kRows; ++r) sum[r] += leaves[at[r]];
  }
}

}  // namespace

void AccountModel::PredictRows(const FeatureMatrix& x, size_t begin, size_t end, bool margin,
                               float* out) const {
  constexpr size_t kBlock = 16;
  float sum[kBlock];
  for (size_t b = begin; b < end;) {
    const size_t m = end - b >= kBlock ? kBlock : 1;
    if (m == kBlock) {
      WalkBlock<kBlock>(nodes_.data(), leaf_value_.data(), roots_, max_depth_, base_margin_,
                        x.row(b), x.cols, sum);
    } else {
      WalkBlock<1>(nodes_.data(), leaf_value_.data(), roots_, max_depth_, base_margin_, x.row(b),
                   x.cols, sum);
    }
    for (size_t r = 0; r < m; ++r) {
      out[b + r] = margin ? sum[r] : 1.0f / (1.0f + std::exp(-sum[r]));
    }
    b += m;
  }
}

StatusOr<std::vector<float>> AccountModel::PredictWithXgboost(const FeatureMatrix& x) const {
  return Run(x, 0);
}

Status AccountModel::SetPredictThreads(int threads) {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  predict_threads_ = std::max(1, threads);
  return Check(XGBoosterSetParam(booster_->handle, "nthread", StrCat(threads).c_str()),
               "XGBoosterSetParam(nthread)");
}

StatusOr<std::vector<float>> AccountModel::Run(const FeatureMatrix& x, int type) const {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  if (x.cols != feature_names_.size()) {
    return absl::InvalidArgumentError(
        StrCat("model expects ", feature_names_.size(), " features, rows have ", x.cols));
  }
  if (x.rows == 0) return std::vector<float>();
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  if (type != 2) {
    // In-place prediction straight from our row-major buffer (no DMatrix copy).
    const std::string array =
        StrCat(R"({"data":[)", reinterpret_cast<uintptr_t>(x.values.data()), R"(,true],"shape":[)",
               x.rows, ",", x.cols, R"(],"typestr":"<f4","version":3})");
    const std::string config =
        StrCat(R"({"type":)", type,
               R"(,"training":false,"iteration_begin":0,)"
               R"("iteration_end":0,"strict_shape":false,"missing":NaN,"cache_id":0})");
    XGB_RETURN_IF_ERROR(XGBoosterPredictFromDense(booster_->handle, array.c_str(), config.c_str(),
                                                  nullptr, &shape, &dim, &result));
    size_t n = 1;
    for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
    return std::vector<float>(result, result + n);
  }
  DMatrix dmat;
  RETURN_IF_ERROR(MakeDMatrix(x, &dmat));
  const std::string config = StrCat(R"({"type":)", type,
                                    R"(,"training":false,"iteration_begin":0,)"
                                    R"("iteration_end":0,"strict_shape":false})");
  XGB_RETURN_IF_ERROR(XGBoosterPredictFromDMatrix(booster_->handle, dmat.handle, config.c_str(),
                                                  &shape, &dim, &result));
  size_t n = 1;
  for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
  return std::vector<float>(result, result + n);
}

namespace {

// Splits rows [0, rows) over `threads` threads (the calling one included).
template <typename Fn>
void ParallelRows(size_t rows, int threads, const Fn& fn) {
  const size_t per = (rows + threads - 1) / threads;
  if (threads <= 1 || rows < 4096) {
    fn(0, rows);
    return;
  }
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) {
    const size_t b = std::min(rows, t * per), e = std::min(rows, (t + 1) * per);
    if (b < e) workers.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(0, std::min(rows, per));
  for (std::thread& w : workers) w.join();
}

}  // namespace

StatusOr<std::vector<float>> AccountModel::PredictFlat(const FeatureMatrix& x,
                                                       bool margin) const {
  if (booster_ == nullptr) return absl::FailedPreconditionError("empty model");
  if (x.cols != feature_names_.size()) {
    return absl::InvalidArgumentError(
        StrCat("model expects ", feature_names_.size(), " features, rows have ", x.cols));
  }
  std::vector<float> out(x.rows);
  ParallelRows(x.rows, predict_threads_,
               [&](size_t b, size_t e) { PredictRows(x, b, e, margin, out.data()); });
  return out;
}

StatusOr<std::vector<float>> AccountModel::Predict(const FeatureMatrix& x) const {
  return PredictFlat(x, /*margin=*/false);
}

StatusOr<std::vector<float>> AccountModel::PredictMargin(const FeatureMatrix& x) const {
  return PredictFlat(x, /*margin=*/true);
}

StatusOr<std::vector<float>> AccountModel::Contributions(const FeatureMatrix& x) const {
  return Run(x, 2);
}

}  // namespace sakimori
