// File: store/internal/sql_store.h
// The one Store implementation, written once against SqlConnection so SQLite and PostgreSQL
// run the same SQL (dialect-neutral: $n parameters, ON CONFLICT upserts, RETURNING,
// LIKE ... ESCAPE). Every value is a bound parameter; only the shape of a query (how many
// IN-list placeholders, which optional filters) is assembled in code. The methods are split
// over sql_store.cc (schema, transactions, runs, accounts, edges, evidence),
// sql_store_results.cc (groups, items, campaigns, alerts), sql_store_people.cc (reviews,
// notes, users, tokens, sessions, shares, audit, watch list) and sql_store_search.cc.
// Not thread-safe (see Store).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/internal/sql_connection.h"
#include "store/store.h"

namespace sakimori::store_internal {

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<SqlConnection> conn) : conn_(std::move(conn)) {}

  std::string_view backend() const override;

  StatusOr<int> SchemaVersion() override;
  Status Migrate(int target) override;
  StatusOr<StoreInfo> Info() override;
  Status InTransaction(const std::function<Status()>& body) override;

  StatusOr<int64_t> AddRun(const RunRecord& run) override;
  Status UpdateRun(const RunRecord& run) override;
  StatusOr<RunRecord> GetRun(int64_t id) override;
  StatusOr<std::vector<RunRecord>> ListRuns(int limit) override;

  Status PutAccounts(std::span<const AccountRecord> accounts) override;
  StatusOr<AccountRecord> GetAccount(std::string_view id) override;
  StatusOr<std::vector<AccountRecord>> TopAccounts(int limit) override;

  Status PutEdges(std::span<const EdgeRecord> edges) override;
  StatusOr<EdgeRecord> GetEdge(std::string_view x, std::string_view y) override;
  StatusOr<std::vector<EdgeRecord>> EdgesOf(std::string_view account, int limit) override;
  Status AddEvidence(std::span<const EvidenceRecord> evidence) override;
  StatusOr<std::vector<EvidenceRecord>> EvidenceOf(std::string_view x, std::string_view y,
                                                   int limit) override;

  Status PutGroups(std::span<const GroupRecord> groups) override;
  StatusOr<GroupRecord> GetGroup(std::string_view id) override;
  Status PutItems(std::span<const ItemRecord> items) override;
  StatusOr<ItemRecord> GetItem(std::string_view kind, std::string_view id) override;

  Status PutCampaigns(std::span<const CampaignRecord> campaigns) override;
  StatusOr<CampaignRecord> GetCampaign(std::string_view id) override;
  StatusOr<std::vector<CampaignRecord>> ListCampaigns(int limit) override;
  StatusOr<CampaignDetail> GetCampaignDetail(std::string_view id, int evidence_limit) override;
  Status PutAlerts(std::span<const AlertRecord> alerts) override;
  StatusOr<AlertRecord> GetAlert(std::string_view id) override;
  Status SetAlertState(std::string_view id, AlertState state, TimeMs updated_at) override;
  StatusOr<AlertPage> ListAlerts(const AlertQuery& query) override;

  StatusOr<int64_t> AddReview(const ReviewRecord& review) override;
  StatusOr<std::vector<ReviewRecord>> ListReviews(std::string_view target_kind,
                                                  std::string_view target_id) override;
  StatusOr<int64_t> AddNote(const NoteRecord& note) override;
  StatusOr<std::vector<NoteRecord>> ListNotes(std::string_view target_kind,
                                              std::string_view target_id) override;

  Status PutUser(const UserRecord& user) override;
  StatusOr<UserRecord> GetUser(std::string_view name) override;
  StatusOr<std::vector<UserRecord>> ListUsers() override;
  Status DeleteUser(std::string_view name) override;
  Status AddApiToken(const ApiTokenRecord& token) override;
  StatusOr<ApiTokenRecord> GetApiToken(std::string_view token_hash) override;
  StatusOr<std::vector<ApiTokenRecord>> ListApiTokens(std::string_view user) override;
  Status RevokeApiToken(std::string_view token_hash, TimeMs at) override;
  Status AddSession(const SessionRecord& session) override;
  StatusOr<SessionRecord> GetSession(std::string_view session_hash) override;
  Status TouchSession(std::string_view session_hash, TimeMs last_seen) override;
  Status DeleteSession(std::string_view session_hash) override;
  StatusOr<int64_t> DeleteExpiredSessions(TimeMs now) override;
  StatusOr<int64_t> AddShare(const ShareRecord& share) override;
  StatusOr<std::vector<ShareRecord>> ListShares(std::string_view partner) override;
  Status DeleteShare(int64_t id) override;

  StatusOr<int64_t> AppendAudit(const AuditRecord& entry) override;
  StatusOr<AuditPage> ListAudit(const AuditQuery& query) override;

  Status PutIndicators(std::span<const IndicatorRecord> indicators) override;
  StatusOr<std::vector<IndicatorRecord>> MatchIndicators(IndicatorType type,
                                                         std::string_view value) override;
  StatusOr<std::vector<IndicatorRecord>> ListIndicators() override;

  StatusOr<std::vector<SearchHit>> Search(const SearchQuery& query) override;

  StatusOr<PurgeCounts> PurgeBefore(TimeMs cutoff) override;
  StatusOr<std::optional<TimeMs>> NewestEventTime() override;

 private:
  using RowFn = std::function<Status(const SqlRow&)>;

  // Runs `sql` with `params`; returns the number of rows changed.
  StatusOr<int64_t> ExecSpan(std::string_view sql, std::span<const SqlParam> params) {
    return conn_->Run(sql, params, nullptr);
  }
  StatusOr<int64_t> Exec(std::string_view sql, std::initializer_list<SqlParam> params) {
    return conn_->Run(sql, std::span<const SqlParam>(params.begin(), params.size()), nullptr);
  }
  Status QuerySpan(std::string_view sql, std::span<const SqlParam> params, const RowFn& on_row) {
    return conn_->Run(sql, params, on_row).status();
  }
  Status Query(std::string_view sql, std::initializer_list<SqlParam> params, const RowFn& on_row) {
    return conn_->Run(sql, std::span<const SqlParam>(params.begin(), params.size()), on_row)
        .status();
  }
  // Inserts `rows` rows with multi-row statements of up to kRowsPerStatement rows:
  // "<head> VALUES ($1, ...), (...) <tail>". fill(i, &params) appends row i's `columns`
  // parameters. Callers run it inside a transaction; with an ON CONFLICT DO UPDATE tail the
  // rows must have distinct keys (a statement may not update one row twice).
  template <typename Fill>
  Status InsertRows(std::string_view head, std::string_view tail, size_t columns, size_t rows,
                    Fill fill);
  // The id returned by an INSERT ... RETURNING id.
  StatusOr<int64_t> InsertReturningId(std::string_view sql, std::initializer_list<SqlParam> params);
  // Reads members and items of `c` (c->id set).
  Status LoadCampaignChildren(CampaignRecord* c);
  Status LoadGroupMembers(GroupRecord* g);
  StatusOr<std::vector<SearchHit>> SearchText(const SearchQuery& query, const std::string& pattern);

  std::unique_ptr<SqlConnection> conn_;
  int transaction_depth_ = 0;
};

// Rows per multi-row INSERT: large enough that a PostgreSQL round trip carries many rows,
// small enough to stay far below SQLite's 32766 parameters per statement.
inline constexpr size_t kRowsPerStatement = 256;

// "($1, $2), ($3, $4)" for `rows` rows of `columns` parameters.
std::string ValuesList(size_t columns, size_t rows);

template <typename Fill>
Status SqlStore::InsertRows(std::string_view head, std::string_view tail, size_t columns,
                            size_t rows, Fill fill) {
  std::string sql;
  size_t sql_rows = 0;
  std::vector<SqlParam> params;
  for (size_t start = 0; start < rows; start += kRowsPerStatement) {
    const size_t n = std::min(kRowsPerStatement, rows - start);
    if (n != sql_rows) {
      sql = std::string(head);
      sql += " VALUES ";
      sql += ValuesList(columns, n);
      sql += ' ';
      sql += tail;
      sql_rows = n;
    }
    params.clear();
    for (size_t i = start; i < start + n; ++i) fill(i, &params);
    auto done = ExecSpan(sql, params);
    if (!done.ok()) return done.status();
  }
  return absl::OkStatus();
}

// Indices of `n` records keeping only the last record of each key (key(i) gives record i's
// key as something hashable), in their original order: a batch upsert then ends in the
// same state as writing the records one by one.
template <typename Key, typename KeyOf>
std::vector<size_t> LastOfEachKey(size_t n, KeyOf key) {
  std::unordered_map<Key, size_t, typename Key::Hash> last;
  last.reserve(n);
  for (size_t i = 0; i < n; ++i) last[key(i)] = i;
  std::vector<size_t> out;
  out.reserve(last.size());
  for (size_t i = 0; i < n; ++i) {
    if (last[key(i)] == i) out.push_back(i);
  }
  return out;
}

// Hashable keys for LastOfEachKey.
struct TextKey {
  std::string_view a;
  bool operator==(const TextKey&) const = default;
  struct Hash {
    size_t operator()(const TextKey& k) const { return std::hash<std::string_view>()(k.a); }
  };
};
struct PairKey {
  std::string_view a;
  std::string_view b;
  bool operator==(const PairKey&) const = default;
  struct Hash {
    size_t operator()(const PairKey& k) const {
      return std::hash<std::string_view>()(k.a) * 0x9E3779B97F4A7C15ULL ^
             std::hash<std::string_view>()(k.b);
    }
  };
};

// Row readers, shared by the .cc files: each reads the columns of the matching k*Columns
// list below, starting at column 0.
extern const char kRunColumns[];
extern const char kAccountColumns[];
extern const char kEdgeColumns[];
extern const char kEvidenceColumns[];
extern const char kItemColumns[];
extern const char kCampaignColumns[];
extern const char kAlertColumns[];
RunRecord ReadRun(const SqlRow& r);
AccountRecord ReadAccount(const SqlRow& r);
EdgeRecord ReadEdge(const SqlRow& r);
EvidenceRecord ReadEvidence(const SqlRow& r);
ItemRecord ReadItem(const SqlRow& r);
CampaignRecord ReadCampaign(const SqlRow& r);  // without members and items
StatusOr<AlertRecord> ReadAlert(const SqlRow& r);

// InvalidArgument unless 1 <= limit <= 100000.
Status CheckLimit(int limit);
// InvalidArgument unless v is finite.
Status CheckFinite(double v, std::string_view what);

}  // namespace sakimori::store_internal
