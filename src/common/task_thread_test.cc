// File: common/task_thread_test.cc
#include "common/task_thread.h"

#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace sakimori {
namespace {

TEST(TaskThreadTest, RunsEachTaskOnceAndPublishesItsWrites) {
  TaskThread worker;
  std::vector<uint64_t> theirs(1000), ours(1000);
  for (int round = 0; round < 200; ++round) {
    worker.Run([&theirs, round] {
      for (size_t i = 0; i < theirs.size(); ++i) theirs[i] += i + round;
    });
    for (size_t i = 0; i < ours.size(); ++i) ours[i] += i + round;
    worker.Wait();
  }
  EXPECT_EQ(theirs, ours);
  EXPECT_EQ(std::accumulate(theirs.begin(), theirs.end(), uint64_t{0}),
            200 * (999 * 1000 / 2) + 1000 * (199 * 200 / 2));
}

TEST(TaskThreadTest, WaitWithoutTaskAndDestroyWhileRunning) {
  TaskThread worker;
  worker.Wait();  // nothing started
  int done = 0;
  {
    TaskThread other;
    other.Run([&done] { done = 1; });
  }  // the destructor waits for the task
  EXPECT_EQ(done, 1);
}

}  // namespace
}  // namespace sakimori
