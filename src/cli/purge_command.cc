// File: cli/purge_command.cc
// `sakimori purge --db PATH --older-than DAYS [--now T]`: retention. Deletes event-derived
// rows older than now - DAYS by event time (see Store::PurgeBefore). `now` defaults to the
// newest event time in the store, so a purge depends on the data, not on when it runs.
// The purge is audit-logged.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/sharing_options.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time.h"

namespace sakimori::cli {

void RegisterPurge(CLI::App& app) {
  auto args = std::make_shared<SharingArgs>();
  auto days = std::make_shared<double>(0);
  auto now = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "purge", "Retention: delete event-derived rows older than a number of days");
  AddStoreOptions(cmd, args.get());
  cmd->add_option("--older-than", *days, "Age in days (event time)")
      ->required()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--now", *now,
                  "Reference time (ISO 8601 or epoch; default: the newest event time in the "
                  "store)");
  cmd->callback([args, days, now] {
    auto store = OpenExistingStore(args->db);
    CheckOk(store.status());
    TimeMs reference = 0;
    if (!now->empty()) {
      if (!ParseAnyTime(*now, &reference)) {
        Fail(absl::InvalidArgumentError(StrCat("bad --now time: ", *now)));
      }
    } else {
      auto newest = (*store)->NewestEventTime();
      CheckOk(newest.status());
      if (!*newest) {
        std::printf("nothing to purge: the store holds no event times\n");
        return;
      }
      reference = **newest;
    }
    TimeMs cutoff = reference - static_cast<TimeMs>(*days * kMsPerDay);
    auto n = (*store)->PurgeBefore(cutoff);
    CheckOk(n.status());
    JsonWriter detail;
    detail.BeginObject().Field("now", FormatIso8601(reference));
    detail.Field("cutoff", FormatIso8601(cutoff)).Field("older_than_days", *days);
    detail.Field("campaigns", n->campaigns).Field("alerts", n->alerts);
    detail.Field("edges", n->edges).Field("evidence", n->evidence);
    detail.Field("accounts", n->accounts).EndObject();
    CheckOk(Audit(**store, *args, "purge", "store", "*", detail.Take()));
    std::printf(
        "cut-off %s: deleted %lld campaigns, %lld alerts, %lld edges, %lld evidence, "
        "%lld accounts\n",
        FormatIso8601(cutoff).c_str(), static_cast<long long>(n->campaigns),
        static_cast<long long>(n->alerts), static_cast<long long>(n->edges),
        static_cast<long long>(n->evidence), static_cast<long long>(n->accounts));
  });
}

}  // namespace sakimori::cli
