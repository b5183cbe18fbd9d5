// File: store/internal/sql_store_people.cc
// SqlStore: reviews, notes, users, API tokens, sessions, shares, the audit log and the
// watch list.
#include <charconv>

#include "common/strings.h"
#include "store/internal/sql_store.h"

namespace sakimori::store_internal {
namespace {

constexpr char kReviewColumns[] =
    "id, target_kind, target_id, decision, note, user_name, created_at";
constexpr char kNoteColumns[] = "id, target_kind, target_id, user_name, body, created_at";
constexpr char kUserColumns[] = "name, role, password_hash, created_at";
constexpr char kTokenColumns[] = "token_hash, user_name, label, created_at, expires_at, revoked_at";
constexpr char kSessionColumns[] = "session_hash, user_name, created_at, expires_at, last_seen";
constexpr char kShareColumns[] = "id, partner, object_kind, object_id, tlp, created_by, created_at";
constexpr char kAuditColumns[] =
    "id, user_name, action, object_kind, object_id, created_at, detail";
constexpr char kIndicatorColumns[] = "id, type, value, source, tlp, created_at";

StatusOr<ReviewRecord> ReadReview(const SqlRow& r) {
  ReviewRecord v;
  v.id = r.Int(0);
  v.target_kind = r.Text(1);
  v.target_id = r.Text(2);
  ASSIGN_OR_RETURN(v.decision, ParseDecision(r.Text(3)));
  v.note = r.Text(4);
  v.user = r.Text(5);
  v.created_at = r.Int(6);
  return v;
}

NoteRecord ReadNote(const SqlRow& r) {
  return NoteRecord{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)};
}

StatusOr<UserRecord> ReadUser(const SqlRow& r) {
  UserRecord u;
  u.name = r.Text(0);
  ASSIGN_OR_RETURN(u.role, ParseRole(r.Text(1)));
  u.password_hash = r.Text(2);
  u.created_at = r.Int(3);
  return u;
}

ApiTokenRecord ReadToken(const SqlRow& r) {
  return ApiTokenRecord{r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.OptInt(4), r.OptInt(5)};
}

SessionRecord ReadSession(const SqlRow& r) {
  return SessionRecord{r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4)};
}

StatusOr<ShareRecord> ReadShare(const SqlRow& r) {
  ShareRecord s;
  s.id = r.Int(0);
  s.partner = r.Text(1);
  s.object_kind = r.Text(2);
  s.object_id = r.Text(3);
  ASSIGN_OR_RETURN(s.tlp, ParseTlp(r.Text(4)));
  s.created_by = r.Text(5);
  s.created_at = r.Int(6);
  return s;
}

AuditRecord ReadAudit(const SqlRow& r) {
  return AuditRecord{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Text(6)};
}

StatusOr<IndicatorRecord> ReadIndicator(const SqlRow& r) {
  IndicatorRecord i;
  i.id = r.Int(0);
  ASSIGN_OR_RETURN(i.type, ParseIndicatorType(r.Text(1)));
  i.value = r.Text(2);
  i.source = r.Text(3);
  ASSIGN_OR_RETURN(i.tlp, ParseTlp(r.Text(4)));
  i.created_at = r.Int(5);
  return i;
}

// Collects rows through a reader that may fail.
template <typename T, typename Reader>
auto Collect(std::vector<T>* out, Reader read) {
  return [out, read](const SqlRow& r) -> Status {
    auto v = read(r);
    if constexpr (std::is_same_v<decltype(v), T>) {
      out->push_back(std::move(v));
    } else {
      if (!v.ok()) return v.status();
      out->push_back(*std::move(v));
    }
    return absl::OkStatus();
  };
}

}  // namespace

// ---- Reviews and notes ----

StatusOr<int64_t> SqlStore::AddReview(const ReviewRecord& review) {
  return InsertReturningId(
      "INSERT INTO reviews (target_kind, target_id, decision, note, user_name, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {review.target_kind, review.target_id, DecisionName(review.decision), review.note,
       review.user, review.created_at});
}

StatusOr<std::vector<ReviewRecord>> SqlStore::ListReviews(std::string_view target_kind,
                                                          std::string_view target_id) {
  std::vector<ReviewRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kReviewColumns,
                               " FROM reviews WHERE target_kind = $1"
                               " AND target_id = $2 ORDER BY created_at, id"),
                        {target_kind, target_id}, Collect(&out, ReadReview)));
  return out;
}

StatusOr<int64_t> SqlStore::AddNote(const NoteRecord& note) {
  return InsertReturningId(
      "INSERT INTO notes (target_kind, target_id, user_name, body, created_at)"
      " VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {note.target_kind, note.target_id, note.user, note.body, note.created_at});
}

StatusOr<std::vector<NoteRecord>> SqlStore::ListNotes(std::string_view target_kind,
                                                      std::string_view target_id) {
  std::vector<NoteRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kNoteColumns,
                               " FROM notes WHERE target_kind = $1"
                               " AND target_id = $2 ORDER BY created_at, id"),
                        {target_kind, target_id}, Collect(&out, ReadNote)));
  return out;
}

// ---- Users ----

Status SqlStore::PutUser(const UserRecord& user) {
  if (user.name.empty()) return absl::InvalidArgumentError("empty user name");
  return Exec(
             "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)"
             " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
             " password_hash = excluded.password_hash, created_at = excluded.created_at",
             {user.name, RoleName(user.role), user.password_hash, user.created_at})
      .status();
}

StatusOr<UserRecord> SqlStore::GetUser(std::string_view name) {
  std::vector<UserRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kUserColumns, " FROM users WHERE name = $1"), {name},
                        Collect(&out, ReadUser)));
  if (out.empty()) return absl::NotFoundError(StrCat("no user ", name));
  return std::move(out[0]);
}

StatusOr<std::vector<UserRecord>> SqlStore::ListUsers() {
  std::vector<UserRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kUserColumns, " FROM users ORDER BY name"), {},
                        Collect(&out, ReadUser)));
  return out;
}

Status SqlStore::DeleteUser(std::string_view name) {
  ASSIGN_OR_RETURN(int64_t n, Exec("DELETE FROM users WHERE name = $1", {name}));
  if (n == 0) return absl::NotFoundError(StrCat("no user ", name));
  return absl::OkStatus();
}

// ---- API tokens ----

Status SqlStore::AddApiToken(const ApiTokenRecord& t) {
  return Exec(
             "INSERT INTO api_tokens (token_hash, user_name, label, created_at, expires_at,"
             " revoked_at) VALUES ($1, $2, $3, $4, $5, $6)",
             {t.token_hash, t.user, t.label, t.created_at, t.expires_at, t.revoked_at})
      .status();
}

StatusOr<ApiTokenRecord> SqlStore::GetApiToken(std::string_view token_hash) {
  std::vector<ApiTokenRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kTokenColumns, " FROM api_tokens WHERE token_hash = $1"),
                        {token_hash}, Collect(&out, ReadToken)));
  if (out.empty()) return absl::NotFoundError("no such API token");
  return std::move(out[0]);
}

StatusOr<std::vector<ApiTokenRecord>> SqlStore::ListApiTokens(std::string_view user) {
  std::vector<ApiTokenRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kTokenColumns,
                               " FROM api_tokens WHERE user_name = $1"
                               " ORDER BY created_at, token_hash"),
                        {user}, Collect(&out, ReadToken)));
  return out;
}

Status SqlStore::RevokeApiToken(std::string_view token_hash, TimeMs at) {
  ASSIGN_OR_RETURN(int64_t n, Exec("UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1",
                                   {token_hash, at}));
  if (n == 0) return absl::NotFoundError("no such API token");
  return absl::OkStatus();
}

// ---- Sessions ----

Status SqlStore::AddSession(const SessionRecord& s) {
  return Exec(
             "INSERT INTO sessions (session_hash, user_name, created_at, expires_at, last_seen)"
             " VALUES ($1, $2, $3, $4, $5)",
             {s.session_hash, s.user, s.created_at, s.expires_at, s.last_seen})
      .status();
}

StatusOr<SessionRecord> SqlStore::GetSession(std::string_view session_hash) {
  std::vector<SessionRecord> out;
  RETURN_IF_ERROR(
      Query(StrCat("SELECT ", kSessionColumns, " FROM sessions WHERE session_hash = $1"),
            {session_hash}, Collect(&out, ReadSession)));
  if (out.empty()) return absl::NotFoundError("no such session");
  return std::move(out[0]);
}

Status SqlStore::TouchSession(std::string_view session_hash, TimeMs last_seen) {
  ASSIGN_OR_RETURN(int64_t n, Exec("UPDATE sessions SET last_seen = $2 WHERE session_hash = $1",
                                   {session_hash, last_seen}));
  if (n == 0) return absl::NotFoundError("no such session");
  return absl::OkStatus();
}

Status SqlStore::DeleteSession(std::string_view session_hash) {
  return Exec("DELETE FROM sessions WHERE session_hash = $1", {session_hash}).status();
}

StatusOr<int64_t> SqlStore::DeleteExpiredSessions(TimeMs now) {
  return Exec("DELETE FROM sessions WHERE expires_at <= $1", {now});
}

// ---- Shares ----

StatusOr<int64_t> SqlStore::AddShare(const ShareRecord& s) {
  return InsertReturningId(
      "INSERT INTO shares (partner, object_kind, object_id, tlp, created_by, created_at)"
      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {s.partner, s.object_kind, s.object_id, TlpName(s.tlp), s.created_by, s.created_at});
}

StatusOr<std::vector<ShareRecord>> SqlStore::ListShares(std::string_view partner) {
  std::vector<ShareRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kShareColumns,
                               " FROM shares WHERE partner = $1"
                               " ORDER BY object_kind, object_id"),
                        {partner}, Collect(&out, ReadShare)));
  return out;
}

Status SqlStore::DeleteShare(int64_t id) {
  ASSIGN_OR_RETURN(int64_t n, Exec("DELETE FROM shares WHERE id = $1", {id}));
  if (n == 0) return absl::NotFoundError(StrCat("no share ", id));
  return absl::OkStatus();
}

// ---- Audit log ----

StatusOr<int64_t> SqlStore::AppendAudit(const AuditRecord& e) {
  return InsertReturningId(
      "INSERT INTO audit_log (user_name, action, object_kind, object_id, created_at, detail)"
      " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {e.user, e.action, e.object_kind, e.object_id, e.at, e.detail_json});
}

StatusOr<AuditPage> SqlStore::ListAudit(const AuditQuery& query) {
  RETURN_IF_ERROR(CheckLimit(query.limit));
  std::vector<SqlParam> params;
  std::string where;
  auto add_clause = [&](std::string_view column_op, SqlParam value) {
    params.push_back(value);
    StrAppend(&where, where.empty() ? " WHERE " : " AND ", column_op, " $", params.size());
  };
  if (query.user) add_clause("user_name =", *query.user);
  if (query.since) add_clause("created_at >=", *query.since);
  if (!query.page_token.empty()) {
    // Token: the id of the last entry of the previous page.
    int64_t before = 0;
    const std::string& t = query.page_token;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), before);
    if (ec != std::errc() || end != t.data() + t.size()) {
      return absl::InvalidArgumentError(StrCat("bad page token '", t, "'"));
    }
    add_clause("id <", before);
  }
  params.emplace_back(query.limit + 1);
  AuditPage page;
  RETURN_IF_ERROR(QuerySpan(StrCat("SELECT ", kAuditColumns, " FROM audit_log", where,
                                   " ORDER BY id DESC LIMIT $", params.size()),
                            params, Collect(&page.entries, ReadAudit)));
  if (page.entries.size() > static_cast<size_t>(query.limit)) {
    page.entries.resize(query.limit);
    page.next_page_token = StrCat(page.entries.back().id);
  }
  return page;
}

// ---- Watch list ----

Status SqlStore::PutIndicators(std::span<const IndicatorRecord> indicators) {
  return InTransaction([&]() -> Status {
    for (const IndicatorRecord& i : indicators) {
      if (i.value.empty()) return absl::InvalidArgumentError("empty indicator value");
      RETURN_IF_ERROR(
          Exec("INSERT INTO indicators (type, value, source, tlp, created_at)"
               " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (type, value, source)"
               " DO UPDATE SET tlp = excluded.tlp, created_at = excluded.created_at",
               {IndicatorTypeName(i.type), i.value, i.source, TlpName(i.tlp), i.created_at})
              .status());
    }
    return absl::OkStatus();
  });
}

StatusOr<std::vector<IndicatorRecord>> SqlStore::MatchIndicators(IndicatorType type,
                                                                 std::string_view value) {
  std::vector<IndicatorRecord> out;
  RETURN_IF_ERROR(Query(StrCat("SELECT ", kIndicatorColumns,
                               " FROM indicators WHERE type = $1 AND value = $2"
                               " ORDER BY source, id"),
                        {IndicatorTypeName(type), value}, Collect(&out, ReadIndicator)));
  return out;
}

StatusOr<std::vector<IndicatorRecord>> SqlStore::ListIndicators() {
  std::vector<IndicatorRecord> out;
  RETURN_IF_ERROR(Query(
      StrCat("SELECT ", kIndicatorColumns, " FROM indicators ORDER BY type, value, source, id"), {},
      Collect(&out, ReadIndicator)));
  return out;
}

}  // namespace sakimori::store_internal
