// File: detect/foreign/internal/synthetic_activity.h
// Test data: event times drawn from a rhythm template lived at a chosen UTC offset, over whole
// weeks. Used by the tests of the activity clock and the offset fit.
#pragma once

#include <random>
#include <vector>

#include "common/time.h"
#include "detect/foreign/utc_offset.h"

namespace sakimori::foreign::internal {

// Draws about `events_per_week` events per week for `weeks` weeks starting Monday 2025-01-06
// in the operators' local time (UTC+`offset_hours`): each local hour of each day gets a
// Poisson count proportional to TemplateRate(t, weekend, hour). Returns UTC times, sorted.
inline std::vector<TimeMs> DrawEvents(RhythmTemplate t, int offset_hours, int weeks,
                                      double events_per_week, uint64_t seed) {
  double week_mass = 0.0;
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) week_mass += TemplateRate(t, d >= 5, h);
  }
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> minute(0, kMsPerHour - 1);
  const int64_t day0 = DaysFromCivil(2025, 1, 6);  // a Monday
  std::vector<TimeMs> out;
  for (int d = 0; d < 7 * weeks; ++d) {
    bool weekend = d % 7 >= 5;
    for (int h = 0; h < 24; ++h) {
      double lambda = events_per_week * TemplateRate(t, weekend, h) / week_mass;
      std::poisson_distribution<int> count(lambda);
      int n = count(rng);
      for (int i = 0; i < n; ++i) {
        TimeMs local = (day0 + d) * kMsPerDay + h * kMsPerHour + minute(rng);
        out.push_back(local - offset_hours * kMsPerHour);
      }
    }
  }
  return out;
}

}  // namespace sakimori::foreign::internal
