// File: store/internal/postgres_connection.h
// SqlConnection over one PostgreSQL connection through libpqxx. Every libpqxx call is wrapped:
// exceptions are caught here and turned into Status values by SQLSTATE class. Prepared
// statements are cached by SQL text; transactions are plain BEGIN/COMMIT/ROLLBACK sent on a
// libpqxx nontransaction, so the store controls their extent (and savepoints) itself.
// Server notices are silenced (library code never prints). Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/internal/sql_connection.h"

namespace sakimori::store_internal {

class PostgresConnection final : public SqlConnection {
 public:
  // Connects to `url` (a libpq connection URI). Unavailable when the server cannot be
  // reached or refuses the connection.
  [[nodiscard]] static StatusOr<std::unique_ptr<PostgresConnection>> Open(const std::string& url);
  ~PostgresConnection() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string location() const override { return location_; }
  Status ExecScript(std::string_view sql) override;
  StatusOr<int64_t> Run(std::string_view sql, std::span<const SqlParam> params,
                        const std::function<Status(const SqlRow&)>& on_row) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  void ClearStatementCache() override { statements_.clear(); }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  // The libpqxx objects (connection, notice handler, the nontransaction), kept out of
  // this header.
  struct Handles;

  PostgresConnection();

  std::unique_ptr<Handles> pg_;
  std::string location_;
  // SQL text -> prepared statement name.
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> statements_;
  uint64_t next_statement_ = 0;
};

}  // namespace sakimori::store_internal
