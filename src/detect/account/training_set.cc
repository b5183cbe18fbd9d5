// File: detect/account/training_set.cc
// Label files, simulator truth and the training matrix.
#include "detect/account/training_set.h"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "common/strings.h"
#include "detect/account/botslayer_baseline.h"

namespace sakimori {

StatusOr<std::vector<LabelledAccount>> ReadLabelsTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(StrCat("cannot open labels ", path));
  std::vector<LabelledAccount> out;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return absl::InvalidArgumentError(StrCat(path, ":", line_no, ": expected <id>\\t<label>"));
    }
    std::string_view label = std::string_view(line).substr(tab + 1);
    LabelledAccount a;
    a.id = line.substr(0, tab);
    if (label == "bot" || label == "1") {
      a.label = 1;
    } else if (label == "human" || label == "0") {
      a.label = 0;
    } else {
      return absl::InvalidArgumentError(
          StrCat(path, ":", line_no, ": label must be bot or human, got '", label, "'"));
    }
    out.push_back(std::move(a));
  }
  return out;
}

StatusOr<std::vector<std::string>> ReadTruthBots(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  auto error = parser.load(path).get(doc);
  if (error == simdjson::IO_ERROR) return absl::NotFoundError(StrCat("cannot open truth ", path));
  if (error) {
    return absl::InvalidArgumentError(
        StrCat(path, ": invalid JSON: ", simdjson::error_message(error)));
  }
  simdjson::dom::array operations;
  if (doc["operations"].get(operations)) {
    return absl::InvalidArgumentError(StrCat(path, ": no operations array"));
  }
  std::vector<std::string> out;
  for (simdjson::dom::element op : operations) {
    simdjson::dom::array members;
    if (op["members"].get(members)) {
      return absl::InvalidArgumentError(StrCat(path, ": operation without members array"));
    }
    for (simdjson::dom::element m : members) {
      std::string_view id;
      if (m.get(id)) return absl::InvalidArgumentError(StrCat(path, ": member id not a string"));
      out.emplace_back(id);
    }
  }
  return out;
}

void AppendTruthLabels(const std::vector<std::string>& bots, const AccountFeatures& features,
                       const Interner& accounts, std::vector<LabelledAccount>* out) {
  absl::flat_hash_set<std::string> bot_set(bots.begin(), bots.end());
  for (AccountId a : features.Accounts()) {
    std::string id(accounts.Name(a));
    const float label = bot_set.contains(id) ? 1.0f : 0.0f;
    out->push_back({std::move(id), label});
  }
}

size_t TrainingSet::bots() const {
  return static_cast<size_t>(std::count_if(y.begin(), y.end(), [](float v) { return v > 0.5f; }));
}

TrainingSet BuildTrainingSet(const AccountFeatures& features, const Interner& accounts,
                             const std::vector<LabelledAccount>& labels, TimeMs reference_time) {
  TrainingSet set;
  set.x.cols = kNumAccountFeatures;
  absl::flat_hash_set<std::string_view> seen;
  for (const LabelledAccount& l : labels) {
    if (!seen.insert(l.id).second) {
      ++set.duplicates;
      continue;
    }
    const AccountId a = accounts.Find(l.id);
    if (a == kNoAccount || !features.Has(a)) {
      ++set.without_data;
      continue;
    }
    set.x.values.resize((set.x.rows + 1) * set.x.cols);
    float* row = set.x.values.data() + set.x.rows * set.x.cols;
    features.Compute(a, reference_time, row);
    set.baseline.push_back(static_cast<float>(BotSlayerScore(row)));
    ++set.x.rows;
    set.y.push_back(l.label);
    set.ids.push_back(l.id);
  }
  return set;
}

StatusOr<size_t> AppendTrainingSet(const TrainingSet& part, TrainingSet* out) {
  if (out->x.rows == 0 && out->x.cols == 0) out->x.cols = part.x.cols;
  if (part.x.cols != out->x.cols) {
    return absl::InvalidArgumentError(
        StrCat("training sets with ", part.x.cols, " and ", out->x.cols, " columns"));
  }
  absl::flat_hash_set<std::string_view> have(out->ids.begin(), out->ids.end());
  size_t shared = 0;
  for (const std::string& id : part.ids) shared += have.contains(id);
  out->x.values.insert(out->x.values.end(), part.x.values.begin(), part.x.values.end());
  out->x.rows += part.x.rows;
  out->y.insert(out->y.end(), part.y.begin(), part.y.end());
  out->ids.insert(out->ids.end(), part.ids.begin(), part.ids.end());
  out->baseline.insert(out->baseline.end(), part.baseline.begin(), part.baseline.end());
  out->without_data += part.without_data;
  out->duplicates += part.duplicates;
  return shared;
}

}  // namespace sakimori
