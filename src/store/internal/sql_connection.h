// File: store/internal/sql_connection.h
// The small database interface the SQL store is written against: parameterised statements
// with $1..$n placeholders (each backend caches one prepared statement per SQL text),
// multi-statement scripts for migrations, and transactions. SqliteConnection and
// PostgresConnection implement it; neither lets an exception or a raw error code out.
// Not thread-safe: one connection per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace sakimori::store_internal {

enum class Dialect { kSqlite, kPostgres };

// A statement parameter: NULL, an integer, a double or text. Text is borrowed: the viewed
// bytes must outlive the call.
class SqlParam {
 public:
  enum class Kind { kNull, kInt, kDouble, kText };

  SqlParam() = default;
  SqlParam(std::nullptr_t) {}
  SqlParam(int v) : kind_(Kind::kInt), int_(v) {}
  SqlParam(long v) : kind_(Kind::kInt), int_(v) {}
  SqlParam(long long v) : kind_(Kind::kInt), int_(v) {}
  SqlParam(bool v) : kind_(Kind::kInt), int_(v ? 1 : 0) {}
  SqlParam(double v) : kind_(Kind::kDouble), double_(v) {}
  SqlParam(std::string_view v) : kind_(Kind::kText), text_(v) {}
  SqlParam(const std::string& v) : kind_(Kind::kText), text_(v) {}
  SqlParam(const char* v) : kind_(Kind::kText), text_(v) {}
  template <typename T>
  SqlParam(const std::optional<T>& v) {
    if (v.has_value()) *this = SqlParam(*v);
  }

  Kind kind() const { return kind_; }
  int64_t int_value() const { return int_; }
  double double_value() const { return double_; }
  std::string_view text_value() const { return text_; }

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string_view text_;
};

// One result row. Columns are read by position; a backend may deliver numbers as text
// (PostgreSQL's text protocol), which the accessors convert.
class SqlRow {
 public:
  using Value = std::variant<std::monostate, int64_t, double, std::string>;

  std::vector<Value>& values() { return values_; }
  size_t size() const { return values_.size(); }

  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_[i]); }
  // NULL reads as 0 / 0.0 / "".
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  std::string Text(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<double> OptDouble(size_t i) const;

 private:
  std::vector<Value> values_;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual Dialect dialect() const = 0;
  // Human-readable location (file path or host/database), without credentials.
  virtual std::string location() const = 0;

  // Runs a script of one or more statements without parameters (migrations, settings).
  [[nodiscard]] virtual Status ExecScript(std::string_view sql) = 0;

  // Runs one statement with $1..$n placeholders bound to `params`, calling `on_row` for each
  // result row (stopping with its error if it returns one). `on_row` may be empty.
  // Returns the number of rows changed by an INSERT/UPDATE/DELETE (0 for a SELECT).
  [[nodiscard]] virtual StatusOr<int64_t> Run(
      std::string_view sql, std::span<const SqlParam> params,
      const std::function<Status(const SqlRow&)>& on_row) = 0;

  // Transactions; Begin starts a write transaction (SQLite: BEGIN IMMEDIATE).
  [[nodiscard]] virtual Status Begin() = 0;
  [[nodiscard]] virtual Status Commit() = 0;
  [[nodiscard]] virtual Status Rollback() = 0;

  // Forgets cached prepared statements (after the schema changed).
  virtual void ClearStatementCache() = 0;
};

}  // namespace sakimori::store_internal
