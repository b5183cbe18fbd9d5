// File: store/store.h
// The store: where sakimori keeps what it derives from events (runs, account scores,
// coordination edges and their evidence, groups, items, campaigns, alerts) and what people
// add (reviews, notes, users, credentials, sessions, shares, the audit log, watch lists).
// One interface, two backends: SQLite (embedded, the default) and PostgreSQL (teams).
//
// Every method returns a Status; nothing throws. Batch writes (Put*/Add* taking a span) run
// in one transaction: either every record is written or none is. Writes of one record that
// already exists replace it (upsert by primary key) unless the method says otherwise.
// Common error codes: NotFound (Get* of a missing key), InvalidArgument (a value the schema
// rejects, e.g. a score outside [0, 1]), AlreadyExists (Add* of a duplicate key),
// FailedPrecondition (the schema is missing or older than the binary: run Migrate),
// Unavailable (the database is busy or unreachable), Internal (anything else).
//
// Thread safety: a Store is one connection and must be used by one thread at a time. Open
// one Store per thread; several processes and threads may share one SQLite file (WAL mode
// lets readers run beside one writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/records.h"

namespace sakimori {

struct StoreOptions {
  // Apply missing migrations while opening (see Store::Migrate).
  bool migrate = false;
  // SQLite: create the file when it does not exist (otherwise NotFound).
  bool create_if_missing = true;
  // SQLite: how long a statement waits for a lock held by another connection before
  // failing with Unavailable.
  int busy_timeout_ms = 5000;
};

class Store {
 public:
  // Opens the store at `url`:
  //   PATH or sqlite:PATH         a SQLite file (created if absent), WAL journal, foreign
  //                               keys on, busy timeout; sqlite::memory: for a private
  //                               in-memory database
  //   postgresql://... postgres://...   a PostgreSQL server (a libpq connection URI)
  // Errors: InvalidArgument for an empty url, NotFound for a missing SQLite file when
  // !options.create_if_missing, Unavailable when the database cannot be opened or reached,
  // and the errors of Migrate when options.migrate is set.
  [[nodiscard]] static StatusOr<std::unique_ptr<Store>> Open(std::string_view url,
                                                             const StoreOptions& options = {});

  // The newest schema version this binary knows (the number of the last migration).
  static int LatestSchemaVersion();

  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;

  // ---- Schema ----

  // The version recorded in schema_version; 0 for an empty database.
  [[nodiscard]] virtual StatusOr<int> SchemaVersion() = 0;
  // Applies the migrations above the current version up to `target` (default: latest), each
  // in its own transaction, recording each in schema_version. A no-op when up to date.
  // Concurrent Migrate calls on one database are serialised. FailedPrecondition when the
  // database is newer than this binary.
  [[nodiscard]] virtual Status Migrate(int target = LatestSchemaVersion()) = 0;
  // Schema version and row counts of every table.
  [[nodiscard]] virtual StatusOr<StoreInfo> Info() = 0;

  // Runs `body` in one transaction: commits when it returns OK, rolls back and returns its
  // error otherwise. Calls nest (inner ones become savepoints).
  [[nodiscard]] virtual Status InTransaction(const std::function<Status()>& body) = 0;

  // ---- Runs ----
  [[nodiscard]] virtual StatusOr<int64_t> AddRun(const RunRecord& run) = 0;  // returns id
  [[nodiscard]] virtual Status UpdateRun(const RunRecord& run) = 0;  // NotFound if no run.id
  [[nodiscard]] virtual StatusOr<RunRecord> GetRun(int64_t id) = 0;
  // Newest first (id descending).
  [[nodiscard]] virtual StatusOr<std::vector<RunRecord>> ListRuns(int limit) = 0;

  // ---- Accounts ----
  [[nodiscard]] virtual Status PutAccounts(std::span<const AccountRecord> accounts) = 0;
  [[nodiscard]] virtual StatusOr<AccountRecord> GetAccount(std::string_view id) = 0;
  // Highest automation score first, then id.
  [[nodiscard]] virtual StatusOr<std::vector<AccountRecord>> TopAccounts(int limit) = 0;

  // ---- Edges and evidence ----
  // Upserts by (a, b) after ordering a < b. InvalidArgument when a == b.
  [[nodiscard]] virtual Status PutEdges(std::span<const EdgeRecord> edges) = 0;
  // The edge between x and y in either order.
  [[nodiscard]] virtual StatusOr<EdgeRecord> GetEdge(std::string_view x, std::string_view y) = 0;
  // Edges touching `account`, heaviest first, then a, b.
  [[nodiscard]] virtual StatusOr<std::vector<EdgeRecord>> EdgesOf(std::string_view account,
                                                                  int limit) = 0;
  // Appends evidence (ids assigned in order); each record's edge (ordered like PutEdges)
  // must exist (FailedPrecondition otherwise, nothing written).
  [[nodiscard]] virtual Status AddEvidence(std::span<const EvidenceRecord> evidence) = 0;
  // Evidence of edge x-y in either order, by time_a then id.
  [[nodiscard]] virtual StatusOr<std::vector<EvidenceRecord>> EvidenceOf(std::string_view x,
                                                                         std::string_view y,
                                                                         int limit) = 0;

  // ---- Groups and items ----
  // Upserts groups, replacing each group's member list.
  [[nodiscard]] virtual Status PutGroups(std::span<const GroupRecord> groups) = 0;
  [[nodiscard]] virtual StatusOr<GroupRecord> GetGroup(std::string_view id) = 0;
  [[nodiscard]] virtual Status PutItems(std::span<const ItemRecord> items) = 0;
  [[nodiscard]] virtual StatusOr<ItemRecord> GetItem(std::string_view kind,
                                                     std::string_view id) = 0;

  // ---- Campaigns and alerts ----
  // Upserts campaigns, replacing each campaign's members and items.
  [[nodiscard]] virtual Status PutCampaigns(std::span<const CampaignRecord> campaigns) = 0;
  [[nodiscard]] virtual StatusOr<CampaignRecord> GetCampaign(std::string_view id) = 0;
  // Highest score first, then id.
  [[nodiscard]] virtual StatusOr<std::vector<CampaignRecord>> ListCampaigns(int limit) = 0;
  // The campaign page: see CampaignDetail.
  [[nodiscard]] virtual StatusOr<CampaignDetail> GetCampaignDetail(std::string_view id,
                                                                   int evidence_limit) = 0;
  // Each alert's campaign must exist (FailedPrecondition otherwise, nothing written).
  [[nodiscard]] virtual Status PutAlerts(std::span<const AlertRecord> alerts) = 0;
  [[nodiscard]] virtual StatusOr<AlertRecord> GetAlert(std::string_view id) = 0;
  [[nodiscard]] virtual Status SetAlertState(std::string_view id, AlertState state,
                                             TimeMs updated_at) = 0;
  // InvalidArgument for a bad limit or page token.
  [[nodiscard]] virtual StatusOr<AlertPage> ListAlerts(const AlertQuery& query) = 0;

  // ---- Reviews and notes (append-only; ids assigned) ----
  [[nodiscard]] virtual StatusOr<int64_t> AddReview(const ReviewRecord& review) = 0;
  // Oldest first.
  [[nodiscard]] virtual StatusOr<std::vector<ReviewRecord>> ListReviews(
      std::string_view target_kind, std::string_view target_id) = 0;
  [[nodiscard]] virtual StatusOr<int64_t> AddNote(const NoteRecord& note) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<NoteRecord>> ListNotes(std::string_view target_kind,
                                                                    std::string_view target_id) = 0;

  // ---- Users, tokens, sessions, shares ----
  [[nodiscard]] virtual Status PutUser(const UserRecord& user) = 0;
  [[nodiscard]] virtual StatusOr<UserRecord> GetUser(std::string_view name) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<UserRecord>> ListUsers() = 0;  // by name
  // Deletes the user with their tokens, sessions and shares. NotFound if absent.
  [[nodiscard]] virtual Status DeleteUser(std::string_view name) = 0;

  // AlreadyExists for a known hash; FailedPrecondition for an unknown user.
  [[nodiscard]] virtual Status AddApiToken(const ApiTokenRecord& token) = 0;
  [[nodiscard]] virtual StatusOr<ApiTokenRecord> GetApiToken(std::string_view token_hash) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<ApiTokenRecord>> ListApiTokens(
      std::string_view user) = 0;  // by created_at, hash
  [[nodiscard]] virtual Status RevokeApiToken(std::string_view token_hash, TimeMs at) = 0;

  [[nodiscard]] virtual Status AddSession(const SessionRecord& session) = 0;
  [[nodiscard]] virtual StatusOr<SessionRecord> GetSession(std::string_view session_hash) = 0;
  [[nodiscard]] virtual Status TouchSession(std::string_view session_hash, TimeMs last_seen) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view session_hash) = 0;
  // Deletes sessions with expires_at <= now; returns how many.
  [[nodiscard]] virtual StatusOr<int64_t> DeleteExpiredSessions(TimeMs now) = 0;

  // AlreadyExists when the object is already shared with the partner.
  [[nodiscard]] virtual StatusOr<int64_t> AddShare(const ShareRecord& share) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<ShareRecord>> ListShares(
      std::string_view partner) = 0;  // by object_kind, object_id
  [[nodiscard]] virtual Status DeleteShare(int64_t id) = 0;

  // ---- Audit log (append-only) ----
  [[nodiscard]] virtual StatusOr<int64_t> AppendAudit(const AuditRecord& entry) = 0;
  [[nodiscard]] virtual StatusOr<AuditPage> ListAudit(const AuditQuery& query) = 0;

  // ---- Watch list ----
  // Upserts by (type, value, source).
  [[nodiscard]] virtual Status PutIndicators(std::span<const IndicatorRecord> indicators) = 0;
  // Indicators of `type` whose value equals `value`, by source.
  [[nodiscard]] virtual StatusOr<std::vector<IndicatorRecord>> MatchIndicators(
      IndicatorType type, std::string_view value) = 0;
  // All indicators by type, value, source.
  [[nodiscard]] virtual StatusOr<std::vector<IndicatorRecord>> ListIndicators() = 0;

  // ---- Retention ----
  // Deletes the event-derived rows older than `cutoff` (event time), in one transaction:
  // alerts raised before it; campaigns that ended before it (with their members, items and
  // alerts); evidence whose both times are before it; edges that had evidence and have none
  // left (all of it older); accounts updated before it that no remaining campaign or edge
  // references. Reviews, notes, users, the audit log and the watch list are kept.
  [[nodiscard]] virtual StatusOr<PurgeCounts> PurgeBefore(TimeMs cutoff) = 0;
  // The newest event time in the store: the maximum of evidence times, campaign ends, alert
  // raise times and runs' last events; nullopt for a store without any.
  [[nodiscard]] virtual StatusOr<std::optional<TimeMs>> NewestEventTime() = 0;

  // ---- Search ----
  // Hits by score descending, then id. InvalidArgument for an empty term or bad limit.
  [[nodiscard]] virtual StatusOr<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;
};

}  // namespace sakimori
