// File: store/internal/sqlite_connection.h
// SqlConnection over one SQLite database handle: WAL journal, foreign keys on, a busy
// timeout, extended error codes mapped to Status codes, and a cache of prepared statements
// keyed by SQL text. Not thread-safe: one connection per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/internal/sql_connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sakimori::store_internal {

class SqliteConnection final : public SqlConnection {
 public:
  // Opens the database file at `path` (creating it if absent when `create`); ":memory:" for
  // a private in-memory database. NotFound for a missing file when !create, Unavailable
  // when it cannot be opened.
  [[nodiscard]] static StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                                        bool create,
                                                                        int busy_timeout_ms);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string location() const override { return path_; }
  Status ExecScript(std::string_view sql) override;
  StatusOr<int64_t> Run(std::string_view sql, std::span<const SqlParam> params,
                        const std::function<Status(const SqlRow&)>& on_row) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  void ClearStatementCache() override;

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  StatusOr<sqlite3_stmt*> Prepare(std::string_view sql);
  // The Status for SQLite result code `rc` in `context`.
  Status Error(int rc, std::string_view context) const;

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

}  // namespace sakimori::store_internal
