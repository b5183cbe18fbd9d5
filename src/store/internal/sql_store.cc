// File: store/internal/sql_store.cc
// SqlStore: schema and transactions, runs, accounts, edges and evidence; the row readers.
#include "store/internal/sql_store.h"

#include <chrono>
#include <cmath>

#include "common/strings.h"
#include "store/internal/migrations.h"

namespace sakimori::store_internal {

const char kRunColumns[] =
    "id, generator, params, inputs, started_at, finished_at, first_event, last_event, events, "
    "status";
const char kAccountColumns[] =
    "id, platform, handle, automation_score, top_features, signals, flagged, run_id, "
    "updated_at";
const char kEdgeColumns[] = "a, b, weight, weights, p_value, a_leads, b_leads, run_id";
const char kEvidenceColumns[] = "id, a, b, action, object, time_a, time_b, content_a, content_b";

namespace {

// Tables and the schema version that created them, for Info().
struct TableSince {
  const char* name;
  int version;
};
constexpr TableSince kTables[] = {
    {"runs", 1},           {"accounts", 1},       {"edges", 1},
    {"evidence", 1},       {"account_groups", 1}, {"group_members", 1},
    {"items", 1},          {"campaigns", 1},      {"campaign_members", 1},
    {"campaign_items", 1}, {"alerts", 1},         {"users", 2},
    {"api_tokens", 2},     {"sessions", 2},       {"shares", 2},
    {"reviews", 2},        {"notes", 2},          {"audit_log", 2},
    {"indicators", 3},
};

}  // namespace

Status CheckLimit(int limit) {
  if (limit < 1 || limit > 100000) {
    return absl::InvalidArgumentError(StrCat("limit ", limit, " is outside 1..100000"));
  }
  return absl::OkStatus();
}

Status CheckFinite(double v, std::string_view what) {
  if (!std::isfinite(v)) return absl::InvalidArgumentError(StrCat(what, " is not finite"));
  return absl::OkStatus();
}

RunRecord ReadRun(const SqlRow& r) {
  RunRecord run;
  run.id = r.Int(0);
  run.generator = r.Text(1);
  run.params_json = r.Text(2);
  run.inputs_json = r.Text(3);
  run.started_at = r.Int(4);
  run.finished_at = r.OptInt(5);
  run.first_event = r.OptInt(6);
  run.last_event = r.OptInt(7);
  run.events = r.Int(8);
  run.status = r.Text(9);
  return run;
}

AccountRecord ReadAccount(const SqlRow& r) {
  AccountRecord a;
  a.id = r.Text(0);
  a.platform = r.Text(1);
  a.handle = r.Text(2);
  a.automation_score = r.Double(3);
  a.top_features_json = r.Text(4);
  a.signals_json = r.Text(5);
  a.flagged = r.Bool(6);
  a.run_id = r.OptInt(7);
  a.updated_at = r.Int(8);
  return a;
}

EdgeRecord ReadEdge(const SqlRow& r) {
  EdgeRecord e;
  e.a = r.Text(0);
  e.b = r.Text(1);
  e.weight = r.Double(2);
  e.weights_json = r.Text(3);
  e.p_value = r.OptDouble(4);
  e.a_leads = r.Int(5);
  e.b_leads = r.Int(6);
  e.run_id = r.OptInt(7);
  return e;
}

EvidenceRecord ReadEvidence(const SqlRow& r) {
  EvidenceRecord v;
  v.id = r.Int(0);
  v.a = r.Text(1);
  v.b = r.Text(2);
  v.action = r.Text(3);
  v.object = r.Text(4);
  v.time_a = r.Int(5);
  v.time_b = r.Int(6);
  v.content_a = r.Text(7);
  v.content_b = r.Text(8);
  return v;
}

std::string_view SqlStore::backend() const {
  return conn_->dialect() == Dialect::kSqlite ? "sqlite" : "postgresql";
}

// ---- Schema and transactions ----

StatusOr<int> SqlStore::SchemaVersion() { return ReadSchemaVersion(conn_.get()); }

Status SqlStore::Migrate(int target) {
  if (transaction_depth_ > 0) {
    return absl::FailedPreconditionError("Migrate cannot run inside a transaction");
  }
  // The wall-clock time of the migration is operational metadata, not a result.
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return ApplyMigrations(conn_.get(), target, now);
}

StatusOr<StoreInfo> SqlStore::Info() {
  StoreInfo info;
  info.backend = std::string(backend());
  info.location = conn_->location();
  ASSIGN_OR_RETURN(info.schema_version, SchemaVersion());
  info.latest_version = LatestSchemaVersion();
  for (const TableSince& t : kTables) {
    if (t.version > info.schema_version) continue;
    int64_t rows = 0;
    // Table names come from the fixed list above, never from input.
    RETURN_IF_ERROR(Query(StrCat("SELECT COUNT(*) FROM ", t.name), {}, [&](const SqlRow& r) {
      rows = r.Int(0);
      return absl::OkStatus();
    }));
    info.row_counts.emplace_back(t.name, rows);
  }
  return info;
}

Status SqlStore::InTransaction(const std::function<Status()>& body) {
  const int depth = transaction_depth_;
  const std::string savepoint = StrCat("sakimori_sp", depth);
  if (depth == 0) {
    RETURN_IF_ERROR(conn_->Begin());
  } else {
    RETURN_IF_ERROR(conn_->ExecScript(StrCat("SAVEPOINT ", savepoint)));
  }
  ++transaction_depth_;
  Status status = body();
  --transaction_depth_;
  if (status.ok()) {
    Status end = depth == 0 ? conn_->Commit() : conn_->ExecScript(StrCat("RELEASE ", savepoint));
    if (end.ok()) return end;
    status = end;
  }
  if (depth == 0) {
    (void)conn_->Rollback();
  } else {
    (void)conn_->ExecScript(StrCat("ROLLBACK TO ", savepoint, "; RELEASE ", savepoint));
  }
  return status;
}

std::string ValuesList(size_t columns, size_t rows) {
  std::string out;
  size_t next = 1;
  for (size_t r = 0; r < rows; ++r) {
    out += r == 0 ? "(" : ", (";
    for (size_t c = 0; c < columns; ++c) StrAppend(&out, c == 0 ? "$" : ", $", next++);
    out += ')';
  }
  return out;
}

StatusOr<int64_t> SqlStore::InsertReturningId(std::string_view sql,
                                              std::initializer_list<SqlParam> params) {
  int64_t id = -1;
  RETURN_IF_ERROR(Query(sql, params, [&](const SqlRow& r) {
    id = r.Int(0);
    return absl::OkStatus();
  }));
  if (id < 0) return absl::InternalError("INSERT returned no id");
  return id;
}

// ---- Runs ----

StatusOr<int64_t> SqlStore::AddRun(const RunRecord& run) {
  return InsertReturningId(
      "INSERT INTO runs (generator, params, inputs, started_at, finished_at, first_event,"
      " last_event, events, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      {run.generator, run.params_json, run.inputs_json, run.started_at, run.finished_at,
       run.first_event, run.last_event, run.events, run.status});
}

Status SqlStore::UpdateRun(const RunRecord& run) {
  ASSIGN_OR_RETURN(
      int64_t n,
      Exec("UPDATE runs SET generator = $2, params = $3, inputs = $4, started_at = $5,"
           " finished_at = $6, first_event = $7, last_event = $8, events = $9, status = $10"
           " WHERE id = $1",
           {run.id, run.generator, run.params_json, run.inputs_json, run.started_at,
            run.finished_at, run.first_event, run.last_event, run.events, run.status}));
  if (n == 0) return absl::NotFoundError(StrCat("no run ", run.id));
  return absl::OkStatus();
}

StatusOr<RunRecord> SqlStore::GetRun(int64_t id) {
  std::optional<RunRecord> out;
  RETURN_IF_ERROR(
      Query(StrCat("SELECT ", kRunColumns, " FROM runs WHERE id = $1"), {id}, [&](const SqlRow& r) {
        out = ReadRun(r);
        return absl::OkStatus();
      }));
  if (!out) return absl::NotFoundError(StrCat("no run ", id));
  return *std::move(out);
}

StatusOr<std::vector<RunRecord>> SqlStore::ListRuns(int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<RunRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kRunColumns, " FROM runs ORDER BY id DESC LIMIT $1"),
                        {limit}, [&](const SqlRow& r) {
                          out.push_back(ReadRun(r));
                          return absl::OkStatus();
                        }));
  return out;
}

// ---- Accounts ----

Status SqlStore::PutAccounts(std::span<const AccountRecord> accounts) {
  for (const AccountRecord& a : accounts) {
    RETURN_IF_ERROR(CheckFinite(a.automation_score, "automation_score"));
  }
  const std::vector<size_t> rows =
      LastOfEachKey<TextKey>(accounts.size(), [&](size_t i) { return TextKey{accounts[i].id}; });
  return InTransaction([&]() -> Status {
    return InsertRows(
        "INSERT INTO accounts (id, platform, handle, automation_score, top_features, signals,"
        " flagged, run_id, updated_at)",
        "ON CONFLICT (id) DO UPDATE SET platform = excluded.platform,"
        " handle = excluded.handle, automation_score = excluded.automation_score,"
        " top_features = excluded.top_features, signals = excluded.signals,"
        " flagged = excluded.flagged, run_id = excluded.run_id, updated_at = excluded.updated_at",
        9, rows.size(), [&](size_t i, std::vector<SqlParam>* p) {
          const AccountRecord& a = accounts[rows[i]];
          p->insert(p->end(), {a.id, a.platform, a.handle, a.automation_score, a.top_features_json,
                               a.signals_json, a.flagged, a.run_id, a.updated_at});
        });
  });
}

StatusOr<AccountRecord> SqlStore::GetAccount(std::string_view id) {
  std::optional<AccountRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kAccountColumns, " FROM accounts WHERE id = $1"), {id},
                        [&](const SqlRow& r) {
                          out = ReadAccount(r);
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no account ", id));
  return *std::move(out);
}

StatusOr<std::vector<AccountRecord>> SqlStore::TopAccounts(int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<AccountRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kAccountColumns,
                               " FROM accounts ORDER BY automation_score DESC, id LIMIT $1"),
                        {limit}, [&](const SqlRow& r) {
                          out.push_back(ReadAccount(r));
                          return absl::OkStatus();
                        }));
  return out;
}

// ---- Edges and evidence ----

Status SqlStore::PutEdges(std::span<const EdgeRecord> edges) {
  for (const EdgeRecord& e : edges) {
    if (e.a == e.b) return absl::InvalidArgumentError(StrCat("edge from ", e.a, " to itself"));
    RETURN_IF_ERROR(CheckFinite(e.weight, "edge weight"));
  }
  // Each pair is stored as (min, max) with its leader counts swapped along.
  const std::vector<size_t> rows = LastOfEachKey<PairKey>(edges.size(), [&](size_t i) {
    const EdgeRecord& e = edges[i];
    return e.b < e.a ? PairKey{e.b, e.a} : PairKey{e.a, e.b};
  });
  return InTransaction([&]() -> Status {
    return InsertRows(
        "INSERT INTO edges (a, b, weight, weights, p_value, a_leads, b_leads, run_id)",
        "ON CONFLICT (a, b) DO UPDATE SET weight = excluded.weight, weights = excluded.weights,"
        " p_value = excluded.p_value, a_leads = excluded.a_leads, b_leads = excluded.b_leads,"
        " run_id = excluded.run_id",
        8, rows.size(), [&](size_t i, std::vector<SqlParam>* p) {
          const EdgeRecord& e = edges[rows[i]];
          const bool swap = e.b < e.a;
          p->insert(p->end(),
                    {swap ? e.b : e.a, swap ? e.a : e.b, e.weight, e.weights_json, e.p_value,
                     swap ? e.b_leads : e.a_leads, swap ? e.a_leads : e.b_leads, e.run_id});
        });
  });
}

StatusOr<EdgeRecord> SqlStore::GetEdge(std::string_view x, std::string_view y) {
  const bool swap = y < x;
  std::optional<EdgeRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kEdgeColumns, " FROM edges WHERE a = $1 AND b = $2"),
                        {swap ? y : x, swap ? x : y}, [&](const SqlRow& r) {
                          out = ReadEdge(r);
                          return absl::OkStatus();
                        }));
  if (!out) return absl::NotFoundError(StrCat("no edge ", x, " - ", y));
  return *std::move(out);
}

StatusOr<std::vector<EdgeRecord>> SqlStore::EdgesOf(std::string_view account, int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<EdgeRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kEdgeColumns,
                               " FROM edges WHERE a = $1 OR b = $1"
                               " ORDER BY weight DESC, a, b LIMIT $2"),
                        {account, limit}, [&](const SqlRow& r) {
                          out.push_back(ReadEdge(r));
                          return absl::OkStatus();
                        }));
  return out;
}

Status SqlStore::AddEvidence(std::span<const EvidenceRecord> evidence) {
  return InTransaction([&]() -> Status {
    return InsertRows(
        "INSERT INTO evidence (a, b, action, object, time_a, time_b, content_a, content_b)", "", 8,
        evidence.size(), [&](size_t i, std::vector<SqlParam>* p) {
          const EvidenceRecord& v = evidence[i];
          const bool swap = v.b < v.a;
          p->insert(p->end(), {swap ? v.b : v.a, swap ? v.a : v.b, v.action, v.object,
                               swap ? v.time_b : v.time_a, swap ? v.time_a : v.time_b,
                               swap ? v.content_b : v.content_a, swap ? v.content_a : v.content_b});
        });
  });
}

StatusOr<std::vector<EvidenceRecord>> SqlStore::EvidenceOf(std::string_view x, std::string_view y,
                                                           int limit) {
  RETURN_IF_ERROR(CheckLimit(limit));
  const bool swap = y < x;
  std::vector<EvidenceRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kEvidenceColumns,
                               " FROM evidence WHERE a = $1 AND b = $2"
                               " ORDER BY time_a, id LIMIT $3"),
                        {swap ? y : x, swap ? x : y, limit}, [&](const SqlRow& r) {
                          out.push_back(ReadEvidence(r));
                          return absl::OkStatus();
                        }));
  return out;
}

}  // namespace sakimori::store_internal
