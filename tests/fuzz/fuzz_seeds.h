// File: tests/fuzz/fuzz_seeds.h
// The seed-writing entry of the fuzz targets whose seeds the code under test makes itself:
// with SAKIMORI_FUZZ_WRITE_SEEDS=DIR, `write(DIR)` runs and the process exits (run_fuzz.sh
// does this before fuzzing), so the seeds always follow the current formats.
#pragma once

#include <cstdlib>
#include <string>

namespace sakimori {

inline void WriteSeedsIfAsked(void (*write)(const std::string& dir)) {
  if (const char* dir = std::getenv("SAKIMORI_FUZZ_WRITE_SEEDS")) {
    write(dir);
    std::exit(0);
  }
}

}  // namespace sakimori
