// File: serve/clock.cc
// The system clocks.
#include "serve/clock.h"

#include <chrono>

namespace sakimori::serve {
namespace {

class RealClock : public Clock {
 public:
  TimeMs NowMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  int64_t MonotonicMs() override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

Clock* SystemClock() {
  static RealClock* clock = new RealClock();
  return clock;
}

}  // namespace sakimori::serve
