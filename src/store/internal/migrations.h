// File: store/internal/migrations.h
// The schema migrations for one SQL dialect, assembled from the embedded files of
// src/store/migrations/: NNNN_name.sql serves both dialects, NNNN_name.sqlite.sql or
// NNNN_name.postgresql.sql replaces it for one. In the shared files, {{ID}} stands for an
// auto-assigned 64-bit primary key column type.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "store/internal/migration_files.h"
#include "store/internal/sql_connection.h"

namespace sakimori::store_internal {

struct Migration {
  int version = 0;   // 1, 2, 3, ... without gaps
  std::string name;  // e.g. "init"
  std::string sql;   // for the requested dialect
};

// The migrations for `dialect`, by version (assembled once from the embedded files).
const std::vector<Migration>& MigrationsFor(Dialect dialect);

// Assembles the migrations of `dialect` from `files`: for each version the dialect's own
// file if there is one, else the shared file, with {{ID}} substituted.
std::vector<Migration> AssembleMigrations(std::span<const MigrationFile> files, Dialect dialect);

// Applies the migrations of `conn`'s dialect above the recorded version up to `target`, each
// in one transaction together with its schema_version row. `applied_at` is recorded as the
// time of each. Serialised against concurrent callers (SQLite: BEGIN IMMEDIATE; PostgreSQL:
// a transaction-scoped advisory lock). FailedPrecondition when the database is newer than
// this binary; InvalidArgument for a target outside 0..latest.
[[nodiscard]] Status ApplyMigrations(SqlConnection* conn, int target, int64_t applied_at);

// The recorded version (0 when schema_version is absent or empty).
[[nodiscard]] StatusOr<int> ReadSchemaVersion(SqlConnection* conn);

}  // namespace sakimori::store_internal
