// File: store/records.h
// The value types the store reads and writes: plain structs, one per stored entity, plus
// the query and page types of the dashboard's reads. Times are event-time or caller-given
// milliseconds since the epoch (TimeMs); the store never reads a clock. Fields named *_json
// hold JSON text that the store keeps as is (it does not parse or validate it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace sakimori {

// ---- Closed vocabularies (stored as their lower-case names, checked by the schema) ----

enum class Severity { kLow, kMedium, kHigh, kCritical };
enum class AlertState { kOpen, kAcknowledged, kConfirmed, kDismissed, kClosed };
enum class Decision { kConfirm, kDismiss, kNeedsMore };
enum class Role { kAdmin, kAnalyst, kViewer, kPartner };
enum class IndicatorType { kAccountId, kHandle, kDomain, kUrl };
// TLP 2.0 labels.
enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };

std::string_view SeverityName(Severity v);            // "low" ... "critical"
std::string_view AlertStateName(AlertState v);        // "open" ... "closed"
std::string_view DecisionName(Decision v);            // "confirm", "dismiss", "needs_more"
std::string_view RoleName(Role v);                    // "admin" ... "partner"
std::string_view IndicatorTypeName(IndicatorType v);  // "account_id", "handle", ...
std::string_view TlpName(Tlp v);                      // "clear", ..., "amber+strict", "red"

// The inverse functions; InvalidArgument for any other string.
StatusOr<Severity> ParseSeverity(std::string_view s);
StatusOr<AlertState> ParseAlertState(std::string_view s);
StatusOr<Decision> ParseDecision(std::string_view s);
StatusOr<Role> ParseRole(std::string_view s);
StatusOr<IndicatorType> ParseIndicatorType(std::string_view s);
StatusOr<Tlp> ParseTlp(std::string_view s);

// ---- Detection results ----

// One analysis run: what was run with which parameters over which inputs.
struct RunRecord {
  int64_t id = 0;         // assigned by Store::AddRun
  std::string generator;  // e.g. "sakimori analyze 0.1.0"
  std::string params_json = "{}";
  std::string inputs_json = "{}";  // input summary: files, records, rejected, ...
  TimeMs started_at = 0;
  std::optional<TimeMs> finished_at;
  std::optional<TimeMs> first_event;
  std::optional<TimeMs> last_event;
  int64_t events = 0;
  std::string status = "running";  // free text: running | done | failed

  bool operator==(const RunRecord&) const = default;
};

struct AccountRecord {
  std::string id;  // the account id of the events (actor)
  std::string platform;
  std::string handle;
  double automation_score = 0;           // in [0, 1]
  std::string top_features_json = "[]";  // the features that drove the score
  std::string signals_json = "{}";       // e.g. foreign-operation signals
  bool flagged = false;
  std::optional<int64_t> run_id;
  TimeMs updated_at = 0;

  bool operator==(const AccountRecord&) const = default;
};

// An undirected coordination edge. The store keeps a < b: PutEdges swaps a reversed pair
// together with its leader counts.
struct EdgeRecord {
  std::string a;
  std::string b;
  double weight = 0;
  std::string weights_json = "{}";  // weight per action kind, e.g. {"repost":3.2}
  std::optional<double> p_value;
  int64_t a_leads = 0;  // shared actions where a acted first
  int64_t b_leads = 0;
  std::optional<int64_t> run_id;

  bool operator==(const EdgeRecord&) const = default;
};

// One shared action behind edge (a, b): a acted on `object` at time_a with content
// content_a (e.g. its repost's id), b likewise. The edge must exist.
struct EvidenceRecord {
  int64_t id = 0;  // assigned by the store
  std::string a;
  std::string b;
  std::string action;  // repost | like | hashtag | url | text | ...
  std::string object;  // the post, url, hashtag or near-duplicate cluster acted on
  TimeMs time_a = 0;
  TimeMs time_b = 0;
  std::string content_a;
  std::string content_b;

  bool operator==(const EvidenceRecord&) const = default;
};

struct GroupRecord {
  std::string id;
  double score = 0;
  std::string stats_json = "{}";
  std::vector<std::string> members;  // sorted by the store on read
  std::optional<int64_t> run_id;

  bool operator==(const GroupRecord&) const = default;
};

struct ItemRecord {
  std::string kind;  // post | url | hashtag | narrative
  std::string id;
  double score = 0;
  std::string ranking_json = "{}";  // the numbers behind the rank
  bool flagged = false;
  std::optional<int64_t> run_id;

  bool operator==(const ItemRecord&) const = default;
};

struct ItemRef {
  std::string kind;
  std::string id;

  bool operator==(const ItemRef&) const = default;
  auto operator<=>(const ItemRef&) const = default;
};

struct CampaignRecord {
  std::string id;
  double score = 0;
  TimeMs start = 0;
  TimeMs end = 0;
  int64_t reach = 0;
  std::optional<double> utc_offset_hours;
  std::vector<std::string> techniques;  // DISARM ids, e.g. T0049.003; no commas
  std::string summary_en;
  std::string summary_ja;
  std::string signals_json = "{}";
  std::vector<std::string> members;  // amplifier accounts; sorted by the store on read
  std::vector<ItemRef> items;        // target items; sorted by the store on read
  std::optional<int64_t> run_id;

  bool operator==(const CampaignRecord&) const = default;
};

struct AlertRecord {
  std::string id;
  std::string campaign_id;
  TimeMs raised_at = 0;  // event time
  Severity severity = Severity::kMedium;
  AlertState state = AlertState::kOpen;
  TimeMs updated_at = 0;
  std::optional<int64_t> run_id;

  bool operator==(const AlertRecord&) const = default;
};

// ---- Review and access ----

struct ReviewRecord {
  int64_t id = 0;           // assigned by the store
  std::string target_kind;  // campaign | alert
  std::string target_id;
  Decision decision = Decision::kNeedsMore;
  std::string note;
  std::string user;
  TimeMs created_at = 0;

  bool operator==(const ReviewRecord&) const = default;
};

struct NoteRecord {
  int64_t id = 0;           // assigned by the store
  std::string target_kind;  // campaign | alert | account | item | group
  std::string target_id;
  std::string user;
  std::string body;
  TimeMs created_at = 0;

  bool operator==(const NoteRecord&) const = default;
};

struct UserRecord {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // an encoded password hash (e.g. libsodium's argon2id string)
  TimeMs created_at = 0;

  bool operator==(const UserRecord&) const = default;
};

// Only the hash of a token is stored.
struct ApiTokenRecord {
  std::string token_hash;
  std::string user;
  std::string label;
  TimeMs created_at = 0;
  std::optional<TimeMs> expires_at;
  std::optional<TimeMs> revoked_at;

  bool operator==(const ApiTokenRecord&) const = default;
};

struct SessionRecord {
  std::string session_hash;
  std::string user;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  TimeMs last_seen = 0;

  bool operator==(const SessionRecord&) const = default;
};

// An object a partner may see, with its marking.
struct ShareRecord {
  int64_t id = 0;           // assigned by the store
  std::string partner;      // a user with role partner
  std::string object_kind;  // campaign | alert | ...
  std::string object_id;
  Tlp tlp = Tlp::kAmber;
  std::string created_by;
  TimeMs created_at = 0;

  bool operator==(const ShareRecord&) const = default;
};

struct AuditRecord {
  int64_t id = 0;  // assigned by the store; increases with every append
  std::string user;
  std::string action;  // view_account | export_stix | login | ...
  std::string object_kind;
  std::string object_id;
  TimeMs at = 0;
  std::string detail_json = "{}";

  bool operator==(const AuditRecord&) const = default;
};

struct IndicatorRecord {
  int64_t id = 0;  // assigned by the store
  IndicatorType type = IndicatorType::kAccountId;
  std::string value;
  std::string source;  // e.g. the partner or STIX bundle it came from
  Tlp tlp = Tlp::kClear;
  TimeMs created_at = 0;

  bool operator==(const IndicatorRecord&) const = default;
};

// ---- Reads ----

// Alerts newest first (raised_at descending, then id ascending), filtered and paged.
struct AlertQuery {
  std::optional<TimeMs> since;       // raised_at >= since
  std::vector<Severity> severities;  // empty: any
  std::vector<AlertState> states;    // empty: any
  int limit = 50;                    // 1..1000
  std::string page_token;            // from the previous AlertPage; empty: first page
};

struct AlertPage {
  std::vector<AlertRecord> alerts;
  std::string next_page_token;  // empty on the last page
};

// Audit entries newest first (id descending).
struct AuditQuery {
  std::optional<std::string> user;
  std::optional<TimeMs> since;  // at >= since
  int limit = 100;              // 1..1000
  std::string page_token;
};

struct AuditPage {
  std::vector<AuditRecord> entries;
  std::string next_page_token;
};

// A campaign with what its page shows: the member accounts the store has scores for, the
// target items it has records for, the edges between members and the evidence behind them.
struct CampaignDetail {
  CampaignRecord campaign;
  std::vector<AccountRecord> accounts;   // by id
  std::vector<ItemRecord> items;         // by kind, id
  std::vector<EdgeRecord> edges;         // by weight descending, then a, b
  std::vector<EvidenceRecord> evidence;  // by a, b, time_a, id; at most evidence_limit
  std::vector<AlertRecord> alerts;       // by raised_at, id
};

enum class SearchField {
  kAccount,  // account id prefix
  kHandle,   // handle substring
  kHashtag,  // hashtag item substring (a leading '#' is ignored)
  kUrl,      // url item substring
  kText,     // campaign summaries (en, ja) and notes, substring
};

struct SearchQuery {
  SearchField field = SearchField::kText;
  std::string term;  // matched literally (% and _ have no special meaning)
  int limit = 50;    // 1..1000
};

struct SearchHit {
  std::string kind;   // account | item | campaign | note
  std::string id;     // account id, "kind:id" for items, campaign id, note id
  std::string label;  // handle, item id, summary or note body (first 200 bytes)
  double score = 0;

  bool operator==(const SearchHit&) const = default;
};

// What Store::PurgeBefore deleted, per table (alerts and evidence include the rows removed
// with their campaign or edge).
struct PurgeCounts {
  int64_t campaigns = 0;
  int64_t alerts = 0;
  int64_t edges = 0;
  int64_t evidence = 0;
  int64_t accounts = 0;

  bool operator==(const PurgeCounts&) const = default;
};

// What `sakimori db info` prints.
struct StoreInfo {
  std::string backend;   // sqlite | postgresql
  std::string location;  // file path or server (without password)
  int schema_version = 0;
  int latest_version = 0;
  std::vector<std::pair<std::string, int64_t>> row_counts;  // table, rows
};

}  // namespace sakimori
