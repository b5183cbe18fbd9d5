// File: cli/analysis_options.h
// The options that shape an analysis (engine::EngineOptions: account model, watch list,
// co-action channels, significance, forgetting, detection interval, campaign thresholds),
// shared by `analyze` and `serve --analyze`, so that a live server analyses as a batch run
// does and their states are interchangeable.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "detect/account/account_model.h"
#include "detect/foreign/watchlist.h"
#include "engine/engine.h"

namespace sakimori::cli {

struct AnalysisArgs {
  std::string model;
  bool no_model = false;
  std::vector<std::string> channels;
  std::string watchlist;
  std::string watchlist_db;
  double fdr = 0.01;
  double detect_every_hours = 3;
  double forget_single_hours = 24;    // 0: co-action edges seen once are kept for ever
  double forget_min_expected = 0.01;  // engine::CoordinationOptions::forget_min_expected
  double alert_score = 0.5;
  double alert_confirm_hours = 1;  // engine::CampaignOptions::alert_confirm_ms
  size_t min_members = 5;
  double automated_score = 0.5;
};

// Registers --model, --no-model, --watchlist, --watchlist-db, --channel, --fdr,
// --detect-every, --forget-single-hours, --forget-min-expected, --alert-score,
// --alert-confirm, --min-members and --automated-score on `cmd`, with the values in *args as
// defaults.
void AddAnalysisOptions(CLI::App* cmd, AnalysisArgs* args);

// The engine's options and what they point to (the model, the watch list); not movable, as
// `options` holds pointers into it.
struct Analysis {
  Analysis() = default;
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  AccountModel model;
  foreign::WatchList watchlist;
  engine::EngineOptions options;
};

// Loads the model and watch list and fills the engine's options. Errors: a bad --channel or
// --detect-every, both watch-list sources, an unreadable model, watch list or store.
StatusOr<std::unique_ptr<Analysis>> MakeAnalysis(const AnalysisArgs& args);

}  // namespace sakimori::cli
