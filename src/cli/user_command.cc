// File: cli/user_command.cc
// `sakimori user add NAME --role R --db DB` (password: one line of standard input),
// `sakimori user list --db DB`, `sakimori user token NAME --db DB [--label L]` (prints a new
// API token once), `sakimori user share PARTNER CAMPAIGN --db DB [--tlp T]`.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "common/strings.h"
#include "serve/users.h"
#include "store/store.h"

namespace sakimori::cli {
namespace {

struct UserArgs {
  std::string db = "sakimori.db";
  std::string name;
  std::string role = "viewer";
  std::string label;
  std::string campaign;
  std::string tlp = "amber";
};

TimeMs Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<Store> OpenStore(const std::string& url) {
  StoreOptions options;
  options.create_if_missing = false;
  auto store = Store::Open(url, options);
  if (!store.ok()) Fail(store.status());
  return std::move(*store);
}

void AddUserCmd(const UserArgs& args) {
  auto role = ParseRole(args.role);
  if (!role.ok()) Fail(role.status());
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto store = OpenStore(args.db);
  CheckOk(serve::AddUser(*store, args.name, *role, password, Now()));
  std::printf("added %s (%s)\n", args.name.c_str(), args.role.c_str());
}

void ListUsersCmd(const UserArgs& args) {
  auto store = OpenStore(args.db);
  auto users = store->ListUsers();
  if (!users.ok()) Fail(users.status());
  for (const UserRecord& u : *users) {
    auto tokens = store->ListApiTokens(u.name);
    int active = 0;
    if (tokens.ok()) {
      for (const auto& t : *tokens) active += t.revoked_at.has_value() ? 0 : 1;
    }
    std::printf("%-24s %-8s tokens=%d\n", u.name.c_str(), std::string(RoleName(u.role)).c_str(),
                active);
  }
}

void TokenCmd(const UserArgs& args) {
  auto store = OpenStore(args.db);
  auto token = serve::IssueToken(*store, args.name, args.label, Now());
  if (!token.ok()) Fail(token.status());
  std::printf("%s\n", token->c_str());
}

void ShareCmd(const UserArgs& args) {
  auto store = OpenStore(args.db);
  auto user = store->GetUser(args.name);
  if (!user.ok()) Fail(user.status());
  if (user->role != Role::kPartner) {
    Fail(absl::InvalidArgumentError(StrCat("user '", args.name, "' is not a partner")));
  }
  auto tlp = ParseTlp(args.tlp);
  if (!tlp.ok()) Fail(tlp.status());
  if (auto c = store->GetCampaign(args.campaign); !c.ok()) Fail(c.status());
  ShareRecord share{0, args.name, "campaign", args.campaign, *tlp, "cli", Now()};
  auto id = store->AddShare(share);
  if (!id.ok()) Fail(id.status());
  std::printf("shared campaign %s with %s (TLP:%s)\n", args.campaign.c_str(), args.name.c_str(),
              args.tlp.c_str());
}

}  // namespace

void RegisterUser(CLI::App& app) {
  auto args = std::make_shared<UserArgs>();
  CLI::App* user = app.add_subcommand("user", "Manage the users and API tokens of serve");
  user->require_subcommand(1);
  auto db_option = [&](CLI::App* cmd) {
    cmd->add_option("--db", args->db, "Database: SQLite file or postgresql:// URI")
        ->capture_default_str();
  };

  CLI::App* add = user->add_subcommand(
      "add", "Add a user; the password is read as one line from standard input");
  add->add_option("name", args->name, "User name")->required();
  add->add_option("--role", args->role, "admin | analyst | viewer | partner")
      ->capture_default_str();
  db_option(add);
  add->callback([args] { AddUserCmd(*args); });

  CLI::App* list = user->add_subcommand("list", "List users with their roles");
  db_option(list);
  list->callback([args] { ListUsersCmd(*args); });

  CLI::App* token = user->add_subcommand(
      "token", "Issue an API token (printed once; only its hash is stored)");
  token->add_option("name", args->name, "User name")->required();
  token->add_option("--label", args->label, "What the token is for");
  db_option(token);
  token->callback([args] { TokenCmd(*args); });

  CLI::App* share = user->add_subcommand("share", "Share a campaign with a partner user");
  share->add_option("partner", args->name, "Partner user name")->required();
  share->add_option("campaign", args->campaign, "Campaign id")->required();
  share->add_option("--tlp", args->tlp, "TLP 2.0 marking: clear, green, amber, amber+strict, red")
      ->capture_default_str();
  db_option(share);
  share->callback([args] { ShareCmd(*args); });
}

}  // namespace sakimori::cli
