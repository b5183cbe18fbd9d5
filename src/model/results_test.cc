#include "model/results.h"

#include <gtest/gtest.h>

namespace sakimori {
namespace {

Results Sample() {
  Results r;
  r.generator = "sakimori analyze 0.1.0";
  r.accounts = {{"a000123", 0.93, true}, {"a000456", 0.125, false}};
  r.groups = {{"g1", {"a000123", "a000456"}}};
  r.items = {{"p000789", "post", 0.8, true}, {"#選挙", "hashtag", 0.5, false}};
  CampaignResult c;
  c.id = "c1";
  c.members = {"a000123"};
  c.items = {"p000789"};
  c.score = 0.9;
  ParseTimestamp("2025-07-10T03:00:00Z", &c.start);
  ParseTimestamp("2025-07-11T03:00:00Z", &c.end);
  c.utc_offset_hours = 3;
  c.techniques = {"T0049.003"};
  r.campaigns.push_back(c);
  CampaignResult open;
  open.id = "c2";
  open.utc_offset_hours = 5.5;
  r.campaigns.push_back(open);
  AlertResult al;
  al.id = "al1";
  al.campaign = "c1";
  ParseTimestamp("2025-07-10T03:12:00.250Z", &al.time);
  al.severity = "high";
  r.alerts.push_back(al);
  return r;
}

TEST(ResultsTest, RoundTripIsExact) {
  Results r = Sample();
  std::string json = WriteResultsJson(r);
  auto parsed = ParseResultsJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, r);
  EXPECT_EQ(WriteResultsJson(*parsed), json);
}

TEST(ResultsTest, WritesTheDocumentedShape) {
  std::string json = WriteResultsJson(Sample());
  EXPECT_NE(json.find("\"start\": \"2025-07-10T03:00:00Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"time\": \"2025-07-10T03:12:00.250Z\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"utc_offset_hours\": 3,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"utc_offset_hours\": 5.5,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"start\": null"), std::string::npos) << json;
  EXPECT_EQ(json.back(), '\n');
  EXPECT_LT(json.find("\"accounts\""), json.find("\"groups\""));
  EXPECT_LT(json.find("\"items\""), json.find("\"campaigns\""));
}

TEST(ResultsTest, ParsesTheFormatExampleWithDefaults) {
  auto r = ParseResultsJson(R"({
    "alerts": [{"id": "al1", "campaign": "c1", "time": 1752116400, "severity": "high"}],
    "accounts": [{"id": 42}, {"flagged": true, "id": "a1", "score": 1, "extra": [1, 2]}],
    "campaigns": [{"id": "c1", "members": ["a1"], "utc_offset_hours": null}],
    "future_key": {"x": 1}
  })");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->generator, "");
  ASSERT_EQ(r->accounts.size(), 2u);
  EXPECT_EQ(r->accounts[0], (AccountResult{"42", 0.0, false}));
  EXPECT_EQ(r->accounts[1], (AccountResult{"a1", 1.0, true}));
  EXPECT_TRUE(r->groups.empty());
  ASSERT_EQ(r->campaigns.size(), 1u);
  EXPECT_FALSE(r->campaigns[0].utc_offset_hours.has_value());
  EXPECT_EQ(r->campaigns[0].start, kNoTime);
  ASSERT_EQ(r->alerts.size(), 1u);
  EXPECT_EQ(FormatIso8601(r->alerts[0].time), "2025-07-10T03:00:00Z");
}

TEST(ResultsTest, RejectsMalformedInput) {
  EXPECT_FALSE(ParseResultsJson("{").ok());
  EXPECT_FALSE(ParseResultsJson("[]").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"accounts": {}})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"accounts": [{"score": 1}]})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"accounts": [{"id": "a", "score": "high"}]})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"accounts": [{"id": "a", "flagged": 1}]})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"groups": [{"id": "g", "members": [true]}]})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"alerts": [{"id": "al", "campaign": "c"}]})").ok());
  EXPECT_FALSE(ParseResultsJson(R"({"campaigns": [{"id": "c", "start": "yesterday"}]})").ok());
  auto bad = ParseResultsJson(R"({"accounts": [{"id": "a"}, {"id": "b", "score": []}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("accounts[1]"), std::string::npos)
      << bad.status();
}

}  // namespace
}  // namespace sakimori
