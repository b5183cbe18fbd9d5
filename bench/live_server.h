// File: bench/live_server.h
// `sakimori serve` on a random loopback port for the serve benchmarks: a fresh SQLite file in a
// temporary folder, an analyst token for the clients, and as the ingest sink either the
// counting sink or the live analysis as `serve --analyze` runs it (serve/engine_sink.h).
// Destroying it stops the server and removes the folder.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "engine/engine.h"
#include "model/event.h"
#include "serve/engine_sink.h"
#include "serve/server.h"
#include "store/store.h"

namespace sakimori::bench {

struct LiveServer {
  LiveServer() = default;
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;
  ~LiveServer();

  std::filesystem::path dir;
  std::string token;  // of the analyst "feed"
  Dictionary dict;
  std::unique_ptr<engine::Engine> engine;  // null with the counting sink
  std::unique_ptr<serve::EngineSink> sink;
  std::unique_ptr<serve::Server> server;
};

// Starts the server. `engine_options`: the live analysis with these options (they and what they
// point to must outlive the server), or nullptr for the counting sink. `seed` runs on the fresh
// store before the server starts (may be empty). Errors: the store's, the engine's, or a port
// that cannot be bound.
StatusOr<std::unique_ptr<LiveServer>> StartLiveServer(const engine::EngineOptions* engine_options,
                                                      const std::function<Status(Store&)>& seed);

// The p-th percentile (0 < p <= 100) of `v` by the nearest-rank method; 0 when empty.
double Percentile(std::vector<double> v, double p);

}  // namespace sakimori::bench
