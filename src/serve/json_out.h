// File: serve/json_out.h
// A compact JSON writer for API responses: like common/json_writer.h, plus Raw() to embed
// JSON text the store keeps (top_features, signals, ...) as a value. Raw text that is not
// valid JSON is written as a string instead, so a response is always valid JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sakimori::serve {

class JsonOut {
 public:
  JsonOut& BeginObject();
  JsonOut& EndObject();
  JsonOut& BeginArray();
  JsonOut& EndArray();
  JsonOut& Key(std::string_view key);
  JsonOut& String(std::string_view s);
  JsonOut& Int(int64_t v);
  JsonOut& Double(double v);
  JsonOut& Bool(bool v);
  JsonOut& Null();
  // Embeds `json` if it is a valid JSON document, else writes it as a string.
  JsonOut& Raw(std::string_view json);
  JsonOut& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  JsonOut& OptDouble(const std::optional<double>& v) { return v ? Double(*v) : Null(); }
  JsonOut& Strings(const std::vector<std::string>& v);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element yet
  bool after_key_ = false;
};

}  // namespace sakimori::serve
