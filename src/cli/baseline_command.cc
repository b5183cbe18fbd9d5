// File: cli/baseline_command.cc
// `sakimori baseline NAME --input EVENTS --out RESULTS [--threshold N]`: runs a reference
// detector over events and writes its results.json, for `sakimori eval` to compare against.
// The baselines are the rows of kBaselines; each becomes a subcommand of `baseline`.
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/input_options.h"
#include "common/progress.h"
#include "eval/baseline.h"
#include "eval/percentile_baseline.h"
#include "eval/rate_baseline.h"
#include "eval/results_file.h"
#include "ingest/read_inputs.h"

namespace sakimori::cli {
namespace {

// The baseline table: name, help, factory. Add a row to add a baseline.
const eval::BaselineEntry kBaselines[] = {
    {"rate",
     "Flag accounts whose actions in any sliding hour exceed --threshold (default 60); "
     "score = rate / (rate + threshold)",
     &eval::RateBaseline::Make},
    {"percentile",
     "CooRTweet-style co-reposts within 10 s, edges above the --threshold weight quantile "
     "(default 0.99), connected components as groups; one campaign and alert per group",
     &eval::PercentileBaseline::Make},
};

struct BaselineArgs {
  InputOptions input;
  std::string out_path;
  std::optional<double> threshold;
};

void RegisterOne(CLI::App* parent, const eval::BaselineEntry& entry) {
  auto args = std::make_shared<BaselineArgs>();
  CLI::App* cmd = parent->add_subcommand(std::string(entry.name), std::string(entry.help));
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->add_option("-o,--out", args->out_path, "Write results.json here ('-' for standard output)")
      ->required();
  cmd->add_option("--threshold", args->threshold,
                  "The baseline's decision threshold (see its help for the unit)");
  cmd->callback([args, &entry] {
    auto options = MakeReaderOptions(args->input);
    CheckOk(options.status());
    auto baseline = entry.make(eval::BaselineParams{.threshold = args->threshold});
    CheckOk(baseline.status());
    Dictionary dict;
    IngestReport report;
    auto rejects = ConnectRejectsFile(args->input, &report);
    CheckOk(rejects.status());
    Progress progress("events");
    CheckOk(ReadInputs(
        args->input.files, *options, &dict, &report,
        [&](const EventBatch& b) { return (*baseline)->Update(b); }, &progress));
    PrintRejectSummary(report);
    auto results = (*baseline)->Finish(dict);
    CheckOk(results.status());
    CheckOk(eval::WriteResultsFile(*results, args->out_path));
  });
}

}  // namespace

void RegisterBaseline(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "baseline", "Run a reference detector over events and write its results.json");
  cmd->require_subcommand(1);
  for (const eval::BaselineEntry& entry : kBaselines) RegisterOne(cmd, entry);
}

}  // namespace sakimori::cli
