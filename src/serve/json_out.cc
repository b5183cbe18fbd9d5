// File: serve/json_out.cc
// JsonOut.
#include "serve/json_out.h"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/json_writer.h"

namespace sakimori::serve {

void JsonOut::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonOut& JsonOut::BeginObject() {
  BeforeValue();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
JsonOut& JsonOut::EndObject() {
  out_ += '}';
  first_.pop_back();
  return *this;
}
JsonOut& JsonOut::BeginArray() {
  BeforeValue();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
JsonOut& JsonOut::EndArray() {
  out_ += ']';
  first_.pop_back();
  return *this;
}
JsonOut& JsonOut::Key(std::string_view key) {
  BeforeValue();
  JsonWriter::AppendQuoted(key, &out_);
  out_ += ':';
  after_key_ = true;
  return *this;
}
JsonOut& JsonOut::String(std::string_view s) {
  BeforeValue();
  JsonWriter::AppendQuoted(s, &out_);
  return *this;
}
JsonOut& JsonOut::Int(int64_t v) {
  BeforeValue();
  out_ += std::to_string(v);
  return *this;
}
JsonOut& JsonOut::Double(double v) {
  BeforeValue();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  // The shortest form that reads back exactly.
  char buf[32];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}
JsonOut& JsonOut::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
  return *this;
}
JsonOut& JsonOut::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}
JsonOut& JsonOut::Raw(std::string_view json) {
  if (json == "{}" || json == "[]") {  // most stored JSON columns: no parse needed
    BeforeValue();
    out_ += json;
    return *this;
  }
  // One parser per thread: a campaign page embeds tens of thousands of JSON columns, and a
  // parser allocates its buffers on first use.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (json.empty() || parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS) {
    return String(json);
  }
  BeforeValue();
  out_ += simdjson::minify(doc);
  return *this;
}
JsonOut& JsonOut::Strings(const std::vector<std::string>& v) {
  BeginArray();
  for (const std::string& s : v) String(s);
  return EndArray();
}

}  // namespace sakimori::serve
