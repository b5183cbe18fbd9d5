// File: serve/login_limiter.h
// Login rate limiting per (user name, client address): after `max_failures` failed logins
// the pair is locked for `base_lock_ms`, doubling with every further failure up to
// `max_lock_ms`; a successful login clears the pair. Counts events, timed on the injected
// monotonic clock. Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "serve/clock.h"

namespace sakimori::serve {

struct LoginLimiterOptions {
  int max_failures = 5;
  int64_t base_lock_ms = 30'000;
  int64_t max_lock_ms = 3'600'000;
};

class LoginLimiter {
 public:
  LoginLimiter(Clock* clock, LoginLimiterOptions options) : clock_(clock), options_(options) {}

  // 0 when an attempt for (user, ip) may proceed, else the milliseconds until it may.
  int64_t RetryAfterMs(std::string_view user, std::string_view ip);
  void RecordFailure(std::string_view user, std::string_view ip);
  void RecordSuccess(std::string_view user, std::string_view ip);

 private:
  struct Entry {
    int failures = 0;
    int64_t locked_until = 0;  // monotonic ms
  };
  using Key = std::pair<std::string, std::string>;

  Clock* const clock_;
  const LoginLimiterOptions options_;
  std::mutex mutex_;
  std::map<Key, Entry> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace sakimori::serve
