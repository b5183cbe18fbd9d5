// File: model/results.cc
// results.json writing (JsonWriter) and parsing (simdjson DOM: the files are small and keys
// may come in any order).
#include "model/results.h"

#include <simdjson.h>

#include <cmath>

#include "common/json_writer.h"
#include "common/strings.h"

namespace sakimori {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

void WriteTime(JsonWriter& w, std::string_view key, TimeMs t) {
  w.Key(key);
  if (t == kNoTime) {
    w.Null();
  } else {
    w.String(FormatIso8601(t));
  }
}

void WriteStrings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.Key(key).BeginArray();
  for (const std::string& s : v) w.String(s);
  w.EndArray();
}

Status FieldError(std::string_view where, std::string_view key, std::string_view want) {
  return absl::InvalidArgumentError(
      StrCat("results.json: ", where, ": \"", key, "\" must be ", want));
}

// An id: a string, or an integer number (written as its decimal text).
Status GetId(element e, std::string_view where, std::string_view key, std::string* out) {
  switch (e.type()) {
    case element_type::STRING: {
      std::string_view s;
      s = e.get_string().value_unsafe();
      *out = std::string(s);
      return absl::OkStatus();
    }
    case element_type::INT64:
      *out = std::to_string(int64_t(e.get_int64().value_unsafe()));
      return absl::OkStatus();
    case element_type::UINT64:
      *out = std::to_string(uint64_t(e.get_uint64().value_unsafe()));
      return absl::OkStatus();
    default:
      return FieldError(where, key, "a string");
  }
}

Status GetString(element e, std::string_view where, std::string_view key, std::string* out) {
  std::string_view s;
  if (e.get_string().get(s)) return FieldError(where, key, "a string");
  *out = std::string(s);
  return absl::OkStatus();
}

Status GetNumber(element e, std::string_view where, std::string_view key, double* out) {
  double d;
  if (e.get_double().get(d) || !std::isfinite(d)) return FieldError(where, key, "a finite number");
  *out = d;
  return absl::OkStatus();
}

Status GetBool(element e, std::string_view where, std::string_view key, bool* out) {
  if (e.get_bool().get(*out)) return FieldError(where, key, "true or false");
  return absl::OkStatus();
}

// A time: null (kNoTime), an ISO 8601 string or an epoch number.
Status GetTime(element e, std::string_view where, std::string_view key, TimeMs* out) {
  if (e.is_null()) {
    *out = kNoTime;
    return absl::OkStatus();
  }
  std::string_view s;
  if (!e.get_string().get(s)) {
    if (ParseTimestamp(s, out)) return absl::OkStatus();
    return FieldError(where, key, "an ISO 8601 time");
  }
  int64_t i;
  if (!e.get_int64().get(i)) {
    std::string text = std::to_string(i);
    if (ParseEpoch(text, out)) return absl::OkStatus();
  }
  double d;
  if (!e.get_double().get(d) && std::isfinite(d)) {
    std::string text = fmt::format("{}", d);
    if (ParseEpoch(text, out)) return absl::OkStatus();
  }
  return FieldError(where, key, "a time (ISO 8601 string or epoch number)");
}

Status GetStrings(element e, std::string_view where, std::string_view key,
                  std::vector<std::string>* out) {
  simdjson::dom::array arr;
  if (e.get_array().get(arr)) return FieldError(where, key, "an array of strings");
  out->clear();
  for (element item : arr) {
    std::string s;
    RETURN_IF_ERROR(GetId(item, where, key, &s));
    out->push_back(std::move(s));
  }
  return absl::OkStatus();
}

// Calls `parse_one(object, where)` for each element of the array `e`, named `key`.
template <typename Fn>
Status ForEachObject(element e, std::string_view key, Fn parse_one) {
  simdjson::dom::array arr;
  if (e.get_array().get(arr)) return FieldError("root", key, "an array of objects");
  size_t index = 0;
  for (element item : arr) {
    std::string where = StrCat(key, "[", index++, "]");
    simdjson::dom::object obj;
    if (item.get_object().get(obj)) {
      return absl::InvalidArgumentError(StrCat("results.json: ", where, " is not an object"));
    }
    RETURN_IF_ERROR(parse_one(obj, where));
  }
  return absl::OkStatus();
}

Status RequireId(bool seen, std::string_view where) {
  if (seen) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("results.json: ", where, " has no \"id\""));
}

Status ParseAccount(simdjson::dom::object obj, std::string_view where, AccountResult* a) {
  bool has_id = false;
  for (auto field : obj) {
    if (field.key == "id") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &a->id));
      has_id = true;
    } else if (field.key == "score") {
      RETURN_IF_ERROR(GetNumber(field.value, where, field.key, &a->score));
    } else if (field.key == "flagged") {
      RETURN_IF_ERROR(GetBool(field.value, where, field.key, &a->flagged));
    }
  }
  return RequireId(has_id, where);
}

Status ParseGroup(simdjson::dom::object obj, std::string_view where, GroupResult* g) {
  bool has_id = false;
  for (auto field : obj) {
    if (field.key == "id") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &g->id));
      has_id = true;
    } else if (field.key == "members") {
      RETURN_IF_ERROR(GetStrings(field.value, where, field.key, &g->members));
    }
  }
  return RequireId(has_id, where);
}

Status ParseItem(simdjson::dom::object obj, std::string_view where, ItemResult* item) {
  bool has_id = false;
  for (auto field : obj) {
    if (field.key == "id") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &item->id));
      has_id = true;
    } else if (field.key == "kind") {
      RETURN_IF_ERROR(GetString(field.value, where, field.key, &item->kind));
    } else if (field.key == "score") {
      RETURN_IF_ERROR(GetNumber(field.value, where, field.key, &item->score));
    } else if (field.key == "flagged") {
      RETURN_IF_ERROR(GetBool(field.value, where, field.key, &item->flagged));
    }
  }
  return RequireId(has_id, where);
}

Status ParseCampaign(simdjson::dom::object obj, std::string_view where, CampaignResult* c) {
  bool has_id = false;
  for (auto field : obj) {
    if (field.key == "id") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &c->id));
      has_id = true;
    } else if (field.key == "members") {
      RETURN_IF_ERROR(GetStrings(field.value, where, field.key, &c->members));
    } else if (field.key == "items") {
      RETURN_IF_ERROR(GetStrings(field.value, where, field.key, &c->items));
    } else if (field.key == "techniques") {
      RETURN_IF_ERROR(GetStrings(field.value, where, field.key, &c->techniques));
    } else if (field.key == "score") {
      RETURN_IF_ERROR(GetNumber(field.value, where, field.key, &c->score));
    } else if (field.key == "start") {
      RETURN_IF_ERROR(GetTime(field.value, where, field.key, &c->start));
    } else if (field.key == "end") {
      RETURN_IF_ERROR(GetTime(field.value, where, field.key, &c->end));
    } else if (field.key == "utc_offset_hours") {
      if (field.value.is_null()) {
        c->utc_offset_hours.reset();
      } else {
        double d;
        RETURN_IF_ERROR(GetNumber(field.value, where, field.key, &d));
        c->utc_offset_hours = d;
      }
    }
  }
  return RequireId(has_id, where);
}

Status ParseAlert(simdjson::dom::object obj, std::string_view where, AlertResult* a) {
  bool has_id = false;
  for (auto field : obj) {
    if (field.key == "id") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &a->id));
      has_id = true;
    } else if (field.key == "campaign") {
      RETURN_IF_ERROR(GetId(field.value, where, field.key, &a->campaign));
    } else if (field.key == "time") {
      RETURN_IF_ERROR(GetTime(field.value, where, field.key, &a->time));
    } else if (field.key == "severity") {
      RETURN_IF_ERROR(GetString(field.value, where, field.key, &a->severity));
    }
  }
  RETURN_IF_ERROR(RequireId(has_id, where));
  if (a->time == kNoTime) {
    return absl::InvalidArgumentError(StrCat("results.json: ", where, " has no \"time\""));
  }
  return absl::OkStatus();
}

}  // namespace

std::string WriteResultsJson(const Results& r) {
  JsonWriter w(2);
  w.BeginObject();
  w.Field("generator", r.generator);
  w.Key("accounts").BeginArray();
  for (const AccountResult& a : r.accounts) {
    w.BeginObject().Field("id", a.id).Field("score", a.score).Field("flagged", a.flagged);
    w.EndObject();
  }
  w.EndArray();
  w.Key("groups").BeginArray();
  for (const GroupResult& g : r.groups) {
    w.BeginObject().Field("id", g.id);
    WriteStrings(w, "members", g.members);
    w.EndObject();
  }
  w.EndArray();
  w.Key("items").BeginArray();
  for (const ItemResult& item : r.items) {
    w.BeginObject().Field("id", item.id).Field("kind", item.kind).Field("score", item.score);
    w.Field("flagged", item.flagged).EndObject();
  }
  w.EndArray();
  w.Key("campaigns").BeginArray();
  for (const CampaignResult& c : r.campaigns) {
    w.BeginObject().Field("id", c.id);
    WriteStrings(w, "members", c.members);
    WriteStrings(w, "items", c.items);
    w.Field("score", c.score);
    WriteTime(w, "start", c.start);
    WriteTime(w, "end", c.end);
    w.Key("utc_offset_hours");
    if (c.utc_offset_hours.has_value()) {
      w.Double(*c.utc_offset_hours);
    } else {
      w.Null();
    }
    WriteStrings(w, "techniques", c.techniques);
    w.EndObject();
  }
  w.EndArray();
  w.Key("alerts").BeginArray();
  for (const AlertResult& a : r.alerts) {
    w.BeginObject().Field("id", a.id).Field("campaign", a.campaign);
    WriteTime(w, "time", a.time);
    w.Field("severity", a.severity).EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string out = w.Take();
  out.push_back('\n');
  return out;
}

StatusOr<Results> ParseResultsJson(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (auto error = parser.parse(padded).get(root)) {
    return absl::InvalidArgumentError(
        StrCat("results.json: invalid JSON: ", simdjson::error_message(error)));
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) {
    return absl::InvalidArgumentError("results.json: the root is not an object");
  }
  Results r;
  for (auto field : obj) {
    std::string_view key = field.key;
    if (key == "generator") {
      if (!field.value.is_null())
        RETURN_IF_ERROR(GetString(field.value, "root", key, &r.generator));
    } else if (key == "accounts") {
      RETURN_IF_ERROR(ForEachObject(field.value, key, [&](auto o, std::string_view where) {
        return ParseAccount(o, where, &r.accounts.emplace_back());
      }));
    } else if (key == "groups") {
      RETURN_IF_ERROR(ForEachObject(field.value, key, [&](auto o, std::string_view where) {
        return ParseGroup(o, where, &r.groups.emplace_back());
      }));
    } else if (key == "items") {
      RETURN_IF_ERROR(ForEachObject(field.value, key, [&](auto o, std::string_view where) {
        return ParseItem(o, where, &r.items.emplace_back());
      }));
    } else if (key == "campaigns") {
      RETURN_IF_ERROR(ForEachObject(field.value, key, [&](auto o, std::string_view where) {
        return ParseCampaign(o, where, &r.campaigns.emplace_back());
      }));
    } else if (key == "alerts") {
      RETURN_IF_ERROR(ForEachObject(field.value, key, [&](auto o, std::string_view where) {
        return ParseAlert(o, where, &r.alerts.emplace_back());
      }));
    }
  }
  return r;
}

}  // namespace sakimori
