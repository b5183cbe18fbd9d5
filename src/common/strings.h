// File: common/strings.h
// String building with std::string_view. (Debian's Abseil is built with its own
// absl::string_view, so absl::StrCat does not take std::string_view; fmt does.)
#pragma once

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace sakimori {

// Concatenates the arguments as fmt would print each ("{}").
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::string out;
  (fmt::format_to(std::back_inserter(out), "{}", args), ...);
  return out;
}

template <typename... Args>
void StrAppend(std::string* out, const Args&... args) {
  (fmt::format_to(std::back_inserter(*out), "{}", args), ...);
}

// A status message as std::string_view.
inline std::string_view Message(const absl::Status& s) {
  return std::string_view(s.message().data(), s.message().size());
}

// Joins items with `sep`.
template <typename Container>
std::string StrJoin(const Container& items, std::string_view sep) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out.append(sep);
    first = false;
    fmt::format_to(std::back_inserter(out), "{}", item);
  }
  return out;
}

}  // namespace sakimori
