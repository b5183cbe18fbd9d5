// File: cli/sharing_options.h
// Options and helpers shared by the report, export, import and purge commands: opening the
// store, the campaign selection, the acting user for the audit log, and writing output files.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "report/report_data.h"
#include "store/store.h"

namespace sakimori::cli {

struct SharingArgs {
  std::string db = "sakimori.db";
  std::string campaign;
  bool all = false;
  std::string since;
  std::string until;
  std::string out;
  std::string user;  // default: the OS user name
};

// --db and --user.
void AddStoreOptions(CLI::App* cmd, SharingArgs* args);
// --campaign ID; with `all`, --all; with `range`, --since/--until.
void AddSelectionOptions(CLI::App* cmd, SharingArgs* args, bool all, bool range);

// Opens an existing store (never creates a file). The store's errors.
[[nodiscard]] StatusOr<std::unique_ptr<Store>> OpenExistingStore(const std::string& url);
// The selection of `args`; InvalidArgument for unparsable --since/--until times, or when
// `require_choice` and neither --campaign nor --all is given.
[[nodiscard]] StatusOr<report::Selection> SelectionOf(const SharingArgs& args, bool require_choice);
// --user, else $USER / the passwd name of the effective uid, else "unknown".
std::string ActingUser(const SharingArgs& args);
// Appends an audit entry stamped with the wall clock (the audit log records when an export
// happened, unlike exported data, which carries event time only).
[[nodiscard]] Status Audit(Store& store, const SharingArgs& args, std::string_view action,
                           std::string_view object_kind, std::string_view object_id,
                           std::string detail_json);
// Writes `content` to `path` (atomically: a temporary file renamed). "-" writes to stdout.
[[nodiscard]] Status WriteOutput(const std::string& path, std::string_view content);

}  // namespace sakimori::cli
