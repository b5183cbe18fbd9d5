// File: common/json_writer.h
// A small streaming JSON writer for the outputs sakimori prints and stores (results, reports,
// exports). It escapes strings per RFC 8259, writes numbers in a locale-independent shortest
// round-trip form, and inserts commas itself. Misnesting is a programmer error (asserted).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sakimori {

class JsonWriter {
 public:
  // `indent` > 0 pretty-prints with that many spaces per level.
  explicit JsonWriter(int indent = 0) : indent_(indent) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // Writes a key inside an object; the next call writes its value.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Double(double v);  // NaN and infinities are written as null
  JsonWriter& Bool(bool v);
  JsonWriter& Null();

  // Key + value shorthands.
  template <typename T>
  JsonWriter& Field(std::string_view key, const T& v) {
    Key(key);
    return Value(v);
  }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

  // Appends `s` to `out` as a quoted, escaped JSON string.
  static void AppendQuoted(std::string_view s, std::string* out);

 private:
  JsonWriter& Value(std::string_view v) { return String(v); }
  JsonWriter& Value(const std::string& v) { return String(v); }
  JsonWriter& Value(const char* v) { return String(v); }
  JsonWriter& Value(bool v) { return Bool(v); }
  JsonWriter& Value(double v) { return Double(v); }
  JsonWriter& Value(float v) { return Double(v); }
  JsonWriter& Value(int v) { return Int(v); }
  JsonWriter& Value(long v) { return Int(v); }
  JsonWriter& Value(long long v) { return Int(v); }
  JsonWriter& Value(unsigned v) { return Uint(v); }
  JsonWriter& Value(unsigned long v) { return Uint(v); }
  JsonWriter& Value(unsigned long long v) { return Uint(v); }

  void BeforeValue();
  void Newline();

  std::string out_;
  int indent_;
  // Per open container: true once it has an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace sakimori
