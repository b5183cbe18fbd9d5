// File: common/progress.cc
#include "common/progress.h"

#include <unistd.h>

#include <cstdio>

namespace sakimori {

Progress::Progress(std::string what, int force)
    : what_(std::move(what)),
      enabled_(force >= 0 ? force != 0 : isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fputc('\n', stderr);
}

void Progress::Finish(uint64_t done) {
  if (!enabled_) return;
  Draw(done, true);
  std::fputc('\n', stderr);
  drawn_ = false;
}

void Progress::Draw(uint64_t done, bool final_line) {
  auto now = std::chrono::steady_clock::now();
  if (!final_line && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? double(done) / secs : 0.0;
  std::fprintf(stderr, "\r%llu %s  %.0f %s/s  %.1f s   ", (unsigned long long)done, what_.c_str(),
               rate, what_.c_str(), secs);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace sakimori
