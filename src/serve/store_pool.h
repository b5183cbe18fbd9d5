// File: serve/store_pool.h
// A small pool of store connections: a Store is one connection for one thread, while the
// HTTP server handles requests on many threads. Acquire() lends a connection (opening a new
// one when none is idle); the lease gives it back when destroyed. A connection whose call
// failed with Unavailable/Internal is dropped instead of returned. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace sakimori::serve {

class StorePool {
 public:
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<Store> store) : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Store* operator->() const { return store_.get(); }
    Store& operator*() const { return *store_; }
    // Do not return this connection to the pool (e.g. after a connection error).
    void Discard() { store_.reset(); }

   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };

  // Connections are opened on `url` with `options`; at most `max_idle` are kept open.
  StorePool(std::string url, StoreOptions options, size_t max_idle)
      : url_(std::move(url)), options_(options), max_idle_(max_idle) {}

  // Errors: those of Store::Open.
  StatusOr<Lease> Acquire();

  const std::string& url() const { return url_; }

 private:
  void Release(std::unique_ptr<Store> store);

  const std::string url_;
  const StoreOptions options_;
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Store>> idle_;  // GUARDED_BY(mutex_)
};

}  // namespace sakimori::serve
