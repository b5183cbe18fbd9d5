// File: serve/internal/api.h
// The server's state and its request handlers (one member function per endpoint of
// docs/api.md), split over api_auth.cc (login, users, audit), api_read.cc (reads, stream),
// api_write.cc (reviews) and api_ingest.cc; server.cc routes requests to them through
// authentication, role and CSRF checks.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "model/event.h"
#include "serve/alert_feed.h"
#include "serve/ingest_queue.h"
#include "serve/ingest_sink.h"
#include "serve/login_limiter.h"
#include "serve/metrics.h"
#include "serve/server.h"
#include "serve/store_pool.h"

namespace sakimori::serve {

// Who is asking.
struct Principal {
  std::string user;
  Role role = Role::kViewer;
  bool session = false;    // cookie session (else Bearer token)
  std::string session_id;  // the raw session id (cookie) for CSRF and logout
  std::string ip;
};

// Which requests an endpoint admits.
enum class Access {
  kPublic,         // no authentication
  kAuthenticated,  // any role (the handler restricts partners)
  kReader,         // admin, analyst, viewer
  kAnalyst,        // admin, analyst
  kAdmin,
};

// In a handler: assigns the value of a StatusOr expression or answers its error and returns.
#define SERVE_CONCAT_INNER_(a, b) a##b
#define SERVE_CONCAT_(a, b) SERVE_CONCAT_INNER_(a, b)
#define ASSIGN_OR_SEND(lhs, rexpr) \
  ASSIGN_OR_SEND_IMPL_(SERVE_CONCAT_(serve_statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_SEND_IMPL_(tmp, lhs, rexpr)          \
  auto tmp = (rexpr);                                  \
  if (!tmp.ok()) return SendStatus(res, tmp.status()); \
  lhs = std::move(tmp).value()

// Response helpers.
void SendJson(httplib::Response& res, int status, std::string body);
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message);
// Maps a Status to the error shape: NotFound 404, InvalidArgument 400, AlreadyExists 409,
// FailedPrecondition 400, Unavailable 503, PermissionDenied 403, others 500.
void SendStatus(httplib::Response& res, const Status& status);
std::string CookieValue(const httplib::Request& req, std::string_view name);

class Server::Impl {
 public:
  explicit Impl(const ServerOptions& options);

  Status Init();  // pool, schema check, queue, replay, pseudonym key
  Status Start();
  void Stop();
  int port() const { return port_; }

  // ---- Routing (server.cc) ----
  using Handler = void (Impl::*)(const httplib::Request&, httplib::Response&, const Principal&);
  void Route(const char* method, const char* pattern, Access access, Handler handler,
             bool timed = true);
  StatusOr<Principal> Authenticate(const httplib::Request& req, Store& store);
  // Appends to the audit log; the error is also logged. Views and exports fail closed: no
  // audit entry, no data.
  [[nodiscard]] Status Audit(Store& store, const Principal& who, std::string_view action,
                             std::string_view object_kind, std::string_view object_id,
                             std::string detail_json);

  // ---- Handlers ----
  void Login(const httplib::Request&, httplib::Response&, const Principal&);
  void Logout(const httplib::Request&, httplib::Response&, const Principal&);
  void Me(const httplib::Request&, httplib::Response&, const Principal&);
  void ListUsers(const httplib::Request&, httplib::Response&, const Principal&);
  void CreateUser(const httplib::Request&, httplib::Response&, const Principal&);
  void CreateToken(const httplib::Request&, httplib::Response&, const Principal&);
  void ListShares(const httplib::Request&, httplib::Response&, const Principal&);
  void CreateShare(const httplib::Request&, httplib::Response&, const Principal&);
  void ListAudit(const httplib::Request&, httplib::Response&, const Principal&);

  void Health(const httplib::Request&, httplib::Response&, const Principal&);
  void Metrics(const httplib::Request&, httplib::Response&, const Principal&);
  void ListAlerts(const httplib::Request&, httplib::Response&, const Principal&);
  void ListCampaigns(const httplib::Request&, httplib::Response&, const Principal&);
  void GetCampaign(const httplib::Request&, httplib::Response&, const Principal&);
  void ExportCampaign(const httplib::Request&, httplib::Response&, const Principal&);
  void GetAccount(const httplib::Request&, httplib::Response&, const Principal&);
  void GetItem(const httplib::Request&, httplib::Response&, const Principal&);
  void Search(const httplib::Request&, httplib::Response&, const Principal&);
  void Stream(const httplib::Request&, httplib::Response&, const Principal&);

  void PostReview(const httplib::Request&, httplib::Response&, const Principal&);
  void Ingest(const httplib::Request&, httplib::Response&, const Principal&);

  // Hands one queued body to the sink (ingest lock held). Returns events delivered.
  StatusOr<uint64_t> Deliver(const QueuedBody& body);

  ServerOptions options_;
  Clock* clock_;
  int64_t started_mono_ = 0;  // monotonic ms at construction
  std::unique_ptr<StorePool> pool_;
  std::string backend_;
  std::string pseudonym_key_;
  LoginLimiter limiter_;
  ServeMetrics metrics_;
  std::unique_ptr<AlertFeed> feed_;

  std::unique_ptr<CountingSink> owned_sink_;
  IngestSink* sink_ = nullptr;
  std::unique_ptr<Dictionary> owned_dictionary_;

  // Ingest: parsing into the dictionary, appending to the queue and delivering to the sink
  // happen in this order under one lock, so the sink sees bodies in queue order.
  std::mutex ingest_mutex_;
  Dictionary* dictionary_ = nullptr;    // GUARDED_BY(ingest_mutex_)
  std::unique_ptr<IngestQueue> queue_;  // GUARDED_BY(ingest_mutex_)
  uint64_t replayed_ = 0;
  // A sink that checkpoints (asked once, at Init): the last body it took, and when it last
  // saved (monotonic ms).
  bool sink_checkpoints_ = false;
  uint64_t delivered_seq_ = 0;      // GUARDED_BY(ingest_mutex_)
  uint64_t sink_writes_ = 0;        // GUARDED_BY(ingest_mutex_): IngestSink::writes() seen
  // The first body the sink refused since the start (0: none). From it on no body is
  // acknowledged and no state saved (acknowledgements are cumulative, and a later state would
  // hold part of it), so the next start hands it over again. Read by /api/health.
  std::atomic<uint64_t> refused_seq_{0};
  int64_t last_checkpoint_ms_ = 0;  // GUARDED_BY(ingest_mutex_)
  // For /api/health, read without the lock: the last body a saved state holds, and when
  // (wall-clock ms; 0: not saved by this process).
  std::atomic<uint64_t> saved_seq_{0};
  std::atomic<int64_t> saved_at_ms_{0};
  // Checkpoints the sink and acknowledges the bodies up to delivered_seq_, after waiting for
  // a checkpoint that runs beside ingest (ingest lock held; at Stop).
  Status CheckpointSink();
  // The periodic checkpoint, beside ingest (IngestSink::BeginCheckpoint): started after a
  // body when checkpoint_every_ms has passed and none runs; its outcome is taken after each
  // later body and at Stop, and on success acknowledges the bodies it holds. Ingest lock held.
  void MaybeBeginCheckpoint(int64_t now_ms);
  Status ReapCheckpoint(bool wait);
  std::atomic<bool> checkpoint_running_{false};  // written under ingest_mutex_
  uint64_t checkpoint_seq_ = 0;                  // GUARDED_BY(ingest_mutex_)

  httplib::Server http_;
  std::thread listen_thread_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace sakimori::serve
