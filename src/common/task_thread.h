// File: common/task_thread.h
// One background thread that runs the tasks its owner hands it, one at a time: the owner
// starts a task, does its own share of the work, then waits for the task to finish. This is
// how an operator splits per-event work over two threads without locks: the two sides touch
// disjoint state, and nothing is read across the split before Wait() returns.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sakimori {

class TaskThread {
 public:
  TaskThread();
  ~TaskThread();  // waits for a running task, then joins the thread
  TaskThread(const TaskThread&) = delete;
  TaskThread& operator=(const TaskThread&) = delete;

  // Starts `task` on the thread. Requires: no task running (Wait() was called since the last
  // Run). The task must not throw.
  void Run(std::function<void()> task);
  // Blocks until the task started by the last Run has returned; returns at once without one.
  // Everything the task wrote is visible to the caller afterwards.
  void Wait();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::function<void()> task_;
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sakimori
