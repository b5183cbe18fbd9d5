// File: sim/simulator.cc
#include "sim/simulator.h"

#include <filesystem>
#include <fstream>

#include "common/strings.h"
#include "sim/internal/generator.h"

namespace sakimori::sim {

StatusOr<Truth> Simulate(const Scenario& scenario, const SimulateOptions& options,
                         OutputSink* sink, SimulateStats* stats) {
  if (!(options.scale > 0) || options.scale > 1000) {
    return absl::InvalidArgumentError("scale must be in (0, 1000]");
  }
  internal::Generator gen(scenario, options, sink);
  RETURN_IF_ERROR(gen.Build());
  RETURN_IF_ERROR(gen.Run());
  RETURN_IF_ERROR(sink->Close());
  if (stats != nullptr) *stats = gen.stats();
  return gen.MakeTruth();
}

StatusOr<Truth> SimulateToDirectory(const Scenario& scenario, const SimulateOptions& options,
                                    const std::string& dir, bool compress,
                                    SimulateStats* stats) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::PermissionDeniedError(StrCat("cannot create ", dir, ": ", ec.message()));
  std::string events = (fs::path(dir) / (compress ? "events.jsonl.zst" : "events.jsonl")).string();
  ASSIGN_OR_RETURN(auto sink, OpenFileSink(events, compress ? 3 : 0));
  ASSIGN_OR_RETURN(Truth truth, Simulate(scenario, options, sink.get(), stats));
  std::string path = (fs::path(dir) / "truth.json").string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::string json = WriteTruthJson(truth);
  out.write(json.data(), static_cast<std::streamsize>(json.size()));
  out.close();
  if (!out) return absl::InternalError(StrCat("cannot write ", path));
  return truth;
}

}  // namespace sakimori::sim
