// File: cli/pipeline.h
// The analyze and serve jobs as functions with their options, so that `sakimori demo` can
// run them in turn. Each fails the process (Fail) on error, like every command.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/input_options.h"

namespace sakimori::cli {

struct AnalyzeArgs {
  InputOptions input;
  std::string out;
  std::string model;
  bool no_model = false;
  std::vector<std::string> channels;
  std::string watchlist;
  std::string watchlist_db;
  double fdr = 0.01;
  double detect_every_hours = 3;
  double forget_single_hours = 24;  // 0: co-action edges seen once are kept for ever
  double forget_min_expected = 0.01;  // engine::CoordinationOptions::forget_min_expected
  double alert_score = 0.5;
  size_t min_members = 5;
  double automated_score = 0.5;
  int threads = 2;  // engine threads (engine::EngineOptions::threads)
  std::string resume;      // engine state to continue from (Engine::Deserialize)
  std::string save_state;  // where to write the engine state after the input (Engine::Serialize)
};

// `sakimori analyze`: reads args.input, writes results.json, sakimori.db and campaigns.jsonl
// to args.out and prints the top campaigns.
void RunAnalyze(const AnalyzeArgs& args);

struct ServeArgs {
  std::string db = "sakimori.db";
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  std::string spool;
  size_t max_body_mib = 64;
  double session_hours = 12;
  bool secure_cookies = false;
  int threads = 16;
  bool analyze = false;
  std::string model;
  double detect_every_hours = 1;
  std::string state;  // with analyze: the engine's state file, kept across restarts
  double state_every_minutes = 10;
};

// `sakimori serve`: serves until SIGINT or SIGTERM.
void RunServe(const ServeArgs& args);

}  // namespace sakimori::cli
