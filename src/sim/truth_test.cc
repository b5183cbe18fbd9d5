// File: sim/truth_test.cc
#include "sim/truth.h"

#include <gtest/gtest.h>

namespace sakimori::sim {
namespace {

Truth Example() {
  Truth t;
  t.scenario = "upper-house-2025";
  t.seed = 7;
  t.scale = 0.05;
  ParseTimestamp("2025-07-07T15:00:00Z", &t.start);
  ParseTimestamp("2025-07-21T15:00:00Z", &t.end);
  t.days = 14;
  t.accounts_total = 1234;
  t.events_total = 56789;
  TruthOperation op;
  op.id = "op1";
  op.name = "repost ring \"amplifying\" critics";
  op.sophistication = "naive";
  op.tactics = {"repost_ring", "foreign_timezone"};
  op.techniques = {"T0049.003"};
  op.members = {"a000123", "a000124"};
  op.amplified_authors = {"a000042"};
  op.targets.posts = {"p000789"};
  op.targets.hashtags = {"選挙"};
  op.start = t.start + kMsPerDay;
  op.end = t.start + 2 * kMsPerDay + 250;
  op.utc_offset_hours = 3;
  t.operations.push_back(op);
  op.id = "op2";
  op.utc_offset_hours.reset();
  t.operations.push_back(op);
  t.hard_negatives.push_back({"hn1", "fan_community", {"a000777"}, t.start, t.end});
  t.amplified_authors = {"a000042"};
  return t;
}

TEST(TruthTest, RoundTripsThroughJson) {
  Truth t = Example();
  std::string json = WriteTruthJson(t);
  auto parsed = ParseTruthJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, t);
  EXPECT_EQ(WriteTruthJson(*parsed), json);
}

TEST(TruthTest, WritesTheDocumentedKeys) {
  std::string json = WriteTruthJson(Example());
  EXPECT_NE(json.find("\"start\": \"2025-07-07T15:00:00Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"end\": \"2025-07-09T15:00:00.250Z\""), std::string::npos);
  EXPECT_NE(json.find("\"utc_offset_hours\": 3"), std::string::npos);
  EXPECT_NE(json.find("\"utc_offset_hours\": null"), std::string::npos);
  EXPECT_NE(json.find("\"kind\": \"fan_community\""), std::string::npos);
}

TEST(TruthTest, RejectsBadInput) {
  EXPECT_FALSE(ParseTruthJson("{").ok());
  EXPECT_FALSE(ParseTruthJson("[]").ok());
  EXPECT_FALSE(ParseTruthJson(R"({"scenario":"x","start":"2025-01-01T00:00:00Z"})").ok());
  EXPECT_FALSE(ParseTruthJson(
                   R"({"scenario":"x","start":"nope","end":"2025-01-01T00:00:00Z","operations":[]})")
                   .ok());
  EXPECT_FALSE(ParseTruthJson(R"({"scenario":"x","start":"2025-01-01T00:00:00Z",)"
                              R"("end":"2025-01-02T00:00:00Z","operations":[{"members":[1]}]})")
                   .ok());
  auto ok = ParseTruthJson(R"({"scenario":"x","start":"2025-01-01T00:00:00Z",)"
                           R"("end":"2025-01-02T00:00:00Z","operations":[],"extra":{"a":1}})");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->end - ok->start, kMsPerDay);
}

}  // namespace
}  // namespace sakimori::sim
