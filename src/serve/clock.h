// File: serve/clock.h
// The server's clocks behind one small interface so tests can move time: wall time for
// session expiry, audit entries and review times; a monotonic clock for rate limits and
// latency figures. FakeClock is the test double.
#pragma once

#include <atomic>
#include <cstdint>

#include "common/time.h"

namespace sakimori::serve {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the epoch, UTC.
  virtual TimeMs NowMs() = 0;
  // Milliseconds on a clock that never goes back (arbitrary origin).
  virtual int64_t MonotonicMs() = 0;
};

// The system clocks. Thread-safe; never deleted.
Clock* SystemClock();

// A clock that moves only when told. Thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(TimeMs start = 1'700'000'000'000) : now_(start), mono_(0) {}
  TimeMs NowMs() override { return now_.load(); }
  int64_t MonotonicMs() override { return mono_.load(); }
  void Advance(int64_t ms) {
    now_ += ms;
    mono_ += ms;
  }

 private:
  std::atomic<TimeMs> now_;
  std::atomic<int64_t> mono_;
};

}  // namespace sakimori::serve
