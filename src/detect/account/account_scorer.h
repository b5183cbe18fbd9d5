// File: detect/account/account_scorer.h
// Scores every account with state: the model's bot probability and its explanation, the
// features with the largest SHAP contributions, e.g.
// "followers_friends_ratio:-1.20;posts_per_day:+0.85".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "detect/account/account_features.h"
#include "detect/account/account_model.h"

namespace sakimori {

struct AccountScore {
  AccountId account = kNoAccount;
  float score = 0;           // bot probability
  std::string top_features;  // name:+c;name:-c by decreasing |c| (log-odds)
  // The same explanation, structured: (feature column in AccountFeatureNames(), log-odds
  // contribution), by decreasing |contribution|, unrounded.
  std::vector<std::pair<int, float>> top_contributions;
};

// The `k` largest non-zero |contributions| of one row of `n` values (the bias excluded) as
// (column, contribution), by decreasing |c|; ties by column order.
std::vector<std::pair<int, float>> TopContributions(const float* contributions, size_t n, int k);

// Formats the `k` largest non-zero |contributions| of one row (`names.size()` values, the
// bias excluded) as name:+0.00;... (two decimals, sign always shown; ties by column order).
std::string FormatTopContributions(const float* contributions,
                                   const std::vector<std::string>& names, int k);

// Scores `accounts` (all accounts with state if empty) at `reference_time`, in chunks so that
// memory stays bounded. `top_k` explanations per account (0 for none), computed only for
// accounts scoring at least `explain_min` (SHAP costs about a hundred times a prediction).
// Errors: the model does not take sakimori's current feature set, or an XGBoost failure.
StatusOr<std::vector<AccountScore>> ScoreAccounts(const AccountModel& model,
                                                  const AccountFeatures& features,
                                                  TimeMs reference_time, int top_k,
                                                  std::vector<AccountId> accounts = {},
                                                  float explain_min = 0.0f);

// The BotSlayer-CE heuristic score of the same accounts (no explanations), for comparison.
std::vector<AccountScore> ScoreAccountsWithBaseline(const AccountFeatures& features,
                                                    TimeMs reference_time,
                                                    std::vector<AccountId> accounts = {});

// The shipped default model: models/default-account-model.json in the source tree (path
// compiled in), else models/default-account-model.json or ../share/sakimori/ next to the
// running binary. NotFound if none exists.
StatusOr<std::string> FindDefaultAccountModel();

// Loads the model at `path`, or the shipped default (FindDefaultAccountModel) when `path` is
// empty. Errors: those of FindDefaultAccountModel and AccountModel::Load.
StatusOr<AccountModel> LoadAccountModelOrDefault(const std::string& path);

}  // namespace sakimori
