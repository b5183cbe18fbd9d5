// File: cli/train_command.cc
// `sakimori train`: trains the account automation model on labelled accounts (bot repository
// label files and/or simulator truth) from profile and event inputs, and optionally
// cross-validates it beside the BotSlayer-CE heuristic on the same folds.
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
#include "detect/account/cross_validation.h"
#include "detect/account/training_set.h"
#include "ingest/read_inputs.h"

namespace sakimori::cli {
namespace {

struct TrainArgs {
  InputOptions input;
  std::vector<std::string> labels;
  std::vector<std::string> profiles;
  std::string truth;
  std::string out;
  int cv = 0;
  bool json = false;
  std::string feature_set = "all";
  AccountModelOptions model;
};

// Blanks (NaN) the columns outside `feature_set`: "behaviour" keeps the features from
// actions, "profile" those from profile snapshots, "all" everything.
void MaskFeatures(std::string_view feature_set, FeatureMatrix* x) {
  if (feature_set == "all") return;
  const int first_profile = static_cast<int>(AccountFeature::kAccountAgeDays);
  for (size_t r = 0; r < x->rows; ++r) {
    for (size_t c = 0; c < x->cols; ++c) {
      const bool profile = static_cast<int>(c) >= first_profile;
      if (profile == (feature_set == "behaviour")) {
        x->values[r * x->cols + c] = std::numeric_limits<float>::quiet_NaN();
      }
    }
  }
}

void RunTrain(const TrainArgs& args) {
  if (args.out.empty() && args.cv == 0)
    Fail(absl::InvalidArgumentError("give --out, --cv or both"));
  if (args.labels.empty() && args.truth.empty()) {
    Fail(absl::InvalidArgumentError("give --labels and/or --truth"));
  }
  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  Dictionary dict;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  std::vector<std::string> files = args.profiles;
  files.insert(files.end(), args.input.files.begin(), args.input.files.end());
  if (files.empty()) Fail(absl::InvalidArgumentError("give --profiles and/or --input files"));

  AccountFeatures features;
  Progress progress("events");
  CheckOk(ReadInputs(
      files, *options, &dict, &report,
      [&](const EventBatch& batch) {
        features.Update(batch);
        return absl::OkStatus();
      },
      &progress));
  PrintRejectSummary(report);

  std::vector<LabelledAccount> labels;
  for (const std::string& path : args.labels) {
    auto part = ReadLabelsTsv(path);
    CheckOk(part.status());
    labels.insert(labels.end(), part->begin(), part->end());
  }
  if (!args.truth.empty()) {
    auto bots = ReadTruthBots(args.truth);
    CheckOk(bots.status());
    AppendTruthLabels(*bots, features, dict.accounts, &labels);
  }
  TrainingSet set = BuildTrainingSet(features, dict.accounts, labels, features.last_time());
  MaskFeatures(args.feature_set, &set.x);
  std::fprintf(
      stderr,
      "training rows %zu (%zu bot, %zu human); %zu labelled ids without data, %zu repeated\n",
      set.x.rows, set.bots(), set.x.rows - set.bots(), set.without_data, set.duplicates);

  if (args.cv > 0) {
    auto cv = CrossValidate(set, args.cv, args.model);
    CheckOk(cv.status());
    if (args.json) {
      std::printf("%s\n", CvResultToJson(*cv).c_str());
    } else {
      std::printf("%d-fold CV on %zu accounts (%zu bots)\n", args.cv, cv->n, cv->bots);
      std::printf("  model AUC                  %.4f +- %.4f\n", cv->auc, cv->auc_std);
      std::printf("  BotSlayer-CE heuristic AUC %.4f +- %.4f\n", cv->baseline_auc,
                  cv->baseline_auc_std);
      std::printf("  max-F1 threshold           %.4f (F1 %.3f, precision %.3f, recall %.3f)\n",
                  cv->threshold.threshold, cv->threshold.f1, cv->threshold.precision,
                  cv->threshold.recall);
    }
  }
  if (!args.out.empty()) {
    std::vector<std::string> names(AccountFeatureNames().begin(), AccountFeatureNames().end());
    auto model = AccountModel::Train(set.x, set.y, names, args.model);
    CheckOk(model.status());
    CheckOk(model->Save(args.out));
    std::fprintf(stderr, "model written to %s\n", args.out.c_str());
  }
}

}  // namespace

void RegisterTrain(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train",
      "Train the account automation model (XGBoost) on labelled accounts; --cv K reports "
      "K-fold ROC AUC beside the BotSlayer-CE heuristic on the same folds");
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->get_option("--input")->required(false);  // --profiles alone is enough
  cmd->add_option("--labels", args->labels, "Label files: <account id>\\t<bot|human> per line");
  cmd->add_option("--profiles", args->profiles,
                  "Files with profile snapshots (any input format, e.g. bot-repository JSON)");
  cmd->add_option("--truth", args->truth,
                  "Simulator truth.json: operation members are bots, other acting accounts human");
  cmd->add_option("-o,--out", args->out, "Write the trained model (XGBoost JSON) here");
  cmd->add_option("--cv", args->cv, "Run stratified K-fold cross-validation")
      ->check(CLI::Range(2, 100));
  cmd->add_flag("--json", args->json, "Print the cross-validation result as one JSON object");
  cmd->add_option("--feature-set", args->feature_set,
                  "Train on all features, or only behaviour or only profile ones (ablation)")
      ->check(CLI::IsMember({"all", "behaviour", "profile"}))
      ->capture_default_str();
  cmd->add_option("--rounds", args->model.rounds, "Boosting rounds")->capture_default_str();
  cmd->add_option("--max-depth", args->model.max_depth, "Tree depth")->capture_default_str();
  cmd->add_option("--eta", args->model.eta, "Learning rate")->capture_default_str();
  cmd->add_option("--threads", args->model.threads, "Training threads")->capture_default_str();
  cmd->callback([args] { RunTrain(*args); });
}

}  // namespace sakimori::cli
