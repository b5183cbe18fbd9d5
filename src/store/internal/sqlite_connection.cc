// File: store/internal/sqlite_connection.cc
#include "store/internal/sqlite_connection.h"

#include <sqlite3.h>

#include <filesystem>

#include "common/strings.h"

namespace sakimori::store_internal {
namespace {

// SQLite numbers parameters ?NNN explicitly, so "$3" becomes "?3": the same SQL text serves
// both dialects. Quoted literals and identifiers are copied unchanged.
std::string ToSqlitePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$') {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                   bool create,
                                                                   int busy_timeout_ms) {
  const bool memory = path == ":memory:";
  if (!create && !memory && !std::filesystem::exists(path)) {
    return absl::NotFoundError(StrCat("no SQLite database at ", path));
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return absl::UnavailableError(StrCat("cannot open SQLite database ", path, ": ", message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, path));
  // WAL lets readers run beside one writer; synchronous=NORMAL is durable across process
  // crashes in WAL mode (a power loss may drop the last transactions, never corrupt).
  RETURN_IF_ERROR(conn->ExecScript(memory ? "PRAGMA foreign_keys = ON;"
                                          : "PRAGMA journal_mode = WAL;"
                                            "PRAGMA synchronous = NORMAL;"
                                            "PRAGMA foreign_keys = ON;"
                                            "PRAGMA cache_size = -65536;"
                                            "PRAGMA temp_store = MEMORY;"));
  return conn;
}

SqliteConnection::~SqliteConnection() {
  ClearStatementCache();
  sqlite3_close(db_);
}

void SqliteConnection::ClearStatementCache() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
}

Status SqliteConnection::Error(int rc, std::string_view context) const {
  std::string message = StrCat(context, ": ", sqlite3_errmsg(db_));
  switch (rc) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
      return absl::AlreadyExistsError(message);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return absl::FailedPreconditionError(message);
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return absl::InvalidArgumentError(message);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
      return absl::UnavailableError(message);
    case SQLITE_CONSTRAINT:
      return absl::InvalidArgumentError(message);
    case SQLITE_ERROR: {
      std::string_view m = sqlite3_errmsg(db_);
      if (m.starts_with("no such table") || m.starts_with("no such column")) {
        return absl::FailedPreconditionError(
            StrCat(message, " (the schema is missing or old: run `sakimori db migrate`)"));
      }
      return absl::InternalError(message);
    }
    default:
      return absl::InternalError(message);
  }
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(sqlite3_extended_errcode(db_), "SQLite script failed");
  return absl::OkStatus();
}

StatusOr<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  std::string text = ToSqlitePlaceholders(sql);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, text.data(), static_cast<int>(text.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return Error(sqlite3_extended_errcode(db_), StrCat("cannot prepare [", sql, "]"));
  }
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

StatusOr<int64_t> SqliteConnection::Run(std::string_view sql, std::span<const SqlParam> params,
                                        const std::function<Status(const SqlRow&)>& on_row) {
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t i = 0; i < params.size(); ++i) {
    const SqlParam& p = params[i];
    int index = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    switch (p.kind()) {
      case SqlParam::Kind::kNull:
        rc = sqlite3_bind_null(stmt, index);
        break;
      case SqlParam::Kind::kInt:
        rc = sqlite3_bind_int64(stmt, index, p.int_value());
        break;
      case SqlParam::Kind::kDouble:
        rc = sqlite3_bind_double(stmt, index, p.double_value());
        break;
      case SqlParam::Kind::kText:
        rc = sqlite3_bind_text64(stmt, index, p.text_value().data(), p.text_value().size(),
                                 SQLITE_STATIC, SQLITE_UTF8);
        break;
    }
    if (rc != SQLITE_OK) return Error(rc, StrCat("cannot bind parameter ", index));
  }
  SqlRow row;
  Status status;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (!on_row) continue;
    int n = sqlite3_column_count(stmt);
    auto& values = row.values();
    values.resize(n);
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          values[c] = static_cast<int64_t>(sqlite3_column_int64(stmt, c));
          break;
        case SQLITE_FLOAT:
          values[c] = sqlite3_column_double(stmt, c);
          break;
        case SQLITE_NULL:
          values[c] = std::monostate();
          break;
        default: {
          const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values[c] = std::string(text, sqlite3_column_bytes(stmt, c));
          break;
        }
      }
    }
    status = on_row(row);
    if (!status.ok()) break;
  }
  int64_t changed = 0;
  if (status.ok() && rc != SQLITE_DONE) {
    status = Error(sqlite3_extended_errcode(db_), "SQLite statement failed");
  } else if (status.ok() && !sqlite3_stmt_readonly(stmt)) {
    changed = sqlite3_changes64(db_);
  }
  // Resetting ends the statement's read transaction so WAL checkpoints can progress.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (!status.ok()) return status;
  return changed;
}

Status SqliteConnection::Begin() { return ExecScript("BEGIN IMMEDIATE"); }
Status SqliteConnection::Commit() { return ExecScript("COMMIT"); }
Status SqliteConnection::Rollback() { return ExecScript("ROLLBACK"); }

}  // namespace sakimori::store_internal
