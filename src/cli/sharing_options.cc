// File: cli/sharing_options.cc
#include "cli/sharing_options.h"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/strings.h"
#include "common/time.h"

namespace sakimori::cli {

void AddStoreOptions(CLI::App* cmd, SharingArgs* args) {
  cmd->add_option("--db", args->db,
                  "Database: a SQLite file (PATH or sqlite:PATH) or postgresql://user@host/db")
      ->capture_default_str();
  cmd->add_option("--user", args->user,
                  "Who runs this, for the audit log (default: the OS user name)");
}

void AddSelectionOptions(CLI::App* cmd, SharingArgs* args, bool all, bool range) {
  cmd->add_option("--campaign", args->campaign, "One campaign by id");
  if (all) cmd->add_flag("--all", args->all, "Every campaign in the store");
  if (range) {
    cmd->add_option("--since", args->since,
                    "Campaigns active at or after this time (ISO 8601 or epoch)");
    cmd->add_option("--until", args->until, "Campaigns active at or before this time");
  }
}

StatusOr<std::unique_ptr<Store>> OpenExistingStore(const std::string& url) {
  StoreOptions options;
  options.create_if_missing = false;
  return Store::Open(url, options);
}

StatusOr<report::Selection> SelectionOf(const SharingArgs& args, bool require_choice) {
  report::Selection s;
  if (!args.campaign.empty()) {
    if (args.all) return absl::InvalidArgumentError("give --campaign or --all, not both");
    s.campaign_id = args.campaign;
  } else if (require_choice && !args.all) {
    return absl::InvalidArgumentError("choose the campaigns: --campaign ID or --all");
  }
  for (auto [text, field] : {std::pair{&args.since, &s.since}, std::pair{&args.until, &s.until}}) {
    if (text->empty()) continue;
    TimeMs t;
    if (!ParseAnyTime(*text, &t)) return absl::InvalidArgumentError(StrCat("bad time: ", *text));
    *field = t;
  }
  return s;
}

std::string ActingUser(const SharingArgs& args) {
  if (!args.user.empty()) return args.user;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

Status Audit(Store& store, const SharingArgs& args, std::string_view action,
             std::string_view object_kind, std::string_view object_id, std::string detail_json) {
  AuditRecord r;
  r.user = ActingUser(args);
  r.action = std::string(action);
  r.object_kind = std::string(object_kind);
  r.object_id = std::string(object_id);
  r.at = std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count();
  r.detail_json = std::move(detail_json);
  return store.AppendAudit(r).status();
}

Status WriteOutput(const std::string& path, std::string_view content) {
  if (path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return absl::OkStatus();
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return absl::NotFoundError(StrCat("cannot write ", path));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return absl::UnavailableError(StrCat("write failed: ", path));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return absl::UnavailableError(StrCat("cannot rename ", tmp, ": ", ec.message()));
  return absl::OkStatus();
}

}  // namespace sakimori::cli
