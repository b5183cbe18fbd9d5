// File: common/time.h
// Event time. sakimori keeps time as milliseconds since the Unix epoch, UTC (int64), and
// parses the time stamps of every input format exactly, time zones included. Detection
// uses event time only, never the wall clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sakimori {

using TimeMs = int64_t;
inline constexpr TimeMs kMsPerSecond = 1000;
inline constexpr TimeMs kMsPerMinute = 60 * kMsPerSecond;
inline constexpr TimeMs kMsPerHour = 60 * kMsPerMinute;
inline constexpr TimeMs kMsPerDay = 24 * kMsPerHour;

// Every time an input gives has a magnitude below this (1e17 ms, about three million years):
// time stamps are of years 1-9999, epoch numbers have at most 17 digits. Differences and sums
// of two such times, and of a time and any window, cannot overflow; checkpoint readers refuse
// times outside the range (ByteReader::Time).
inline constexpr TimeMs kMaxTimeMs = 100'000'000'000'000'000;
constexpr bool InTimeRange(TimeMs t) { return t >= -kMaxTimeMs && t <= kMaxTimeMs; }
// InTimeRange, or INT64_MIN: the "no time" of the operators (kNoTime).
constexpr bool InTimeRangeOrNone(TimeMs t) { return t == INT64_MIN || InTimeRange(t); }

// a / b rounded towards minus infinity (b != 0): the hour, day, ... a time before 1970 is in.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m in 1..12, d in 1..31).
int64_t DaysFromCivil(int64_t y, int m, int d);
// The inverse: the date of day `days` since 1970-01-01.
void CivilFromDays(int64_t days, int64_t* y, int* m, int* d);

// Parses a time stamp into milliseconds since the epoch (UTC). Accepted forms:
//   ISO 8601 / RFC 3339: 2021-08-15T12:00:05Z, 2021-08-15 12:00:05.250+09:00, 2021-08-15T12:00,
//     2013-09-28 16:49:36+00:00, offsets +hh:mm, +hhmm, +hh, suffix Z, UTC, GMT or a common
//     zone abbreviation (JST, CET, CEST, EST, EDT, PST, PDT, MSK, ...); no zone means UTC;
//   Twitter v1.1: Wed Oct 10 20:19:24 +0000 2018;
//   US month-first dates as in the fivethirtyeight IRA files: 10/1/2017 19:58[:SS];
//   a bare date 2021-08-15 (midnight UTC).
// Returns false (leaving *out unspecified) when `s` is not a valid time of one of these forms,
// including out-of-range fields such as month 13 or 31 April.
bool ParseTimestamp(std::string_view s, TimeMs* out);

// Parses an integer or decimal epoch value: seconds, or milliseconds when the magnitude is at
// least 1e11 (no plausible seconds value is that large). Returns false on anything else.
bool ParseEpoch(std::string_view s, TimeMs* out);

// Parses either form: an epoch number or a time stamp (see above).
bool ParseAnyTime(std::string_view s, TimeMs* out);

// ParseAnyTime with a memo of the last calendar date seen in the form sakimori writes,
// YYYY-MM-DDTHH:MM:SS[.mmm]Z: the events of a file mostly share their day, and the date is
// then neither validated nor converted again. Gives exactly ParseAnyTime's result for every
// input. Not thread-safe: one per reader.
class TimeParser {
 public:
  bool Parse(std::string_view s, TimeMs* out) { return ParseWritten(s, out) || ParseAnyTime(s, out); }

 private:
  // The written form only; false (and the caller takes the general path) for anything else.
  bool ParseWritten(std::string_view s, TimeMs* out);

  char date_[10] = {};  // "YYYY-MM-DD" of days_, valid when has_date_
  int64_t days_ = 0;
  bool has_date_ = false;
};

// Formats as ISO 8601 UTC: 2021-08-15T12:00:05Z, with .mmm when the milliseconds are not zero.
std::string FormatIso8601(TimeMs t);

}  // namespace sakimori
