// File: cli/demo_command.cc
// `sakimori demo`: the main job on the embedded default. Simulates the two weeks before the
// 2025 upper-house election, analyses them in one pass, scores the result against the
// simulator's truth, then serves the results with a one-time login for the dashboard.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "common/strings.h"
#include "eval/evaluator.h"
#include "eval/results_file.h"
#include "serve/credentials.h"
#include "serve/users.h"
#include "sim/scenario.h"
#include "sim/simulator.h"
#include "store/store.h"

namespace sakimori::cli {
namespace {

struct DemoArgs {
  std::string out = "out/demo";
  std::string scenario = "upper-house-2025";
  uint64_t seed = 1;
  double scale = 0.1;
  std::string listen = "127.0.0.1:8080";
  bool no_serve = false;
};

void RunDemo(const DemoArgs& args) {
  const std::filesystem::path dir(args.out);
  const std::string sim_dir = (dir / "sim").string();
  auto scenario = sim::FindScenario(args.scenario);
  CheckOk(scenario.status());
  std::fprintf(stderr, "demo: simulating %s (seed %llu, scale %g) -> %s\n",
               args.scenario.c_str(), static_cast<unsigned long long>(args.seed), args.scale,
               sim_dir.c_str());
  std::error_code ec;
  std::filesystem::remove_all(sim_dir, ec);
  auto truth = sim::SimulateToDirectory(*scenario, {.seed = args.seed, .scale = args.scale},
                                        sim_dir, /*compress=*/false);
  CheckOk(truth.status());

  std::fprintf(stderr, "demo: analysing %lld events\n",
               static_cast<long long>(truth->events_total));
  AnalyzeArgs analyze;
  analyze.input.files = {sim_dir + "/events.jsonl"};
  analyze.out = (dir / "analysis").string();
  RunAnalyze(analyze);

  auto results = eval::ReadResultsFile((dir / "analysis" / "results.json").string());
  CheckOk(results.status());
  std::fprintf(stdout, "\n%s", eval::EvalReportText(eval::Evaluate(*truth, *results)).c_str());
  if (args.no_serve) return;

  // A one-time login for this demo database.
  const std::string db = (dir / "analysis" / "sakimori.db").string();
  auto store = Store::Open(db);
  CheckOk(store.status());
  CheckOk(serve::InitCrypto());
  const std::string password = serve::NewSecret("demo_");
  const TimeMs now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  CheckOk(serve::AddUser(**store, "demo", Role::kAnalyst, password, now));
  store->reset();
  std::fprintf(stdout,
               "\nDashboard: http://%s/  user: demo  password: %s\n"
               "(the password is valid for this demo database only; Ctrl-C stops the server)\n",
               args.listen.c_str(), password.c_str());
  std::fflush(stdout);
  ServeArgs serve;
  serve.db = db;
  serve.listen = args.listen;
  RunServe(serve);
}

}  // namespace

void RegisterDemo(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Simulate an election period, analyse it, score it against the truth, and serve the "
      "results in the dashboard with a one-time login");
  cmd->add_option("--out", args->out, "Output directory (sim/ and analysis/)")
      ->capture_default_str();
  cmd->add_option("--scenario", args->scenario, "Simulated scenario")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Simulation seed")->capture_default_str();
  cmd->add_option("--scale", args->scale, "Simulation scale (1 = the full scenario)")
      ->capture_default_str();
  cmd->add_option("--listen", args->listen, "HOST:PORT for the dashboard")->capture_default_str();
  cmd->add_flag("--no-serve", args->no_serve, "Stop after the analysis and its evaluation");
  cmd->callback([args] { RunDemo(*args); });
}

}  // namespace sakimori::cli
