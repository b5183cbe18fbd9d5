// File: cli/eval_command.cc
// `sakimori eval --truth T --results R [--json]`: scores a detector's results.json against a
// simulation's truth.json (docs/evaluation.md defines every figure).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "eval/evaluator.h"
#include "eval/results_file.h"
#include "sim/truth.h"

namespace sakimori::cli {
namespace {

struct EvalArgs {
  std::string truth_path;
  std::string results_path;
  bool json = false;
};

}  // namespace

void RegisterEval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval",
      "Score a results.json against the truth.json of a simulation: account precision, recall, "
      "F1 and AUC, group recovery, campaigns detected, false alerts per day, detection delay");
  cmd->add_option("--truth", args->truth_path, "The truth.json written by `sakimori simulate`")
      ->required();
  cmd->add_option("--results", args->results_path, "The results.json of the detector to score")
      ->required();
  cmd->add_flag("--json", args->json, "Print one JSON object instead of text tables");
  cmd->callback([args] {
    auto truth = sim::ReadTruthFile(args->truth_path);
    CheckOk(truth.status());
    auto results = eval::ReadResultsFile(args->results_path);
    CheckOk(results.status());
    eval::EvalReport report = eval::Evaluate(*truth, *results);
    std::string out = args->json ? eval::EvalReportJson(report) : eval::EvalReportText(report);
    std::fwrite(out.data(), 1, out.size(), stdout);
  });
}

}  // namespace sakimori::cli
