// File: store/internal/postgres_connection.cc
#include "store/internal/postgres_connection.h"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "common/strings.h"

namespace sakimori::store_internal {
namespace {

// Swallows server notices (e.g. "relation already exists, skipping").
class QuietNotices final : public pqxx::errorhandler {
 public:
  explicit QuietNotices(pqxx::connection_base& conn) : pqxx::errorhandler(conn) {}
  bool operator()(const char[]) noexcept override { return false; }
};

// The Status for the exception in flight, by SQLSTATE class (PostgreSQL manual, appendix A).
Status CurrentExceptionToStatus(std::string_view context) {
  try {
    throw;
  } catch (const pqxx::sql_error& e) {
    std::string message = StrCat(context, ": ", e.what());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    const std::string& state = e.sqlstate();
    if (state == "23505") return absl::AlreadyExistsError(message);
    if (state == "23503") return absl::FailedPreconditionError(message);
    if (state.starts_with("23") || state.starts_with("22")) {
      return absl::InvalidArgumentError(message);
    }
    if (state == "42P01" || state == "42703") {
      return absl::FailedPreconditionError(
          StrCat(message, " (the schema is missing or old: run `sakimori db migrate`)"));
    }
    if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57") ||
        state == "40001" || state == "40P01" || state == "55P03") {
      return absl::UnavailableError(message);
    }
    return absl::InternalError(message);
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(StrCat(context, ": ", e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    return absl::UnavailableError(StrCat(context, ": ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(StrCat(context, ": ", e.what()));
  } catch (...) {
    return absl::InternalError(StrCat(context, ": unknown exception"));
  }
}

}  // namespace

struct PostgresConnection::Handles {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<QuietNotices> quiet;
  std::unique_ptr<pqxx::nontransaction> tx;
};

PostgresConnection::PostgresConnection() : pg_(std::make_unique<Handles>()) {}

StatusOr<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const std::string& url) {
  std::unique_ptr<PostgresConnection> c(new PostgresConnection());
  try {
    c->pg_->conn = std::make_unique<pqxx::connection>(url);
    c->pg_->quiet = std::make_unique<QuietNotices>(*c->pg_->conn);
    c->pg_->tx = std::make_unique<pqxx::nontransaction>(*c->pg_->conn, "sakimori");
    const char* host = c->pg_->conn->hostname();
    c->location_ = StrCat("postgresql ", host != nullptr ? host : "", ":",
                          c->pg_->conn->port() != nullptr ? c->pg_->conn->port() : "", "/",
                          c->pg_->conn->dbname());
    c->pg_->tx->exec("SET client_min_messages = warning");
  } catch (...) {
    Status s = CurrentExceptionToStatus("cannot connect to PostgreSQL");
    // A failed connection attempt is the server's or network's fault, whatever libpqxx threw.
    if (absl::IsInternal(s)) return absl::UnavailableError(s.message());
    return s;
  }
  return c;
}

PostgresConnection::~PostgresConnection() {
  try {
    pg_->tx.reset();
    pg_->quiet.reset();
    pg_->conn.reset();
  } catch (...) {
  }
}

Status PostgresConnection::ExecScript(std::string_view sql) {
  try {
    pg_->tx->exec(std::string(sql));
  } catch (...) {
    return CurrentExceptionToStatus("PostgreSQL script failed");
  }
  return absl::OkStatus();
}

StatusOr<int64_t> PostgresConnection::Run(std::string_view sql, std::span<const SqlParam> params,
                                          const std::function<Status(const SqlRow&)>& on_row) {
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const SqlParam& p = params[i];
    switch (p.kind()) {
      case SqlParam::Kind::kNull:
        continue;
      case SqlParam::Kind::kInt:
        storage[i] = fmt::format("{}", p.int_value());
        break;
      case SqlParam::Kind::kDouble:
        // fmt prints the shortest text that reads back to the same double.
        storage[i] = fmt::format("{}", p.double_value());
        break;
      case SqlParam::Kind::kText:
        storage[i] = std::string(p.text_value());
        break;
    }
    values[i] = storage[i].c_str();
  }
  auto it = statements_.find(sql);
  bool fresh = it == statements_.end();
  std::string name = fresh ? StrCat("s", next_statement_++) : it->second;
  pqxx::result result;
  try {
    if (fresh) pg_->conn->prepare(name, std::string(sql));
    result = pg_->tx->exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  } catch (...) {
    // A statement that failed to prepare gets a new name on the next attempt.
    return CurrentExceptionToStatus("PostgreSQL statement failed");
  }
  if (fresh) statements_.emplace(std::string(sql), name);
  if (on_row) {
    SqlRow row;
    auto& out = row.values();
    for (const auto& r : result) {
      out.resize(r.size());
      for (size_t c = 0; c < r.size(); ++c) {
        const pqxx::field f = r[static_cast<pqxx::row::size_type>(c)];
        if (f.is_null()) {
          out[c] = std::monostate();
        } else {
          out[c] = std::string(f.c_str(), f.size());
        }
      }
      RETURN_IF_ERROR(on_row(row));
    }
  }
  return static_cast<int64_t>(result.affected_rows());
}

Status PostgresConnection::Begin() { return ExecScript("BEGIN"); }
Status PostgresConnection::Commit() { return ExecScript("COMMIT"); }
Status PostgresConnection::Rollback() { return ExecScript("ROLLBACK"); }

}  // namespace sakimori::store_internal
