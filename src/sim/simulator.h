// File: sim/simulator.h
// `sakimori simulate`: generates an election period as time-ordered canonical events plus the
// ground truth (sim/truth.h). The world is built first (accounts with heavy-tailed activity,
// a follower graph with communities, hard negatives and operations with their members), then
// each simulation day is generated into a buffer, sorted by (time, generation order) and
// written. Engagement cascades are a self-exciting (Hawkes) branching process over followers
// with a power-law (Lomax) delay kernel; see docs/simulator.md for the model and every knob.
//
// The same scenario, seed and scale give byte-identical output: all randomness comes from
// sim/rng.h, generation is single-threaded and the output order is a total order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "sim/output.h"
#include "sim/scenario.h"
#include "sim/truth.h"

namespace sakimori::sim {

struct SimulateOptions {
  uint64_t seed = 1;
  // Multiplies account counts and volumes (organic accounts, hard-negative participants,
  // viral engagements, operation members).
  double scale = 1.0;
};

// Counts for reports and benchmarks.
struct SimulateStats {
  uint64_t events = 0;
  uint64_t bytes = 0;
  uint64_t accounts = 0;
  uint64_t dropped = 0;  // generated events that could not be written (none expected)
};

// Generates `scenario` into `sink` (canonical JSON Lines, time-ordered) and returns the truth.
// Errors: the sink fails; the scenario is inconsistent at this scale (e.g. no accounts left to
// pick amplified authors from).
StatusOr<Truth> Simulate(const Scenario& scenario, const SimulateOptions& options,
                         OutputSink* sink, SimulateStats* stats = nullptr);

// Writes DIR/events.jsonl (or events.jsonl.zst when `compress`) and DIR/truth.json, creating
// DIR if needed. Errors: as Simulate, or the files cannot be written.
StatusOr<Truth> SimulateToDirectory(const Scenario& scenario, const SimulateOptions& options,
                                    const std::string& dir, bool compress,
                                    SimulateStats* stats = nullptr);

}  // namespace sakimori::sim
