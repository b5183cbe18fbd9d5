// File: common/checkpoint_test_util.h
// For checkpoint readers' tests: every time a checkpoint holds must be refused when it is out of
// the range of event times (InTimeRange), since the operators take differences of their times.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <set>
#include <string>

#include "common/time.h"

namespace sakimori {

// Finds every 8-byte little-endian value of `bytes` (after the 5-byte header) that is one of
// `times`, replaces it in turn with values just outside the range, and expects `restore` to
// refuse each damaged copy. Returns how many such positions there were (a caller checks the
// stream put its times where the search finds them).
inline int ExpectTimesOutOfRangeRefused(const std::string& bytes, const std::set<TimeMs>& times,
                                        const std::function<bool(const std::string&)>& restore) {
  int found = 0;
  for (size_t pos = 5; pos + 8 <= bytes.size(); ++pos) {
    int64_t v;
    std::memcpy(&v, bytes.data() + pos, 8);  // as written, on a little-endian host
    if (!times.contains(v)) continue;
    ++found;
    for (int64_t bad : {INT64_MIN + 1, kMaxTimeMs + 1, -kMaxTimeMs - 1, INT64_MAX}) {
      std::string damaged = bytes;
      std::memcpy(damaged.data() + pos, &bad, 8);
      EXPECT_FALSE(restore(damaged)) << "a time at byte " << pos << " replaced by " << bad;
    }
  }
  return found;
}

}  // namespace sakimori
