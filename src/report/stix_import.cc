// File: report/stix_import.cc
// A small scanner for the subset of the STIX patterning language the watch list needs
// (STIX 2.1 section 9): observation expressions in brackets, comparisons `path = 'string'`,
// OR, and AND with an account_type qualifier.
#include "report/stix_import.h"

#include <simdjson.h>

#include <set>
#include <unordered_map>

#include "common/strings.h"
#include "common/time.h"
#include "report/tlp.h"

namespace sakimori::report {
namespace {

bool IsPathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':' || c == '[' || c == ']' || c == '*';
}

}  // namespace

StatusOr<std::vector<PatternValue>> ParseIndicatorPattern(std::string_view p) {
  std::vector<PatternValue> out;
  size_t i = 0;
  bool saw_and = false;
  bool saw_qualifier = false;
  auto skip_space = [&] {
    while (i < p.size() && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) ++i;
  };
  while (true) {
    skip_space();
    if (i >= p.size()) break;
    char c = p[i];
    if (c == '[' || c == ']' || c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (p.substr(i, 2) == "OR" && (i + 2 == p.size() || !IsPathChar(p[i + 2]))) {
      i += 2;
      continue;
    }
    if (p.substr(i, 3) == "AND" && (i + 3 == p.size() || !IsPathChar(p[i + 3]))) {
      i += 3;
      saw_and = true;
      continue;
    }
    // A comparison: path op 'literal'.
    size_t start = i;
    while (i < p.size() && IsPathChar(p[i]) && p[i] != '[' && p[i] != ']') ++i;
    std::string_view path = p.substr(start, i - start);
    if (path.empty() || path.find(':') == std::string_view::npos) {
      return absl::InvalidArgumentError(
          StrCat("unsupported pattern syntax near '", p.substr(start, 20), "'"));
    }
    skip_space();
    size_t op_start = i;
    while (i < p.size() && p[i] != ' ' && p[i] != '\'' && p[i] != '\t') ++i;
    std::string_view op = p.substr(op_start, i - op_start);
    if (op != "=") return absl::InvalidArgumentError(StrCat("unsupported operator '", op, "'"));
    skip_space();
    if (i >= p.size() || p[i] != '\'') {
      return absl::InvalidArgumentError("comparison value is not a string literal");
    }
    ++i;
    std::string value;
    bool closed = false;
    while (i < p.size()) {
      if (p[i] == '\\' && i + 1 < p.size()) {
        value.push_back(p[i + 1]);
        i += 2;
      } else if (p[i] == '\'') {
        ++i;
        closed = true;
        break;
      } else {
        value.push_back(p[i++]);
      }
    }
    if (!closed) return absl::InvalidArgumentError("unterminated string literal");
    if (path == "user-account:account_type") {
      saw_qualifier = true;
      continue;
    }
    if (value.empty()) return absl::InvalidArgumentError("empty comparison value");
    if (path == "user-account:user_id") {
      out.push_back({IndicatorType::kAccountId, std::move(value)});
    } else if (path == "user-account:account_login") {
      out.push_back({IndicatorType::kHandle, std::move(value)});
    } else if (path == "domain-name:value") {
      out.push_back({IndicatorType::kDomain, std::move(value)});
    } else if (path == "url:value") {
      out.push_back({IndicatorType::kUrl, std::move(value)});
    } else {
      return absl::InvalidArgumentError(StrCat("unsupported object path ", path));
    }
  }
  if (saw_and && !saw_qualifier) {
    return absl::InvalidArgumentError("AND between watch-list values is not supported");
  }
  if (saw_and && out.size() > 1) {
    return absl::InvalidArgumentError("AND between watch-list values is not supported");
  }
  if (out.empty()) return absl::InvalidArgumentError("no supported comparison in pattern");
  return out;
}

StatusOr<StixImportResult> ImportStixIndicators(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(StrCat("not JSON: ", simdjson::error_message(err)));
  }
  std::string_view type, bundle_id;
  simdjson::dom::array objects;
  if (root["type"].get_string().get(type) != simdjson::SUCCESS || type != "bundle" ||
      root["objects"].get_array().get(objects) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("not a STIX bundle (type \"bundle\" with objects)");
  }
  if (root["id"].get_string().get(bundle_id) != simdjson::SUCCESS) bundle_id = "bundle";

  StixImportResult result;
  std::unordered_map<std::string, std::string> identity_names;
  for (simdjson::dom::element o : objects) {
    ++result.objects;
    std::string_view t, id, name;
    if (o["type"].get_string().get(t) == simdjson::SUCCESS && t == "identity" &&
        o["id"].get_string().get(id) == simdjson::SUCCESS &&
        o["name"].get_string().get(name) == simdjson::SUCCESS) {
      identity_names[std::string(id)] = std::string(name);
    }
  }
  std::set<std::tuple<IndicatorType, std::string, std::string>> seen;
  for (simdjson::dom::element o : objects) {
    std::string_view t;
    if (o["type"].get_string().get(t) != simdjson::SUCCESS || t != "indicator") continue;
    ++result.stix_indicators;
    auto reject = [&](std::string reason) { ++result.rejected[std::move(reason)]; };
    bool revoked = false;
    if (o["revoked"].get_bool().get(revoked) == simdjson::SUCCESS && revoked) {
      reject("revoked indicator");
      continue;
    }
    std::string_view pattern_type, pattern;
    if (o["pattern_type"].get_string().get(pattern_type) != simdjson::SUCCESS ||
        pattern_type != "stix") {
      reject(StrCat("pattern_type '", pattern_type, "' not supported"));
      continue;
    }
    if (o["pattern"].get_string().get(pattern) != simdjson::SUCCESS) {
      reject("no pattern");
      continue;
    }
    auto values = ParseIndicatorPattern(pattern);
    if (!values.ok()) {
      reject(std::string(Message(values.status())));
      continue;
    }
    std::string source;
    std::string_view creator;
    if (o["created_by_ref"].get_string().get(creator) == simdjson::SUCCESS) {
      auto it = identity_names.find(std::string(creator));
      source = it != identity_names.end() ? it->second : std::string(creator);
    } else {
      source = std::string(bundle_id);
    }
    std::optional<Tlp> tlp;
    simdjson::dom::array marks;
    if (o["object_marking_refs"].get_array().get(marks) == simdjson::SUCCESS) {
      for (simdjson::dom::element m : marks) {
        std::string_view mid;
        if (m.get_string().get(mid) != simdjson::SUCCESS) continue;
        if (auto found = TlpFromMarkingId(mid)) {
          // The most restrictive marking wins when several are given.
          if (!tlp || static_cast<int>(*found) > static_cast<int>(*tlp)) tlp = found;
        }
      }
    }
    if (!tlp) {
      tlp = Tlp::kAmber;
      ++result.defaulted_tlp;
    }
    TimeMs created = 0;
    std::string_view created_s;
    if (o["created"].get_string().get(created_s) != simdjson::SUCCESS ||
        !ParseTimestamp(created_s, &created)) {
      reject("missing or invalid created time");
      continue;
    }
    ++result.accepted;
    for (PatternValue& v : *values) {
      if (!seen.insert({v.type, v.value, source}).second) continue;
      result.indicators.push_back(IndicatorRecord{.type = v.type,
                                                  .value = std::move(v.value),
                                                  .source = source,
                                                  .tlp = *tlp,
                                                  .created_at = created});
    }
  }
  return result;
}

}  // namespace sakimori::report
