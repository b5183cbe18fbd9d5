// File: cli/analyze_command.cc
// `sakimori analyze`: the whole pipeline in one pass (engine/engine.h) over event files;
// writes results.json (the format `eval` reads) and a campaign explanation file, and prints
// the top campaigns with their evidence.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "campaign/summary.h"
#include "campaign/techniques.h"
#include "cli/analysis_options.h"
#include "cli/commands.h"
#include "cli/input_options.h"
#include "cli/pipeline.h"
#include "common/checkpoint_io.h"
#include "common/json_writer.h"
#include "common/progress.h"
#include "common/strings.h"
#include "common/time.h"
#include "detect/account/account_scorer.h"
#include "detect/coord/action.h"
#include "detect/foreign/watchlist.h"
#include "engine/engine.h"
#include "engine/store_writer.h"
#include "ingest/read_inputs.h"
#include "serve/engine_sink.h"
#include "store/store.h"

namespace sakimori::cli {
namespace {

// Wall-clock time, for the run record's bookkeeping only (never in results).
TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}


void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) Fail(absl::UnavailableError(StrCat("cannot write ", path.string())));
}

// One JSON object per tracked campaign with the evidence behind its score.
std::string CampaignsJsonl(const engine::Engine& eng) {
  std::string out;
  for (const engine::Campaign& c : eng.campaigns()) {
    const engine::GroupEvidence& g = c.evidence;
    JsonWriter w;
    w.BeginObject();
    w.Field("id", c.id).Field("score", c.score).Field("max_score", c.max_score);
    w.Field("reported", c.reported).Field("alerted", c.alerted);
    w.Key("alert_time");
    if (c.alerted) {
      w.String(FormatIso8601(c.alert_time));
    } else {
      w.Null();
    }
    w.Field("first_detected", FormatIso8601(c.first_detected));
    w.Field("members_count", static_cast<uint64_t>(g.members.size()));
    w.Field("internal_edges", g.internal_edges).Field("density", g.density);
    w.Field("bursts", g.bursts);
    w.Field("median_delay_s", g.median_delay_s);
    w.Field("mean_automation", g.mean_automation).Field("share_automated", g.share_automated);
    w.Field("new_account_share", g.new_account_share).Field("copy_share", g.copy_share);
    w.Field("pushed_items", g.pushed_items);
    w.Key("items").BeginArray();
    for (size_t i = 0; i < g.items.size() && i < 10; ++i) {
      w.BeginObject();
      w.Field("kind", std::string(engine::ItemKindName(engine::ItemKindOf(g.items[i].item))));
      w.Field("id", eng.ItemName(g.items[i].item));
      w.Field("members", static_cast<uint64_t>(g.items[i].members));
      w.EndObject();
    }
    w.EndArray();
    w.Key("members").BeginArray();
    for (AccountId m : g.members) w.String(eng.dict().accounts.Name(m));
    w.EndArray();
    w.EndObject();
    out += w.Take();
    out += '\n';
  }
  return out;
}

}  // namespace

void RunAnalyze(const AnalyzeArgs& args) {
  auto options = MakeReaderOptions(args.input);
  CheckOk(options.status());
  // Parse ahead on a second thread while the engine works (canonical JSON Lines).
  options->prefetch_batches = 2;
  auto analysis = MakeAnalysis(args.analysis);
  CheckOk(analysis.status());
  engine::EngineOptions eo = (*analysis)->options;
  eo.threads = args.threads;

  Dictionary dict;
  auto eng = engine::Engine::Create(eo, &dict);
  CheckOk(eng.status());
  if (!args.resume.empty()) {
    // Its own --save-state, or the state of a live `serve --analyze --state`.
    const StatusOr<uint64_t> restored = serve::RestoreEngineState(args.resume, eng->get());
    if (!restored.ok()) {
      Fail(absl::Status(restored.status().code(),
                        StrCat("--resume ", std::string(restored.status().message()))));
    }
    spdlog::info("analyze: resumed from {} ({} events, last at {})", args.resume,
                 (*eng)->stats().events, FormatIso8601((*eng)->stats().last_time));
  }
  const uint64_t resumed_events = (*eng)->stats().events;
  IngestReport report;
  auto rejects = ConnectRejectsFile(args.input, &report);
  CheckOk(rejects.status());
  const auto t0 = std::chrono::steady_clock::now();
  const TimeMs started_at = NowMs();
  {
    Progress progress("events");
    CheckOk(ReadInputs(
        args.input.files, *options, &dict, &report,
        [&](const EventBatch& batch) { return (*eng)->Consume(batch); }, &progress));
  }
  PrintRejectSummary(report);
  if (!args.save_state.empty()) {
    // Written beside and then renamed over, so that a failed write never replaces a good state.
    const std::string tmp = args.save_state + ".tmp";
    auto out = FileCheckpointWriter::Open(tmp);
    CheckOk(out.status());
    CheckOk((*eng)->Save(**out));
    CheckOk((*out)->Close());
    std::error_code rename_error;
    std::filesystem::rename(tmp, args.save_state, rename_error);
    if (rename_error) {
      Fail(absl::UnavailableError(
          StrCat("cannot write ", args.save_state, ": ", rename_error.message())));
    }
    spdlog::info("analyze: engine state ({:.1f} MB) -> {}",
                 static_cast<double>(std::filesystem::file_size(args.save_state)) / 1e6,
                 args.save_state);
  }
  CheckOk((*eng)->Finish());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  if (ec) Fail(absl::UnavailableError(StrCat("cannot create ", args.out, ": ", ec.message())));
  const std::filesystem::path dir(args.out);
  const auto written_from = std::chrono::steady_clock::now();
  WriteFile(dir / "results.json", WriteResultsJson((*eng)->results()));
  WriteFile(dir / "campaigns.jsonl", CampaignsJsonl(**eng));
  // The database holds this run only: an older file in --out is replaced.
  const std::filesystem::path db_path = dir / "sakimori.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db_path.string() + suffix, ec);
  }
  StoreOptions so;
  so.migrate = true;
  auto store = Store::Open(db_path.string(), so);
  CheckOk(store.status());
  engine::StoreWriteOptions wo;
  wo.started_at = started_at;
  wo.finished_at = NowMs();
  const auto db_from = std::chrono::steady_clock::now();
  auto written = engine::WriteAnalysis(**eng, wo, store->get());
  CheckOk(written.status());
  const auto written_to = std::chrono::steady_clock::now();

  const engine::EngineStats& st = (*eng)->stats();
  const Results& r = (*eng)->results();
  const uint64_t events = st.events - resumed_events;  // read in this run
  std::fprintf(stderr,
               "analyze: %llu events%s in %.1f s (%.2f M events/s), %zu campaigns, %zu alerts, "
               "%zu flagged accounts -> %s\n",
               static_cast<unsigned long long>(events),
               resumed_events > 0 ? StrCat(" after ", resumed_events, " resumed").c_str() : "",
               seconds, seconds > 0 ? events / seconds / 1e6 : 0.0, r.campaigns.size(),
               r.alerts.size(),
               static_cast<size_t>(std::count_if(r.accounts.begin(), r.accounts.end(),
                                                 [](const AccountResult& a) { return a.flagged; })),
               args.out.c_str());
  // The top campaigns with their evidence.
  std::vector<const engine::Campaign*> top;
  for (const engine::Campaign& c : (*eng)->campaigns()) {
    if (c.reported) top.push_back(&c);
  }
  std::stable_sort(top.begin(), top.end(), [](const auto* x, const auto* y) {
    return x->max_score > y->max_score;
  });
  for (size_t i = 0; i < top.size() && i < 5; ++i) {
    const campaign::CampaignEvidence ev = (*eng)->Describe(*top[i]);
    std::fprintf(stdout, "\n%s  score %.2f  %zu accounts  %s  techniques %s\n  %s\n",
                 top[i]->id.c_str(), top[i]->max_score, top[i]->evidence.members.size(),
                 top[i]->alerted ? StrCat("ALERT ", top[i]->severity, " at ",
                                          FormatIso8601(top[i]->alert_time)).c_str()
                                 : "no alert",
                 StrJoin(campaign::Techniques(ev), ",").c_str(), campaign::SummaryEn(ev).c_str());
  }
  if (top.size() > 5) std::fprintf(stdout, "\n... and %zu more in %s\n", top.size() - 5,
                                   (dir / "campaigns.jsonl").c_str());
  std::fprintf(stdout, "\nresults: %s  database: %s\n", (dir / "results.json").c_str(),
               db_path.c_str());
  spdlog::info("analyze: stages (seconds per thread, {} threads) accounts {:.1f} s, narratives "
               "{:.1f} s, co-action channels {:.1f} s, items {:.1f} s, detection {:.1f} s ({} "
               "steps; automation scores {:.1f} s, edge tests and groups {:.1f} s), finish "
               "{:.1f} s; waiting for the second thread {:.1f} s",
               args.threads, st.times.accounts_s, st.times.narratives_s, st.times.coordination_s,
               st.times.items_s, st.times.detect_s, st.detect_steps, st.times.automation_s,
               st.times.edge_tests_s, st.times.finish_s, st.times.wait_s);
  spdlog::info("analyze: wrote results.json and campaigns.jsonl in {:.2f} s, sakimori.db in "
               "{:.2f} s",
               std::chrono::duration<double>(db_from - written_from).count(),
               std::chrono::duration<double>(written_to - db_from).count());
  std::vector<std::string> families;
  const std::vector<std::string>& names = (*eng)->coordination().FamilyNames();
  for (size_t f = 0; f < names.size() && f < st.times.family_s.size(); ++f) {
    const engine::CoordinationOperator::FamilyEdges e = (*eng)->coordination().family_edges(f);
    families.push_back(fmt::format(
        "{} {:.1f} s, {} shares, {} pair updates, {} edges ({} in one burst), {:.0f} MB{}",
        names[f], st.times.family_s[f], e.shares, e.pair_updates, e.edges, e.single,
        static_cast<double>(e.bytes) / 1e6,
        // A burst's history was cut back to its window (StreamingParams::max_burst_pairs).
        e.burst_resets > 0 ? fmt::format(", {} burst resets", e.burst_resets) : ""));
  }
  spdlog::info("analyze: co-action families: {}", StrJoin(families, "; "));
}

void RegisterAnalyze(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "The whole pipeline in one pass: account features, coordination, narratives, campaigns "
      "and alerts; writes results.json and campaigns.jsonl to --out");
  AddInputOptions(cmd, &args->input, /*positional=*/false);
  cmd->add_option("--out", args->out, "Output directory")->required();
  AddAnalysisOptions(cmd, &args->analysis);
  cmd->add_option("--threads", args->threads,
                  "Threads for the per-event work and the automation scores (1 to 16; reading "
                  "the input uses one more). More threads than cores, or than work units (the "
                  "narratives, the accounts, the items and each co-action family: 11 by "
                  "default), do not help. The results are the same for any value")
      ->check(CLI::Range(1, engine::EngineOptions::kMaxThreads))
      ->capture_default_str();
  cmd->add_option("--save-state", args->save_state,
                  "After the input, write the engine's state (everything learnt from the "
                  "events: accounts, co-action edges, narratives, campaigns, ...) to this file, "
                  "so that a later run can go on with --resume");
  cmd->add_option("--resume", args->resume,
                  "Continue from a state written by --save-state (or by serve --analyze "
                  "--state): the input then holds the "
                  "events that follow, and the results cover the whole stream, as one run "
                  "over all the events would. The options that change results must be those "
                  "of the run that wrote it (checked; --threads may differ)")
      ->check(CLI::ExistingFile);
  cmd->callback([args] { RunAnalyze(*args); });
}

}  // namespace sakimori::cli
