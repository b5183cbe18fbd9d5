// File: cli/train_command.cc
// `sakimori train`: trains the account automation model on labelled accounts (bot repository
// label files and/or simulator truth) from profile and event inputs, and optionally
// cross-validates it beside the BotSlayer-CE heuristic on the same folds. Label files with
// their profiles and a simulator truth with its events can be combined in one run as two
// sources, each with its own feature state and reference time.
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

// One labelled source: its files are read into their own dictionary and feature state, and
// its rows are computed at its own reference time (its latest event or snapshot), so that sources
// from different years do not age each other's accounts.
struct Source {
  std::string name;
  std::vector<std::string> files;
  std::vector<std::string> labels;  // label TSVs
  std::string truth;                // or a simulator truth.json
};

TrainingSet ReadSource(const Source& source, const TrainArgs& args) {
  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  Dictionary dict;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  AccountFeatures features;
  Progress progress("events");
  CheckOk(ReadInputs(
      source.files, *options, &dict, &report,
      [&](const EventBatch& batch) {
        features.Update(batch);
        return absl::OkStatus();
      },
      &progress));
  PrintRejectSummary(report);

  std::vector<LabelledAccount> labels;
  for (const std::string& path : source.labels) {
    auto part = ReadLabelsTsv(path);
    CheckOk(part.status());
    labels.insert(labels.end(), part->begin(), part->end());
  }
  if (!source.truth.empty()) {
    auto bots = ReadTruthBots(source.truth);
    CheckOk(bots.status());
    AppendTruthLabels(*bots, features, dict.accounts, &labels);
  }
  TrainingSet set = BuildTrainingSet(features, dict.accounts, labels, features.last_time());
  std::fprintf(stderr,
               "%s: %zu rows (%zu bot, %zu human); %zu labelled ids without data, %zu repeated\n",
               source.name.c_str(), set.x.rows, set.bots(), set.x.rows - set.bots(),
               set.without_data, set.duplicates);
  return set;
}

void RunTrain(const TrainArgs& args) {
  if (args.out.empty() && args.cv == 0)
    Fail(absl::InvalidArgumentError("give --out, --cv or both"));
  if (args.labels.empty() && args.truth.empty()) {
    Fail(absl::InvalidArgumentError("give --labels and/or --truth"));
  }
  if (args.profiles.empty() && args.input.files.empty()) {
    Fail(absl::InvalidArgumentError("give --profiles and/or --input files"));
  }
  std::vector<Source> sources;
  if (!args.labels.empty() && !args.truth.empty()) {
    // Two sources: the label files name accounts of --profiles, the truth those of --input.
    if (args.profiles.empty() || args.input.files.empty()) {
      Fail(absl::InvalidArgumentError(
          "with both --labels and --truth, give --profiles (labelled by --labels) and --input "
          "(labelled by --truth)"));
    }
    sources.push_back({"labels", args.profiles, args.labels, ""});
    sources.push_back({"truth", args.input.files, {}, args.truth});
  } else {
    Source one{args.truth.empty() ? "labels" : "truth", args.profiles, args.labels, args.truth};
    one.files.insert(one.files.end(), args.input.files.begin(), args.input.files.end());
    sources.push_back(std::move(one));
  }
  TrainingSet set;
  std::vector<size_t> source_begin;
  for (const Source& source : sources) {
    source_begin.push_back(set.x.rows);
    auto shared = AppendTrainingSet(ReadSource(source, args), &set);
    CheckOk(shared.status());
    if (*shared > 0) {
      std::fprintf(stderr, "%s: %zu ids also in an earlier source (kept as separate rows)\n",
                   source.name.c_str(), *shared);
    }
  }
  source_begin.push_back(set.x.rows);
  MaskFeatures(args.feature_set, &set.x);
  std::fprintf(stderr, "training rows %zu (%zu bot, %zu human)\n", set.x.rows, set.bots(),
               set.x.rows - set.bots());

  if (args.cv > 0) {
    auto cv = CrossValidate(set, args.cv, args.model);
    CheckOk(cv.status());
    if (sources.size() > 1) {
      for (size_t i = 0; i < sources.size(); ++i) {
        AddCvSource(sources[i].name, source_begin[i], source_begin[i + 1], set.y, &*cv);
      }
    }
    if (args.json) {
      std::printf("%s\n", CvResultToJson(*cv).c_str());
    } else {
      std::printf("%d-fold CV on %zu accounts (%zu bots)\n", args.cv, cv->n, cv->bots);
      std::printf("  model AUC                  %.4f +- %.4f\n", cv->auc, cv->auc_std);
      std::printf("  BotSlayer-CE heuristic AUC %.4f +- %.4f\n", cv->baseline_auc,
                  cv->baseline_auc_std);
      std::printf("  pooled out-of-fold AUC     %.4f (heuristic %.4f)\n", cv->oof_auc,
                  cv->baseline_oof_auc);
      std::printf("  max-F1 threshold           %.4f (F1 %.3f, precision %.3f, recall %.3f)\n",
                  cv->threshold.threshold, cv->threshold.f1, cv->threshold.precision,
                  cv->threshold.recall);
      for (const CvSource& src : cv->sources) {
        std::printf("  out-of-fold on %-10s  n %zu (%zu bots): model AUC %.4f, heuristic %.4f\n",
                    src.name.c_str(), src.n, src.bots, src.auc, src.baseline_auc);
      }
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
  cmd->add_option("--labels", args->labels,
                  "Label files: <account id>\\t<bot|human> per line. With --truth as well, "
                  "the two are separate sources: labels for --profiles, truth for --input");
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
