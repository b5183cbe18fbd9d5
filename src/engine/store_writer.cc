// File: engine/store_writer.cc
#include "engine/store_writer.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "campaign/summary.h"
#include "campaign/techniques.h"
#include "common/json_writer.h"
#include "common/strings.h"
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

}  // namespace

StatusOr<StoreWriteSummary> WriteAnalysis(const Engine& engine, const StoreWriteOptions& options,
                                          Store* store) {
  StoreWriteSummary sum;
  const Dictionary& dict = engine.dict();
  const Results& results = engine.results();
  const CoordinationSnapshot& snap = engine.last_snapshot();
  const std::vector<std::string>& families = engine.coordination().FamilyNames();
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
    const TimeMs now = engine.stats().last_time == kNoTime ? 0 : engine.stats().last_time;

    // Accounts: every account with a result or an automation score.
    absl::flat_hash_map<std::string_view, const AccountResult*> flagged;
    for (const AccountResult& r : results.accounts) flagged[r.id] = &r;
    std::vector<AccountRecord> accounts;
    const auto& automation = engine.automation();
    for (size_t a = 0; a < dict.accounts.size(); ++a) {
      const std::string_view id = dict.accounts.Name(static_cast<uint32_t>(a));
      auto it = flagged.find(id);
      const float score = a < automation.size() ? automation[a] : 0.0f;
      const std::vector<std::string> hits = engine.WatchHits(static_cast<AccountId>(a));
      if (it == flagged.end() && score <= 0 && hits.empty()) continue;
      AccountRecord rec;
      if (!hits.empty()) {
        // The watch-list signal: which indicators the account matched.
        JsonWriter w;
        w.BeginObject().Key("watchlist").BeginObject().Field("confidence", 1.0);
        w.Field("detail", StrCat("matches ", hits.size(), " watch-list indicator",
                                 hits.size() == 1 ? "" : "s"));
        w.Key("matches").BeginArray();
        for (const std::string& h : hits) w.String(h);
        w.EndArray().EndObject().EndObject();
        rec.signals_json = w.Take();
      }
      rec.id = std::string(id);
      rec.automation_score = std::clamp<double>(score, 0.0, 1.0);
      rec.flagged = it != flagged.end() && it->second->flagged;
      rec.run_id = sum.run_id;
      rec.updated_at = now;
      accounts.push_back(std::move(rec));
    }
    RETURN_IF_ERROR(store->PutAccounts(accounts));
    sum.accounts = accounts.size();

    // Significant edges, with evidence for those inside reported campaigns.
    absl::flat_hash_set<uint64_t> campaign_pairs;
    absl::flat_hash_set<AccountId> campaign_members;
    for (const Campaign& c : engine.campaigns()) {
      if (!c.reported) continue;
      for (AccountId m : c.evidence.members) campaign_members.insert(m);
    }
    std::vector<EdgeRecord> edges;
    std::vector<EvidenceRecord> evidence;
    for (const SignificantEdge& e : snap.edges) {
      EdgeRecord rec;
      rec.a = std::string(dict.accounts.Name(e.a));
      rec.b = std::string(dict.accounts.Name(e.b));
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
      rec.run_id = sum.run_id;
      edges.push_back(std::move(rec));
      if (campaign_members.contains(e.a) && campaign_members.contains(e.b)) {
        std::vector<EvidenceRecord> ev = EdgeEvidence(engine, e.a, e.b, options.evidence_per_edge);
        std::move(ev.begin(), ev.end(), std::back_inserter(evidence));
      }
    }
    RETURN_IF_ERROR(store->PutEdges(edges));
    RETURN_IF_ERROR(store->AddEvidence(evidence));
    sum.edges = edges.size();
    sum.evidence = evidence.size();

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
    absl::flat_hash_set<std::string> seen_items;  // "kind:id"
    for (const ItemResult& r : results.items) {
      ItemRecord ir;
      ir.kind = r.kind;
      ir.id = r.id;
      ir.score = std::clamp(r.score, 0.0, 1e9);
      ir.flagged = r.flagged;
      ir.run_id = sum.run_id;
      seen_items.insert(StrCat(r.kind, ":", r.id));
      items.push_back(std::move(ir));
    }
    for (size_t i = 0; i < items.size() && i < engine.ranked_items().size(); ++i) {
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
      items[i].ranking_json = w.Take();
    }
    std::vector<CampaignRecord> campaigns;
    std::vector<AlertRecord> alerts;
    for (const Campaign& c : engine.campaigns()) {
      if (!c.reported) continue;
      CampaignRecord rec;
      rec.id = c.id;
      rec.score = std::clamp(c.max_score, 0.0, 1.0);
      rec.start = c.evidence.start;
      rec.end = c.evidence.end;
      for (AccountId m : c.evidence.members) rec.members.emplace_back(dict.accounts.Name(m));
      for (const ItemEngagement& it : c.evidence.items) {
        const std::string kind(ItemKindName(ItemKindOf(it.item)));
        rec.items.push_back(ItemRef{kind, engine.ItemName(it.item)});
        rec.reach += it.members;
        if (seen_items.insert(StrCat(kind, ":", engine.ItemName(it.item))).second) {
          ItemRecord ir;
          ir.kind = kind;
          ir.id = engine.ItemName(it.item);
          ir.score = std::clamp(c.max_score, 0.0, 1.0);
          JsonWriter w;
          w.BeginObject().Field("campaign", c.id).Field("members", uint64_t{it.members});
          w.EndObject();
          ir.ranking_json = w.Take();
          ir.flagged = c.alerted;
          ir.run_id = sum.run_id;
          items.push_back(std::move(ir));
        }
      }
      const campaign::CampaignEvidence ev = engine.Describe(c);
      rec.techniques = campaign::Techniques(ev);
      rec.summary_en = campaign::SummaryEn(ev);
      rec.summary_ja = campaign::SummaryJa(ev);
      rec.signals_json = campaign::SignalsJson(ev);
      rec.utc_offset_hours = ev.utc_offset_hours;
      rec.run_id = sum.run_id;
      campaigns.push_back(std::move(rec));
      if (c.alerted) {
        AlertRecord a;
        a.id = StrCat("a", c.id.substr(1));
        a.campaign_id = c.id;
        a.raised_at = c.alert_time;
        ASSIGN_OR_RETURN(a.severity, ParseSeverity(c.severity));
        a.updated_at = c.alert_updated;
        a.run_id = sum.run_id;
        alerts.push_back(std::move(a));
      }
    }
    RETURN_IF_ERROR(store->PutItems(items));
    RETURN_IF_ERROR(store->PutCampaigns(campaigns));
    RETURN_IF_ERROR(store->PutAlerts(alerts));
    sum.items = items.size();
    sum.campaigns = campaigns.size();
    sum.alerts = alerts.size();
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return sum;
}

}  // namespace sakimori::engine
