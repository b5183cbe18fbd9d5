// File: sim/rhythm.h
// The daily rhythm of the simulated country: relative activity per local hour, separately
// for weekdays and weekends. The shipped curve is Japan's pattern of social-media use
// (quiet 3-6 local time, a lunch peak at 12, the main peak 20-23), invented for the simulator
// from that well-known shape. Simulation day d is [start + d*24h, start + (d+1)*24h).
// Immutable after construction; thread-compatible.
#pragma once

#include <array>

#include "common/time.h"
#include "sim/rng.h"

namespace sakimori::sim {

class Rhythm {
 public:
  Rhythm(TimeMs start, double utc_offset_hours);

  TimeMs DayStart(int day) const { return start_ + day * kMsPerDay; }
  // The simulation day of `t` (may be negative or past the period).
  int DayOf(TimeMs t) const;
  // Local hour 0..23 of `t`, and whether its local date is a Saturday or Sunday.
  int LocalHour(TimeMs t) const;
  bool IsWeekend(TimeMs t) const;
  // The relative activity at `t`, in (0, 1] (1 at the busiest hour of the week).
  double Weight(TimeMs t) const;
  // Relative volume of simulation day `day` (weekends a little busier).
  double DayFactor(int day) const;

  // A time in simulation day `day` whose local hour follows the rhythm, shifted by
  // `shift_hours` (an account that lives later or earlier than most). Always inside the day.
  TimeMs SampleInDay(int day, int shift_hours, Rng& rng) const;

  // Accepts `t` with probability Weight(t): thins a process to follow the rhythm.
  bool Accept(TimeMs t, Rng& rng) const { return rng.Uniform() < Weight(t); }

 private:
  TimeMs start_;
  TimeMs offset_ms_;
  std::array<double, 24> weekday_{};
  std::array<double, 24> weekend_{};
  std::array<double, 25> weekday_cdf_{};
  std::array<double, 25> weekend_cdf_{};
};

}  // namespace sakimori::sim
