// File: engine/store_writer.cc
#include "engine/store_writer.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "campaign/summary.h"
#include "campaign/techniques.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "detect/account/account_scorer.h"
#include "detect/coord/action.h"

namespace sakimori::engine {
namespace {

std::string_view EngagementName(EventKind k) {
  switch (k) {
    case EventKind::kLike:
      return "like";
    case EventKind::kRepost:
      return "repost";
    case EventKind::kQuote:
      return "quote";
    case EventKind::kReply:
      return "reply";
    default:
      return "post";
  }
}

// The items both accounts engaged with, with their times: the evidence of an edge.
std::vector<EvidenceRecord> EdgeEvidence(const Engine& engine, AccountId a, AccountId b,
                                         int limit) {
  std::vector<EvidenceRecord> out;
  const std::vector<TrailEntry> ta = engine.trails().Of(a);
  const std::vector<TrailEntry> tb = engine.trails().Of(b);
  for (const TrailEntry& x : ta) {
    for (const TrailEntry& y : tb) {
      if (x.item != y.item || static_cast<int>(out.size()) >= limit) continue;
      EvidenceRecord ev;
      ev.a = std::string(engine.dict().accounts.Name(a));
      ev.b = std::string(engine.dict().accounts.Name(b));
      ev.action = std::string(EngagementName(y.kind));
      ev.object = StrCat(ItemKindName(ItemKindOf(x.item)), ":", engine.ItemName(x.item));
      ev.time_a = x.time;
      ev.time_b = y.time;
      out.push_back(std::move(ev));
      break;
    }
  }
  return out;
}

// Records made and written at a time for the largest tables (accounts, edges).
constexpr size_t kWriteChunk = 4096;

// Features shown in an account's explanation.
constexpr int kExplainedFeatures = 5;

// The accounts the writer explains (flagged accounts and campaign members), with their top
// features: JSON [["name", log-odds contribution], ...] by decreasing |contribution|.
using Explanations = absl::flat_hash_map<AccountId, std::string>;

// The SHAP explanations of `accounts` at the engine's last event time; "[]" for an account
// without feature state, and for all without an account model. Errors: those of ScoreAccounts.
StatusOr<Explanations> Explain(const Engine& engine, const std::vector<AccountId>& accounts) {
  Explanations out;
  for (AccountId a : accounts) out[a] = "[]";
  const AccountModel* model = engine.options().account_model;
  if (model == nullptr || engine.stats().last_time == kNoTime) return out;
  std::vector<AccountId> with_state;
  for (AccountId a : accounts) {
    if (engine.features().Has(a)) with_state.push_back(a);
  }
  if (with_state.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<AccountScore> scores,
                   ScoreAccounts(*model, engine.features(), engine.stats().last_time,
                                 kExplainedFeatures, with_state));
  const std::vector<std::string>& names = model->feature_names();
  for (const AccountScore& s : scores) {
    JsonWriter w;
    w.BeginArray();
    for (const auto& [column, contribution] : s.top_contributions) {
      w.BeginArray().String(names[column]);
      w.Double(std::round(static_cast<double>(contribution) * 1e4) / 1e4).EndArray();
    }
    w.EndArray();
    out[s.account] = w.Take();
  }
  return out;
}

void WriteHours(const std::array<uint64_t, foreign::kHoursPerDay>& counts, JsonWriter* w) {
  w->BeginArray();
  for (uint64_t c : counts) w->Uint(c);
  w->EndArray();
}

// `explained`: the account's top features and its daily activity go into the record.
AccountRecord MakeAccount(const Engine& engine, AccountId a, bool flagged, int64_t run_id,
                          const Explanations& explained) {
  AccountRecord rec;
  rec.id = std::string(engine.dict().accounts.Name(a));
  const auto& automation = engine.automation();
  rec.automation_score = std::clamp<double>(a < automation.size() ? automation[a] : 0.0, 0, 1);
  const std::vector<std::string> hits = engine.WatchHits(a);
  const auto ex = explained.find(a);
  const bool explain = ex != explained.end();
  if (explain) rec.top_features_json = ex->second;
  if (!hits.empty() || explain) {
    JsonWriter w;
    w.BeginObject();
    if (!hits.empty()) {
      // The watch-list signal: which indicators the account matched.
      w.Key("watchlist").BeginObject().Field("confidence", 1.0);
      w.Field("detail", StrCat("matches ", hits.size(), " watch-list indicator",
                               hits.size() == 1 ? "" : "s"));
      w.Key("matches").BeginArray();
      for (const std::string& h : hits) w.String(h);
      w.EndArray().EndObject();
    }
    if (explain) {
      // The activity clock: events by UTC hour, on weekdays and weekends of the home zone.
      const foreign::DailyActivity act = engine.activity().Get(a);
      w.Key("daily_activity").BeginObject();
      w.Field("home_utc_offset_hours", engine.activity().home_utc_offset_hours());
      w.Key("utc_weekday");
      WriteHours(act.weekday, &w);
      w.Key("utc_weekend");
      WriteHours(act.weekend, &w);
      w.EndObject();
    }
    w.EndObject();
    rec.signals_json = w.Take();
  }
  rec.flagged = flagged;
  rec.run_id = run_id;
  rec.updated_at = engine.stats().last_time == kNoTime ? 0 : engine.stats().last_time;
  return rec;
}

EdgeRecord MakeEdge(const Engine& engine, const SignificantEdge& e, int64_t run_id) {
  const std::vector<std::string>& families = engine.coordination().FamilyNames();
  EdgeRecord rec;
  rec.a = std::string(engine.dict().accounts.Name(e.a));
  rec.b = std::string(engine.dict().accounts.Name(e.b));
  rec.weight = e.weight;
  JsonWriter w;
  w.BeginObject();
  for (size_t i = 0; i < e.by_action.size() && i < families.size(); ++i) {
    if (e.by_action[i] > 0) w.Field(families[i], uint64_t{e.by_action[i]});
  }
  w.EndObject();
  rec.weights_json = w.Take();
  rec.p_value = std::exp(e.ln_p);
  rec.a_leads = e.a_first;
  rec.b_leads = e.b_first;
  rec.run_id = run_id;
  return rec;
}

// The reported campaigns, their alerts, and the items they pushed not already in `seen`
// ("kind:id").
struct CampaignWrite {
  std::vector<CampaignRecord> campaigns;
  std::vector<AlertRecord> alerts;
  std::vector<ItemRecord> items;
};
StatusOr<CampaignWrite> CampaignRecords(const Engine& engine, int64_t run_id,
                                        absl::flat_hash_set<std::string>* seen) {
  CampaignWrite out;
  for (const Campaign& c : engine.campaigns()) {
    if (!c.reported) continue;
    CampaignRecord rec;
    rec.id = c.id;
    rec.score = std::clamp(c.max_score, 0.0, 1.0);
    rec.start = c.evidence.start;
    rec.end = c.evidence.end;
    for (AccountId m : c.evidence.members) rec.members.emplace_back(engine.dict().accounts.Name(m));
    for (const ItemEngagement& it : c.evidence.items) {
      const std::string kind(ItemKindName(ItemKindOf(it.item)));
      const std::string name = engine.ItemName(it.item);
      rec.items.push_back(ItemRef{kind, name});
      rec.reach += it.members;
      if (seen->insert(StrCat(kind, ":", name)).second) {
        ItemRecord ir;
        ir.kind = kind;
        ir.id = name;
        ir.score = rec.score;
        JsonWriter w;
        w.BeginObject().Field("campaign", c.id).Field("members", uint64_t{it.members});
        w.EndObject();
        ir.ranking_json = w.Take();
        ir.flagged = c.alerted;
        ir.run_id = run_id;
        out.items.push_back(std::move(ir));
      }
    }
    const campaign::CampaignEvidence ev = engine.Describe(c);
    rec.techniques = campaign::Techniques(ev);
    rec.summary_en = campaign::SummaryEn(ev);
    rec.summary_ja = campaign::SummaryJa(ev);
    rec.signals_json = campaign::SignalsJson(ev);
    rec.utc_offset_hours = ev.utc_offset_hours;
    rec.run_id = run_id;
    out.campaigns.push_back(std::move(rec));
    if (c.alerted) {
      AlertRecord a;
      a.id = StrCat("a", c.id.substr(1));
      a.campaign_id = c.id;
      a.raised_at = c.alert_time;
      ASSIGN_OR_RETURN(a.severity, ParseSeverity(c.severity));
      a.updated_at = c.alert_updated;
      a.run_id = run_id;
      out.alerts.push_back(std::move(a));
    }
  }
  return out;
}

// Members of reported campaigns, and whether they are flagged (in an alerted campaign).
absl::flat_hash_map<AccountId, bool> CampaignMembers(const Engine& engine) {
  absl::flat_hash_map<AccountId, bool> members;
  for (const Campaign& c : engine.campaigns()) {
    if (!c.reported) continue;
    for (AccountId m : c.evidence.members) members[m] = members[m] || c.alerted;
  }
  return members;
}

}  // namespace

StatusOr<StoreWriteSummary> WriteAnalysis(const Engine& engine, const StoreWriteOptions& options,
                                          Store* store) {
  StoreWriteSummary sum;
  const Dictionary& dict = engine.dict();
  const Results& results = engine.results();
  Status st = store->InTransaction([&]() -> Status {
    RunRecord run;
    run.generator = options.generator;
    run.params_json = options.params_json;
    run.inputs_json = options.inputs_json;
    run.started_at = options.started_at;
    run.finished_at = options.finished_at;
    if (engine.stats().first_time != kNoTime) {
      run.first_event = engine.stats().first_time;
      run.last_event = engine.stats().last_time;
    }
    run.events = static_cast<int64_t>(engine.stats().events);
    run.status = "done";
    ASSIGN_OR_RETURN(sum.run_id, store->AddRun(run));

    // Accounts: every account with a result, an automation score or a watch-list match;
    // flagged accounts and campaign members with their explanation and daily activity.
    const absl::flat_hash_map<AccountId, bool> members = CampaignMembers(engine);
    absl::flat_hash_map<std::string_view, bool> in_results;
    for (const AccountResult& r : results.accounts) in_results[r.id] = r.flagged;
    std::vector<AccountId> written;
    std::vector<bool> flagged;
    std::vector<AccountId> to_explain;
    const auto& automation = engine.automation();
    for (size_t a = 0; a < dict.accounts.size(); ++a) {
      const auto account = static_cast<AccountId>(a);
      auto it = in_results.find(dict.accounts.Name(account));
      const bool scored = a < automation.size() && automation[a] > 0;
      if (it == in_results.end() && !scored && engine.WatchHits(account).empty()) continue;
      written.push_back(account);
      flagged.push_back(it != in_results.end() && it->second);
      if (flagged.back() || members.contains(account)) to_explain.push_back(account);
    }
    ASSIGN_OR_RETURN(const Explanations explained, Explain(engine, to_explain));
    // Records are made and written in chunks (same rows, same order), so that millions of
    // accounts or edges never sit in memory as records all at once.
    std::vector<AccountRecord> accounts;
    for (size_t i = 0; i < written.size(); ++i) {
      accounts.push_back(MakeAccount(engine, written[i], flagged[i], sum.run_id, explained));
      if (accounts.size() == kWriteChunk || i + 1 == written.size()) {
        RETURN_IF_ERROR(store->PutAccounts(accounts));
        sum.accounts += accounts.size();
        accounts.clear();
      }
    }

    // Significant edges, with evidence for those inside reported campaigns. Each chunk's
    // evidence is added after its edges (evidence needs its edge; ids follow the same order).
    std::vector<EdgeRecord> edges;
    std::vector<EvidenceRecord> evidence;
    auto flush_edges = [&]() -> Status {
      RETURN_IF_ERROR(store->PutEdges(edges));
      RETURN_IF_ERROR(store->AddEvidence(evidence));
      sum.edges += edges.size();
      sum.evidence += evidence.size();
      edges.clear();
      evidence.clear();
      return absl::OkStatus();
    };
    for (const SignificantEdge& e : engine.last_snapshot().edges) {
      edges.push_back(MakeEdge(engine, e, sum.run_id));
      if (members.contains(e.a) && members.contains(e.b)) {
        std::vector<EvidenceRecord> ev = EdgeEvidence(engine, e.a, e.b, options.evidence_per_edge);
        std::move(ev.begin(), ev.end(), std::back_inserter(evidence));
      }
      if (edges.size() == kWriteChunk) RETURN_IF_ERROR(flush_edges());
    }
    if (!edges.empty()) RETURN_IF_ERROR(flush_edges());

    std::vector<GroupRecord> groups;
    for (const GroupResult& g : results.groups) {
      GroupRecord rec;
      rec.id = g.id;
      rec.members = g.members;
      rec.run_id = sum.run_id;
      groups.push_back(std::move(rec));
    }
    RETURN_IF_ERROR(store->PutGroups(groups));
    sum.groups = groups.size();

    // Ranked items with the numbers behind their rank, then the campaigns' other items.
    std::vector<ItemRecord> items;
    absl::flat_hash_set<std::string> seen;  // "kind:id"
    for (size_t i = 0; i < results.items.size(); ++i) {
      const ItemResult& r = results.items[i];
      ItemRecord ir;
      ir.kind = r.kind;
      ir.id = r.id;
      ir.score = std::max(r.score, 0.0);
      ir.flagged = r.flagged;
      ir.run_id = sum.run_id;
      if (i < engine.ranked_items().size()) {
        const amplify::ItemScore& it = engine.ranked_items()[i];
        JsonWriter w;
        w.BeginObject();
        w.Field("engagements", it.engagements).Field("distinct_accounts", it.distinct_accounts);
        w.Field("burst_platform", it.burst_platform).Field("burst_author", it.burst_author);
        w.Field("gap_cv", it.gap_cv).Field("automated_share", it.automated_share);
        w.Field("coordinated_share", it.coordinated_share).Field("recent_share", it.recent_share);
        w.Field("top_decile_share", it.top_decile_share).Field("reply_share", it.reply_share);
        w.Field("amplification_without_conversation", it.amplification_without_conversation);
        w.Key("first").String(FormatIso8601(it.first));
        w.Key("peak_hour").String(FormatIso8601(it.peak_hour_start));
        w.Field("explanation", it.explanation);
        w.EndObject();
        ir.ranking_json = w.Take();
      }
      seen.insert(StrCat(r.kind, ":", r.id));
      items.push_back(std::move(ir));
    }
    ASSIGN_OR_RETURN(CampaignWrite cw, CampaignRecords(engine, sum.run_id, &seen));
    std::move(cw.items.begin(), cw.items.end(), std::back_inserter(items));
    RETURN_IF_ERROR(store->PutItems(items));
    RETURN_IF_ERROR(store->PutCampaigns(cw.campaigns));
    RETURN_IF_ERROR(store->PutAlerts(cw.alerts));
    sum.items = items.size();
    sum.campaigns = cw.campaigns.size();
    sum.alerts = cw.alerts.size();
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return sum;
}

Status WriteCampaignState(const Engine& engine, int64_t run_id, Store* store,
                          absl::flat_hash_set<uint64_t>* evidenced, int evidence_per_edge) {
  return store->InTransaction([&]() -> Status {
    const absl::flat_hash_map<AccountId, bool> members = CampaignMembers(engine);
    std::vector<AccountId> sorted;
    for (const auto& [m, flagged] : members) sorted.push_back(m);
    std::sort(sorted.begin(), sorted.end());
    ASSIGN_OR_RETURN(const Explanations explained, Explain(engine, sorted));
    std::vector<AccountRecord> accounts;
    for (AccountId m : sorted) {
      accounts.push_back(MakeAccount(engine, m, members.at(m), run_id, explained));
    }
    RETURN_IF_ERROR(store->PutAccounts(accounts));
    std::vector<EdgeRecord> edges;
    std::vector<EvidenceRecord> evidence;
    for (const SignificantEdge& e : engine.last_snapshot().edges) {
      if (!members.contains(e.a) || !members.contains(e.b)) continue;
      edges.push_back(MakeEdge(engine, e, run_id));
      if (evidenced->insert(coord::PairKey(e.a, e.b)).second) {
        // Evidence the store already holds (written before a restart) is not written again.
        ASSIGN_OR_RETURN(const std::vector<EvidenceRecord> stored,
                         store->EvidenceOf(engine.dict().accounts.Name(e.a),
                                           engine.dict().accounts.Name(e.b), 1));
        if (!stored.empty()) continue;
        std::vector<EvidenceRecord> ev = EdgeEvidence(engine, e.a, e.b, evidence_per_edge);
        std::move(ev.begin(), ev.end(), std::back_inserter(evidence));
      }
    }
    RETURN_IF_ERROR(store->PutEdges(edges));
    RETURN_IF_ERROR(store->AddEvidence(evidence));
    absl::flat_hash_set<std::string> seen;
    ASSIGN_OR_RETURN(CampaignWrite cw, CampaignRecords(engine, run_id, &seen));
    RETURN_IF_ERROR(store->PutItems(cw.items));
    RETURN_IF_ERROR(store->PutCampaigns(cw.campaigns));
    return store->PutAlerts(cw.alerts);
  });
}

}  // namespace sakimori::engine
