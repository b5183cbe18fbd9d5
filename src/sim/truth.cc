// File: sim/truth.cc
#include "sim/truth.h"

#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "common/json_writer.h"
#include "common/strings.h"

namespace sakimori::sim {
namespace {

void WriteStrings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.Key(key).BeginArray();
  for (const std::string& s : v) w.String(s);
  w.EndArray();
}

void WriteTime(JsonWriter& w, std::string_view key, TimeMs t) {
  w.Field(key, FormatIso8601(t));
}

using simdjson::dom::element;
using simdjson::dom::object;

Status Bad(std::string_view what) {
  return absl::InvalidArgumentError(StrCat("truth.json: ", what));
}

Status GetString(element e, std::string_view key, std::string* out) {
  std::string_view s;
  if (e.get_string().get(s)) return Bad(StrCat("'", key, "' is not a string"));
  out->assign(s);
  return absl::OkStatus();
}

Status GetStrings(element e, std::string_view key, std::vector<std::string>* out) {
  simdjson::dom::array a;
  if (e.get_array().get(a)) return Bad(StrCat("'", key, "' is not an array"));
  out->clear();
  for (element item : a) {
    std::string_view s;
    if (item.get_string().get(s)) return Bad(StrCat("'", key, "' holds a non-string"));
    out->emplace_back(s);
  }
  return absl::OkStatus();
}

Status GetTime(element e, std::string_view key, TimeMs* out) {
  std::string_view s;
  if (e.get_string().get(s) || !ParseTimestamp(s, out)) {
    return Bad(StrCat("'", key, "' is not a time"));
  }
  return absl::OkStatus();
}

Status GetDouble(element e, std::string_view key, double* out) {
  if (e.get_double().get(*out)) {
    int64_t i;
    uint64_t u;
    if (!e.get_int64().get(i)) {
      *out = static_cast<double>(i);
    } else if (!e.get_uint64().get(u)) {
      *out = static_cast<double>(u);
    } else {
      return Bad(StrCat("'", key, "' is not a number"));
    }
  }
  return absl::OkStatus();
}

Status GetInt(element e, std::string_view key, int64_t* out) {
  if (!e.get_int64().get(*out)) return absl::OkStatus();
  double d;
  if (e.get_double().get(d)) return Bad(StrCat("'", key, "' is not an integer"));
  *out = static_cast<int64_t>(d);
  return absl::OkStatus();
}

Status ParseOperation(element e, TruthOperation* op) {
  object o;
  if (e.get_object().get(o)) return Bad("an operation is not an object");
  for (auto [key, v] : o) {
    if (v.is_null()) continue;
    if (key == "id") {
      RETURN_IF_ERROR(GetString(v, key, &op->id));
    } else if (key == "name") {
      RETURN_IF_ERROR(GetString(v, key, &op->name));
    } else if (key == "sophistication") {
      RETURN_IF_ERROR(GetString(v, key, &op->sophistication));
    } else if (key == "tactics") {
      RETURN_IF_ERROR(GetStrings(v, key, &op->tactics));
    } else if (key == "techniques") {
      RETURN_IF_ERROR(GetStrings(v, key, &op->techniques));
    } else if (key == "members") {
      RETURN_IF_ERROR(GetStrings(v, key, &op->members));
    } else if (key == "amplified_authors") {
      RETURN_IF_ERROR(GetStrings(v, key, &op->amplified_authors));
    } else if (key == "targets") {
      object t;
      if (v.get_object().get(t)) return Bad("'targets' is not an object");
      for (auto [tk, tv] : t) {
        if (tv.is_null()) continue;
        if (tk == "posts") RETURN_IF_ERROR(GetStrings(tv, tk, &op->targets.posts));
        if (tk == "urls") RETURN_IF_ERROR(GetStrings(tv, tk, &op->targets.urls));
        if (tk == "hashtags") RETURN_IF_ERROR(GetStrings(tv, tk, &op->targets.hashtags));
      }
    } else if (key == "start") {
      RETURN_IF_ERROR(GetTime(v, key, &op->start));
    } else if (key == "end") {
      RETURN_IF_ERROR(GetTime(v, key, &op->end));
    } else if (key == "utc_offset_hours") {
      double d;
      RETURN_IF_ERROR(GetDouble(v, key, &d));
      op->utc_offset_hours = d;
    }
  }
  return absl::OkStatus();
}

Status ParseHardNegative(element e, TruthHardNegative* hn) {
  object o;
  if (e.get_object().get(o)) return Bad("a hard negative is not an object");
  for (auto [key, v] : o) {
    if (v.is_null()) continue;
    if (key == "id") {
      RETURN_IF_ERROR(GetString(v, key, &hn->id));
    } else if (key == "kind") {
      RETURN_IF_ERROR(GetString(v, key, &hn->kind));
    } else if (key == "members") {
      RETURN_IF_ERROR(GetStrings(v, key, &hn->members));
    } else if (key == "start") {
      RETURN_IF_ERROR(GetTime(v, key, &hn->start));
    } else if (key == "end") {
      RETURN_IF_ERROR(GetTime(v, key, &hn->end));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string WriteTruthJson(const Truth& t) {
  JsonWriter w(2);
  w.BeginObject();
  w.Field("scenario", t.scenario);
  w.Field("seed", t.seed);
  w.Field("scale", t.scale);
  WriteTime(w, "start", t.start);
  WriteTime(w, "end", t.end);
  w.Field("days", t.days);
  w.Field("accounts_total", t.accounts_total);
  w.Field("events_total", t.events_total);
  w.Key("operations").BeginArray();
  for (const TruthOperation& op : t.operations) {
    w.BeginObject();
    w.Field("id", op.id);
    w.Field("name", op.name);
    w.Field("sophistication", op.sophistication);
    WriteStrings(w, "tactics", op.tactics);
    WriteStrings(w, "techniques", op.techniques);
    WriteStrings(w, "members", op.members);
    WriteStrings(w, "amplified_authors", op.amplified_authors);
    w.Key("targets").BeginObject();
    WriteStrings(w, "posts", op.targets.posts);
    WriteStrings(w, "urls", op.targets.urls);
    WriteStrings(w, "hashtags", op.targets.hashtags);
    w.EndObject();
    WriteTime(w, "start", op.start);
    WriteTime(w, "end", op.end);
    w.Key("utc_offset_hours");
    if (op.utc_offset_hours) {
      w.Double(*op.utc_offset_hours);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("hard_negatives").BeginArray();
  for (const TruthHardNegative& hn : t.hard_negatives) {
    w.BeginObject();
    w.Field("id", hn.id);
    w.Field("kind", hn.kind);
    WriteStrings(w, "members", hn.members);
    WriteTime(w, "start", hn.start);
    WriteTime(w, "end", hn.end);
    w.EndObject();
  }
  w.EndArray();
  WriteStrings(w, "amplified_authors", t.amplified_authors);
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

StatusOr<Truth> ParseTruthJson(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root)) {
    return Bad(StrCat("invalid JSON: ", simdjson::error_message(err)));
  }
  object o;
  if (root.get_object().get(o)) return Bad("not a JSON object");
  Truth t;
  bool has_scenario = false, has_start = false, has_end = false, has_ops = false;
  for (auto [key, v] : o) {
    if (v.is_null()) continue;
    if (key == "scenario") {
      RETURN_IF_ERROR(GetString(v, key, &t.scenario));
      has_scenario = true;
    } else if (key == "seed") {
      uint64_t u;
      if (v.get_uint64().get(u)) return Bad("'seed' is not an unsigned integer");
      t.seed = u;
    } else if (key == "scale") {
      RETURN_IF_ERROR(GetDouble(v, key, &t.scale));
    } else if (key == "start") {
      RETURN_IF_ERROR(GetTime(v, key, &t.start));
      has_start = true;
    } else if (key == "end") {
      RETURN_IF_ERROR(GetTime(v, key, &t.end));
      has_end = true;
    } else if (key == "days") {
      RETURN_IF_ERROR(GetDouble(v, key, &t.days));
    } else if (key == "accounts_total") {
      RETURN_IF_ERROR(GetInt(v, key, &t.accounts_total));
    } else if (key == "events_total") {
      RETURN_IF_ERROR(GetInt(v, key, &t.events_total));
    } else if (key == "operations") {
      simdjson::dom::array a;
      if (v.get_array().get(a)) return Bad("'operations' is not an array");
      for (element item : a) {
        RETURN_IF_ERROR(ParseOperation(item, &t.operations.emplace_back()));
      }
      has_ops = true;
    } else if (key == "hard_negatives") {
      simdjson::dom::array a;
      if (v.get_array().get(a)) return Bad("'hard_negatives' is not an array");
      for (element item : a) {
        RETURN_IF_ERROR(ParseHardNegative(item, &t.hard_negatives.emplace_back()));
      }
    } else if (key == "amplified_authors") {
      RETURN_IF_ERROR(GetStrings(v, key, &t.amplified_authors));
    }
  }
  if (!has_scenario) return Bad("missing key 'scenario'");
  if (!has_start) return Bad("missing key 'start'");
  if (!has_end) return Bad("missing key 'end'");
  if (!has_ops) return Bad("missing key 'operations'");
  return t;
}

StatusOr<Truth> ReadTruthFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseTruthJson(ss.str());
}

}  // namespace sakimori::sim
