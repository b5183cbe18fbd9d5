// File: ingest/json_util_test.cc
// The fast path for strings without escapes (json::PlainString) against simdjson's own
// unescaping, and the helpers built on it.
#include "ingest/json_util.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace sakimori::json {
namespace {

// Reads field "v" of `doc` with `read`; returns false if the document does not parse.
template <typename F>
bool WithValue(const std::string& doc, F&& read) {
  simdjson::padded_string padded(doc);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document d;
  if (parser.iterate(padded).get(d)) return false;
  simdjson::ondemand::object obj;
  if (d.get_object().get(obj)) return false;
  for (auto field : obj) {
    simdjson::ondemand::field f;
    if (std::move(field).get(f)) return false;
    if (f.key() == "v") read(f.value());
  }
  return true;
}

TEST(JsonUtilTest, PlainStringReadsStringsWithoutEscapes) {
  struct Case {
    std::string doc;
    bool plain;
    std::string text;
  };
  const std::vector<Case> cases = {
      {R"({"v":"a0000001"})", true, "a0000001"},
      {R"({"v":""})", true, ""},
      {R"({"v" : "spaced"  , "w":1})", true, "spaced"},
      {"{\"v\":\"tab after\"\t\n}", true, "tab after"},
      {R"({"v":"参院選 🌸"})", true, "参院選 🌸"},
      {R"({"v":" "})", true, " "},
      {R"({"v":"a\"b"})", false, ""},
      {R"({"v":"\u0041"})", false, ""},
      {R"({"v":"x\\"})", false, ""},
      {R"({"v":12345})", false, ""},
      {R"({"v":null})", false, ""},
      {R"({"v":["a"]})", false, ""},
      {R"({"v":{"a":"b"}})", false, ""},
      {R"({"v":true})", false, ""},
  };
  for (const Case& c : cases) {
    bool plain = false;
    std::string text;
    ASSERT_TRUE(WithValue(c.doc, [&](value v) {
      std::string_view s;
      plain = PlainString(v, &s);
      text = std::string(s);
    })) << c.doc;
    EXPECT_EQ(plain, c.plain) << c.doc;
    if (c.plain) {
      EXPECT_EQ(text, c.text) << c.doc;
    }
  }
}

TEST(JsonUtilTest, HelpersAgreeWithSimdjsonOnEscapedAndOtherValues) {
  struct Case {
    std::string doc;
    bool is_string;  // String() succeeds
    bool is_id;      // IdString() succeeds
    std::string text;
  };
  const std::vector<Case> cases = {
      {R"({"v":"p1"})", true, true, "p1"},
      {R"({"v":"a\"b"})", true, true, "a\"b"},
      {R"({"v":"\u0041\u3042"})", true, true, "Aあ"},
      {R"({"v":"x\\"})", true, true, "x\\"},
      {R"({"v":"\x"})", false, false, ""},
      {R"({"v":1234567890123456789 })", false, true, "1234567890123456789"},
      {R"({"v":-7})", false, true, "-7"},
      {R"({"v":null})", false, false, ""},
      {R"({"v":[]})", false, false, ""},
  };
  for (const Case& c : cases) {
    bool is_string = false, is_id = false;
    std::string text, id_text;
    ASSERT_TRUE(WithValue(c.doc, [&](value v) {
      std::string_view s;
      is_string = String(v, &s);
      text = std::string(s);
    })) << c.doc;
    ASSERT_TRUE(WithValue(c.doc, [&](value v) {
      std::string_view s;
      is_id = IdString(v, &s);
      id_text = std::string(s);
    })) << c.doc;
    EXPECT_EQ(is_string, c.is_string) << c.doc;
    EXPECT_EQ(is_id, c.is_id) << c.doc;
    if (c.is_string) {
      EXPECT_EQ(text, c.text) << c.doc;
    }
    if (c.is_id) {
      EXPECT_EQ(id_text, c.text) << c.doc;
    }
  }
}

TEST(JsonUtilTest, TimeReadsStringsAndEpochs) {
  const std::vector<std::pair<std::string, TimeMs>> cases = {
      {R"({"v":"2025-07-10T00:00:00Z"})", 1752105600000},
      {R"({"v":"2025-07-10T09:00:00+09:00"})", 1752105600000},
      {R"({"v":"2025-07-10T00:00:00\u005a"})", 1752105600000},  // escaped: the general path
      {R"({"v":1752105600})", 1752105600000},
      {R"({"v":"1752105600.5"})", 1752105600500},
  };
  for (const auto& [doc, want] : cases) {
    TimeMs t = 0;
    bool ok = false;
    ASSERT_TRUE(WithValue(doc, [&](value v) { ok = Time(v, &t); })) << doc;
    EXPECT_TRUE(ok) << doc;
    EXPECT_EQ(t, want) << doc;
  }
  for (const char* doc : {R"({"v":"2025-02-29T00:00:00Z"})", R"({"v":null})", R"({"v":"x"})"}) {
    TimeMs t = 0;
    bool ok = true;
    ASSERT_TRUE(WithValue(doc, [&](value v) { ok = Time(v, &t); })) << doc;
    EXPECT_FALSE(ok) << doc;
  }
}

}  // namespace
}  // namespace sakimori::json
