// File: cli/simulate_command.cc
// `sakimori simulate --scenario NAME|FILE --seed N --out DIR [--scale X] [--compress]`:
// writes DIR/events.jsonl (or .jsonl.zst) and DIR/truth.json (see docs/simulator.md).
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "common/strings.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace sakimori::cli {
namespace {

struct SimulateArgs {
  std::string scenario;
  uint64_t seed = 1;
  std::string out;
  double scale = 1.0;
  bool compress = false;
  bool list = false;
};

}  // namespace

void RegisterSimulate(CLI::App& app) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Generate a simulated election period (canonical events) with its ground truth");
  cmd->add_option("--scenario", args->scenario,
                  "Scenario name (quiet-day, upper-house-2025, evasive, scale-10m) or TOML file");
  cmd->add_option("--seed", args->seed, "Random seed (same seed, same bytes)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output directory (created if needed)");
  cmd->add_option("--scale", args->scale, "Multiply account counts and volumes")
      ->capture_default_str()
      ->check(CLI::Range(1e-6, 1000.0));
  cmd->add_flag("--compress", args->compress, "Write events.jsonl.zst (zstd) instead");
  cmd->add_flag("--list", args->list, "List the built-in scenarios and exit");
  cmd->callback([args] {
    if (args->list) {
      for (const std::string& name : sim::BuiltinScenarioNames()) {
        std::printf("%s\n", name.c_str());
      }
      return;
    }
    if (args->scenario.empty() || args->out.empty()) {
      Fail(absl::InvalidArgumentError("simulate needs --scenario and --out"));
    }
    auto scenario = sim::FindScenario(args->scenario);
    CheckOk(scenario.status());
    sim::SimulateOptions options;
    options.seed = args->seed;
    options.scale = args->scale;
    sim::SimulateStats stats;
    auto t0 = std::chrono::steady_clock::now();
    auto truth = sim::SimulateToDirectory(*scenario, options, args->out, args->compress, &stats);
    CheckOk(truth.status());
    double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr,
                 "simulated %s (seed %llu, scale %g): %llu events, %llu accounts, %zu "
                 "operations, %zu hard negatives, %.1f MB in %.2f s (%.2f M events/s) -> %s\n",
                 scenario->name.c_str(), (unsigned long long)options.seed, options.scale,
                 (unsigned long long)stats.events, (unsigned long long)stats.accounts,
                 truth->operations.size(), truth->hard_negatives.size(), stats.bytes / 1e6,
                 secs, stats.events / secs / 1e6, args->out.c_str());
  });
}

}  // namespace sakimori::cli
