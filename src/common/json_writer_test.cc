#include "common/json_writer.h"

#include <gtest/gtest.h>

namespace sakimori {
namespace {

TEST(JsonWriterTest, NestsAndEscapes) {
  JsonWriter w;
  w.BeginObject().Field("a", 1).Field("s", "x\"y\n\x01").Key("list").BeginArray();
  w.Int(1).Double(0.5).Bool(true).Null().EndArray();
  w.Key("empty").BeginObject().EndObject().EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"s":"x\"y\n\u0001","list":[1,0.5,true,null],"empty":{}})");
}

TEST(JsonWriterTest, PrettyPrints) {
  JsonWriter w(2);
  w.BeginObject().Field("k", "v").Key("n").BeginArray().Int(1).EndArray().EndObject();
  EXPECT_EQ(w.str(), "{\n  \"k\": \"v\",\n  \"n\": [\n    1\n  ]\n}");
}

TEST(JsonWriterTest, NonFiniteIsNull) {
  JsonWriter w;
  w.BeginArray().Double(1.0 / 0.0).EndArray();
  EXPECT_EQ(w.str(), "[null]");
}

}  // namespace
}  // namespace sakimori
