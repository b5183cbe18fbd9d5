// File: serve/login_limiter.cc
// Failure counting and growing lock-outs for logins.
#include "serve/login_limiter.h"

#include <algorithm>

namespace sakimori::serve {

int64_t LoginLimiter::RetryAfterMs(std::string_view user, std::string_view ip) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(Key(user, ip));
  if (it == entries_.end()) return 0;
  return std::max<int64_t>(0, it->second.locked_until - clock_->MonotonicMs());
}

void LoginLimiter::RecordFailure(std::string_view user, std::string_view ip) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Bound memory: forget unlocked entries when the table grows large.
  if (entries_.size() > 100'000) {
    const int64_t now = clock_->MonotonicMs();
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.locked_until <= now; });
  }
  Entry& e = entries_[Key(user, ip)];
  ++e.failures;
  if (e.failures >= options_.max_failures) {
    int64_t lock_ms = options_.base_lock_ms;
    for (int i = options_.max_failures; i < e.failures && lock_ms < options_.max_lock_ms; ++i) {
      lock_ms *= 2;
    }
    e.locked_until = clock_->MonotonicMs() + std::min(lock_ms, options_.max_lock_ms);
  }
}

void LoginLimiter::RecordSuccess(std::string_view user, std::string_view ip) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.erase(Key(user, ip));
}

}  // namespace sakimori::serve
