// File: serve/server.cc
// Server lifecycle, routing, authentication, role and CSRF checks, static files.
#include "serve/server.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/log.h"
#include "common/strings.h"
#include "serve/credentials.h"
#include "serve/internal/api.h"
#include "serve/json_out.h"

namespace sakimori::serve {
namespace {

// Removes "br" from the request's Accept-Encoding list (see the pre-routing handler).
void DropBrotli(httplib::Request& req) {
  auto it = req.headers.find("Accept-Encoding");
  if (it == req.headers.end() || it->second.find("br") == std::string::npos) return;
  std::string kept;
  size_t start = 0;
  const std::string& value = it->second;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string token = value.substr(start, comma - start);
    const size_t b = token.find_first_not_of(" \t");
    token = b == std::string::npos ? "" : token.substr(b);
    const std::string name = token.substr(0, token.find_first_of("; \t"));
    if (!name.empty() && name != "br") StrAppend(&kept, kept.empty() ? "" : ", ", token);
    start = comma + 1;
  }
  it->second = kept;
}

}  // namespace

// ---- Response helpers ----

void SendJson(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  JsonOut out;
  out.BeginObject().Key("error").BeginObject();
  out.Key("code").String(code).Key("message").String(message);
  out.EndObject().EndObject();
  SendJson(res, status, out.Take());
}

void SendStatus(httplib::Response& res, const Status& status) {
  const std::string message(Message(status));
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return SendError(res, 404, "not_found", message);
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return SendError(res, 400, "bad_request", message);
    case absl::StatusCode::kAlreadyExists:
      return SendError(res, 409, "conflict", message);
    case absl::StatusCode::kPermissionDenied:
      return SendError(res, 403, "forbidden", message);
    case absl::StatusCode::kUnauthenticated:
      return SendError(res, 401, "unauthenticated", message);
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
      return SendError(res, 503, "unavailable", message);
    default:
      SAKIMORI_LOG_ERROR("request failed: {}", message);
      return SendError(res, 500, "internal", message);
  }
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

// ---- Lifecycle ----

Server::Impl::Impl(const ServerOptions& options)
    : options_(options),
      clock_(options.clock != nullptr ? options.clock : SystemClock()),
      started_mono_(clock_->MonotonicMs()),
      limiter_(clock_, options.login_limits) {}

Status Server::Impl::Init() {
  RETURN_IF_ERROR(InitCrypto());
  if (options_.db_url.empty()) return absl::InvalidArgumentError("no database given (--db)");
  if (options_.db_url.starts_with("sqlite::memory:")) {
    return absl::InvalidArgumentError("serve needs a shared database, not sqlite::memory:");
  }
  if (options_.spool_dir.empty()) return absl::InvalidArgumentError("no spool directory given");
  StoreOptions store_options;
  store_options.create_if_missing = false;
  pool_ = std::make_unique<StorePool>(options_.db_url, store_options,
                                      static_cast<size_t>(options_.store_idle));
  {
    ASSIGN_OR_RETURN(StorePool::Lease store, pool_->Acquire());
    ASSIGN_OR_RETURN(int version, store->SchemaVersion());
    if (version != Store::LatestSchemaVersion()) {
      return absl::FailedPreconditionError(
          StrCat("the database schema is version ", version, ", this binary needs ",
                 Store::LatestSchemaVersion(), ": run `sakimori db migrate`"));
    }
    backend_ = std::string(store->backend());
  }
  // The pseudonym key: stable across restarts, private to this installation.
  {
    std::error_code ec;
    std::filesystem::create_directories(options_.spool_dir, ec);
    const std::string key_path = options_.spool_dir + "/pseudonym.key";
    std::ifstream in(key_path);
    if (!(in >> pseudonym_key_) || pseudonym_key_.size() < 32) {
      pseudonym_key_ = NewSecret("");
      std::ofstream out(key_path, std::ios::trunc);
      out << pseudonym_key_ << "\n";
      if (!out) return absl::InternalError(StrCat("cannot write ", key_path));
      std::filesystem::permissions(
          key_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
    }
  }
  if (options_.sink != nullptr) {
    sink_ = options_.sink;
  } else {
    owned_sink_ = std::make_unique<CountingSink>();
    sink_ = owned_sink_.get();
  }
  if (options_.dictionary != nullptr) {
    dictionary_ = options_.dictionary;
  } else {
    owned_dictionary_ = std::make_unique<Dictionary>();
    dictionary_ = owned_dictionary_.get();
  }
  sink_checkpoints_ = sink_->checkpoints();
  std::lock_guard<std::mutex> lock(ingest_mutex_);
  ASSIGN_OR_RETURN(queue_, IngestQueue::Open(options_.spool_dir));
  RETURN_IF_ERROR(queue_->ForEachPending([&](const QueuedBody& body) -> Status {
    // Bodies the sink's restored state already holds (saved, then a crash before the ack).
    if (body.seq <= sink_->restored_seq()) return absl::OkStatus();
    if (const StatusOr<uint64_t> events = Deliver(body); !events.ok()) {
      return absl::Status(events.status().code(), StrCat("replaying queued ingest body ", body.seq,
                                                         " (it and the later bodies stay queued): ",
                                                         Message(events.status())));
    }
    ++replayed_;
    if (sink_checkpoints_) {
      delivered_seq_ = body.seq;
      return absl::OkStatus();
    }
    return queue_->Ack(body.seq);
  }));
  delivered_seq_ = std::max(delivered_seq_, sink_->restored_seq());
  saved_seq_ = sink_->restored_seq();
  last_checkpoint_ms_ = clock_->MonotonicMs();
  if (replayed_ > 0) SAKIMORI_LOG_INFO("ingest queue: replayed {} bodies", replayed_);
  feed_ = std::make_unique<AlertFeed>(pool_.get(), &metrics_, options_.alert_poll_ms);
  return absl::OkStatus();
}

Status Server::Impl::Start() {
  const int threads = std::max(4, options_.threads);
  http_.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  http_.set_payload_max_length(options_.max_body_bytes);
  http_.set_read_timeout(30, 0);
  http_.set_write_timeout(30, 0);
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 413:
        return SendError(res, 413, "payload_too_large", "the request body is over the limit");
      case 404:
        return SendError(res, 404, "not_found", "no such path");
      default:
        return SendError(res, res.status, res.status >= 500 ? "internal" : "bad_request",
                         StrCat("HTTP error ", res.status));
    }
  });
  // Refuse an oversized body from its Content-Length before reading it, and close the
  // connection (the unread body must not be taken for the next request).
  // set_payload_max_length above stays as the backstop for chunked bodies.
  const size_t max_body = options_.max_body_bytes;
  http_.set_pre_routing_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    // cpp-httplib (0.11) compresses with brotli whenever the client accepts it, at brotli's
    // default quality 11: 13 s for the 3 MB page of a 5,000-account campaign, against 0.1 s
    // with gzip. Browsers always offer br, so the server takes it out of the request it hands
    // to the library (which owns the request as a mutable object) and answers with gzip.
    DropBrotli(const_cast<httplib::Request&>(req));
    const std::string length = req.get_header_value("Content-Length");
    if (!length.empty()) {
      errno = 0;
      char* end = nullptr;
      const unsigned long long n = std::strtoull(length.c_str(), &end, 10);
      if (errno == 0 && end != length.c_str() && n > max_body) {
        res.set_header("Connection", "close");
        SendError(res, 413, "payload_too_large",
                  StrCat("the request body is over the limit of ", max_body, " bytes"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SAKIMORI_LOG_ERROR("handler threw: {}", what);
        SendError(res, 500, "internal", what);
      });

  Route("POST", "/api/login", Access::kPublic, &Impl::Login);
  Route("POST", "/api/logout", Access::kAuthenticated, &Impl::Logout);
  Route("GET", "/api/me", Access::kAuthenticated, &Impl::Me);
  Route("GET", "/api/health", Access::kPublic, &Impl::Health);
  Route("GET", "/api/metrics", Access::kReader, &Impl::Metrics);
  Route("GET", "/api/alerts", Access::kReader, &Impl::ListAlerts);
  Route("GET", "/api/campaigns", Access::kAuthenticated, &Impl::ListCampaigns);
  Route("GET", R"(/api/campaigns/([^/]+)/export)", Access::kAnalyst, &Impl::ExportCampaign);
  Route("GET", R"(/api/campaigns/([^/]+))", Access::kAuthenticated, &Impl::GetCampaign);
  Route("GET", R"(/api/accounts/(.+))", Access::kReader, &Impl::GetAccount);
  Route("GET", R"(/api/items/([a-z]+):(.+))", Access::kReader, &Impl::GetItem);
  Route("GET", "/api/search", Access::kReader, &Impl::Search);
  Route("GET", "/api/stream", Access::kReader, &Impl::Stream, /*timed=*/false);
  Route("POST", "/api/reviews", Access::kAnalyst, &Impl::PostReview);
  Route("POST", "/api/ingest", Access::kAnalyst, &Impl::Ingest, /*timed=*/false);
  Route("GET", "/api/audit", Access::kAdmin, &Impl::ListAudit);
  Route("GET", "/api/users", Access::kAdmin, &Impl::ListUsers);
  Route("POST", "/api/users", Access::kAdmin, &Impl::CreateUser);
  Route("POST", R"(/api/users/([^/]+)/tokens)", Access::kAdmin, &Impl::CreateToken);
  Route("GET", "/api/shares", Access::kAdmin, &Impl::ListShares);
  Route("POST", "/api/shares", Access::kAdmin, &Impl::CreateShare);
  auto unknown = [](const httplib::Request&, httplib::Response& res) {
    SendError(res, 404, "not_found", "no such API endpoint");
  };
  http_.Get(R"(/api/.*)", unknown);
  http_.Post(R"(/api/.*)", unknown);
  http_.Put(R"(/api/.*)", unknown);
  http_.Delete(R"(/api/.*)", unknown);

  if (!options_.static_dir.empty()) {
    if (!http_.set_mount_point("/", options_.static_dir)) {
      return absl::NotFoundError(StrCat("static directory not found: ", options_.static_dir));
    }
    // Client-side routes: every other GET gets the dashboard's index.html.
    const std::string index = options_.static_dir + "/index.html";
    http_.Get(R"(/.*)", [index](const httplib::Request&, httplib::Response& res) {
      std::ifstream in(index, std::ios::binary);
      if (!in) {
        res.status = 404;
        res.set_content("not found", "text/plain");
        return;
      }
      std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::move(html), "text/html; charset=utf-8");
    });
  }
  http_.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                             {"X-Frame-Options", "DENY"},
                             {"Referrer-Policy", "no-referrer"}});

  if (options_.port == 0) {
    port_ = http_.bind_to_any_port(options_.host);
    if (port_ <= 0) return absl::UnavailableError(StrCat("cannot bind ", options_.host));
  } else {
    if (!http_.bind_to_port(options_.host, options_.port)) {
      return absl::UnavailableError(StrCat("cannot bind ", options_.host, ":", options_.port));
    }
    port_ = options_.port;
  }
  feed_->Start();
  listen_thread_ = std::thread([this] { http_.listen_after_bind(); });
  started_ = true;
  // Stop() is a no-op until the listener runs, so wait for it (else a quick Stop would
  // leave the listen thread running and the join hanging).
  for (int i = 0; i < 5000 && !http_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return absl::OkStatus();
}

void Server::Impl::Stop() {
  if (feed_) feed_->Stop();  // closes the streams so their threads return
  if (started_) {
    http_.stop();
    if (listen_thread_.joinable()) listen_thread_.join();
    started_ = false;
  }
  std::lock_guard<std::mutex> lock(ingest_mutex_);
  if (queue_ != nullptr && sink_checkpoints_ && checkpoint_running_) {
    if (const Status st = ReapCheckpoint(/*wait=*/true); !st.ok()) {
      SAKIMORI_LOG_WARN("ingest: checkpoint failed: {}", Message(st));
    }
  }
  if (queue_ != nullptr && refused_seq_ != 0) {
    SAKIMORI_LOG_WARN(
        "ingest: no state saved at stop: the analysis refused body {}; the bodies from it on "
        "stay queued for the next start",
        refused_seq_.load());
  } else if (queue_ != nullptr && sink_checkpoints_ && delivered_seq_ > queue_->acked_seq()) {
    if (const Status st = CheckpointSink(); !st.ok()) {
      SAKIMORI_LOG_ERROR("ingest: no checkpoint at stop ({}); the bodies after {} stay queued",
                         Message(st), queue_->acked_seq());
    }
  }
}

Status Server::Impl::CheckpointSink() {
  RETURN_IF_ERROR(ReapCheckpoint(/*wait=*/true));
  last_checkpoint_ms_ = clock_->MonotonicMs();
  RETURN_IF_ERROR(sink_->Checkpoint(delivered_seq_));
  saved_seq_ = delivered_seq_;
  saved_at_ms_ = clock_->NowMs();
  return queue_->Ack(delivered_seq_);
}

void Server::Impl::MaybeBeginCheckpoint(int64_t now_ms) {
  if (const Status st = ReapCheckpoint(/*wait=*/false); !st.ok()) {
    SAKIMORI_LOG_WARN("ingest: checkpoint failed: {}", Message(st));
  }
  if (checkpoint_running_ || now_ms - last_checkpoint_ms_ < options_.checkpoint_every_ms) return;
  last_checkpoint_ms_ = now_ms;
  if (const Status st = sink_->BeginCheckpoint(delivered_seq_); !st.ok()) {
    SAKIMORI_LOG_WARN("ingest: checkpoint failed: {}", Message(st));
    return;
  }
  checkpoint_running_ = true;
  checkpoint_seq_ = delivered_seq_;
  // A sink that saves at once has its outcome now.
  if (const Status st = ReapCheckpoint(/*wait=*/false); !st.ok()) {
    SAKIMORI_LOG_WARN("ingest: checkpoint failed: {}", Message(st));
  }
}

Status Server::Impl::ReapCheckpoint(bool wait) {
  if (!checkpoint_running_) return absl::OkStatus();
  std::optional<Status> done = sink_->PollCheckpoint(wait);
  if (!done.has_value()) return absl::OkStatus();
  checkpoint_running_ = false;
  RETURN_IF_ERROR(*done);
  saved_seq_ = checkpoint_seq_;
  saved_at_ms_ = clock_->NowMs();
  return queue_->Ack(checkpoint_seq_);
}

// ---- Routing ----

namespace {

bool Admits(Access access, Role role) {
  switch (access) {
    case Access::kPublic:
    case Access::kAuthenticated:
      return true;
    case Access::kReader:
      return role != Role::kPartner;
    case Access::kAnalyst:
      return role == Role::kAdmin || role == Role::kAnalyst;
    case Access::kAdmin:
      return role == Role::kAdmin;
  }
  return false;
}

}  // namespace

void Server::Impl::Route(const char* method, const char* pattern, Access access, Handler handler,
                         bool timed) {
  auto wrapped = [this, access, handler, timed](const httplib::Request& req,
                                                httplib::Response& res) {
    const auto wall_start = std::chrono::steady_clock::now();
    Principal who;
    who.ip = req.remote_addr;
    bool ok = true;
    if (access != Access::kPublic) {
      StatusOr<StorePool::Lease> store = pool_->Acquire();
      if (!store.ok()) {
        SendStatus(res, store.status());
        ok = false;
      } else {
        StatusOr<Principal> p = Authenticate(req, **store);
        if (!p.ok()) {
          SendStatus(res, p.status());
          ok = false;
        } else {
          who = std::move(*p);
          if (!Admits(access, who.role)) {
            SendError(res, 403, "forbidden",
                      StrCat("role ", RoleName(who.role), " may not use ", req.path));
            ok = false;
          } else if (who.session && req.method != "GET" && req.method != "HEAD") {
            // Double-submit CSRF check for cookie sessions.
            const std::string header = req.get_header_value("X-CSRF-Token");
            if (header.empty() || !SecretsEqual(header, CsrfFor(who.session_id))) {
              SendError(res, 403, "csrf", "missing or wrong X-CSRF-Token header");
              ok = false;
            }
          }
        }
      }
    }
    if (ok) (this->*handler)(req, res, who);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start)
            .count();
    metrics_.RecordRequest(res.status, ms, timed);
  };
  const std::string m(method);
  if (m == "GET") {
    http_.Get(pattern, wrapped);
  } else if (m == "POST") {
    http_.Post(pattern, wrapped);
  } else if (m == "DELETE") {
    http_.Delete(pattern, wrapped);
  } else {
    http_.Put(pattern, wrapped);
  }
}

StatusOr<Principal> Server::Impl::Authenticate(const httplib::Request& req, Store& store) {
  Principal who;
  who.ip = req.remote_addr;
  const TimeMs now = clock_->NowMs();
  const std::string auth = req.get_header_value("Authorization");
  std::string user;
  if (!auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (!std::string_view(auth).starts_with(kBearer)) {
      return absl::UnauthenticatedError("Authorization must be 'Bearer <token>'");
    }
    StatusOr<ApiTokenRecord> token = store.GetApiToken(HashSecret(auth.substr(kBearer.size())));
    if (!token.ok()) {
      if (absl::IsNotFound(token.status())) return absl::UnauthenticatedError("unknown token");
      return token.status();
    }
    if (token->revoked_at.has_value()) return absl::UnauthenticatedError("token revoked");
    if (token->expires_at.has_value() && *token->expires_at <= now) {
      return absl::UnauthenticatedError("token expired");
    }
    user = token->user;
  } else {
    who.session_id = CookieValue(req, "sakimori_session");
    if (who.session_id.empty()) return absl::UnauthenticatedError("not logged in");
    const std::string hash = HashSecret(who.session_id);
    StatusOr<SessionRecord> session = store.GetSession(hash);
    if (!session.ok()) {
      if (absl::IsNotFound(session.status())) {
        return absl::UnauthenticatedError("session unknown or ended");
      }
      return session.status();
    }
    if (session->expires_at <= now) return absl::UnauthenticatedError("session expired");
    if (now - session->last_seen > 60'000) (void)store.TouchSession(hash, now);
    who.session = true;
    user = session->user;
  }
  StatusOr<UserRecord> record = store.GetUser(user);
  if (!record.ok()) {
    if (absl::IsNotFound(record.status())) return absl::UnauthenticatedError("user removed");
    return record.status();
  }
  who.user = record->name;
  who.role = record->role;
  return who;
}

Status Server::Impl::Audit(Store& store, const Principal& who, std::string_view action,
                           std::string_view object_kind, std::string_view object_id,
                           std::string detail_json) {
  AuditRecord entry;
  entry.user = who.user;
  entry.action = std::string(action);
  entry.object_kind = std::string(object_kind);
  entry.object_id = std::string(object_id);
  entry.at = clock_->NowMs();
  entry.detail_json = std::move(detail_json);
  StatusOr<int64_t> id = store.AppendAudit(entry);
  if (!id.ok()) {
    SAKIMORI_LOG_ERROR("audit append failed: {}", Message(id.status()));
    return id.status();
  }
  return absl::OkStatus();
}

// ---- Server facade ----

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

StatusOr<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::Start() { return impl_->Start(); }
int Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
CountingSink* Server::counting_sink() { return impl_->owned_sink_.get(); }
uint64_t Server::replayed_bodies() const { return impl_->replayed_; }

}  // namespace sakimori::serve
