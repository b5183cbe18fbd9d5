// File: cli/db_command.cc
// `sakimori db migrate --db URL` applies the store's schema migrations;
// `sakimori db info --db URL` prints the backend, schema version and row counts.
// URL: a SQLite path (or sqlite:PATH) or a postgresql:// connection URI.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "store/store.h"

namespace sakimori::cli {
namespace {

struct DbArgs {
  std::string url = "sakimori.db";
  int target = 0;  // 0: latest
  bool json = false;
};

void PrintInfo(const StoreInfo& info, bool json) {
  if (json) {
    JsonWriter w(2);
    w.BeginObject();
    w.Field("backend", info.backend).Field("location", info.location);
    w.Field("schema_version", info.schema_version).Field("latest_version", info.latest_version);
    w.Key("rows").BeginObject();
    for (const auto& [table, rows] : info.row_counts) w.Field(table, rows);
    w.EndObject().EndObject();
    std::printf("%s\n", w.str().c_str());
    return;
  }
  std::printf("backend         %s\n", info.backend.c_str());
  std::printf("location        %s\n", info.location.c_str());
  std::printf("schema version  %d (latest %d)%s\n", info.schema_version, info.latest_version,
              info.schema_version < info.latest_version ? ": run `sakimori db migrate`" : "");
  for (const auto& [table, rows] : info.row_counts) {
    std::printf("  %-18s %lld\n", table.c_str(), static_cast<long long>(rows));
  }
}

void AddDbOption(CLI::App* cmd, DbArgs* args) {
  cmd->add_option("--db", args->url,
                  "Database: a SQLite file (PATH or sqlite:PATH) or postgresql://user@host/db")
      ->capture_default_str();
}

}  // namespace

void RegisterDb(CLI::App& app) {
  auto args = std::make_shared<DbArgs>();
  CLI::App* db = app.add_subcommand("db", "Manage the store: schema migrations and status");
  db->require_subcommand(1);

  CLI::App* migrate =
      db->add_subcommand("migrate", "Apply the missing schema migrations (each in a transaction)");
  AddDbOption(migrate, args.get());
  migrate->add_option("--to", args->target, "Stop at this schema version (default: latest)");
  migrate->callback([args] {
    auto store = Store::Open(args->url);
    CheckOk(store.status());
    auto before = (*store)->SchemaVersion();
    CheckOk(before.status());
    int target = args->target > 0 ? args->target : Store::LatestSchemaVersion();
    CheckOk((*store)->Migrate(target));
    auto after = (*store)->SchemaVersion();
    CheckOk(after.status());
    if (*after == *before) {
      std::printf("schema version %d: up to date\n", *after);
    } else {
      std::printf("schema version %d -> %d\n", *before, *after);
    }
  });

  CLI::App* info = db->add_subcommand("info", "Print the schema version and row counts");
  AddDbOption(info, args.get());
  info->add_flag("--json", args->json, "Print one JSON object");
  info->callback([args] {
    StoreOptions options;
    options.create_if_missing = false;
    auto store = Store::Open(args->url, options);
    CheckOk(store.status());
    auto info = (*store)->Info();
    CheckOk(info.status());
    PrintInfo(*info, args->json);
  });
}

}  // namespace sakimori::cli
