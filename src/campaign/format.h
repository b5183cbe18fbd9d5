// File: campaign/format.h
// Locale-independent number and time formatting for the campaign texts: thousands
// separators, fixed decimals, percentages, delays, UTC offsets and minute-precision times in
// UTC or at a fixed offset (JST). Pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"

namespace sakimori::campaign {

// 1234567 -> "1,234,567".
std::string FormatCount(uint64_t n);
// `v` with `digits` decimals ("0.82"); NaN -> "n/a".
std::string FormatFixed(double v, int digits);
// A share 0..1 as a whole percentage: 0.624 -> "62%".
std::string FormatPercent(double share);
// Seconds as "8 s", "4.5 min" or "2.1 h" (English) — the unit is `s`, `min` or `h`.
std::string FormatDelayEn(double seconds);
// The same in Japanese: "8秒", "4.5分", "2.1時間".
std::string FormatDelayJa(double seconds);
// Hours east of UTC as "UTC+8", "UTC+5:30", "UTC-3", "UTC+0".
std::string FormatUtcOffset(double hours);
// `t` shifted by `offset_hours` as "2025-07-06 03:00" (minutes truncated toward the past).
std::string FormatMinute(TimeMs t, double offset_hours = 0);

// The label of a coordination action in a burst count: "repost" -> "co-repost",
// "url" -> "same-URL" (English); "repost" -> "同時リポスト" (Japanese). Unknown names are
// returned as given.
std::string ActionLabelEn(std::string_view action);
std::string ActionLabelJa(std::string_view action);

// An English list: {"a"} -> "a", {"a","b"} -> "a and b", {"a","b","c"} -> "a, b and c".
std::string JoinEnglish(const std::vector<std::string>& parts);

}  // namespace sakimori::campaign
