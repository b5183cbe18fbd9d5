// File: report/signals.cc
// simdjson DOM over the small signals objects.
#include "report/signals.h"

#include <simdjson.h>

namespace sakimori::report {

std::vector<Signal> ParseSignals(std::string_view json) {
  std::vector<Signal> out;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) return out;
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return out;
  for (auto field : obj) {
    Signal s;
    s.name = std::string(field.key);
    simdjson::dom::object inner;
    if (field.value.get_object().get(inner) == simdjson::SUCCESS) {
      for (auto f : inner) {
        std::string_view k = f.key;
        double d;
        std::string_view text;
        if (k == "confidence" && f.value.get_double().get(d) == simdjson::SUCCESS) {
          s.confidence = d;
        } else if ((k == "detail" || k == "description") &&
                   f.value.get_string().get(text) == simdjson::SUCCESS) {
          s.detail = std::string(text);
        } else if (f.value.get_string().get(text) == simdjson::SUCCESS) {
          s.fields.emplace_back(std::string(k), std::string(text));
        } else {
          s.fields.emplace_back(std::string(k), simdjson::minify(f.value));
        }
      }
    } else {
      double d;
      if (field.value.get_double().get(d) == simdjson::SUCCESS && d >= 0 && d <= 1) {
        s.confidence = d;
      } else {
        s.fields.emplace_back("value", simdjson::minify(field.value));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace sakimori::report
