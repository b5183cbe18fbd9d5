// File: detect/account/category_eval.cc
// Per-category evaluation of account scores against simulator truth.
#include "detect/account/category_eval.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>

#include "common/json_writer.h"
#include "common/strings.h"
#include "detect/account/metrics.h"

namespace sakimori {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Status StringArray(simdjson::dom::element parent, const char* key, const std::string& path,
                   std::vector<std::string>* out) {
  out->clear();
  simdjson::dom::array array;
  auto error = parent[key].get(array);
  if (error == simdjson::NO_SUCH_FIELD) return absl::OkStatus();
  if (error) return absl::InvalidArgumentError(StrCat(path, ": ", key, " is not an array"));
  for (simdjson::dom::element e : array) {
    std::string_view s;
    if (e.get(s)) return absl::InvalidArgumentError(StrCat(path, ": ", key, " holds a non-string"));
    out->emplace_back(s);
  }
  return absl::OkStatus();
}

std::string OptionalString(simdjson::dom::element parent, const char* key) {
  std::string_view s;
  if (parent[key].get(s)) return "";
  return std::string(s);
}

double Share(size_t part, size_t whole) {
  return whole == 0 ? kNaN : static_cast<double>(part) / static_cast<double>(whole);
}

double Median(std::vector<float> v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (static_cast<double>(v[m - 1]) + v[m]) / 2;
}

}  // namespace

std::string OperationCategory(const std::vector<std::string>& tactics,
                              const std::string& sophistication) {
  auto has = [&](std::string_view t) {
    return std::find(tactics.begin(), tactics.end(), t) != tactics.end();
  };
  if (has("cyborg")) return "cyborg";
  if (has("evasive_bot")) return "evasive_bot";
  return sophistication.empty() ? "operation" : sophistication;
}

StatusOr<TruthCategories> ReadTruthCategories(const std::string& path) {
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
  TruthCategories out;
  std::vector<std::string> members, tactics;
  for (simdjson::dom::element op : operations) {
    RETURN_IF_ERROR(StringArray(op, "tactics", path, &tactics));
    RETURN_IF_ERROR(StringArray(op, "members", path, &members));
    TruthCategory c;
    c.name = OperationCategory(tactics, OptionalString(op, "sophistication"));
    c.operation = c.automated = true;
    for (const std::string& m : members) out.try_emplace(m, c);
  }
  simdjson::dom::array hard_negatives;
  error = doc["hard_negatives"].get(hard_negatives);
  if (error && error != simdjson::NO_SUCH_FIELD) {
    return absl::InvalidArgumentError(StrCat(path, ": hard_negatives is not an array"));
  }
  if (!error) {
    for (simdjson::dom::element hn : hard_negatives) {
      RETURN_IF_ERROR(StringArray(hn, "members", path, &members));
      TruthCategory c;
      c.name = OptionalString(hn, "kind");
      if (c.name.empty()) c.name = "hard_negative";
      c.automated = c.name == "benign_bot";
      for (const std::string& m : members) out.try_emplace(m, c);
    }
  }
  return out;
}

CategoryEvaluation EvaluateByCategory(const std::vector<std::string>& ids,
                                      const std::vector<float>& scores,
                                      const std::vector<float>& baseline,
                                      const TruthCategories& categories, double threshold,
                                      double baseline_threshold) {
  CategoryEvaluation e;
  e.accounts = ids.size();
  e.threshold = threshold;
  // Per account: its category (nullptr for organic) and whether it is an operation member.
  std::vector<const TruthCategory*> category(ids.size(), nullptr);
  std::vector<float> member(ids.size(), 0.0f);
  std::map<std::pair<bool, std::string>, std::vector<size_t>> rows;  // (!operation, name)
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = categories.find(ids[i]);
    if (it == categories.end()) continue;
    category[i] = &it->second;
    member[i] = it->second.operation ? 1.0f : 0.0f;
    rows[{!it->second.operation, it->second.name}].push_back(i);
  }
  e.baseline_threshold = baseline_threshold;
  if (std::isnan(baseline_threshold)) {
    e.baseline_threshold = MaxF1Threshold(baseline, member).threshold;
    e.baseline_threshold_fitted = true;
  }
  auto organic = [&](size_t i) { return category[i] == nullptr || !category[i]->automated; };

  size_t organic_flagged = 0, organic_baseline_flagged = 0;
  size_t tp = 0, fp = 0, btp = 0, bfp = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool flag = scores[i] >= threshold;
    const bool bflag = baseline[i] >= e.baseline_threshold;
    if (organic(i)) {
      ++e.organic;
      organic_flagged += flag;
      organic_baseline_flagged += bflag;
    }
    if (member[i] > 0.5f) {
      ++e.members;
      tp += flag;
      btp += bflag;
    } else {
      fp += flag;
      bfp += bflag;
    }
  }
  e.organic_flagged = Share(organic_flagged, e.organic);
  e.organic_baseline_flagged = Share(organic_baseline_flagged, e.organic);
  e.auc = RocAuc(scores, member);
  e.baseline_auc = RocAuc(baseline, member);
  e.precision = Share(tp, tp + fp);
  e.recall = Share(tp, e.members);
  e.baseline_precision = Share(btp, btp + bfp);
  e.baseline_recall = Share(btp, e.members);

  for (const auto& [key, members] : rows) {
    CategoryFigures f;
    f.operation = !key.first;
    f.category = key.second;
    f.n = members.size();
    // The category against the organic accounts outside it.
    std::vector<float> s, b, y, own;
    size_t flagged = 0, bflagged = 0, neg_flagged = 0, neg_bflagged = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      const bool in = category[i] != nullptr && category[i]->name == f.category &&
                      category[i]->operation == f.operation;
      if (!in && !organic(i)) continue;
      s.push_back(scores[i]);
      b.push_back(baseline[i]);
      y.push_back(in ? 1.0f : 0.0f);
      const bool flag = scores[i] >= threshold;
      const bool bflag = baseline[i] >= e.baseline_threshold;
      if (in) {
        own.push_back(scores[i]);
        flagged += flag;
        bflagged += bflag;
      } else {
        ++f.negatives;
        neg_flagged += flag;
        neg_bflagged += bflag;
      }
    }
    f.auc = RocAuc(s, y);
    f.baseline_auc = RocAuc(b, y);
    f.flagged = Share(flagged, f.n);
    f.baseline_flagged = Share(bflagged, f.n);
    f.precision = Share(flagged, flagged + neg_flagged);
    f.baseline_precision = Share(bflagged, bflagged + neg_bflagged);
    double sum = 0;
    for (float v : own) sum += v;
    f.mean_score = own.empty() ? kNaN : sum / own.size();
    f.median_score = Median(std::move(own));
    e.categories.push_back(std::move(f));
  }
  return e;
}

std::string CategoryEvaluationToJson(const CategoryEvaluation& e, int indent) {
  JsonWriter w(indent);
  w.BeginObject();
  w.Field("accounts", static_cast<uint64_t>(e.accounts));
  w.Field("threshold", e.threshold);
  w.Field("baseline_botslayer_threshold", e.baseline_threshold);
  w.Field("baseline_botslayer_threshold_fitted", e.baseline_threshold_fitted);
  w.Field("members", static_cast<uint64_t>(e.members));
  w.Field("auc", e.auc);
  w.Field("precision", e.precision);
  w.Field("recall", e.recall);
  w.Field("baseline_botslayer_auc", e.baseline_auc);
  w.Field("baseline_botslayer_precision", e.baseline_precision);
  w.Field("baseline_botslayer_recall", e.baseline_recall);
  w.Field("organic", static_cast<uint64_t>(e.organic));
  w.Field("organic_flagged", e.organic_flagged);
  w.Field("organic_baseline_botslayer_flagged", e.organic_baseline_flagged);
  w.Key("categories").BeginArray();
  for (const CategoryFigures& f : e.categories) {
    w.BeginObject();
    w.Field("category", f.category);
    w.Field("operation", f.operation);
    w.Field("n", static_cast<uint64_t>(f.n));
    w.Field("organic_compared", static_cast<uint64_t>(f.negatives));
    w.Field("auc", f.auc);
    w.Field("flagged", f.flagged);
    w.Field("precision", f.precision);
    w.Field("mean_score", f.mean_score);
    w.Field("median_score", f.median_score);
    w.Field("baseline_botslayer_auc", f.baseline_auc);
    w.Field("baseline_botslayer_flagged", f.baseline_flagged);
    w.Field("baseline_botslayer_precision", f.baseline_precision);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string CategoryEvaluationToText(const CategoryEvaluation& e) {
  std::string out = fmt::format(
      "{} accounts, {} operation members, {} organic; model threshold {:.3f}, heuristic "
      "threshold {:.3f}{}\n",
      e.accounts, e.members, e.organic, e.threshold, e.baseline_threshold,
      e.baseline_threshold_fitted ? " (its max F1 here)" : "");
  out += fmt::format(
      "all operation members vs the rest: model AUC {:.4f} precision {:.3f} recall {:.3f}; "
      "heuristic AUC {:.4f} precision {:.3f} recall {:.3f}\n",
      e.auc, e.precision, e.recall, e.baseline_auc, e.baseline_precision, e.baseline_recall);
  out += fmt::format("organic accounts flagged: model {:.4f}, heuristic {:.4f}\n",
                     e.organic_flagged, e.organic_baseline_flagged);
  out += fmt::format("{:<20} {:>6}  {:>7} {:>7} {:>7} {:>7}  {:>7} {:>7} {:>7}\n",
                     "category vs organic", "n", "AUC", "flagged", "prec", "median", "h.AUC",
                     "h.flag", "h.prec");
  for (const CategoryFigures& f : e.categories) {
    out += fmt::format(
        "{:<20} {:>6}  {:>7.4f} {:>7.3f} {:>7.3f} {:>7.3f}  {:>7.4f} {:>7.3f} {:>7.3f}\n",
        StrCat(f.operation ? "op:" : "", f.category), f.n, f.auc, f.flagged, f.precision,
        f.median_score, f.baseline_auc, f.baseline_flagged, f.baseline_precision);
  }
  return out;
}

}  // namespace sakimori
