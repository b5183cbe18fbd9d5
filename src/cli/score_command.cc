// File: cli/score_command.cc
// `sakimori score`: scores every acting account (or account with a profile) in the inputs
// with the account automation model and writes account_id,score,top_features as CSV, the
// explanation being the largest SHAP contributions with their signs. With --truth (a simulator
// truth.json) it also prints the scores' ROC AUC, precision and recall per category of account
// (operation kinds, benign bots, organic), beside the BotSlayer-CE heuristic.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/input_options.h"
#include "common/progress.h"
#include "detect/account/account_features.h"
#include "detect/account/account_model.h"
#include "detect/account/account_scorer.h"
#include "detect/account/category_eval.h"
#include "ingest/read_inputs.h"

namespace sakimori::cli {
namespace {

struct ScoreArgs {
  InputOptions input;
  std::string model;
  std::string out = "-";
  int top = 5;
  float explain_min = 0.0f;
  bool baseline = false;
  std::string truth;
  bool json = false;
  double threshold = 0.5;
  double baseline_threshold = std::numeric_limits<double>::quiet_NaN();
};

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// Prints the per-category evaluation of `scores` against args.truth, with the heuristic's
// scores of the same accounts beside them.
void PrintCategoryEvaluation(const ScoreArgs& args, const Dictionary& dict,
                             const AccountFeatures& features,
                             const std::vector<AccountScore>& scores) {
  auto categories = ReadTruthCategories(args.truth);
  CheckOk(categories.status());
  std::vector<AccountId> accounts;
  accounts.reserve(scores.size());
  for (const AccountScore& s : scores) accounts.push_back(s.account);
  std::vector<AccountScore> baseline =
      ScoreAccountsWithBaseline(features, features.last_time(), accounts);
  std::vector<std::string> ids;
  std::vector<float> model_scores, baseline_scores;
  for (size_t i = 0; i < scores.size(); ++i) {
    ids.emplace_back(dict.accounts.Name(scores[i].account));
    model_scores.push_back(scores[i].score);
    baseline_scores.push_back(baseline[i].score);
  }
  CategoryEvaluation e = EvaluateByCategory(ids, model_scores, baseline_scores, *categories,
                                            args.threshold, args.baseline_threshold);
  if (args.json) {
    std::printf("%s\n", CategoryEvaluationToJson(e).c_str());
  } else {
    std::fputs(CategoryEvaluationToText(e).c_str(), stdout);
  }
}

void RunScore(const ScoreArgs& args) {
  if (!args.truth.empty() && args.baseline) {
    Fail(absl::InvalidArgumentError(
        "--truth reports the heuristic beside the model; drop --baseline"));
  }
  if (args.json && args.truth.empty()) Fail(absl::InvalidArgumentError("--json needs --truth"));
  // With --truth, standard output carries the evaluation: scores go only to a named file.
  const bool write_csv = args.truth.empty() || args.out != "-";
  AccountModel model;
  if (!args.baseline) {
    auto loaded = LoadAccountModelOrDefault(args.model);
    CheckOk(loaded.status());
    model = std::move(*loaded);
    CheckOk(model.SetPredictThreads(2));
  }

  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  Dictionary dict;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  AccountFeatures features;
  Progress progress("events");
  CheckOk(ReadInputs(
      args.input.files, *options, &dict, &report,
      [&](const EventBatch& batch) {
        features.Update(batch);
        return absl::OkStatus();
      },
      &progress));
  PrintRejectSummary(report);

  StatusOr<std::vector<AccountScore>> scores =
      args.baseline ? ScoreAccountsWithBaseline(features, features.last_time())
                    : ScoreAccounts(model, features, features.last_time(), write_csv ? args.top : 0,
                                    {}, args.explain_min);
  CheckOk(scores.status());
  if (!args.truth.empty()) PrintCategoryEvaluation(args, dict, features, *scores);
  if (!write_csv) return;
  // Highest score first; ties by account id, so the output does not depend on input order.
  std::sort(scores->begin(), scores->end(), [&](const AccountScore& a, const AccountScore& b) {
    if (a.score != b.score) return a.score > b.score;
    return dict.accounts.Name(a.account) < dict.accounts.Name(b.account);
  });

  std::FILE* out = args.out == "-" ? stdout : std::fopen(args.out.c_str(), "w");
  if (out == nullptr) Fail(absl::InvalidArgumentError("cannot write " + args.out));
  std::string buffer = "account_id,score,top_features\n";
  for (const AccountScore& s : *scores) {
    buffer += CsvField(dict.accounts.Name(s.account));
    buffer += fmt::format(",{:.6f},", s.score);
    buffer += s.top_features;
    buffer += '\n';
    if (buffer.size() > (1 << 20)) {
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      buffer.clear();
    }
  }
  std::fwrite(buffer.data(), 1, buffer.size(), out);
  const bool failed = std::ferror(out) != 0;
  if (out != stdout && std::fclose(out) != 0)
    Fail(absl::InternalError("write failed: " + args.out));
  if (failed) Fail(absl::InternalError("write failed: " + args.out));
  if (out != stdout)
    std::fprintf(stderr, "%zu accounts scored -> %s\n", scores->size(), args.out.c_str());
}

}  // namespace

void RegisterScore(CLI::App& app) {
  auto args = std::make_shared<ScoreArgs>();
  CLI::App* cmd =
      app.add_subcommand("score",
                         "Score accounts for automation with the account model; writes "
                         "account_id,score,top_features (largest SHAP contributions, log-odds)");
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->add_option("-m,--model", args->model,
                  "Model from sakimori train (default: models/default-account-model.json)");
  cmd->add_option("-o,--out", args->out, "Output CSV ('-' for standard output)")
      ->capture_default_str();
  cmd->add_option("--top", args->top, "Contributions listed per account")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  cmd->add_option("--explain-min", args->explain_min,
                  "Explain only accounts scoring at least this (SHAP is ~100x a prediction)")
      ->capture_default_str();
  cmd->add_flag("--baseline", args->baseline,
                "Score with the BotSlayer-CE heuristic instead of the model (for comparison)");
  cmd->add_option("--truth", args->truth,
                  "Simulator truth.json: print ROC AUC, precision and recall per category of "
                  "account (operation kinds, benign bots, organic) beside the heuristic; the CSV "
                  "is then written only to an --out file");
  cmd->add_flag("--json", args->json, "With --truth: print the evaluation as one JSON object");
  cmd->add_option("--threshold", args->threshold,
                  "With --truth: flag accounts scoring at least this (model)")
      ->capture_default_str();
  cmd->add_option("--baseline-threshold", args->baseline_threshold,
                  "With --truth: the heuristic's threshold (default: its max-F1 threshold on "
                  "the evaluated accounts, which favours it)");
  cmd->callback([args] { RunScore(*args); });
}

}  // namespace sakimori::cli
