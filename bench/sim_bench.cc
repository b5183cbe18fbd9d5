// File: bench/sim_bench.cc
// Throughput of `sakimori simulate`: events generated and formatted per second on one core,
// output discarded (BM_SimulateQuietDay) or kept in memory and checked (BM_SimulateEvasive:
// the run must produce the same bytes every iteration). Figures: docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include "common/hash.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace sakimori::sim {
namespace {

void Run(benchmark::State& state, const char* name, double scale, bool keep) {
  auto scenario = FindScenario(name);
  if (!scenario.ok()) {
    state.SkipWithError("scenario not found");
    return;
  }
  SimulateOptions options;
  options.scale = scale;
  uint64_t events = 0, bytes = 0, reference = 0;
  for (auto _ : state) {
    std::string out;
    uint64_t discarded = 0;
    auto sink = keep ? MakeStringSink(&out) : MakeNullSink(&discarded);
    SimulateStats stats;
    auto truth = Simulate(*scenario, options, sink.get(), &stats);
    if (!truth.ok()) {
      state.SkipWithError("simulation failed");
      return;
    }
    if (keep) {
      uint64_t h = Hash64(out);
      if (reference != 0 && h != reference) {
        state.SkipWithError("output differs between iterations");
        return;
      }
      reference = h;
    }
    events += stats.events;
    bytes += stats.bytes;
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(events / state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_SimulateQuietDay(benchmark::State& state) { Run(state, "quiet-day", 0.5, false); }
void BM_SimulateEvasive(benchmark::State& state) { Run(state, "evasive", 0.1, true); }

BENCHMARK(BM_SimulateQuietDay)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_SimulateEvasive)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace
}  // namespace sakimori::sim

BENCHMARK_MAIN();
