// File: common/progress.h
// Progress lines for long jobs: records, rate and elapsed time on standard error, redrawn in
// place at most a few times a second, and only when standard error is a terminal (so logs and
// pipes stay clean). Wall-clock time is used here for display only, never for results.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sakimori {

class Progress {
 public:
  // `what` names the unit ("events", "records"). Enabled only if stderr is a terminal, unless
  // `force` says otherwise.
  explicit Progress(std::string what, int force = -1);
  ~Progress();

  // Reports that `done` units have been processed so far (cumulative).
  void Update(uint64_t done) {
    if (!enabled_ || ((++calls_ & 1023) != 0)) return;
    Draw(done, false);
  }
  // Prints the last line and moves to a new one.
  void Finish(uint64_t done);

 private:
  void Draw(uint64_t done, bool final_line);

  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sakimori
