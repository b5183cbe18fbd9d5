// File: ingest/formats/csv_fields.cc
#include "ingest/formats/csv_fields.h"

#include <cstdio>

#include "common/hash.h"
#include "common/strings.h"

namespace sakimori::csv_fields {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsTagChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Status ParseTime(std::string_view s, TimeMs* out) {
  if (!ParseAnyTime(Trim(s), out)) {
    return absl::InvalidArgumentError(StrCat("invalid time: '", s.substr(0, 64), "'"));
  }
  return absl::OkStatus();
}

Status ParseCount(std::string_view s, std::string_view name, int64_t* out) {
  std::string_view t = Trim(s);
  if (t.empty()) return absl::OkStatus();
  size_t i = 0;
  bool negative = false;
  if (t[0] == '-') {
    negative = true;
    i = 1;
  }
  int64_t v = 0;
  size_t digits = 0;
  bool overflow = false;
  for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++digits) {
    if (v > (INT64_MAX - 9) / 10) overflow = true;
    if (!overflow) v = v * 10 + (t[i] - '0');
  }
  if (i < t.size() && t[i] == '.' && digits > 0) {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  }
  if (digits == 0 || overflow || i != t.size()) {
    return absl::InvalidArgumentError(
        StrCat("invalid number: ", name, "='", s.substr(0, 32), "'"));
  }
  *out = negative ? -v : v;
  return absl::OkStatus();
}

bool ParseBool(std::string_view s, bool* out) {
  s = Trim(s);
  for (std::string_view t : {"true", "1", "yes", "t"}) {
    if (EqualsIgnoreCase(s, t)) {
      *out = true;
      return true;
    }
  }
  for (std::string_view f : {"false", "0", "no", "f"}) {
    if (EqualsIgnoreCase(s, f)) {
      *out = false;
      return true;
    }
  }
  return false;
}

void SplitList(std::string_view cell, char separator, std::vector<std::string_view>* out) {
  std::string_view s = Trim(cell);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = Trim(s.substr(1, s.size() - 2));
  while (!s.empty()) {
    size_t cut = s.find(separator);
    std::string_view item = Trim(s.substr(0, cut));
    s = cut == std::string_view::npos ? std::string_view() : s.substr(cut + 1);
    if (item.size() >= 2 && (item.front() == '\'' || item.front() == '"') &&
        item.back() == item.front()) {
      item = item.substr(1, item.size() - 2);
    }
    if (!item.empty()) out->push_back(item);
  }
}

bool SplitRetweetPrefix(std::string_view text, std::string_view* author, std::string_view* rest) {
  if (!text.starts_with("RT @")) return false;
  size_t i = 4;
  while (i < text.size() && IsTagChar(text[i])) ++i;
  if (i == 4 || i >= text.size() || text[i] != ':') return false;
  *author = text.substr(4, i - 4);
  ++i;
  while (i < text.size() && IsSpace(text[i])) ++i;
  *rest = text.substr(i);
  return true;
}

std::string TextPostId(std::string_view text) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(Hash64(Trim(text))));
  return StrCat("text:", std::string_view(hex, 16));
}

void ExtractTags(std::string_view text, std::vector<std::string_view>* hashtags,
                 std::vector<std::string_view>* mentions) {
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '#' && c != '@') continue;
    if (i > 0 && IsTagChar(text[i - 1])) continue;  // e.g. an e-mail address
    size_t j = i + 1;
    while (j < text.size() && IsTagChar(text[j])) ++j;
    if (j > i + 1) (c == '#' ? hashtags : mentions)->push_back(text.substr(i + 1, j - i - 1));
    i = j - 1;
  }
}

}  // namespace sakimori::csv_fields
