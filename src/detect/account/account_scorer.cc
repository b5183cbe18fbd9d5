// File: detect/account/account_scorer.cc
// Batch scoring with SHAP explanations, and the default model's location.
#include "detect/account/account_scorer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "common/strings.h"
#include "detect/account/botslayer_baseline.h"

namespace sakimori {

std::vector<std::pair<int, float>> TopContributions(const float* c, size_t n, int k) {
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [c](int a, int b) { return std::fabs(c[a]) > std::fabs(c[b]); });
  std::vector<std::pair<int, float>> out;
  for (int i : order) {
    if (static_cast<int>(out.size()) == k || c[i] == 0.0f) break;
    out.emplace_back(i, c[i]);
  }
  return out;
}

std::string FormatTopContributions(const float* c, const std::vector<std::string>& names, int k) {
  std::string out;
  for (const auto& [i, v] : TopContributions(c, names.size(), k)) {
    if (!out.empty()) out.push_back(';');
    StrAppend(&out, names[i], ":", fmt::format("{:+.2f}", v));
  }
  return out;
}

StatusOr<std::vector<AccountScore>> ScoreAccounts(const AccountModel& model,
                                                  const AccountFeatures& features,
                                                  TimeMs reference_time, int top_k,
                                                  std::vector<AccountId> accounts,
                                                  float explain_min) {
  const auto& names = AccountFeatureNames();
  const std::vector<std::string>& model_names = model.feature_names();
  if (model_names.size() != names.size() ||
      !std::equal(names.begin(), names.end(), model_names.begin())) {
    return absl::InvalidArgumentError(
        "the model was trained on a different feature set; retrain it with sakimori train");
  }
  if (accounts.empty()) accounts = features.Accounts();
  std::vector<AccountScore> out(accounts.size());
  constexpr size_t kChunk = 1 << 16;
  FeatureMatrix x;
  x.cols = kNumAccountFeatures;
  for (size_t begin = 0; begin < accounts.size(); begin += kChunk) {
    const size_t end = std::min(accounts.size(), begin + kChunk);
    x.rows = end - begin;
    x.values.resize(x.rows * x.cols);
    for (size_t i = begin; i < end; ++i) {
      features.Compute(accounts[i], reference_time, x.values.data() + (i - begin) * x.cols);
    }
    ASSIGN_OR_RETURN(std::vector<float> scores, model.Predict(x));
    for (size_t i = begin; i < end; ++i) {
      out[i].account = accounts[i];
      out[i].score = scores[i - begin];
    }
    if (top_k <= 0) continue;
    FeatureMatrix explain;
    explain.cols = x.cols;
    std::vector<size_t> explained;
    for (size_t r = 0; r < x.rows; ++r) {
      if (scores[r] < explain_min) continue;
      explain.values.insert(explain.values.end(), x.row(r), x.row(r) + x.cols);
      ++explain.rows;
      explained.push_back(begin + r);
    }
    ASSIGN_OR_RETURN(std::vector<float> contributions, model.Contributions(explain));
    for (size_t j = 0; j < explained.size(); ++j) {
      const float* row = contributions.data() + j * (x.cols + 1);
      out[explained[j]].top_contributions = TopContributions(row, model_names.size(), top_k);
      out[explained[j]].top_features = FormatTopContributions(row, model_names, top_k);
    }
  }
  return out;
}

std::vector<AccountScore> ScoreAccountsWithBaseline(const AccountFeatures& features,
                                                    TimeMs reference_time,
                                                    std::vector<AccountId> accounts) {
  if (accounts.empty()) accounts = features.Accounts();
  std::vector<AccountScore> out(accounts.size());
  float row[kNumAccountFeatures];
  for (size_t i = 0; i < accounts.size(); ++i) {
    features.Compute(accounts[i], reference_time, row);
    out[i].account = accounts[i];
    out[i].score = static_cast<float>(BotSlayerScore(row));
  }
  return out;
}

StatusOr<std::string> FindDefaultAccountModel() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
#ifdef SAKIMORI_DEFAULT_ACCOUNT_MODEL
  candidates.emplace_back(SAKIMORI_DEFAULT_ACCOUNT_MODEL);
#endif
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "models" / "default-account-model.json");
    candidates.push_back(exe.parent_path() / ".." / "share" / "sakimori" /
                         "default-account-model.json");
  }
  for (const fs::path& p : candidates) {
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return absl::NotFoundError(
      "no default account model found (models/default-account-model.json); give --model");
}

StatusOr<AccountModel> LoadAccountModelOrDefault(const std::string& path) {
  if (!path.empty()) return AccountModel::Load(path);
  ASSIGN_OR_RETURN(std::string found, FindDefaultAccountModel());
  return AccountModel::Load(found);
}

}  // namespace sakimori
