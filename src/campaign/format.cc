// File: campaign/format.cc
#include "campaign/format.h"

#include <charconv>
#include <cmath>

#include "common/strings.h"

namespace sakimori::campaign {

std::string FormatCount(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const size_t len = digits.size();
  for (size_t i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string FormatFixed(double v, int digits) {
  if (!std::isfinite(v)) return "n/a";
  if (v == 0) v = 0;  // no "-0.00"
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, digits);
  if (ec != std::errc()) return "n/a";
  std::string out(buf, end);
  if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
  return out;
}

std::string FormatPercent(double share) {
  if (!std::isfinite(share)) return "n/a";
  return StrCat(static_cast<int64_t>(std::llround(share * 100)), "%");
}

namespace {

// The delay as a number and a unit index: 0 = seconds, 1 = minutes, 2 = hours.
std::string DelayNumber(double seconds, int* unit) {
  if (seconds < 120) {
    *unit = 0;
    return FormatFixed(seconds, seconds < 10 ? 1 : 0);
  }
  if (seconds < 2 * 3600) {
    *unit = 1;
    return FormatFixed(seconds / 60, 1);
  }
  *unit = 2;
  return FormatFixed(seconds / 3600, 1);
}

}  // namespace

std::string FormatDelayEn(double seconds) {
  if (!std::isfinite(seconds)) return "n/a";
  int unit;
  std::string n = DelayNumber(seconds, &unit);
  return StrCat(n, unit == 0 ? " s" : unit == 1 ? " min" : " h");
}

std::string FormatDelayJa(double seconds) {
  if (!std::isfinite(seconds)) return "不明";
  int unit;
  std::string n = DelayNumber(seconds, &unit);
  return StrCat(n, unit == 0 ? "秒" : unit == 1 ? "分" : "時間");
}

std::string FormatUtcOffset(double hours) {
  if (!std::isfinite(hours)) return "UTC?";
  int64_t minutes = std::llround(hours * 60);
  const char* sign = minutes < 0 ? "-" : "+";
  minutes = std::llabs(minutes);
  std::string out = StrCat("UTC", sign, minutes / 60);
  if (minutes % 60 != 0) out += fmt::format(":{:02d}", minutes % 60);
  return out;
}

std::string FormatMinute(TimeMs t, double offset_hours) {
  t += static_cast<TimeMs>(std::llround(offset_hours * 60)) * kMsPerMinute;
  int64_t days = t / kMsPerDay;
  TimeMs rem = t % kMsPerDay;
  if (rem < 0) {
    rem += kMsPerDay;
    --days;
  }
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  const int64_t minute = rem / kMsPerMinute;
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}", y, m, d, minute / 60, minute % 60);
}

namespace {

struct ActionLabel {
  std::string_view name, en, ja;
};
constexpr ActionLabel kActionLabels[] = {
    {"repost", "co-repost", "同時リポスト"},
    {"like", "co-like", "同時いいね"},
    {"reply", "co-reply", "同時リプライ"},
    {"quote", "co-quote", "同時引用"},
    {"engage", "co-engagement", "同一投稿への反応"},
    {"url", "same-URL", "同一URL共有"},
    {"domain", "same-domain", "同一ドメイン共有"},
    {"hashtag", "same-hashtag", "同一ハッシュタグ"},
    {"media", "same-media", "同一メディア共有"},
    {"text", "near-identical-text", "類似文面"},
};

}  // namespace

std::string ActionLabelEn(std::string_view action) {
  for (const auto& l : kActionLabels) {
    if (l.name == action) return std::string(l.en);
  }
  return std::string(action);
}

std::string ActionLabelJa(std::string_view action) {
  for (const auto& l : kActionLabels) {
    if (l.name == action) return std::string(l.ja);
  }
  return std::string(action);
}

std::string JoinEnglish(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace sakimori::campaign
