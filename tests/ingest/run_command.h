// File: tests/ingest/run_command.h
// Runs the sakimori binary (SAKIMORI_BINARY, set by CMake) as a subprocess and captures its
// output and exit code, for tests of the command line.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace sakimori::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output (with standard error appended when merged)
};

// Runs `SAKIMORI_BINARY args` through the shell; `merge_stderr` appends 2>&1.
inline CommandResult RunSakimori(const std::string& args, bool merge_stderr = false) {
  std::string cmd = std::string("'") + SAKIMORI_BINARY + "' " + args;
  if (merge_stderr) cmd += " 2>&1";
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace sakimori::testing
