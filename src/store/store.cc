// File: store/store.cc
// Store::Open: picks the backend from the URL and opens the connection.
#include "store/store.h"

#include "common/strings.h"
#include "store/internal/migrations.h"
#include "store/internal/postgres_connection.h"
#include "store/internal/sql_store.h"
#include "store/internal/sqlite_connection.h"

namespace sakimori {

using store_internal::Dialect;

int Store::LatestSchemaVersion() {
  const auto& migrations = store_internal::MigrationsFor(Dialect::kSqlite);
  return migrations.empty() ? 0 : migrations.back().version;
}

StatusOr<std::unique_ptr<Store>> Store::Open(std::string_view url, const StoreOptions& options) {
  if (url.empty()) return absl::InvalidArgumentError("empty database URL");
  std::unique_ptr<store_internal::SqlConnection> conn;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    ASSIGN_OR_RETURN(conn, store_internal::PostgresConnection::Open(std::string(url)));
  } else {
    std::string_view path = url;
    if (path.starts_with("sqlite:")) path.remove_prefix(7);
    if (path.empty()) return absl::InvalidArgumentError("empty SQLite path");
    ASSIGN_OR_RETURN(
        conn, store_internal::SqliteConnection::Open(std::string(path), options.create_if_missing,
                                                     options.busy_timeout_ms));
  }
  auto store = std::make_unique<store_internal::SqlStore>(std::move(conn));
  if (options.migrate) RETURN_IF_ERROR(store->Migrate(LatestSchemaVersion()));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace sakimori
