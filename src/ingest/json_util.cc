// File: ingest/json_util.cc
#include "ingest/json_util.h"


#include "common/strings.h"

namespace sakimori::json {

namespace {
std::string_view TrimToken(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\n' || t.back() == '\r' ||
                        t.back() == '\t' || t.back() == ',' || t.back() == '}' ||
                        t.back() == ']')) {
    t.remove_suffix(1);
  }
  return t;
}
}  // namespace

bool IdStringSlow(value v, std::string_view* out) {
  if (!v.get_string().get(*out)) return true;
  *out = {};
  simdjson::ondemand::json_type type;
  if (v.type().get(type) || type != simdjson::ondemand::json_type::number) return false;
  *out = TrimToken(v.raw_json_token());
  return !out->empty();
}

bool Int64(value v, int64_t* out) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return false;
  if (type == simdjson::ondemand::json_type::number) {
    if (!v.get_int64().get(*out)) return true;
    double d;
    if (v.get_double().get(d) || d != d || d > 9.2e18 || d < -9.2e18) return false;
    *out = static_cast<int64_t>(d);
    return true;
  }
  if (type == simdjson::ondemand::json_type::string) {
    return !v.get_int64_in_string().get(*out);
  }
  return false;
}

bool Bool(value v, bool* out) { return !v.get_bool().get(*out); }

bool IsNull(value v) {
  bool is_null = false;
  return !v.is_null().get(is_null) && is_null;
}

bool TimeSlow(value v, TimeMs* out) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type)) return false;
  if (type == simdjson::ondemand::json_type::number) {
    return ParseEpoch(TrimToken(v.raw_json_token()), out);
  }
  std::string_view s;
  if (v.get_string().get(s)) return false;
  return ParseAnyTime(s, out);
}

bool StringArray(value v, std::vector<std::string_view>* out, size_t limit) {
  simdjson::ondemand::array arr;
  if (v.get_array().get(arr)) return false;
  for (auto item : arr) {
    simdjson::ondemand::value iv;
    if (item.get(iv)) return false;
    std::string_view s;
    if (!IdString(iv, &s)) return false;
    if (out->size() >= limit) return false;
    out->push_back(s);
  }
  return true;
}

Status Key(simdjson::ondemand::field& field, std::string_view* key) {
  const char* p = field.key().raw();
  // Keys are short: scan for the closing quote by hand. The document was validated by
  // simdjson's first stage, so the quote is there; a backslash sends us to the unescaping path.
  size_t n = 0;
  while (p[n] != '"' && p[n] != '\\') ++n;
  if (p[n] == '"') {
    *key = std::string_view(p, n);
    return absl::OkStatus();
  }
  if (auto err = field.unescaped_key().get(*key)) return JsonError(err);
  return absl::OkStatus();
}

Status JsonError(simdjson::error_code code) {
  return absl::InvalidArgumentError(StrCat("invalid JSON: ", simdjson::error_message(code)));
}

}  // namespace sakimori::json
