// File: bench/live_server.cc
#include "live_server.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <system_error>

#include "serve/users.h"

namespace sakimori::bench {

LiveServer::~LiveServer() {
  if (server != nullptr) server->Stop();
  server.reset();
  sink.reset();
  std::error_code ignored;
  if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
}

StatusOr<std::unique_ptr<LiveServer>> StartLiveServer(const engine::EngineOptions* engine_options,
                                                      const std::function<Status(Store&)>& seed) {
  auto live = std::make_unique<LiveServer>();
  live->dir = std::filesystem::temp_directory_path() /
              ("sakimori-bench-" + std::to_string(std::random_device()()));
  std::filesystem::create_directories(live->dir);
  const std::string db = (live->dir / "bench.db").string();
  StoreOptions store_options;
  store_options.migrate = true;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(db, store_options));
    RETURN_IF_ERROR(serve::AddUser(*store, "feed", Role::kAnalyst, "load-test-password", 0));
    ASSIGN_OR_RETURN(live->token, serve::IssueToken(*store, "feed", "load", 0));
    if (seed) RETURN_IF_ERROR(seed(*store));
  }
  serve::ServerOptions options;
  options.db_url = db;
  options.port = 0;
  options.spool_dir = (live->dir / "spool").string();
  if (engine_options != nullptr) {
    ASSIGN_OR_RETURN(live->engine, engine::Engine::Create(*engine_options, &live->dict));
    ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(db, store_options));
    RunRecord run;
    run.generator = "serve benchmark (--analyze)";
    ASSIGN_OR_RETURN(const int64_t run_id, store->AddRun(run));
    live->sink = std::make_unique<serve::EngineSink>(live->engine.get(), std::move(store), run_id);
    options.sink = live->sink.get();
    options.dictionary = &live->dict;
  }
  ASSIGN_OR_RETURN(live->server, serve::Server::Create(options));
  RETURN_IF_ERROR(live->server->Start());
  return live;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::max(1.0, std::ceil(p / 100 * v.size())));
  return v[std::min(rank, v.size()) - 1];
}

}  // namespace sakimori::bench
