// File: eval/evaluator.cc
#include "eval/evaluator.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "common/json_writer.h"
#include "common/strings.h"
#include "eval/metrics.h"

namespace sakimori::eval {
namespace {

// Dense indices for account ids seen anywhere in the truth or the results.
class AccountIndex {
 public:
  uint32_t Add(const std::string& id) {
    return ids_.try_emplace(id, static_cast<uint32_t>(ids_.size())).first->second;
  }
  size_t size() const { return ids_.size(); }

 private:
  absl::flat_hash_map<std::string, uint32_t> ids_;
};

// Distinct indices of `ids`, in first-appearance order.
std::vector<uint32_t> Distinct(const std::vector<std::string>& ids, AccountIndex* index) {
  std::vector<uint32_t> out;
  absl::flat_hash_set<uint32_t> seen;
  for (const std::string& id : ids) {
    uint32_t i = index->Add(id);
    if (seen.insert(i).second) out.push_back(i);
  }
  return out;
}

// Items compare without a leading '#' (hashtags are written either way).
std::string_view NormalizeItem(std::string_view item) {
  if (!item.empty() && item.front() == '#') item.remove_prefix(1);
  return item;
}

// Per-account state for scoring.
struct AccountState {
  double score = 0;
  bool flagged = false;
  bool listed = false;    // present in results.accounts
  bool positive = false;  // member of some operation
};

AccountScores ScoreMembers(const std::vector<uint32_t>& members,
                           const std::vector<AccountState>& state,
                           const std::vector<double>& negative_scores, int64_t implicit_zeros,
                           int64_t false_positives) {
  AccountScores s;
  s.positives = static_cast<int64_t>(members.size());
  std::vector<double> scores;
  scores.reserve(members.size());
  for (uint32_t m : members) {
    if (state[m].flagged) ++s.true_positives;
    scores.push_back(state[m].score);
  }
  s.precision = Precision(s.true_positives, false_positives);
  s.recall = Recall(s.true_positives, s.positives);
  s.f1 = F1(s.true_positives, false_positives, s.positives - s.true_positives);
  s.auc = MannWhitneyAuc(scores, negative_scores, implicit_zeros);
  return s;
}

void WriteOptional(JsonWriter& w, std::string_view key, const std::optional<double>& v) {
  w.Key(key);
  if (v.has_value()) {
    w.Double(*v);
  } else {
    w.Null();
  }
}

void WriteAccountScores(JsonWriter& w, const AccountScores& s) {
  w.Field("members", s.positives).Field("flagged", s.true_positives);
  w.Field("precision", s.precision).Field("recall", s.recall).Field("f1", s.f1);
  w.Field("auc", s.auc);
}

std::string Num(double v, int decimals = 3) {
  if (std::isnan(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

std::string OptNum(const std::optional<double>& v, int decimals = 1) {
  return v.has_value() ? Num(*v, decimals) : "-";
}

}  // namespace

EvalReport Evaluate(const sim::Truth& truth, const Results& results) {
  EvalReport r;
  r.scenario = truth.scenario;
  r.generator = results.generator;
  r.days = truth.days > 0 ? truth.days : double(truth.end - truth.start) / double(kMsPerDay);

  // Index every account id; operation members first so that positives are found by index.
  AccountIndex index;
  std::vector<std::vector<uint32_t>> op_members;
  for (const sim::TruthOperation& op : truth.operations) {
    op_members.push_back(Distinct(op.members, &index));
  }
  std::vector<std::vector<uint32_t>> hn_members;
  for (const sim::TruthHardNegative& hn : truth.hard_negatives) {
    hn_members.push_back(Distinct(hn.members, &index));
  }
  std::vector<std::string> amplified = truth.amplified_authors;
  if (amplified.empty()) {
    for (const sim::TruthOperation& op : truth.operations) {
      amplified.insert(amplified.end(), op.amplified_authors.begin(), op.amplified_authors.end());
    }
  }
  std::vector<uint32_t> amplified_ids = Distinct(amplified, &index);
  std::vector<std::vector<uint32_t>> group_members;
  for (const GroupResult& g : results.groups) group_members.push_back(Distinct(g.members, &index));
  std::vector<std::vector<uint32_t>> campaign_members;
  for (const CampaignResult& c : results.campaigns) {
    campaign_members.push_back(Distinct(c.members, &index));
  }
  std::vector<uint32_t> result_ids;
  for (const AccountResult& a : results.accounts) result_ids.push_back(index.Add(a.id));

  const size_t n = index.size();
  std::vector<AccountState> state(n);
  std::vector<std::vector<int>> ops_of(n);  // operations each account belongs to
  for (size_t o = 0; o < op_members.size(); ++o) {
    for (uint32_t m : op_members[o]) {
      state[m].positive = true;
      ops_of[m].push_back(static_cast<int>(o));
    }
  }
  // Duplicate result entries: the highest score, flagged if any entry is.
  for (size_t i = 0; i < results.accounts.size(); ++i) {
    AccountState& s = state[result_ids[i]];
    s.score = s.listed ? std::max(s.score, results.accounts[i].score) : results.accounts[i].score;
    s.flagged = s.flagged || results.accounts[i].flagged;
    s.listed = true;
  }

  // Overall account metrics.
  std::vector<uint32_t> positives;
  std::vector<double> negative_scores;
  int64_t listed_negatives = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (state[i].positive) {
      positives.push_back(i);
    } else if (state[i].listed) {
      ++listed_negatives;
      negative_scores.push_back(state[i].score);
      if (state[i].flagged) ++r.false_positives;
    }
    if (state[i].flagged) ++r.flagged;
  }
  r.accounts_total = std::max<int64_t>(truth.accounts_total, static_cast<int64_t>(n));
  r.negatives = r.accounts_total - static_cast<int64_t>(positives.size());
  const int64_t implicit_zeros = r.negatives - listed_negatives;
  r.false_positive_rate =
      r.negatives == 0 ? kUndefined : double(r.false_positives) / double(r.negatives);
  r.accounts = ScoreMembers(positives, state, negative_scores, implicit_zeros, r.false_positives);

  // Amplified authors and hard negatives (operation members excluded: they are positives).
  for (uint32_t a : amplified_ids) {
    if (state[a].positive) continue;
    ++r.amplified_authors;
    if (state[a].flagged) ++r.amplified_authors_flagged;
  }
  r.amplified_author_fpr = r.amplified_authors == 0
                               ? kUndefined
                               : double(r.amplified_authors_flagged) / double(r.amplified_authors);
  {
    std::map<std::string, std::pair<int64_t, absl::flat_hash_set<uint32_t>>> by_kind;
    for (size_t h = 0; h < truth.hard_negatives.size(); ++h) {
      auto& [instances, members] = by_kind[truth.hard_negatives[h].kind];
      ++instances;
      for (uint32_t m : hn_members[h]) {
        if (!state[m].positive) members.insert(m);
      }
    }
    for (const auto& [kind, entry] : by_kind) {
      HardNegativeEval e;
      e.kind = kind;
      e.instances = entry.first;
      e.accounts = static_cast<int64_t>(entry.second.size());
      for (uint32_t m : entry.second) e.flagged += state[m].flagged ? 1 : 0;
      e.false_positive_rate = e.accounts == 0 ? kUndefined : double(e.flagged) / double(e.accounts);
      r.hard_negatives.push_back(std::move(e));
    }
  }

  // Per operation and per sophistication.
  for (size_t o = 0; o < truth.operations.size(); ++o) {
    const sim::TruthOperation& op = truth.operations[o];
    OperationEval e;
    e.id = op.id;
    e.name = op.name;
    e.sophistication = op.sophistication;
    e.tactics = op.tactics;
    e.start = op.start;
    e.utc_offset_truth = op.utc_offset_hours;
    e.accounts =
        ScoreMembers(op_members[o], state, negative_scores, implicit_zeros, r.false_positives);
    r.operations.push_back(std::move(e));
  }
  {
    std::map<std::string, std::vector<size_t>> by_level;
    for (size_t o = 0; o < truth.operations.size(); ++o) {
      by_level[truth.operations[o].sophistication].push_back(o);
    }
    for (const auto& [level, ops] : by_level) {
      SophisticationEval e;
      e.sophistication = level;
      e.operations = static_cast<int64_t>(ops.size());
      std::vector<uint32_t> members;
      absl::flat_hash_set<uint32_t> seen;
      for (size_t o : ops) {
        for (uint32_t m : op_members[o]) {
          if (seen.insert(m).second) members.push_back(m);
        }
      }
      e.accounts = ScoreMembers(members, state, negative_scores, implicit_zeros, r.false_positives);
      r.sophistications.push_back(std::move(e));
    }
  }

  // Groups: the planted partition (members by operation, the first operation for an account
  // in several) against the reported one (the first group for an account in several) over the
  // accounts in either; an account outside every operation or every group is a singleton.
  r.groups_reported = static_cast<int64_t>(results.groups.size());
  {
    std::vector<int> group_of(n, -1);
    for (size_t g = 0; g < group_members.size(); ++g) {
      for (uint32_t m : group_members[g]) {
        if (group_of[m] < 0) group_of[m] = static_cast<int>(g);
      }
    }
    std::vector<int64_t> planted, reported;
    const int64_t singleton_base = static_cast<int64_t>(op_members.size() + group_members.size());
    for (uint32_t i = 0; i < n; ++i) {
      if (ops_of[i].empty() && group_of[i] < 0) continue;
      planted.push_back(ops_of[i].empty() ? singleton_base + i : ops_of[i][0]);
      reported.push_back(group_of[i] < 0 ? singleton_base + i : group_of[i]);
    }
    r.group_accounts = static_cast<int64_t>(planted.size());
    r.group_ari = planted.empty() ? kUndefined : AdjustedRandIndex(planted, reported);

    // Best-match F1: for each operation, max over groups of 2|G∩O| / (|G| + |O|).
    std::vector<std::vector<int64_t>> overlap(group_members.size(),
                                              std::vector<int64_t>(op_members.size(), 0));
    for (size_t g = 0; g < group_members.size(); ++g) {
      for (uint32_t m : group_members[g]) {
        for (int o : ops_of[m]) ++overlap[g][o];
      }
    }
    double sum = 0;
    int counted = 0;
    for (size_t o = 0; o < op_members.size(); ++o) {
      if (op_members[o].empty()) continue;
      double best = 0;
      for (size_t g = 0; g < group_members.size(); ++g) {
        if (overlap[g][o] == 0) continue;
        double f1 =
            2.0 * double(overlap[g][o]) / double(group_members[g].size() + op_members[o].size());
        if (f1 > best) {
          best = f1;
          r.operations[o].best_group = results.groups[g].id;
        }
      }
      r.operations[o].best_match_f1 = best;
      sum += best;
      ++counted;
    }
    r.group_best_match_f1 = counted == 0 ? kUndefined : sum / counted;
  }

  // Campaigns: a campaign matches the operation holding the most of its members (the first
  // such operation on ties) when that operation holds at least half of them. A campaign
  // without members is matched the same way on its items against the operations' targets.
  r.campaigns_total = static_cast<int64_t>(truth.operations.size());
  r.campaigns_reported = static_cast<int64_t>(results.campaigns.size());
  std::vector<int> campaign_op(results.campaigns.size(), -1);
  std::vector<int64_t> campaign_overlap(results.campaigns.size(), 0);
  {
    std::vector<absl::flat_hash_set<std::string_view>> op_targets(truth.operations.size());
    for (size_t o = 0; o < truth.operations.size(); ++o) {
      const sim::TruthTargets& t = truth.operations[o].targets;
      for (const auto* list : {&t.posts, &t.urls, &t.hashtags}) {
        for (const std::string& item : *list) op_targets[o].insert(NormalizeItem(item));
      }
    }
    for (size_t c = 0; c < results.campaigns.size(); ++c) {
      std::vector<int64_t> overlap(truth.operations.size(), 0);
      int64_t size = 0;
      if (!campaign_members[c].empty()) {
        size = static_cast<int64_t>(campaign_members[c].size());
        for (uint32_t m : campaign_members[c]) {
          for (int o : ops_of[m]) ++overlap[o];
        }
      } else {
        absl::flat_hash_set<std::string_view> items;
        for (const std::string& item : results.campaigns[c].items)
          items.insert(NormalizeItem(item));
        size = static_cast<int64_t>(items.size());
        for (std::string_view item : items) {
          for (size_t o = 0; o < op_targets.size(); ++o) overlap[o] += op_targets[o].count(item);
        }
      }
      int best = -1;
      for (size_t o = 0; o < overlap.size(); ++o) {
        if (overlap[o] > 0 && (best < 0 || overlap[o] > overlap[best])) best = static_cast<int>(o);
      }
      if (best >= 0 && 2 * overlap[best] >= size) {
        campaign_op[c] = best;
        campaign_overlap[c] = overlap[best];
        ++r.campaigns_matched;
      }
    }
    // The representative campaign of each operation: the matching one with the largest
    // overlap, the first on ties.
    std::vector<int> representative(truth.operations.size(), -1);
    for (size_t c = 0; c < results.campaigns.size(); ++c) {
      int o = campaign_op[c];
      if (o < 0) continue;
      int& rep = representative[o];
      if (rep < 0 || campaign_overlap[c] > campaign_overlap[rep]) rep = static_cast<int>(c);
    }
    for (size_t o = 0; o < truth.operations.size(); ++o) {
      OperationEval& e = r.operations[o];
      if (representative[o] < 0) {
        if (e.utc_offset_truth.has_value()) {
          e.utc_offset_correct = false;
          ++r.utc_offset_total;
        }
        continue;
      }
      const CampaignResult& rc = results.campaigns[representative[o]];
      e.detected = true;
      e.campaign = rc.id;
      e.utc_offset_reported = rc.utc_offset_hours;
      ++r.campaigns_detected;
      if (e.utc_offset_truth.has_value()) {
        ++r.utc_offset_total;
        bool correct = rc.utc_offset_hours.has_value() &&
                       std::abs(*rc.utc_offset_hours - *e.utc_offset_truth) < 1e-9;
        e.utc_offset_correct = correct;
        if (correct) ++r.utc_offset_correct;
      }
    }
    for (SophisticationEval& s : r.sophistications) {
      for (const OperationEval& e : r.operations) {
        if (e.sophistication == s.sophistication && e.detected) ++s.detected;
      }
    }
  }

  // Alerts: an alert is true when its campaign matches an operation, else false (including
  // alerts naming a campaign that is not in the results).
  {
    absl::flat_hash_map<std::string_view, size_t> campaign_by_id;
    for (size_t c = 0; c < results.campaigns.size(); ++c) {
      campaign_by_id.try_emplace(results.campaigns[c].id, c);
    }
    r.alerts_total = static_cast<int64_t>(results.alerts.size());
    for (const AlertResult& a : results.alerts) {
      auto it = campaign_by_id.find(a.campaign);
      int o = it == campaign_by_id.end() ? -1 : campaign_op[it->second];
      if (o < 0) {
        ++r.false_alerts;
        continue;
      }
      OperationEval& e = r.operations[o];
      if (e.first_alert == kNoTime || a.time < e.first_alert) e.first_alert = a.time;
    }
    r.false_alerts_per_day = r.days > 0 ? double(r.false_alerts) / r.days : kUndefined;
    std::vector<double> delays;
    for (OperationEval& e : r.operations) {
      if (e.first_alert == kNoTime) continue;
      e.detection_delay_s = double(e.first_alert - e.start) / double(kMsPerSecond);
      delays.push_back(*e.detection_delay_s);
    }
    r.operations_alerted = static_cast<int64_t>(delays.size());
    r.median_detection_delay_s = Median(delays);
    r.max_detection_delay_s =
        delays.empty() ? kUndefined : *std::max_element(delays.begin(), delays.end());
  }
  return r;
}

std::string EvalReportJson(const EvalReport& r) {
  JsonWriter w(2);
  w.BeginObject();
  w.Field("scenario", r.scenario).Field("generator", r.generator).Field("days", r.days);
  w.Field("account_precision", r.accounts.precision);
  w.Field("account_recall", r.accounts.recall);
  w.Field("account_f1", r.accounts.f1);
  w.Field("account_auc", r.accounts.auc);
  w.Field("account_fpr", r.false_positive_rate);
  w.Field("accounts_total", r.accounts_total).Field("positives", r.accounts.positives);
  w.Field("negatives", r.negatives).Field("flagged", r.flagged);
  w.Field("true_positives", r.accounts.true_positives).Field("false_positives", r.false_positives);
  w.Field("amplified_authors", r.amplified_authors);
  w.Field("amplified_authors_flagged", r.amplified_authors_flagged);
  w.Field("amplified_author_fpr", r.amplified_author_fpr);
  w.Field("groups_reported", r.groups_reported).Field("group_accounts", r.group_accounts);
  w.Field("group_ari", r.group_ari).Field("group_best_match_f1", r.group_best_match_f1);
  w.Field("campaigns_detected", r.campaigns_detected).Field("campaigns_total", r.campaigns_total);
  w.Field("campaigns_reported", r.campaigns_reported);
  w.Field("campaigns_matched", r.campaigns_matched);
  w.Field("alerts_total", r.alerts_total).Field("false_alerts", r.false_alerts);
  w.Field("false_alerts_per_day", r.false_alerts_per_day);
  w.Field("operations_alerted", r.operations_alerted);
  w.Field("median_detection_delay_s", r.median_detection_delay_s);
  w.Field("max_detection_delay_s", r.max_detection_delay_s);
  w.Field("utc_offset_correct", r.utc_offset_correct);
  w.Field("utc_offset_total", r.utc_offset_total);
  w.Key("operations").BeginArray();
  for (const OperationEval& e : r.operations) {
    w.BeginObject().Field("id", e.id).Field("name", e.name);
    w.Field("sophistication", e.sophistication);
    w.Key("tactics").BeginArray();
    for (const std::string& t : e.tactics) w.String(t);
    w.EndArray();
    WriteAccountScores(w, e.accounts);
    w.Field("best_match_f1", e.best_match_f1).Field("best_group", e.best_group);
    w.Field("detected", e.detected).Field("campaign", e.campaign);
    w.Key("start");
    if (e.start == kNoTime)
      w.Null();
    else
      w.String(FormatIso8601(e.start));
    w.Key("first_alert");
    if (e.first_alert == kNoTime)
      w.Null();
    else
      w.String(FormatIso8601(e.first_alert));
    WriteOptional(w, "detection_delay_s", e.detection_delay_s);
    WriteOptional(w, "utc_offset_truth", e.utc_offset_truth);
    WriteOptional(w, "utc_offset_reported", e.utc_offset_reported);
    w.Key("utc_offset_correct");
    if (e.utc_offset_correct.has_value())
      w.Bool(*e.utc_offset_correct);
    else
      w.Null();
    w.EndObject();
  }
  w.EndArray();
  w.Key("sophistication").BeginObject();
  for (const SophisticationEval& s : r.sophistications) {
    w.Key(s.sophistication).BeginObject();
    w.Field("operations", s.operations).Field("detected", s.detected);
    WriteAccountScores(w, s.accounts);
    w.EndObject();
  }
  w.EndObject();
  w.Key("hard_negatives").BeginObject();
  for (const HardNegativeEval& h : r.hard_negatives) {
    w.Key(h.kind).BeginObject();
    w.Field("instances", h.instances).Field("accounts", h.accounts).Field("flagged", h.flagged);
    w.Field("false_positive_rate", h.false_positive_rate);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

std::string EvalReportText(const EvalReport& r) {
  std::string out;
  StrAppend(&out, "scenario ", r.scenario.empty() ? "-" : r.scenario, ", ", Num(r.days, 2),
            " days; results from ", r.generator.empty() ? "-" : r.generator, "\n\n");
  StrAppend(&out, "accounts   precision ", Num(r.accounts.precision), "  recall ",
            Num(r.accounts.recall), "  F1 ", Num(r.accounts.f1), "  AUC ", Num(r.accounts.auc),
            "\n");
  StrAppend(&out, "           ", r.accounts.true_positives, " of ", r.accounts.positives,
            " operation accounts flagged; ", r.false_positives, " of ", r.negatives,
            " other accounts flagged (FPR ", Num(r.false_positive_rate, 4), ")\n");
  StrAppend(&out, "           amplified authors flagged ", r.amplified_authors_flagged, " of ",
            r.amplified_authors, " (FPR ", Num(r.amplified_author_fpr), ")\n");
  StrAppend(&out, "groups     ARI ", Num(r.group_ari), "  best-match F1 ",
            Num(r.group_best_match_f1), "  (", r.groups_reported, " groups reported, ",
            r.group_accounts, " accounts compared)\n");
  StrAppend(&out, "campaigns  ", r.campaigns_detected, " of ", r.campaigns_total,
            " operations detected; ", r.campaigns_matched, " of ", r.campaigns_reported,
            " reported campaigns match an operation\n");
  StrAppend(&out, "alerts     ", r.false_alerts, " false of ", r.alerts_total, " (",
            Num(r.false_alerts_per_day, 2), " per day); delay median ",
            Num(r.median_detection_delay_s, 0), " s, max ", Num(r.max_detection_delay_s, 0),
            " s over ", r.operations_alerted, " alerted operations\n");
  StrAppend(&out, "time zone  ", r.utc_offset_correct, " of ", r.utc_offset_total,
            " foreign offsets reported exactly\n");
  if (!r.operations.empty()) {
    StrAppend(&out, "\n",
              fmt::format("{:<10} {:<14} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>8} "
                          "{:>10} {:>6}\n",
                          "operation", "sophistication", "members", "flagged", "recall", "F1",
                          "AUC", "group", "campaign", "delay_s", "utc"));
    for (const OperationEval& e : r.operations) {
      std::string utc = "-";
      if (e.utc_offset_truth.has_value()) {
        utc =
            StrCat(OptNum(e.utc_offset_truth, 1), e.utc_offset_correct.value_or(false) ? "=" : "!");
      }
      StrAppend(&out,
                fmt::format("{:<10} {:<14} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6} {:>8} "
                            "{:>10} {:>6}\n",
                            e.id, e.sophistication, e.accounts.positives, e.accounts.true_positives,
                            Num(e.accounts.recall), Num(e.accounts.f1), Num(e.accounts.auc),
                            Num(e.best_match_f1), e.detected ? e.campaign : "-",
                            OptNum(e.detection_delay_s, 0), utc));
    }
  }
  if (!r.sophistications.empty()) {
    StrAppend(&out, "\n",
              fmt::format("{:<14} {:>10} {:>8} {:>7} {:>9} {:>6} {:>6} {:>6}\n", "sophistication",
                          "operations", "detected", "members", "precision", "recall", "F1", "AUC"));
    for (const SophisticationEval& s : r.sophistications) {
      StrAppend(&out, fmt::format("{:<14} {:>10} {:>8} {:>7} {:>9} {:>6} {:>6} {:>6}\n",
                                  s.sophistication, s.operations, s.detected, s.accounts.positives,
                                  Num(s.accounts.precision), Num(s.accounts.recall),
                                  Num(s.accounts.f1), Num(s.accounts.auc)));
    }
  }
  if (!r.hard_negatives.empty()) {
    StrAppend(&out, "\n",
              fmt::format("{:<18} {:>9} {:>8} {:>7} {:>6}\n", "hard negative", "instances",
                          "accounts", "flagged", "FPR"));
    for (const HardNegativeEval& h : r.hard_negatives) {
      StrAppend(&out, fmt::format("{:<18} {:>9} {:>8} {:>7} {:>6}\n", h.kind, h.instances,
                                  h.accounts, h.flagged, Num(h.false_positive_rate)));
    }
  }
  return out;
}

}  // namespace sakimori::eval
