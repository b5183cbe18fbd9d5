// File: serve/alert_feed.h
// Live alerts for GET /api/stream. The store has no notifications, so one background
// thread polls the alert feed (Store::ListAlerts, newest first, up to `scan_limit` alerts)
// every `poll_ms` and pushes to every subscriber each alert that is new or whose state or
// updated_at changed since the previous poll. Polling the store (rather than being told by
// writers) makes alerts written by anyone visible: the engine in this process, another
// process on the same SQLite file, or another machine on the same PostgreSQL database.
// Notify() wakes the poller at once for writes made in this process (e.g. reviews).
//
// The first poll only records what exists; alerts are pushed from then on.
//
// Thread safety: all public methods are thread-safe. Subscriptions are shared_ptrs so a
// stream handler and the feed can drop them in either order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "serve/json_out.h"
#include "serve/metrics.h"
#include "serve/store_pool.h"

namespace sakimori::serve {

// One subscriber's queue of SSE messages.
class AlertSubscription {
 public:
  // Waits up to `timeout_ms` for messages; returns them (empty on timeout or when closed).
  std::vector<std::string> Wait(int64_t timeout_ms);
  bool closed() const;
  void Push(const std::string& message);
  void Close();

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> pending_;  // GUARDED_BY(mutex_)
  bool closed_ = false;              // GUARDED_BY(mutex_)
};

class AlertFeed {
 public:
  AlertFeed(StorePool* pool, ServeMetrics* metrics, int poll_ms, int scan_limit = 10'000)
      : pool_(pool), metrics_(metrics), poll_ms_(poll_ms), scan_limit_(scan_limit) {}
  ~AlertFeed();

  void Start();
  // Stops the poller and closes every subscription.
  void Stop();
  std::shared_ptr<AlertSubscription> Subscribe();
  void Unsubscribe(const std::shared_ptr<AlertSubscription>& s);
  // Polls again now rather than at the next tick.
  void Notify();

  // One poll (exposed for tests): pushes changes since the last poll.
  Status PollOnce();

 private:
  void Run();

  StorePool* const pool_;
  ServeMetrics* const metrics_;
  const int poll_ms_;
  const int scan_limit_;

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;                                           // GUARDED_BY(mutex_)
  bool wake_ = false;                                           // GUARDED_BY(mutex_)
  std::vector<std::shared_ptr<AlertSubscription>> subscribers_;  // GUARDED_BY(mutex_)
  std::thread thread_;

  // Touched only by the polling thread (or PollOnce in tests).
  bool primed_ = false;
  std::map<std::string, std::pair<int64_t, int>> seen_;  // id -> (updated_at, state)
};

// The JSON of one alert (as in GET /api/alerts).
void WriteAlert(const AlertRecord& a, JsonOut* out);

}  // namespace sakimori::serve
