// File: ingest/json_util.h
// Small helpers over simdjson On-Demand values shared by the JSON formats. They never throw:
// each returns false (or an error status) on a value of the wrong type.
#pragma once

#include <simdjson.h>

#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace sakimori::json {

using simdjson::ondemand::value;

// The text of a string value written without escapes, read straight from the input (no
// copy into simdjson's string buffer): false when `v` is not a string or contains a
// backslash, and then the caller reads it the general way. The value is not consumed.
// Equivalent to get_string() for such strings: the document's UTF-8 and its unescaped
// control characters were checked by simdjson's first stage already.
inline bool PlainString(value& v, std::string_view* out) {
  std::string_view t = v.raw_json_token();
  if (t.size() < 2 || t[0] != '"') return false;
  // The token runs to the next structural character: drop whitespace after the closing quote.
  size_t n = t.size();
  while (n > 2 && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == '\t')) {
    --n;
  }
  if (t[n - 1] != '"') return false;
  std::string_view inner = t.substr(1, n - 2);
  // Most values are short ids and names: a plain loop beats a call to memchr.
  if (inner.size() <= 32) {
    for (char c : inner) {
      if (c == '\\') return false;
    }
  } else if (inner.find('\\') != std::string_view::npos) {
    return false;
  }
  *out = inner;
  return true;
}

bool IdStringSlow(value v, std::string_view* out);
bool TimeSlow(value v, TimeMs* out);

// A string, or the raw text of a number (ids are written either way). False for null and
// other types; *out is then empty.
inline bool IdString(value v, std::string_view* out) {
  return PlainString(v, out) || IdStringSlow(v, out);
}
// A string value; false for null or another type.
inline bool String(value v, std::string_view* out) {
  if (PlainString(v, out)) return true;
  *out = {};
  return !v.get_string().get(*out);
}
// An integer, or an integer given as a string. False otherwise.
bool Int64(value v, int64_t* out);
// true/false; false for anything else.
bool Bool(value v, bool* out);
// True if the value is JSON null.
bool IsNull(value v);
// A time: a string in any form ParseTimestamp accepts, or an epoch number (see ParseEpoch).
inline bool Time(value v, TimeMs* out) {
  std::string_view s;
  if (PlainString(v, &s)) return ParseAnyTime(s, out);
  return TimeSlow(v, out);
}
// Appends the strings of an array (numbers as raw text). False if not an array of such.
// At most `limit` items; more is an error.
bool StringArray(value v, std::vector<std::string_view>* out, size_t limit = 4096);

// The key of an object field, without unescaping when it has no escapes (the fast path).
Status Key(simdjson::ondemand::field& field, std::string_view* key);

// "invalid JSON: <simdjson's message>".
Status JsonError(simdjson::error_code code);

}  // namespace sakimori::json
