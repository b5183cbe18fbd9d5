// File: serve/api_read.cc
// The read endpoints: health, metrics, alerts, campaigns (with the partner view), accounts,
// items, search, the campaign export and the live alert stream.
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/log.h"
#include "common/strings.h"
#include "serve/credentials.h"
#include "serve/internal/api.h"
#include "serve/json_out.h"

namespace sakimori::serve {
namespace {

constexpr const char* kVersion = "0.1.0";

// Parses an integer query parameter in [lo, hi]; `fallback` when absent.
StatusOr<int> IntParam(const httplib::Request& req, const char* name, int fallback, int lo,
                       int hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  int out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size() || out < lo || out > hi) {
    return absl::InvalidArgumentError(StrCat("'", name, "' must be a number in ", lo, "..", hi));
  }
  return out;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The value of `key` in a JSON object text, minified; empty when absent or not an object.
std::string JsonMember(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS) return {};
  simdjson::dom::element value;
  if (doc[key].get(value) != simdjson::SUCCESS) return {};
  return simdjson::minify(value);
}

using IdMap = std::function<std::string(const std::string&)>;

void WriteAccount(const AccountRecord& a, const IdMap& id, bool partner, JsonOut* out) {
  out->BeginObject();
  out->Key("id").String(id(a.id)).Key("platform").String(a.platform);
  out->Key("handle").String(partner ? "" : a.handle);
  out->Key("automation_score").Double(a.automation_score).Key("flagged").Bool(a.flagged);
  out->Key("top_features").Raw(a.top_features_json).Key("signals").Raw(a.signals_json);
  out->Key("run_id").OptInt(a.run_id).Key("updated_at").Int(a.updated_at);
  out->EndObject();
}

void WriteEdge(const EdgeRecord& e, const IdMap& id, JsonOut* out) {
  out->Key("a").String(id(e.a)).Key("b").String(id(e.b));
  out->Key("weight").Double(e.weight).Key("weights").Raw(e.weights_json);
  out->Key("p_value").OptDouble(e.p_value);
  out->Key("a_leads").Int(e.a_leads).Key("b_leads").Int(e.b_leads);
  out->Key("run_id").OptInt(e.run_id);
}

void WriteItem(const ItemRecord& i, JsonOut* out) {
  out->BeginObject();
  out->Key("kind").String(i.kind).Key("id").String(i.id).Key("score").Double(i.score);
  out->Key("ranking").Raw(i.ranking_json).Key("flagged").Bool(i.flagged);
  out->Key("run_id").OptInt(i.run_id);
  out->EndObject();
}

void WriteCampaignFields(const CampaignRecord& c, JsonOut* out) {
  out->Key("id").String(c.id).Key("score").Double(c.score);
  out->Key("start").Int(c.start).Key("end").Int(c.end).Key("reach").Int(c.reach);
  out->Key("utc_offset_hours").OptDouble(c.utc_offset_hours);
  out->Key("techniques").Strings(c.techniques);
  out->Key("summary_en").String(c.summary_en).Key("summary_ja").String(c.summary_ja);
  out->Key("signals").Raw(c.signals_json).Key("run_id").OptInt(c.run_id);
}

void WriteReview(const ReviewRecord& r, JsonOut* out) {
  out->BeginObject();
  out->Key("id").Int(r.id).Key("target_kind").String(r.target_kind);
  out->Key("target_id").String(r.target_id).Key("decision").String(DecisionName(r.decision));
  out->Key("note").String(r.note).Key("user").String(r.user).Key("created_at").Int(r.created_at);
  out->EndObject();
}

void WriteNote(const NoteRecord& n, JsonOut* out) {
  out->BeginObject();
  out->Key("id").Int(n.id).Key("user").String(n.user).Key("body").String(n.body);
  out->Key("created_at").Int(n.created_at);
  out->EndObject();
}

// The campaign page. `share` set: the partner view (pseudonymised, no reviews or notes).
void WriteCampaignDetail(const CampaignDetail& d, const std::vector<ReviewRecord>& reviews,
                         const std::vector<NoteRecord>& notes, const ShareRecord* share,
                         const std::string& key, JsonOut* out) {
  const bool partner = share != nullptr;
  IdMap id = [&](const std::string& s) { return partner ? Pseudonym(key, s) : s; };
  out->BeginObject();
  out->Key("campaign").BeginObject();
  WriteCampaignFields(d.campaign, out);
  std::vector<std::string> members;
  for (const std::string& m : d.campaign.members) members.push_back(id(m));
  if (partner) std::sort(members.begin(), members.end());
  out->Key("members").Strings(members);
  out->Key("items").BeginArray();
  for (const ItemRef& i : d.campaign.items) {
    out->BeginObject().Key("kind").String(i.kind).Key("id").String(i.id).EndObject();
  }
  out->EndArray().EndObject();
  out->Key("accounts").BeginArray();
  for (const AccountRecord& a : d.accounts) WriteAccount(a, id, partner, out);
  out->EndArray();
  out->Key("items").BeginArray();
  for (const ItemRecord& i : d.items) WriteItem(i, out);
  out->EndArray();
  // Each edge's evidence: the indexes of its rows, in store order (one pass, not one scan of
  // the evidence per edge: 15,000 edges x 2,000 rows would be 30 million comparisons).
  absl::flat_hash_map<std::pair<std::string_view, std::string_view>, std::vector<size_t>> by_edge;
  for (size_t i = 0; i < d.evidence.size(); ++i) {
    by_edge[{d.evidence[i].a, d.evidence[i].b}].push_back(i);
  }
  static const std::vector<size_t> kNone;
  out->Key("edges").BeginArray();
  for (const EdgeRecord& e : d.edges) {
    out->BeginObject();
    WriteEdge(e, id, out);
    out->Key("evidence").BeginArray();
    auto rows = by_edge.find(std::pair<std::string_view, std::string_view>(e.a, e.b));
    for (size_t i : rows == by_edge.end() ? kNone : rows->second) {
      const EvidenceRecord& ev = d.evidence[i];
      out->BeginObject();
      out->Key("id").Int(ev.id).Key("action").String(ev.action).Key("object").String(ev.object);
      out->Key("time_a").Int(ev.time_a).Key("time_b").Int(ev.time_b);
      out->Key("content_a").String(partner ? "" : ev.content_a);
      out->Key("content_b").String(partner ? "" : ev.content_b);
      out->EndObject();
    }
    out->EndArray().EndObject();
  }
  out->EndArray();
  out->Key("alerts").BeginArray();
  for (const AlertRecord& a : d.alerts) WriteAlert(a, out);
  out->EndArray();
  out->Key("reviews").BeginArray();
  if (!partner) {
    for (const ReviewRecord& r : reviews) WriteReview(r, out);
  }
  out->EndArray();
  out->Key("notes").BeginArray();
  if (!partner) {
    for (const NoteRecord& n : notes) WriteNote(n, out);
  }
  out->EndArray();
  out->Key("share");
  if (partner) {
    out->BeginObject().Key("tlp").String(TlpName(share->tlp));
    out->Key("created_by").String(share->created_by).Key("created_at").Int(share->created_at);
    out->EndObject();
  } else {
    out->Null();
  }
  out->EndObject();
}

}  // namespace

void Server::Impl::Health(const httplib::Request&, httplib::Response& res, const Principal&) {
  if (checkpoint_running_) {
    // Takes the outcome of a save that finished since the last body, unless an ingest holds
    // the lock (it takes the outcome itself).
    std::unique_lock<std::mutex> lock(ingest_mutex_, std::try_to_lock);
    if (lock.owns_lock()) {
      if (const Status st = ReapCheckpoint(/*wait=*/false); !st.ok()) {
        SAKIMORI_LOG_WARN("ingest: checkpoint failed: {}", Message(st));
      }
    }
  }
  JsonOut out;
  out.BeginObject();
  StatusOr<StorePool::Lease> store = pool_->Acquire();
  StatusOr<StoreInfo> info = store.ok() ? (*store)->Info() : StatusOr<StoreInfo>(store.status());
  out.Key("status").String(info.ok() ? "ok" : "degraded");
  out.Key("version").String(kVersion).Key("backend").String(backend_);
  if (info.ok()) {
    out.Key("schema_version").Int(info->schema_version);
    out.Key("counts").BeginObject();
    for (const auto& [table, rows] : info->row_counts) {
      if (table == "alerts" || table == "campaigns" || table == "accounts" || table == "users" ||
          table == "edges" || table == "items" || table == "reviews") {
        out.Key(table).Int(rows);
      }
    }
    out.EndObject();
  } else {
    out.Key("error").String(Message(info.status()));
  }
  out.Key("ingest").BeginObject();
  out.Key("events").Int(static_cast<int64_t>(metrics_.ingest_events()));
  // Without the ingest lock: an ingest request holds it while its events are analysed.
  out.Key("queued_batches").Int(static_cast<int64_t>(queue_->last_seq()));
  out.Key("failing_writes").Int(static_cast<int64_t>(sink_->failing_writes()));
  if (const uint64_t refused = refused_seq_.load(); refused > 0) {
    // The first body the analysis refused: it and the later ones stay queued.
    out.Key("refused_from").Int(static_cast<int64_t>(refused));
  }
  if (sink_checkpoints_) {
    // The engine's state (serve --analyze --state): the last batch it holds on disk.
    out.Key("state_saved_through").Int(static_cast<int64_t>(saved_seq_.load()));
    out.Key("state_saved_at");
    if (const int64_t at = saved_at_ms_.load(); at > 0) {
      out.String(FormatIso8601(at));
    } else {
      out.Null();
    }
    // True while a save runs beside ingest.
    out.Key("state_saving").Bool(checkpoint_running_.load());
  }
  out.EndObject().EndObject();
  SendJson(res, info.ok() ? 200 : 503, out.Take());
}

void Server::Impl::Metrics(const httplib::Request&, httplib::Response& res, const Principal&) {
  const int64_t now = clock_->MonotonicMs();
  JsonOut out;
  out.BeginObject();
  out.Key("uptime_s").Int((now - started_mono_) / 1000);
  metrics_.Write(now, &out);
  out.EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::ListAlerts(const httplib::Request& req, httplib::Response& res,
                              const Principal&) {
  AlertQuery query;
  if (req.has_param("since")) {
    TimeMs since = 0;
    if (!ParseAnyTime(req.get_param_value("since"), &since)) {
      return SendError(res, 400, "bad_request", "'since' is not a time");
    }
    query.since = since;
  }
  for (const std::string& s : SplitCommas(req.get_param_value("severity"))) {
    ASSIGN_OR_SEND(Severity v, ParseSeverity(s));
    query.severities.push_back(v);
  }
  for (const std::string& s : SplitCommas(req.get_param_value("state"))) {
    ASSIGN_OR_SEND(AlertState v, ParseAlertState(s));
    query.states.push_back(v);
  }
  ASSIGN_OR_SEND(query.limit, IntParam(req, "limit", 50, 1, 1000));
  query.page_token = req.get_param_value("cursor");
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(AlertPage page, store->ListAlerts(query));
  JsonOut out;
  out.BeginObject().Key("alerts").BeginArray();
  for (const AlertRecord& a : page.alerts) WriteAlert(a, &out);
  out.EndArray().Key("next_cursor").String(page.next_page_token).EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::ListCampaigns(const httplib::Request& req, httplib::Response& res,
                                 const Principal& who) {
  ASSIGN_OR_SEND(int limit, IntParam(req, "limit", 100, 1, 1000));
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  std::vector<CampaignRecord> campaigns;
  if (who.role == Role::kPartner) {
    ASSIGN_OR_SEND(std::vector<ShareRecord> shares, store->ListShares(who.user));
    for (const ShareRecord& s : shares) {
      if (s.object_kind != "campaign") continue;
      StatusOr<CampaignRecord> c = store->GetCampaign(s.object_id);
      if (c.ok()) campaigns.push_back(std::move(*c));
    }
    std::sort(campaigns.begin(), campaigns.end(), [](const auto& x, const auto& y) {
      return x.score != y.score ? x.score > y.score : x.id < y.id;
    });
    if (campaigns.size() > static_cast<size_t>(limit)) campaigns.resize(limit);
  } else {
    ASSIGN_OR_SEND(campaigns, store->ListCampaigns(limit));
  }
  JsonOut out;
  out.BeginObject().Key("campaigns").BeginArray();
  for (const CampaignRecord& c : campaigns) {
    out.BeginObject();
    WriteCampaignFields(c, &out);
    out.Key("member_count").Int(static_cast<int64_t>(c.members.size()));
    out.Key("item_count").Int(static_cast<int64_t>(c.items.size()));
    out.EndObject();
  }
  out.EndArray().EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::GetCampaign(const httplib::Request& req, httplib::Response& res,
                               const Principal& who) {
  const std::string id = req.matches[1];
  ASSIGN_OR_SEND(int evidence_limit, IntParam(req, "evidence_limit", 500, 0, 100000));
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  std::optional<ShareRecord> share;
  if (who.role == Role::kPartner) {
    ASSIGN_OR_SEND(std::vector<ShareRecord> shares, store->ListShares(who.user));
    for (const ShareRecord& s : shares) {
      if (s.object_kind == "campaign" && s.object_id == id) share = s;
    }
    if (!share) return SendError(res, 403, "forbidden", "this campaign is not shared with you");
  }
  ASSIGN_OR_SEND(CampaignDetail detail, store->GetCampaignDetail(id, evidence_limit));
  std::vector<ReviewRecord> reviews;
  std::vector<NoteRecord> notes;
  if (!share) {
    ASSIGN_OR_SEND(reviews, store->ListReviews("campaign", id));
    ASSIGN_OR_SEND(notes, store->ListNotes("campaign", id));
  } else if (Status st = Audit(*store, who, "view_campaign", "campaign", id, "{}"); !st.ok()) {
    return SendStatus(res, st);
  }
  JsonOut out;
  WriteCampaignDetail(detail, reviews, notes, share ? &*share : nullptr, pseudonym_key_, &out);
  SendJson(res, 200, out.Take());
}

void Server::Impl::ExportCampaign(const httplib::Request& req, httplib::Response& res,
                                  const Principal& who) {
  const std::string id = req.matches[1];
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(CampaignDetail detail, store->GetCampaignDetail(id, 100000));
  ASSIGN_OR_SEND(std::vector<ReviewRecord> reviews, store->ListReviews("campaign", id));
  ASSIGN_OR_SEND(std::vector<NoteRecord> notes, store->ListNotes("campaign", id));
  JsonOut detail_json;
  detail_json.BeginObject().Key("format").String("json").Key("ip").String(who.ip).EndObject();
  if (Status st = Audit(*store, who, "export", "campaign", id, detail_json.Take()); !st.ok()) {
    return SendStatus(res, st);
  }
  JsonOut out;
  WriteCampaignDetail(detail, reviews, notes, nullptr, pseudonym_key_, &out);
  std::string filename = "campaign-";
  for (char c : id) filename += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  res.set_header("Content-Disposition", StrCat("attachment; filename=\"", filename, ".json\""));
  SendJson(res, 200, out.Take());
}

void Server::Impl::GetAccount(const httplib::Request& req, httplib::Response& res,
                              const Principal& who) {
  const std::string id = req.matches[1];
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(AccountRecord account, store->GetAccount(id));
  ASSIGN_OR_SEND(std::vector<EdgeRecord> edges, store->EdgesOf(id, 50));
  JsonOut detail;
  detail.BeginObject().Key("ip").String(who.ip).EndObject();
  if (Status st = Audit(*store, who, "view_account", "account", id, detail.Take()); !st.ok()) {
    return SendStatus(res, st);
  }
  IdMap same = [](const std::string& s) { return s; };
  JsonOut out;
  out.BeginObject().Key("account");
  WriteAccount(account, same, false, &out);
  out.Key("edges").BeginArray();
  for (const EdgeRecord& e : edges) {
    out.BeginObject();
    WriteEdge(e, same, &out);
    out.EndObject();
  }
  out.EndArray();
  const std::string groups = JsonMember(account.signals_json, "groups");
  out.Key("groups");
  groups.empty() ? out.BeginArray().EndArray() : out.Raw(groups);
  const std::string activity = JsonMember(account.signals_json, "daily_activity");
  out.Key("daily_activity");
  activity.empty() ? out.Null() : out.Raw(activity);
  out.EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::GetItem(const httplib::Request& req, httplib::Response& res, const Principal&) {
  const std::string kind = req.matches[1];
  const std::string id = req.matches[2];
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  ASSIGN_OR_SEND(ItemRecord item, store->GetItem(kind, id));
  ASSIGN_OR_SEND(std::vector<NoteRecord> notes, store->ListNotes("item", StrCat(kind, ":", id)));
  JsonOut out;
  out.BeginObject().Key("item");
  WriteItem(item, &out);
  out.Key("notes").BeginArray();
  for (const NoteRecord& n : notes) WriteNote(n, &out);
  out.EndArray().EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::Search(const httplib::Request& req, httplib::Response& res, const Principal&) {
  const std::string q = req.get_param_value("q");
  if (q.empty()) return SendError(res, 400, "bad_request", "missing 'q'");
  ASSIGN_OR_SEND(int limit, IntParam(req, "limit", 50, 1, 1000));
  const std::string field = req.has_param("field") ? req.get_param_value("field") : "all";
  static const std::vector<std::pair<std::string, SearchField>> kFields = {
      {"account", SearchField::kAccount},
      {"handle", SearchField::kHandle},
      {"hashtag", SearchField::kHashtag},
      {"url", SearchField::kUrl},
      {"text", SearchField::kText}};
  std::vector<SearchField> fields;
  for (const auto& [name, f] : kFields) {
    if (field == "all" || field == name) fields.push_back(f);
  }
  if (fields.empty())
    return SendError(res, 400, "bad_request", StrCat("unknown field '", field, "'"));
  ASSIGN_OR_SEND(StorePool::Lease store, pool_->Acquire());
  std::vector<SearchHit> hits;
  std::set<std::pair<std::string, std::string>> seen;
  for (SearchField f : fields) {
    if (hits.size() >= static_cast<size_t>(limit)) break;
    SearchQuery query;
    query.field = f;
    query.term = q;
    query.limit = limit;
    ASSIGN_OR_SEND(std::vector<SearchHit> found, store->Search(query));
    for (SearchHit& h : found) {
      if (hits.size() >= static_cast<size_t>(limit)) break;
      if (seen.emplace(h.kind, h.id).second) hits.push_back(std::move(h));
    }
  }
  JsonOut out;
  out.BeginObject().Key("hits").BeginArray();
  for (const SearchHit& h : hits) {
    out.BeginObject().Key("kind").String(h.kind).Key("id").String(h.id);
    out.Key("label").String(h.label).Key("score").Double(h.score).EndObject();
  }
  out.EndArray().EndObject();
  SendJson(res, 200, out.Take());
}

void Server::Impl::Stream(const httplib::Request&, httplib::Response& res, const Principal&) {
  std::shared_ptr<AlertSubscription> sub = feed_->Subscribe();
  AlertFeed* feed = feed_.get();
  Clock* clock = clock_;
  auto last_write = std::make_shared<int64_t>(-1);
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [sub, clock, last_write](size_t, httplib::DataSink& sink) {
        if (*last_write < 0) {
          *last_write = clock->MonotonicMs();
          static const std::string kHello = ": connected\n\n";
          return sink.write(kHello.data(), kHello.size());
        }
        std::vector<std::string> messages = sub->Wait(1000);
        if (sub->closed()) {
          sink.done();
          return true;
        }
        for (const std::string& m : messages) {
          if (!sink.write(m.data(), m.size())) return false;
        }
        const int64_t now = clock->MonotonicMs();
        if (!messages.empty()) {
          *last_write = now;
        } else if (now - *last_write >= 15'000) {
          static const std::string kKeepAlive = ": keepalive\n\n";
          if (!sink.write(kKeepAlive.data(), kKeepAlive.size())) return false;
          *last_write = now;
        }
        return true;
      },
      [feed, sub](bool) { feed->Unsubscribe(sub); });
}

}  // namespace sakimori::serve
