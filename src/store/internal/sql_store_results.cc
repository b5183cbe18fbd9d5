// File: store/internal/sql_store_results.cc
// SqlStore: groups, items, campaigns (with the campaign page) and the alert feed.
#include <algorithm>
#include <charconv>

#include "common/strings.h"
#include "store/internal/sql_store.h"

namespace sakimori::store_internal {

const char kItemColumns[] = "kind, id, score, ranking, flagged, run_id";
const char kCampaignColumns[] =
    "id, score, start_time, end_time, reach, utc_offset_hours, techniques, summary_en, "
    "summary_ja, signals, run_id";
const char kAlertColumns[] = "id, campaign_id, raised_at, severity, state, updated_at, run_id";

namespace {

std::vector<std::string> SplitTechniques(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// "members of campaign $1", reused by the campaign page's queries.
constexpr char kMembersOf[] = "(SELECT account_id FROM campaign_members WHERE campaign_id = $1)";
// Rows of `table` (edges or evidence) whose accounts a and b are both members of campaign $1.
// A join rather than "a IN members AND b IN members": SQLite plans the IN form as one
// primary-key probe per (a, b) member pair, n^2 probes (5 s for 5,000 members); the join walks
// the members, reads each one's rows by the (a, ...) index and checks b by primary key.
std::string BothMembers(std::string_view table) {
  return StrCat(" FROM campaign_members ma JOIN ", table,
                " ON a = ma.account_id JOIN campaign_members mb ON mb.campaign_id = ma.campaign_id"
                " AND mb.account_id = b WHERE ma.campaign_id = $1");
}

}  // namespace

ItemRecord ReadItem(const SqlRow& r) {
  ItemRecord i;
  i.kind = r.Text(0);
  i.id = r.Text(1);
  i.score = r.Double(2);
  i.ranking_json = r.Text(3);
  i.flagged = r.Bool(4);
  i.run_id = r.OptInt(5);
  return i;
}

CampaignRecord ReadCampaign(const SqlRow& r) {
  CampaignRecord c;
  c.id = r.Text(0);
  c.score = r.Double(1);
  c.start = r.Int(2);
  c.end = r.Int(3);
  c.reach = r.Int(4);
  c.utc_offset_hours = r.OptDouble(5);
  c.techniques = SplitTechniques(r.Text(6));
  c.summary_en = r.Text(7);
  c.summary_ja = r.Text(8);
  c.signals_json = r.Text(9);
  c.run_id = r.OptInt(10);
  return c;
}

StatusOr<AlertRecord> ReadAlert(const SqlRow& r) {
  AlertRecord a;
  a.id = r.Text(0);
  a.campaign_id = r.Text(1);
  a.raised_at = r.Int(2);
  ASSIGN_OR_RETURN(a.severity, ParseSeverity(r.Text(3)));
  ASSIGN_OR_RETURN(a.state, ParseAlertState(r.Text(4)));
  a.updated_at = r.Int(5);
  a.run_id = r.OptInt(6);
  return a;
}

// ---- Groups ----

Status SqlStore::PutGroups(std::span<const GroupRecord> groups) {
  return InTransaction([&]() -> Status {
    for (const GroupRecord& g : groups) {
      RETURN_IF_ERROR(CheckFinite(g.score, "group score"));
      RETURN_IF_ERROR(Exec("INSERT INTO account_groups (id, score, stats, run_id)"
                           " VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET"
                           " score = excluded.score, stats = excluded.stats,"
                           " run_id = excluded.run_id",
                           {g.id, g.score, g.stats_json, g.run_id})
                          .status());
      RETURN_IF_ERROR(Exec("DELETE FROM group_members WHERE group_id = $1", {g.id}).status());
      for (const std::string& m : g.members) {
        RETURN_IF_ERROR(Exec("INSERT INTO group_members (group_id, account_id) VALUES ($1, $2)"
                             " ON CONFLICT DO NOTHING",
                             {g.id, m})
                            .status());
      }
    }
    return absl::OkStatus();
  });
}

Status SqlStore::LoadGroupMembers(GroupRecord* g) {
  g->members.clear();
  RETURN_IF_ERROR(Query("SELECT account_id FROM group_members WHERE group_id = $1", {g->id},
                        [&](const SqlRow& r) {
                          g->members.push_back(r.Text(0));
                          return absl::OkStatus();
                        }));
  std::sort(g->members.begin(), g->members.end());
  return absl::OkStatus();
}

StatusOr<GroupRecord> SqlStore::GetGroup(std::string_view id) {
  std::optional<GroupRecord> out;
  RETURN_IF_ERROR(Query("SELECT id, score, stats, run_id FROM account_groups WHERE id = $1", {id},
                        [&](const SqlRow& r) {
                          out.emplace();
                          out->id = r.Text(0);
                          out->score = r.Double(1);
                          out->stats_json = r.Text(2);
                          out->run_id = r.OptInt(3);
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no group ", id));
  RETURN_IF_ERROR(LoadGroupMembers(&*out));
  return *std::move(out);
}

// ---- Items ----

Status SqlStore::PutItems(std::span<const ItemRecord> items) {
  for (const ItemRecord& i : items) RETURN_IF_ERROR(CheckFinite(i.score, "item score"));
  const std::vector<size_t> rows = LastOfEachKey<PairKey>(items.size(), [&](size_t i) {
    return PairKey{items[i].kind, items[i].id};
  });
  return InTransaction([&]() -> Status {
    return InsertRows(
        "INSERT INTO items (kind, id, score, ranking, flagged, run_id)",
        "ON CONFLICT (kind, id) DO UPDATE SET score = excluded.score,"
        " ranking = excluded.ranking, flagged = excluded.flagged,"
        " run_id = excluded.run_id",
        6, rows.size(), [&](size_t i, std::vector<SqlParam>* p) {
          const ItemRecord& r = items[rows[i]];
          p->insert(p->end(), {r.kind, r.id, r.score, r.ranking_json, r.flagged, r.run_id});
        });
  });
}

StatusOr<ItemRecord> SqlStore::GetItem(std::string_view kind, std::string_view id) {
  std::optional<ItemRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kItemColumns, " FROM items WHERE kind = $1 AND id = $2"),
                        {kind, id}, [&](const SqlRow& r) {
                          out = ReadItem(r);
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no ", kind, " item ", id));
  return *std::move(out);
}

// ---- Campaigns ----

Status SqlStore::PutCampaigns(std::span<const CampaignRecord> campaigns) {
  return InTransaction([&]() -> Status {
    for (const CampaignRecord& c : campaigns) {
      RETURN_IF_ERROR(CheckFinite(c.score, "campaign score"));
      for (const std::string& t : c.techniques) {
        if (t.empty() || t.find(',') != std::string::npos) {
          return absl::InvalidArgumentError(StrCat("bad technique id '", t, "'"));
        }
      }
      const std::string techniques = StrJoin(c.techniques, ",");
      RETURN_IF_ERROR(
          Exec("INSERT INTO campaigns (id, score, start_time, end_time, reach, utc_offset_hours,"
               " techniques, summary_en, summary_ja, signals, run_id)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
               " ON CONFLICT (id) DO UPDATE SET score = excluded.score,"
               " start_time = excluded.start_time, end_time = excluded.end_time,"
               " reach = excluded.reach, utc_offset_hours = excluded.utc_offset_hours,"
               " techniques = excluded.techniques, summary_en = excluded.summary_en,"
               " summary_ja = excluded.summary_ja, signals = excluded.signals,"
               " run_id = excluded.run_id",
               {c.id, c.score, c.start, c.end, c.reach, c.utc_offset_hours, techniques,
                c.summary_en, c.summary_ja, c.signals_json, c.run_id})
              .status());
      RETURN_IF_ERROR(Exec("DELETE FROM campaign_members WHERE campaign_id = $1", {c.id}).status());
      RETURN_IF_ERROR(Exec("DELETE FROM campaign_items WHERE campaign_id = $1", {c.id}).status());
      for (const std::string& m : c.members) {
        RETURN_IF_ERROR(Exec("INSERT INTO campaign_members (campaign_id, account_id)"
                             " VALUES ($1, $2) ON CONFLICT DO NOTHING",
                             {c.id, m})
                            .status());
      }
      for (const ItemRef& i : c.items) {
        RETURN_IF_ERROR(Exec("INSERT INTO campaign_items (campaign_id, item_kind, item_id)"
                             " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             {c.id, i.kind, i.id})
                            .status());
      }
    }
    return absl::OkStatus();
  });
}

Status SqlStore::LoadCampaignChildren(CampaignRecord* c) {
  c->members.clear();
  c->items.clear();
  RETURN_IF_ERROR(Query("SELECT account_id FROM campaign_members WHERE campaign_id = $1", {c->id},
                        [&](const SqlRow& r) {
                          c->members.push_back(r.Text(0));
                          return absl::OkStatus();
                        }));
  RETURN_IF_ERROR(Query("SELECT item_kind, item_id FROM campaign_items WHERE campaign_id = $1",
                        {c->id}, [&](const SqlRow& r) {
                          c->items.push_back(ItemRef{r.Text(0), r.Text(1)});
                          return absl::OkStatus();
                        }));
  // Byte order, the same in every backend and collation.
  std::sort(c->members.begin(), c->members.end());
  std::sort(c->items.begin(), c->items.end());
  return absl::OkStatus();
}

StatusOr<CampaignRecord> SqlStore::GetCampaign(std::string_view id) {
  std::optional<CampaignRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kCampaignColumns, " FROM campaigns WHERE id = $1"), {id},
                        [&](const SqlRow& r) {
                          out = ReadCampaign(r);
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no campaign ", id));
  RETURN_IF_ERROR(LoadCampaignChildren(&*out));
  return *std::move(out);
}

StatusOr<std::vector<CampaignRecord>> SqlStore::ListCampaigns(int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<CampaignRecord> out;
  RETURN_IF_ERROR(
      Query(StrCat("SELECT ", kCampaignColumns, " FROM campaigns ORDER BY score DESC, id LIMIT $1"),
            {limit}, [&](const SqlRow& r) {
              out.push_back(ReadCampaign(r));
              return absl::OkStatus();
            }));
  for (CampaignRecord& c : out) RETURN_IF_ERROR(LoadCampaignChildren(&c));
  return out;
}

StatusOr<CampaignDetail> SqlStore::GetCampaignDetail(std::string_view id, int evidence_limit) {
  RETURN_IF_ERROR(CheckLimit(evidence_limit));
  CampaignDetail d;
  ASSIGN_OR_RETURN(d.campaign, GetCampaign(id));
  RETURN_IF_ERROR(Query(
      StrCat("SELECT ", kAccountColumns, " FROM accounts WHERE id IN ", kMembersOf, " ORDER BY id"),
      {id}, [&](const SqlRow& r) {
        d.accounts.push_back(ReadAccount(r));
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(Query(StrCat("SELECT i.kind, i.id, i.score, i.ranking, i.flagged, i.run_id"
                               " FROM items i JOIN campaign_items c"
                               " ON c.item_kind = i.kind AND c.item_id = i.id"
                               " WHERE c.campaign_id = $1 ORDER BY i.kind, i.id"),
                        {id}, [&](const SqlRow& r) {
                          d.items.push_back(ReadItem(r));
                          return absl::OkStatus();
                        }));
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kEdgeColumns, BothMembers("edges"),
                               " ORDER BY weight DESC, a, b"),
                        {id}, [&](const SqlRow& r) {
                          d.edges.push_back(ReadEdge(r));
                          return absl::OkStatus();
                        }));
  RETURN_IF_ERROR(
      Query(StrCat("SELECT ", kEvidenceColumns, BothMembers("evidence"),
                   " ORDER BY a, b, time_a, id LIMIT $2"),
            {id, evidence_limit}, [&](const SqlRow& r) {
              d.evidence.push_back(ReadEvidence(r));
              return absl::OkStatus();
            }));
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kAlertColumns,
                               " FROM alerts WHERE campaign_id = $1 ORDER BY raised_at, id"),
                        {id}, [&](const SqlRow& r) -> Status {
                          ASSIGN_OR_RETURN(AlertRecord a, ReadAlert(r));
                          d.alerts.push_back(std::move(a));
                          return absl::OkStatus();
                        }));
  return d;
}

// ---- Alerts ----

Status SqlStore::PutAlerts(std::span<const AlertRecord> alerts) {
  return InTransaction([&]() -> Status {
    for (const AlertRecord& a : alerts) {
      RETURN_IF_ERROR(Exec("INSERT INTO alerts (id, campaign_id, raised_at, severity, state,"
                           " updated_at, run_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                           " ON CONFLICT (id) DO UPDATE SET campaign_id = excluded.campaign_id,"
                           " raised_at = excluded.raised_at, severity = excluded.severity,"
                           " state = excluded.state, updated_at = excluded.updated_at,"
                           " run_id = excluded.run_id",
                           {a.id, a.campaign_id, a.raised_at, SeverityName(a.severity),
                            AlertStateName(a.state), a.updated_at, a.run_id})
                          .status());
    }
    return absl::OkStatus();
  });
}

StatusOr<AlertRecord> SqlStore::GetAlert(std::string_view id) {
  std::optional<AlertRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kAlertColumns, " FROM alerts WHERE id = $1"), {id},
                        [&](const SqlRow& r) -> Status {
                          ASSIGN_OR_RETURN(out, ReadAlert(r));
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no alert ", id));
  return *std::move(out);
}

Status SqlStore::SetAlertState(std::string_view id, AlertState state, TimeMs updated_at) {
  ASSIGN_OR_RETURN(int64_t n, Exec("UPDATE alerts SET state = $2, updated_at = $3 WHERE id = $1",
                                   {id, AlertStateName(state), updated_at}));
  if (n == 0) return absl::NotFoundError(StrCat("no alert ", id));
  return absl::OkStatus();
}

StatusOr<AlertPage> SqlStore::ListAlerts(const AlertQuery& query) {
  RETURN_IF_ERROR(CheckLimit(query.limit));
  // Parameters are collected with the clauses that use them; text is held in `texts` so the
  // borrowed views stay valid.
  std::vector<std::string> texts;
  texts.reserve(query.severities.size() + query.states.size() + 1);
  std::vector<SqlParam> params;
  std::string where;
  auto next = [&]() { return StrCat("$", params.size() + 1); };
  auto add_clause = [&](const std::string& clause) {
    StrAppend(&where, where.empty() ? " WHERE " : " AND ", clause);
  };
  if (query.since) {
    add_clause(StrCat("raised_at >= ", next()));
    params.emplace_back(*query.since);
  }
  auto add_in = [&](std::string_view column, const std::vector<std::string_view>& values) {
    std::vector<std::string> slots;
    for (std::string_view v : values) {
      slots.push_back(next());
      params.emplace_back(v);
    }
    add_clause(StrCat(column, " IN (", StrJoin(slots, ", "), ")"));
  };
  if (!query.severities.empty()) {
    std::vector<std::string_view> names;
    for (Severity s : query.severities) names.push_back(SeverityName(s));
    add_in("severity", names);
  }
  if (!query.states.empty()) {
    std::vector<std::string_view> names;
    for (AlertState s : query.states) names.push_back(AlertStateName(s));
    add_in("state", names);
  }
  if (!query.page_token.empty()) {
    // Token: "<raised_at>:<id>" of the last alert of the previous page.
    const std::string& token = query.page_token;
    size_t colon = token.find(':');
    int64_t t = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + std::min(colon, token.size()), t);
    if (colon == std::string::npos || ec != std::errc() || end != token.data() + colon) {
      return absl::InvalidArgumentError(StrCat("bad page token '", token, "'"));
    }
    texts.push_back(token.substr(colon + 1));
    std::string t_slot = next();
    params.emplace_back(static_cast<int64_t>(t));
    std::string id_slot = next();
    params.emplace_back(texts.back());
    add_clause(
        StrCat("(raised_at < ", t_slot, " OR (raised_at = ", t_slot, " AND id > ", id_slot, "))"));
  }
  std::string limit_slot = next();
  params.emplace_back(query.limit + 1);  // one more tells whether another page follows
  AlertPage page;
  RETURN_IF_ERROR(QuerySpan(StrCat("SELECT ", kAlertColumns, " FROM alerts", where,
                                   " ORDER BY raised_at DESC, id LIMIT ", limit_slot),
                            params, [&](const SqlRow& r) -> Status {
                              ASSIGN_OR_RETURN(AlertRecord a, ReadAlert(r));
                              page.alerts.push_back(std::move(a));
                              return absl::OkStatus();
                            }));
  if (page.alerts.size() > static_cast<size_t>(query.limit)) {
    page.alerts.resize(query.limit);
    const AlertRecord& last = page.alerts.back();
    page.next_page_token = StrCat(last.raised_at, ":", last.id);
  }
  return page;
}

}  // namespace sakimori::store_internal
