// File: cli/inspect_command.cc
// `sakimori inspect FILE...`: reads inputs and reports what is in them (events, accounts,
// kinds, time range) and what was rejected, as text or one JSON object.
#include <array>
#include <cstdio>
#include <vector>

#include "cli/commands.h"
#include "cli/input_options.h"
#include "common/json_writer.h"
#include "common/progress.h"
#include "ingest/read_inputs.h"

namespace sakimori::cli {
namespace {

struct InspectArgs {
  InputOptions input;
  bool json = false;
};

struct Summary {
  uint64_t events = 0;
  std::array<uint64_t, kNumEventKinds> by_kind{};
  std::vector<bool> actor_seen;
  uint64_t actors = 0;
  uint64_t with_profile = 0;
  TimeMs first = kNoTime;
  TimeMs last = kNoTime;

  void Add(const EventBatch& batch) {
    for (const Event& e : batch.events()) {
      ++events;
      ++by_kind[static_cast<size_t>(e.kind)];
      if (e.actor >= actor_seen.size()) actor_seen.resize(std::max<size_t>(e.actor + 1, actor_seen.size() * 2));
      if (!actor_seen[e.actor]) {
        actor_seen[e.actor] = true;
        ++actors;
      }
      if (e.profile != nullptr) ++with_profile;
      if (first == kNoTime || e.time < first) first = e.time;
      if (last == kNoTime || e.time > last) last = e.time;
    }
  }
};

void PrintJson(const Summary& s, const IngestReport& report, const Dictionary& dict) {
  JsonWriter w(2);
  w.BeginObject();
  w.Field("events", s.events);
  w.Field("accounts", s.actors);
  w.Field("accounts_referenced", static_cast<uint64_t>(dict.accounts.size()));
  w.Field("posts_referenced", static_cast<uint64_t>(dict.posts.size()));
  w.Field("profiles", s.with_profile);
  w.Key("by_kind").BeginObject();
  for (int k = 0; k < kNumEventKinds; ++k) w.Field(EventKindName(EventKind(k)), s.by_kind[k]);
  w.EndObject();
  w.Key("first_time");
  if (s.first == kNoTime) w.Null(); else w.String(FormatIso8601(s.first));
  w.Key("last_time");
  if (s.last == kNoTime) w.Null(); else w.String(FormatIso8601(s.last));
  w.Field("records", report.records());
  w.Field("rejected", report.rejected());
  w.Key("rejected_by_reason").BeginObject();
  for (const auto& [reason, n] : report.by_reason()) w.Field(reason, n);
  w.EndObject();
  w.Key("skipped_by_reason").BeginObject();
  for (const auto& [reason, n] : report.skipped()) w.Field(reason, n);
  w.EndObject();
  w.Key("rejections").BeginArray();
  for (const Rejection& r : report.kept()) {
    w.BeginObject().Field("source", r.source).Field("line", r.line).Field("offset", r.offset);
    w.Field("reason", r.reason).EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::printf("%s\n", w.str().c_str());
}

void PrintText(const Summary& s, const IngestReport& report, const Dictionary& dict) {
  std::printf("events      %llu\n", (unsigned long long)s.events);
  std::printf("accounts    %llu acting (%zu referenced)\n", (unsigned long long)s.actors,
              dict.accounts.size());
  std::printf("profiles    %llu\n", (unsigned long long)s.with_profile);
  for (int k = 0; k < kNumEventKinds; ++k) {
    if (s.by_kind[k] == 0) continue;
    std::printf("  %-10s %llu\n", std::string(EventKindName(EventKind(k))).c_str(),
                (unsigned long long)s.by_kind[k]);
  }
  if (s.first != kNoTime) {
    std::printf("time        %s .. %s\n", FormatIso8601(s.first).c_str(),
                FormatIso8601(s.last).c_str());
  }
  for (const auto& [reason, n] : report.skipped()) {
    std::printf("skipped     %llu: %s\n", (unsigned long long)n, reason.c_str());
  }
  std::printf("rejected    %llu of %llu records\n", (unsigned long long)report.rejected(),
              (unsigned long long)report.records());
  for (const auto& [reason, n] : report.by_reason()) {
    std::printf("  %-40s %llu\n", reason.c_str(), (unsigned long long)n);
  }
  size_t shown = 0;
  for (const Rejection& r : report.kept()) {
    if (++shown > 10) {
      std::printf("  ... (--rejects FILE lists every one)\n");
      break;
    }
    std::printf("  %s\n", IngestReport::Describe(r).c_str());
  }
}

}  // namespace

void RegisterInspect(CLI::App& app) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Read inputs in any supported format and report events, accounts, kinds, time range and "
      "rejected records");
  AddInputOptions(cmd, &args->input, /*positional=*/true);
  cmd->add_flag("--json", args->json, "Print one JSON object instead of text");
  cmd->callback([args] {
    auto options = MakeReaderOptions(args->input);
    CheckOk(options.status());
    options->prefetch_batches = 2;  // parse ahead on a second thread where the format allows
    Dictionary dict;
    IngestReport report;
    auto rejects = ConnectRejectsFile(args->input, &report);
    CheckOk(rejects.status());
    Summary summary;
    Progress progress("events");
    CheckOk(ReadInputs(args->input.files, *options, &dict, &report,
                       [&](const EventBatch& b) {
                         summary.Add(b);
                         return absl::OkStatus();
                       },
                       &progress));
    if (args->json) {
      PrintJson(summary, report, dict);
    } else {
      PrintText(summary, report, dict);
    }
  });
}

}  // namespace sakimori::cli
