// File: detect/account/training_set.h
// Labelled accounts and the feature rows built from them: the bot repository's label files
// (`<id>\t<bot|human>`), the simulator's ground truth (operation members are bots, every
// other acting account is human), and the matrix the model trains on.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "detect/account/account_features.h"
#include "detect/account/account_model.h"
#include "model/event.h"

namespace sakimori {

struct LabelledAccount {
  std::string id;
  float label = 0;  // 1 bot, 0 human
};

// Reads a label file: one `<account id>\t<label>` per line, label `bot`/`human` (or 1/0);
// blank lines are skipped. Errors: NotFound for a missing file, InvalidArgument naming the
// line for anything else.
StatusOr<std::vector<LabelledAccount>> ReadLabelsTsv(const std::string& path);

// Reads the member ids of every operation in a simulator truth.json (docs: results format).
// Errors: NotFound, or InvalidArgument for a file that is not such a JSON object.
StatusOr<std::vector<std::string>> ReadTruthBots(const std::string& path);

// Labels from truth: every account with state in `features` is labelled, bot if it is in
// `bots`, human otherwise. Appended to `out` in account id order.
void AppendTruthLabels(const std::vector<std::string>& bots, const AccountFeatures& features,
                       const Interner& accounts, std::vector<LabelledAccount>* out);

struct TrainingSet {
  FeatureMatrix x;
  std::vector<float> y;
  std::vector<std::string> ids;
  std::vector<float> baseline;  // BotSlayer-CE heuristic score of each row (all features)
  size_t without_data = 0;      // labelled ids with no event or profile in the inputs
  size_t duplicates = 0;        // repeated ids (the first label is kept)

  size_t bots() const;
};

// One row per labelled account that has state, features computed at `reference_time`.
TrainingSet BuildTrainingSet(const AccountFeatures& features, const Interner& accounts,
                             const std::vector<LabelledAccount>& labels, TimeMs reference_time);

// Appends the rows of `part` to `out` (a training set from another source, whose features were
// computed with its own dictionary and reference time); its counters are added. Returns how
// many of its ids `out` already had (both rows are kept: they are different accounts of
// different sources that share an id). Errors: different column counts.
StatusOr<size_t> AppendTrainingSet(const TrainingSet& part, TrainingSet* out);

}  // namespace sakimori
