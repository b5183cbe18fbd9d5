// File: cli/serve_command.cc
// `sakimori serve --db URL --listen HOST:PORT [--static DIR]`: the HTTP JSON API and the
// dashboard (docs/api.md, docs/operations.md). Runs until SIGINT or SIGTERM.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "common/strings.h"
#include "engine/engine.h"
#include "serve/engine_sink.h"
#include "serve/server.h"

namespace sakimori::cli {
namespace {


// The dashboard build next to the sources, when present.
std::string DefaultStaticDir() {
#ifdef SAKIMORI_SOURCE_DIR
  const std::string dir = std::string(SAKIMORI_SOURCE_DIR) + "/web/dist";
  if (std::filesystem::exists(dir + "/index.html")) return dir;
#endif
  if (std::filesystem::exists("web/dist/index.html")) return "web/dist";
  return {};
}

// The spool next to a SQLite file (DB.spool), else ./sakimori-spool.
std::string DefaultSpool(const std::string& db) {
  if (db.starts_with("postgresql:") || db.starts_with("postgres:")) return "sakimori-spool";
  std::string path = db.starts_with("sqlite:") ? db.substr(7) : db;
  return path + ".spool";
}

}  // namespace

void RunServe(const ServeArgs& args) {
  serve::ServerOptions options;
  options.db_url = args.db;
  const size_t colon = args.listen.rfind(':');
  if (colon == std::string::npos) {
    Fail(absl::InvalidArgumentError(StrCat("--listen wants HOST:PORT, got '", args.listen, "'")));
  }
  options.host = args.listen.substr(0, colon);
  if (options.host.size() >= 2 && options.host.front() == '[') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  try {
    options.port = std::stoi(args.listen.substr(colon + 1));
  } catch (...) {
    Fail(absl::InvalidArgumentError(StrCat("bad port in --listen '", args.listen, "'")));
  }
  options.static_dir = args.static_dir.empty() ? DefaultStaticDir() : args.static_dir;
  options.spool_dir = args.spool.empty() ? DefaultSpool(args.db) : args.spool;
  options.max_body_bytes = args.max_body_mib << 20;
  options.session_ms = static_cast<int64_t>(args.session_hours * 3600 * 1000);
  options.secure_cookies = args.secure_cookies;
  options.threads = args.threads;

  if (!args.analyze && !args.state.empty()) {
    Fail(absl::InvalidArgumentError("--state needs --analyze"));
  }
  // Block the stop signals in every thread; this one waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Live analysis: ingested events go through the engine, campaigns and alerts into the store.
  Dictionary dict;
  std::unique_ptr<Analysis> analysis;
  std::unique_ptr<engine::Engine> eng;
  std::unique_ptr<serve::EngineSink> sink;
  if (args.analyze) {
    AnalysisArgs analysis_args = args.analysis;
    if (!args.state.empty() && !args.detect_every_given && std::filesystem::exists(args.state)) {
      const StatusOr<std::optional<TimeMs>> every = serve::StateDetectEvery(args.state);
      if (!every.ok()) Fail(every.status());
      if (every->has_value() &&
          **every != static_cast<TimeMs>(analysis_args.detect_every_hours * 3600 * 1000)) {
        analysis_args.detect_every_hours = static_cast<double>(**every) / (3600 * 1000);
        std::fprintf(stderr, "sakimori: detecting every %g hours, as the state %s was written\n",
                     analysis_args.detect_every_hours, args.state.c_str());
      }
    }
    auto made = MakeAnalysis(analysis_args);
    CheckOk(made.status());
    analysis = std::move(*made);
    auto created = engine::Engine::Create(analysis->options, &dict);
    CheckOk(created.status());
    eng = std::move(*created);
    StoreOptions so;
    so.migrate = true;
    auto store = Store::Open(args.db, so);
    CheckOk(store.status());
    RunRecord run;
    run.generator = "sakimori serve --analyze";
    run.started_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto run_id = (*store)->AddRun(run);
    CheckOk(run_id.status());
    sink = std::make_unique<serve::EngineSink>(eng.get(), std::move(*store), *run_id);
    if (!args.state.empty()) {
      // Before the server replays its queue: the bodies the state holds are not replayed.
      const StatusOr<uint64_t> seq = sink->KeepState(args.state);
      if (!seq.ok()) Fail(seq.status());
      if (eng->stats().events > 0) {
        std::fprintf(stderr, "sakimori: resumed the analysis from %s (%llu events%s)\n",
                     args.state.c_str(), static_cast<unsigned long long>(eng->stats().events),
                     *seq > 0 ? StrCat(", through ingested body ", *seq).c_str()
                              : ", written by analyze --save-state");
      }
      options.checkpoint_every_ms = static_cast<int64_t>(args.state_every_minutes * 60 * 1000);
    }
    options.sink = sink.get();
    options.dictionary = &dict;
  }

  auto server = serve::Server::Create(options);
  if (!server.ok()) Fail(server.status());
  CheckOk((*server)->Start());
  std::fprintf(stderr, "sakimori: serving http://%s:%d/ (database %s, spool %s%s%s)\n",
               options.host.c_str(), (*server)->port(), args.db.c_str(), options.spool_dir.c_str(),
               options.static_dir.empty() ? "" : ", static ", options.static_dir.c_str());
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1") {
    std::fprintf(stderr,
                 "sakimori: warning: listening beyond loopback without TLS; put a TLS reverse "
                 "proxy in front (docs/operations.md)\n");
  }
  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "sakimori: stopping\n");
  (*server)->Stop();
}

void RegisterServe(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP JSON API and the dashboard");
  cmd->add_option("--db", args->db, "Database: SQLite file or postgresql:// URI")
      ->capture_default_str();
  cmd->add_flag("--analyze", args->analyze,
                "Analyse ingested events live (POST /api/ingest -> the analyze engine); campaigns "
                "and alerts appear in the dashboard as event time crosses each detection step");
  // The analysis options of `analyze` (with --analyze), detecting every hour by default.
  CLI::App* analysis = cmd->add_option_group(
      "Live analysis", "With --analyze: the options of `sakimori analyze` that shape the analysis");
  AddAnalysisOptions(analysis, &args->analysis);
  CLI::Option* detect_every = analysis->get_option("--detect-every");
  cmd->add_option("--state", args->state,
                  "With --analyze: keep the engine's state in FILE across restarts (restored at "
                  "start when present; saved every --state-every minutes while events arrive and "
                  "at stop; queued bodies are acknowledged only once saved). May start as the "
                  "state of analyze --save-state, given the same analysis options; without "
                  "--detect-every, the state's detection interval is used");
  cmd->add_option("--state-every", args->state_every_minutes,
                  "With --state: least minutes between saves of the state (a save runs in a "
                  "child process beside ingest; the one at stop in the server)")
      ->capture_default_str();
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (loopback by default)")
      ->capture_default_str();
  cmd->add_option("--static", args->static_dir,
                  "The dashboard's files (default: web/dist next to the sources, if built)");
  cmd->add_option("--spool", args->spool,
                  "Directory of the durable ingest queue (default: DB.spool, or ./sakimori-spool "
                  "for PostgreSQL)");
  cmd->add_option("--max-body", args->max_body_mib, "Largest ingest body, MiB")
      ->capture_default_str();
  cmd->add_option("--session-hours", args->session_hours, "Login session lifetime")
      ->capture_default_str();
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "Mark cookies Secure (when served behind a TLS reverse proxy)");
  cmd->add_option("--threads", args->threads, "HTTP worker threads")->capture_default_str();
  cmd->callback([args, detect_every] {
    args->detect_every_given = detect_every->count() > 0;
    RunServe(*args);
  });
}

}  // namespace sakimori::cli
