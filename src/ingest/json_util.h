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

// A string, or the raw text of a number (ids are written either way). False for null and
// other types; *out is then empty.
bool IdString(value v, std::string_view* out);
// A string value; false for null or another type.
bool String(value v, std::string_view* out);
// An integer, or an integer given as a string. False otherwise.
bool Int64(value v, int64_t* out);
// true/false; false for anything else.
bool Bool(value v, bool* out);
// True if the value is JSON null.
bool IsNull(value v);
// A time: a string in any form ParseTimestamp accepts, or an epoch number (see ParseEpoch).
bool Time(value v, TimeMs* out);
// Appends the strings of an array (numbers as raw text). False if not an array of such.
// At most `limit` items; more is an error.
bool StringArray(value v, std::vector<std::string_view>* out, size_t limit = 4096);

// The key of an object field, without unescaping when it has no escapes (the fast path).
Status Key(simdjson::ondemand::field& field, std::string_view* key);

// "invalid JSON: <simdjson's message>".
Status JsonError(simdjson::error_code code);

}  // namespace sakimori::json
