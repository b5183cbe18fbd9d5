// File: serve/json_in.h
// Reading request bodies: the API's requests are flat JSON objects of strings (and the
// odd number or boolean), read into a map.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori::serve {

// Members of a flat JSON object: strings as they are, numbers and booleans as their JSON
// text; nested objects/arrays and nulls are left out. InvalidArgument for anything that is
// not a JSON object.
StatusOr<std::map<std::string, std::string>> ParseFlatObject(std::string_view body);

}  // namespace sakimori::serve
