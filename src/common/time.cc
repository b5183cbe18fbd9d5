// File: common/time.cc
#include "common/time.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace sakimori {
namespace {

// A cursor over the text being parsed.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  char Peek() const { return i < s.size() ? s[i] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  void SkipSpaces() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  // Reads between min_digits and max_digits decimal digits.
  bool Digits(int min_digits, int max_digits, int64_t* v) {
    int n = 0;
    int64_t x = 0;
    while (n < max_digits && i < s.size() && s[i] >= '0' && s[i] <= '9') {
      x = x * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    *v = x;
    return n >= min_digits;
  }
  std::string_view Word() {
    size_t start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(start, i - start);
  }
};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ValidDate(int64_t y, int64_t m, int64_t d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, int(m));
}

bool ValidTime(int64_t h, int64_t mi, int64_t s) {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

int MonthFromName(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    if (EqualsIgnoreCase(w.substr(0, 3), kNames[m])) return m + 1;
  }
  return 0;
}

// Offset in minutes east of UTC for a zone abbreviation; false if unknown.
bool ZoneAbbreviation(std::string_view w, int64_t* minutes) {
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr Zone kZones[] = {
      {"UTC", 0},     {"GMT", 0},      {"Z", 0},        {"UT", 0},       {"JST", 540},
      {"KST", 540},   {"CST", -360},   {"CDT", -300},   {"EST", -300},   {"EDT", -240},
      {"MST", -420},  {"MDT", -360},   {"PST", -480},   {"PDT", -420},   {"CET", 60},
      {"CEST", 120},  {"BST", 60},     {"EET", 120},    {"EEST", 180},   {"WET", 0},
      {"WEST", 60},   {"MSK", 180},    {"IST", 330},    {"AEST", 600},   {"AEDT", 660},
      {"HKT", 480},   {"SGT", 480},    {"AKST", -540},  {"AKDT", -480},  {"HST", -600},
  };
  for (const Zone& z : kZones) {
    if (EqualsIgnoreCase(w, z.name)) {
      *minutes = z.minutes;
      return true;
    }
  }
  return false;
}

// Parses an optional zone at the cursor: Z, +hh:mm, +hhmm, +hh, or a known abbreviation.
// Returns false if something is there but is not a zone.
bool ParseZone(Cursor& c, int64_t* offset_minutes) {
  *offset_minutes = 0;
  c.SkipSpaces();
  if (c.Done()) return true;
  char ch = c.Peek();
  if (ch == 'Z' || ch == 'z') {
    ++c.i;
    return true;
  }
  if (ch == '+' || ch == '-') {
    ++c.i;
    int64_t hh = 0, mm = 0;
    size_t start = c.i;
    if (!c.Digits(2, 4, &hh)) return false;
    size_t n = c.i - start;
    if (n == 4) {
      mm = hh % 100;
      hh /= 100;
    } else if (n == 2) {
      if (c.Eat(':') && !c.Digits(2, 2, &mm)) return false;
    } else {
      return false;
    }
    if (hh > 14 || mm > 59) return false;
    *offset_minutes = (ch == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
  }
  std::string_view w = c.Word();
  if (w.empty() || !ZoneAbbreviation(w, offset_minutes)) return false;
  // "UTC+9" style.
  if (c.Peek() == '+' || c.Peek() == '-') {
    int64_t extra = 0;
    if (!ParseZone(c, &extra)) return false;
    *offset_minutes += extra;
  }
  return true;
}

// hh:mm[:ss[.fff]] at the cursor.
bool ParseClock(Cursor& c, int64_t* h, int64_t* mi, int64_t* sec, int64_t* ms) {
  *sec = 0;
  *ms = 0;
  if (!c.Digits(1, 2, h) || !c.Eat(':') || !c.Digits(2, 2, mi)) return false;
  if (c.Eat(':')) {
    if (!c.Digits(2, 2, sec)) return false;
    if (c.Eat('.') || c.Eat(',')) {
      int64_t frac = 0;
      size_t start = c.i;
      if (!c.Digits(1, 9, &frac)) return false;
      size_t n = c.i - start;
      while (n > 3) {
        frac /= 10;
        --n;
      }
      while (n < 3) {
        frac *= 10;
        ++n;
      }
      *ms = frac;
      // Ignore digits beyond nanoseconds.
      int64_t ignored;
      c.Digits(0, 64, &ignored);
    }
  }
  return ValidTime(*h, *mi, *sec);
}

bool Assemble(int64_t y, int64_t m, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ms,
              int64_t offset_minutes, TimeMs* out) {
  if (!ValidDate(y, m, d) || !ValidTime(h, mi, s)) return false;
  int64_t days = DaysFromCivil(y, int(m), int(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  *out = secs * 1000 + ms;
  return true;
}

// ISO 8601 and friends: YYYY-MM-DD[(T| )hh:mm[:ss[.f]]][zone], also YYYY/MM/DD.
bool ParseIsoLike(std::string_view s, TimeMs* out) {
  Cursor c{s};
  int64_t y, m, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
  if (!c.Digits(4, 4, &y)) return false;
  char sep = c.Peek();
  if (sep != '-' && sep != '/') return false;
  ++c.i;
  if (!c.Digits(1, 2, &m) || !c.Eat(sep) || !c.Digits(1, 2, &d)) return false;
  if (!c.Done()) {
    if (c.Peek() == 'T' || c.Peek() == 't') {
      ++c.i;
    } else {
      c.SkipSpaces();
    }
    if (!c.Done() && std::isdigit(static_cast<unsigned char>(c.Peek()))) {
      if (!ParseClock(c, &h, &mi, &sec, &ms)) return false;
    }
    if (!ParseZone(c, &off)) return false;
    c.SkipSpaces();
    if (!c.Done()) return false;
  }
  return Assemble(y, m, d, h, mi, sec, ms, off, out);
}

// M/D/YYYY hh:mm[:ss] (US order, as in the fivethirtyeight IRA files).
bool ParseUsDate(std::string_view s, TimeMs* out) {
  Cursor c{s};
  int64_t y, m, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
  if (!c.Digits(1, 2, &m) || !c.Eat('/') || !c.Digits(1, 2, &d) || !c.Eat('/') ||
      !c.Digits(4, 4, &y))
    return false;
  c.SkipSpaces();
  if (!c.Done()) {
    if (!ParseClock(c, &h, &mi, &sec, &ms)) return false;
    c.SkipSpaces();
    std::string_view ampm = c.Word();
    if (!ampm.empty()) {
      if (h < 1 || h > 12) return false;
      if (EqualsIgnoreCase(ampm, "PM")) {
        if (h != 12) h += 12;
      } else if (EqualsIgnoreCase(ampm, "AM")) {
        if (h == 12) h = 0;
      } else {
        c.i -= ampm.size();
      }
    }
    if (!ParseZone(c, &off)) return false;
    c.SkipSpaces();
    if (!c.Done()) return false;
  }
  return Assemble(y, m, d, h, mi, sec, ms, off, out);
}

// Wed Oct 10 20:19:24 +0000 2018 (Twitter v1.1), also RFC 2822: Wed, 10 Oct 2018 20:19:24 +0000.
bool ParseNamedMonth(std::string_view s, TimeMs* out) {
  Cursor c{s};
  std::string_view first = c.Word();
  c.Eat(',');
  c.SkipSpaces();
  int64_t y = 0, d = 0, h, mi, sec, ms, off;
  int64_t m = MonthFromName(first);
  if (m == 0) {
    // first was a weekday (or absent): RFC 2822 "10 Oct 2018" or Twitter "Oct 10 ...".
    if (std::isdigit(static_cast<unsigned char>(c.Peek()))) {
      if (!c.Digits(1, 2, &d)) return false;
      c.SkipSpaces();
      m = MonthFromName(c.Word());
      c.SkipSpaces();
      if (m == 0 || !c.Digits(4, 4, &y)) return false;
      c.SkipSpaces();
      if (!ParseClock(c, &h, &mi, &sec, &ms) || !ParseZone(c, &off)) return false;
      c.SkipSpaces();
      return c.Done() && Assemble(y, m, d, h, mi, sec, ms, off, out);
    }
    m = MonthFromName(c.Word());
    if (m == 0) return false;
  }
  c.SkipSpaces();
  if (!c.Digits(1, 2, &d)) return false;
  c.SkipSpaces();
  if (!ParseClock(c, &h, &mi, &sec, &ms)) return false;
  c.SkipSpaces();
  off = 0;
  if (c.Peek() == '+' || c.Peek() == '-' || std::isalpha(static_cast<unsigned char>(c.Peek()))) {
    if (!ParseZone(c, &off)) return false;
  }
  c.SkipSpaces();
  if (!c.Digits(4, 4, &y)) return false;
  c.SkipSpaces();
  return c.Done() && Assemble(y, m, d, h, mi, sec, ms, off, out);
}

// The C locale's white space, inline: std::isspace is a call per character, and Trim runs on
// every timestamp a table reader parses.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, int m, int d) {
  // Proleptic Gregorian calendar; eras of 400 years (146097 days) starting 0000-03-01.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int64_t* y, int* m, int* d) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = int(doy - (153 * mp + 2) / 5 + 1);
  *m = int(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

// The form sakimori itself writes, YYYY-MM-DDTHH:MM:SS[.mmm]Z, parsed without the general
// machinery. Returns false (and the caller takes the general path) on anything else.
static bool ParseCanonicalIso(std::string_view s, TimeMs* out) {
  if (s.size() != 20 && s.size() != 24) return false;
  const char* p = s.data();
  auto d = [p](int i) { return unsigned(p[i] - '0'); };
  static constexpr int kDigits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  for (int i : kDigits) {
    if (d(i) > 9) return false;
  }
  if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' ||
      p[s.size() - 1] != 'Z') {
    return false;
  }
  int64_t ms = 0;
  if (s.size() == 24) {
    if (p[19] != '.' || d(20) > 9 || d(21) > 9 || d(22) > 9) return false;
    ms = d(20) * 100 + d(21) * 10 + d(22);
  }
  int64_t y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  int64_t m = d(5) * 10 + d(6), day = d(8) * 10 + d(9);
  int64_t h = d(11) * 10 + d(12), mi = d(14) * 10 + d(15), sec = d(17) * 10 + d(18);
  return Assemble(y, m, day, h, mi, sec, ms, 0, out);
}

bool TimeParser::ParseWritten(std::string_view s, TimeMs* out) {
  if (s.size() != 20 && s.size() != 24) return false;
  const char* p = s.data();
  auto d = [p](int i) { return unsigned(p[i] - '0'); };
  if (p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[s.size() - 1] != 'Z') return false;
  if (d(11) > 9 || d(12) > 9 || d(14) > 9 || d(15) > 9 || d(17) > 9 || d(18) > 9) return false;
  int64_t ms = 0;
  if (s.size() == 24) {
    if (p[19] != '.' || d(20) > 9 || d(21) > 9 || d(22) > 9) return false;
    ms = d(20) * 100 + d(21) * 10 + d(22);
  }
  if (!has_date_ || std::memcmp(p, date_, sizeof date_) != 0) {
    static constexpr int kDateDigits[] = {0, 1, 2, 3, 5, 6, 8, 9};
    for (int i : kDateDigits) {
      if (d(i) > 9) return false;
    }
    if (p[4] != '-' || p[7] != '-') return false;
    const int64_t y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const int64_t m = d(5) * 10 + d(6), day = d(8) * 10 + d(9);
    if (!ValidDate(y, m, day)) return false;
    days_ = DaysFromCivil(y, int(m), int(day));
    std::memcpy(date_, p, sizeof date_);
    has_date_ = true;
  }
  const int64_t h = d(11) * 10 + d(12), mi = d(14) * 10 + d(15), sec = d(17) * 10 + d(18);
  if (!ValidTime(h, mi, sec)) return false;
  *out = (days_ * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms;
  return true;
}

bool ParseTimestamp(std::string_view s, TimeMs* out) {
  if (ParseCanonicalIso(s, out)) return true;
  s = Trim(s);
  if (s.size() < 8 || s.size() > 64) return false;
  if (std::isdigit(static_cast<unsigned char>(s[0]))) {
    if (s.size() >= 5 && std::isdigit(static_cast<unsigned char>(s[1])) &&
        std::isdigit(static_cast<unsigned char>(s[2])) &&
        std::isdigit(static_cast<unsigned char>(s[3])) && (s[4] == '-' || s[4] == '/')) {
      return ParseIsoLike(s, out);
    }
    return ParseUsDate(s, out);
  }
  return ParseNamedMonth(s, out);
}

bool ParseEpoch(std::string_view s, TimeMs* out) {
  s = Trim(s);
  if (s.empty() || s.size() > 24) return false;
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-') {
    neg = true;
    i = 1;
  }
  int64_t whole = 0;
  size_t digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    if (digits >= 17) return false;
    whole = whole * 10 + (s[i] - '0');
  }
  if (digits == 0) return false;
  int64_t frac_ms = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int64_t scale = 100;
    size_t fd = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++fd) {
      frac_ms += (s[i] - '0') * scale;
      scale /= 10;
    }
    if (fd == 0) return false;
  }
  if (i != s.size()) return false;
  int64_t ms = whole >= 100'000'000'000LL ? whole : whole * 1000 + frac_ms;
  *out = neg ? -ms : ms;
  return true;
}

// Ten ASCII digits, POSIX seconds from 2001-09-09 to 2286-11-20 and the form of every
// timestamp in CSV exports such as CooRTweet's: eight of them are checked and converted at
// once in a 64-bit word (the digit at the lowest address in the lowest byte). The same value
// as ParseEpoch.
static bool ParseTenDigitSeconds(std::string_view s, TimeMs* out) {
  if (s.size() != 10) return false;
  const int d0 = s[0] - '0', d1 = s[1] - '0';
  if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9) return false;
  uint64_t w;
  std::memcpy(&w, s.data() + 2, sizeof w);
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kZeros = 0x3030303030303030ULL;
  // Every byte in 0x30..0x3F, and still so after adding 6 (no byte above '9'); the first
  // test keeps the addition from carrying between bytes.
  if ((w & kHigh) != kZeros || ((w + 0x0606060606060606ULL) & kHigh) != kZeros) return false;
  w -= kZeros;
  w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFULL;         // pairs of digits
  w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFULL;       // groups of four
  w = (w * 10000 + (w >> 32)) & 0x00000000FFFFFFFFULL;     // the eight digits
  *out = (static_cast<int64_t>(d0 * 10 + d1) * 100'000'000 + static_cast<int64_t>(w)) * 1000;
  return true;
}

bool ParseAnyTime(std::string_view s, TimeMs* out) {
  return ParseTenDigitSeconds(s, out) || ParseCanonicalIso(s, out) || ParseEpoch(s, out) ||
         ParseTimestamp(s, out);
}

std::string FormatIso8601(TimeMs t) {
  int64_t days = FloorDiv(t, kMsPerDay);
  int64_t rem = t - days * kMsPerDay;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  int h = int(rem / kMsPerHour);
  int mi = int(rem / kMsPerMinute % 60);
  int s = int(rem / kMsPerSecond % 60);
  int ms = int(rem % 1000);
  char buf[40];
  if (y < 0 || y > 9999) {
    if (ms == 0) {
      std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d, h, mi,
                    s);
    } else {
      std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, m, d, h,
                    mi, s, ms);
    }
    return buf;
  }
  // The usual years by hand, without snprintf's format parsing (coord's evidence.csv formats
  // two timestamps a row).
  auto put = [](char* p, int v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) p[i] = static_cast<char>('0' + v % 10);
  };
  put(buf, static_cast<int>(y), 4);
  buf[4] = '-';
  put(buf + 5, m, 2);
  buf[7] = '-';
  put(buf + 8, d, 2);
  buf[10] = 'T';
  put(buf + 11, h, 2);
  buf[13] = ':';
  put(buf + 14, mi, 2);
  buf[16] = ':';
  put(buf + 17, s, 2);
  size_t n = 19;
  if (ms != 0) {
    buf[n++] = '.';
    put(buf + n, ms, 3);
    n += 3;
  }
  buf[n++] = 'Z';
  return std::string(buf, n);
}

}  // namespace sakimori
