// File: serve/login_limiter_test.cc
// The login limiter locks a (user, address) pair after five failures, for a time that
// doubles with each further failure, and forgets the pair after a success.
#include "serve/login_limiter.h"

#include <gtest/gtest.h>

namespace sakimori::serve {
namespace {

TEST(LoginLimiterTest, LocksAfterFiveFailuresForGrowingTimes) {
  FakeClock clock;
  LoginLimiter limiter(&clock, LoginLimiterOptions{5, 30'000, 3'600'000});
  for (int i = 0; i < 4; ++i) {
    limiter.RecordFailure("alice", "10.0.0.1");
    EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 0) << "after failure " << i + 1;
  }
  limiter.RecordFailure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 30'000);
  // Other pairs are not affected.
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.2"), 0);
  EXPECT_EQ(limiter.RetryAfterMs("bob", "10.0.0.1"), 0);
  clock.Advance(29'000);
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 1'000);
  clock.Advance(1'000);
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 0);
  limiter.RecordFailure("alice", "10.0.0.1");  // 6th: 60 s
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 60'000);
  clock.Advance(60'000);
  limiter.RecordFailure("alice", "10.0.0.1");  // 7th: 120 s
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 120'000);
  clock.Advance(120'000);
  limiter.RecordSuccess("alice", "10.0.0.1");
  limiter.RecordFailure("alice", "10.0.0.1");
  EXPECT_EQ(limiter.RetryAfterMs("alice", "10.0.0.1"), 0) << "a success resets the count";
}

TEST(LoginLimiterTest, LockIsCapped) {
  FakeClock clock;
  LoginLimiter limiter(&clock, LoginLimiterOptions{1, 1'000, 5'000});
  for (int i = 0; i < 40; ++i) limiter.RecordFailure("u", "ip");
  EXPECT_EQ(limiter.RetryAfterMs("u", "ip"), 5'000);
}

}  // namespace
}  // namespace sakimori::serve
