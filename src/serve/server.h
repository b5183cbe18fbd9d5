// File: serve/server.h
// `sakimori serve`: the HTTP JSON API (docs/api.md) and the dashboard's static files over
// cpp-httplib. The server owns a pool of store connections, the login limiter, the durable
// ingest queue, the alert feed (live stream) and its metrics.
//
// Lifecycle: Create() opens the store (the schema must be current) and the ingest queue and
// replays queued bodies into the sink; Start() binds and serves on background threads;
// Stop() (or the destructor) closes streams and stops serving.
//
// Thread safety: Start/Stop from one thread; requests are served concurrently on a thread
// pool, each taking its own store connection from the pool.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "model/event.h"
#include "serve/clock.h"
#include "serve/ingest_sink.h"
#include "serve/login_limiter.h"

namespace sakimori::serve {

struct ServerOptions {
  std::string db_url;              // as for Store::Open; not sqlite::memory:
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (see Server::port)
  std::string static_dir;          // the dashboard's files; empty: no static files
  std::string spool_dir;           // the durable ingest queue (and pseudonym key); required
  size_t max_body_bytes = size_t{64} << 20;
  int64_t session_ms = int64_t{12} * 3600 * 1000;
  bool secure_cookies = false;  // add `Secure` to cookies (serving behind TLS)
  int alert_poll_ms = 500;
  int threads = 16;    // HTTP worker threads (each open stream holds one)
  int store_idle = 8;  // store connections kept open
  LoginLimiterOptions login_limits;
  Clock* clock = nullptr;            // null: the system clocks
  IngestSink* sink = nullptr;        // null: a CountingSink owned by the server
  Dictionary* dictionary = nullptr;  // null: one owned by the server
  // For a sink that checkpoints (IngestSink::checkpoints): the least wall time between its
  // checkpoints while bodies arrive (one is always made at Stop).
  int64_t checkpoint_every_ms = int64_t{10} * 60 * 1000;
};

class Server {
 public:
  // Errors: the store cannot be opened or its schema is not current (FailedPrecondition:
  // run `sakimori db migrate`); the spool cannot be opened; the sink refuses a replayed body.
  [[nodiscard]] static StatusOr<std::unique_ptr<Server>> Create(const ServerOptions& options);
  ~Server();

  // Binds host:port and serves on background threads. Unavailable when it cannot bind.
  [[nodiscard]] Status Start();
  // The bound port (after Start).
  int port() const;
  // Stops serving; then, for a sink that checkpoints, saves its state and acknowledges the
  // bodies it holds (a failure is logged: the bodies stay queued and are replayed).
  void Stop();

  // The default sink when ServerOptions::sink was null, else nullptr.
  CountingSink* counting_sink();
  // Bodies replayed from the queue by Create.
  uint64_t replayed_bodies() const;

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sakimori::serve
