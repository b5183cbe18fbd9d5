// File: cli/pipeline.h
// The analyze and serve jobs as functions with their options, so that `sakimori demo` can
// run them in turn. Each fails the process (Fail) on error, like every command.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/analysis_options.h"
#include "cli/input_options.h"

namespace sakimori::cli {

struct AnalyzeArgs {
  InputOptions input;
  std::string out;
  AnalysisArgs analysis;
  int threads = 2;         // engine threads (engine::EngineOptions::threads)
  std::string resume;      // engine state to continue from (Engine::Restore)
  std::string save_state;  // where to write the engine state after the input (Engine::Save)
};

// `sakimori analyze`: reads args.input, writes results.json, sakimori.db and campaigns.jsonl
// to args.out and prints the top campaigns.
void RunAnalyze(const AnalyzeArgs& args);

struct ServeArgs {
  ServeArgs() { analysis.detect_every_hours = 1; }  // live alerts: a step every hour
  std::string db = "sakimori.db";
  std::string listen = "127.0.0.1:8080";
  std::string static_dir;
  std::string spool;
  size_t max_body_mib = 64;
  double session_hours = 12;
  bool secure_cookies = false;
  int threads = 16;
  bool analyze = false;
  AnalysisArgs analysis;  // with analyze
  // --detect-every was given. When not, an existing --state file's interval is taken (a state
  // written by analyze, which steps every 3 hours, then continues as it was written).
  bool detect_every_given = false;
  std::string state;      // with analyze: the engine's state file, kept across restarts
  double state_every_minutes = 10;
};

// `sakimori serve`: serves until SIGINT or SIGTERM.
void RunServe(const ServeArgs& args);

}  // namespace sakimori::cli
