// File: serve/json_in.cc
// ParseFlatObject over simdjson's DOM.
#include "serve/json_in.h"

#include <simdjson.h>

#include "common/strings.h"

namespace sakimori::serve {

StatusOr<std::map<std::string, std::string>> ParseFlatObject(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded).get(doc); err != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(StrCat("body is not JSON: ", simdjson::error_message(err)));
  }
  simdjson::dom::object obj;
  if (doc.get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("body must be a JSON object");
  }
  std::map<std::string, std::string> out;
  for (auto field : obj) {
    std::string key(field.key);
    switch (field.value.type()) {
      case simdjson::dom::element_type::STRING:
        out[key] = std::string(std::string_view(field.value));
        break;
      case simdjson::dom::element_type::INT64:
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE:
      case simdjson::dom::element_type::BOOL:
        out[key] = simdjson::minify(field.value);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace sakimori::serve
