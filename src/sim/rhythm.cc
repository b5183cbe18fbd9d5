// File: sim/rhythm.cc
#include "sim/rhythm.h"

#include <algorithm>

#include "common/time.h"

namespace sakimori::sim {
namespace {

// Relative activity per local hour 0..23.
constexpr std::array<double, 24> kWeekday = {0.95, 0.6,  0.35, 0.2,  0.13, 0.13, 0.25, 0.55,
                                             0.75, 0.7,  0.65, 0.75, 1.25, 1.05, 0.75, 0.7,
                                             0.75, 0.85, 0.95, 1.1,  1.35, 1.55, 1.6,  1.35};
constexpr std::array<double, 24> kWeekend = {1.1,  0.8,  0.5, 0.3,  0.18, 0.15, 0.2,  0.35,
                                             0.55, 0.75, 0.9, 1.0,  1.15, 1.1,  1.0,  0.95,
                                             0.95, 1.0,  1.05, 1.15, 1.35, 1.5, 1.55, 1.3};

}  // namespace

Rhythm::Rhythm(TimeMs start, double utc_offset_hours)
    : start_(start), offset_ms_(static_cast<TimeMs>(utc_offset_hours * kMsPerHour)) {
  double max = 0;
  for (int h = 0; h < 24; ++h) max = std::max({max, kWeekday[h], kWeekend[h]});
  for (int h = 0; h < 24; ++h) {
    weekday_[h] = kWeekday[h] / max;
    weekend_[h] = kWeekend[h] / max;
    weekday_cdf_[h + 1] = weekday_cdf_[h] + weekday_[h];
    weekend_cdf_[h + 1] = weekend_cdf_[h] + weekend_[h];
  }
}

int Rhythm::DayOf(TimeMs t) const { return static_cast<int>(FloorDiv(t - start_, kMsPerDay)); }

int Rhythm::LocalHour(TimeMs t) const {
  TimeMs local = t + offset_ms_;
  return static_cast<int>((local - FloorDiv(local, kMsPerDay) * kMsPerDay) / kMsPerHour);
}

bool Rhythm::IsWeekend(TimeMs t) const {
  int64_t days = FloorDiv(t + offset_ms_, kMsPerDay);
  int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
  return weekday >= 5;
}

double Rhythm::Weight(TimeMs t) const {
  int h = LocalHour(t);
  return IsWeekend(t) ? weekend_[h] : weekday_[h];
}

double Rhythm::DayFactor(int day) const {
  return IsWeekend(DayStart(day) + 12 * kMsPerHour) ? 1.1 : 1.0;
}

TimeMs Rhythm::SampleInDay(int day, int shift_hours, Rng& rng) const {
  TimeMs begin = DayStart(day);
  // The local calendar is taken at the middle of the simulation day.
  const auto& cdf = IsWeekend(begin + 12 * kMsPerHour) ? weekend_cdf_ : weekday_cdf_;
  double u = rng.Uniform() * cdf[24];
  int h = static_cast<int>(std::upper_bound(cdf.begin() + 1, cdf.end(), u) - cdf.begin()) - 1;
  h = std::clamp(h, 0, 23);
  int local_hour = ((h + shift_hours) % 24 + 24) % 24;
  TimeMs local_begin = begin + offset_ms_;
  TimeMs ms_of_day = local_begin - FloorDiv(local_begin, kMsPerDay) * kMsPerDay;
  TimeMs delta = (local_hour * kMsPerHour - ms_of_day + kMsPerDay) % kMsPerDay;
  // Whole seconds, as the platforms report them.
  TimeMs t = begin + delta + static_cast<TimeMs>(rng.Below(kMsPerHour / 1000)) * 1000;
  return t < begin + kMsPerDay ? t : t - kMsPerDay;
}

}  // namespace sakimori::sim
