#include "common/time.h"

#include <gtest/gtest.h>

#include <string>

namespace sakimori {
namespace {

TimeMs Parse(std::string_view s) {
  TimeMs t = 0;
  EXPECT_TRUE(ParseTimestamp(s, &t)) << s;
  return t;
}

TEST(TimeTest, DaysFromCivilRoundTrips) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  for (int64_t d = -800000; d < 800000; d += 997) {
    int64_t y;
    int m, dd;
    CivilFromDays(d, &y, &m, &dd);
    EXPECT_EQ(DaysFromCivil(y, m, dd), d);
  }
}

TEST(TimeTest, IsoForms) {
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("2021-06-16T22:04:51Z"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-16 22:04:51"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-17T07:04:51+09:00"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-17T07:04:51+0900"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-17T07:04:51 JST"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-16T18:04:51-04:00"), 1623881091000);
  EXPECT_EQ(Parse("2021-06-16T22:04:51.250Z"), 1623881091250);
  EXPECT_EQ(Parse("2021-06-16T22:04:51.123456789Z"), 1623881091123);
  EXPECT_EQ(Parse("2013-09-28 16:49:36+00:00"), 1380386976000);
  EXPECT_EQ(Parse("2021-06-16 22:04"), 1623881040000);
  EXPECT_EQ(Parse("2021-06-16"), 1623801600000);
  EXPECT_EQ(Parse("2021-09-01 12:00:00 CEST"), Parse("2021-09-01T10:00:00Z"));
}

TEST(TimeTest, TwitterAndUsForms) {
  EXPECT_EQ(Parse("Wed Oct 10 20:19:24 +0000 2018"), 1539202764000);
  EXPECT_EQ(Parse("Wed, 10 Oct 2018 20:19:24 +0000"), 1539202764000);
  EXPECT_EQ(Parse("Wed Oct 10 22:19:24 +0200 2018"), 1539202764000);
  EXPECT_EQ(Parse("10/10/2018 20:19"), 1539202740000);
  EXPECT_EQ(Parse("1/2/2017 7:05"), Parse("2017-01-02T07:05:00Z"));
  EXPECT_EQ(Parse("1/2/2017 7:05 PM"), Parse("2017-01-02T19:05:00Z"));
}

TEST(TimeTest, RejectsInvalid) {
  TimeMs t;
  for (const char* bad : {"", "not a time", "2021-13-01", "2021-04-31", "2021-02-29T00:00:00Z",
                          "2021-06-16T25:00:00Z", "2021-06-16T22:61:00Z", "2021-06-16T22:00:00+99:00",
                          "2021-06-16T22:00:00 XYZ", "Wed Foo 10 20:19:24 +0000 2018",
                          "2021-06-16T22:00:00Zjunk", "13/40/2017 10:00"}) {
    EXPECT_FALSE(ParseTimestamp(bad, &t)) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2020-02-29T00:00:00Z", &t));
}

TEST(TimeTest, Epoch) {
  TimeMs t;
  ASSERT_TRUE(ParseEpoch("1623881091", &t));
  EXPECT_EQ(t, 1623881091000);
  ASSERT_TRUE(ParseEpoch("1623881091.5", &t));
  EXPECT_EQ(t, 1623881091500);
  ASSERT_TRUE(ParseEpoch("1623881091123", &t));
  EXPECT_EQ(t, 1623881091123);
  EXPECT_FALSE(ParseEpoch("16238x", &t));
  EXPECT_FALSE(ParseEpoch("", &t));
  EXPECT_FALSE(ParseEpoch("99999999999999999999999", &t));
  EXPECT_TRUE(ParseAnyTime("2021-06-16T22:04:51Z", &t));
  EXPECT_EQ(t, 1623881091000);
}

// The extremes every parser accepts are within InTimeRange, which checkpoint readers rely on.
TEST(TimeTest, ParsedTimesAreInRange) {
  for (const char* s : {"99999999999999999", "-99999999999999999", "99999999999.999",
                        "-99999999999.999", "9999-12-31T23:59:59-12:00",
                        "0001-01-01T00:00:00+14:00", "Fri Dec 31 23:59:59 +0000 9999"}) {
    TimeMs t;
    ASSERT_TRUE(ParseAnyTime(s, &t)) << s;
    EXPECT_TRUE(InTimeRange(t)) << s << " " << t;
  }
  EXPECT_FALSE(InTimeRange(kMaxTimeMs + 1));
  EXPECT_FALSE(InTimeRange(INT64_MIN));
}

// ParseAnyTime reads ten-digit POSIX seconds eight digits at a time: the same value as
// ParseEpoch for every ten-digit string, and no value where one character is not a digit.
TEST(TimeTest, TenDigitSecondsAgreeWithParseEpoch) {
  uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int i = 0; i < 100000; ++i) {
    std::string s(10, '0');
    for (char& c : s) c = static_cast<char>('0' + next() % 10);
    TimeMs any = 0, epoch = 0;
    ASSERT_TRUE(ParseAnyTime(s, &any)) << s;
    ASSERT_TRUE(ParseEpoch(s, &epoch)) << s;
    ASSERT_EQ(any, epoch) << s;
    // Each position, each byte that is not a digit (including the neighbours of '0' and
    // '9', and bytes whose high bits equal a digit's).
    if (i < 20) {
      for (size_t pos = 0; pos < s.size(); ++pos) {
        for (int b = 0; b < 256; ++b) {
          if (b >= '0' && b <= '9') continue;
          std::string bad = s;
          bad[pos] = static_cast<char>(b);
          TimeMs t = 0;
          EXPECT_EQ(ParseAnyTime(bad, &t), ParseEpoch(bad, &epoch) || ParseTimestamp(bad, &t))
              << "byte " << b << " at " << pos;
        }
      }
    }
  }
  TimeMs t;
  ASSERT_TRUE(ParseAnyTime("0000000000", &t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(ParseAnyTime("9999999999", &t));
  EXPECT_EQ(t, 9999999999000);
  ASSERT_TRUE(ParseAnyTime("1623881091", &t));
  EXPECT_EQ(t, 1623881091000);
}

TEST(TimeTest, FormatRoundTrips) {
  EXPECT_EQ(FormatIso8601(1623881091000), "2021-06-16T22:04:51Z");
  EXPECT_EQ(FormatIso8601(1623881091250), "2021-06-16T22:04:51.250Z");
  EXPECT_EQ(FormatIso8601(-1000), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIso8601(1623881091005), "2021-06-16T22:04:51.005Z");
  EXPECT_EQ(FormatIso8601(-62135596800000), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(253402300800000), "10000-01-01T00:00:00Z");
  for (TimeMs t : {0LL, 1539202764000LL, 951782400000LL, 4102444799000LL}) {
    EXPECT_EQ(Parse(FormatIso8601(t)), t);
  }
}

// TimeParser must agree with ParseAnyTime on every input, whatever date it remembers.
TEST(TimeTest, TimeParserAgreesWithParseAnyTime) {
  const char* kInputs[] = {
      "2025-07-10T03:00:05Z", "2025-07-10T03:00:06Z", "2025-07-10T23:59:59.999Z",
      "2025-07-10T24:00:00Z", "2025-07-10T03:60:00Z", "2025-07-10T03:00:60Z",
      "2025-07-10T03:00:61Z", "2025-07-11T00:00:00.000Z", "2025-07-10T03:00:05.5Z",
      "2025-07-10T03:00:05.123456Z", "2025-07-10T03:00:05+09:00", "2025-07-10T03:00:05z",
      "2025-07-10 03:00:05Z", "2025-07-10T03:00:05", "2025-07-10T03:00:05.12aZ",
      "2025-07-10T0a:00:05Z", "2025-07-1xT03:00:05Z", "2025/07/10T03:00:05Z",
      "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2100-02-29T12:00:00Z",
      "2000-02-29T12:00:00Z", "2024-02-29T23:59:60Z", "2025-04-31T00:00:00Z",
      "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z",
      " 2025-07-10T03:00:05Z", "2025-07-10T03:00:05Z ", "1752105600", "1752105600123",
      "Wed Oct 10 20:19:24 +0000 2018", "", "garbage!!!!!!!!!!!!!", "2025-07-10T03:00:05.Z",
      "2025-07-10T03:00:05Z", "2025-07-10X03:00:05Z"};
  // Twice over: the second round starts with the last date of the first remembered.
  TimeParser parser;
  for (int round = 0; round < 2; ++round) {
    for (const char* s : kInputs) {
      TimeMs want = -1, got = -1;
      const bool want_ok = ParseAnyTime(s, &want);
      EXPECT_EQ(parser.Parse(s, &got), want_ok) << s;
      if (want_ok) {
        EXPECT_EQ(got, want) << s;
      }
    }
  }
}

TEST(TimeTest, TimeParserValues) {
  TimeParser parser;
  TimeMs t = 0;
  ASSERT_TRUE(parser.Parse("2025-07-10T00:00:00Z", &t));
  EXPECT_EQ(t, 1752105600000);
  ASSERT_TRUE(parser.Parse("2025-07-10T03:00:05.250Z", &t));  // remembered date
  EXPECT_EQ(t, 1752105600000 + (3 * 3600 + 5) * 1000 + 250);
  ASSERT_TRUE(parser.Parse("2024-02-29T12:00:00Z", &t));  // leap day
  EXPECT_EQ(t, Parse("2024-02-29 12:00:00"));
  EXPECT_FALSE(parser.Parse("2023-02-29T12:00:00Z", &t));
  ASSERT_TRUE(parser.Parse("2024-02-29T23:59:60Z", &t));  // a leap second is the next midnight
  EXPECT_EQ(t, Parse("2024-03-01T00:00:00Z"));
  EXPECT_FALSE(parser.Parse("2024-02-29T24:00:00Z", &t));
  ASSERT_TRUE(parser.Parse("2024-02-29T12:00:00+09:00", &t));  // offsets: the general path
  EXPECT_EQ(t, Parse("2024-02-29T03:00:00Z"));
  ASSERT_TRUE(parser.Parse("1752105600", &t));  // epoch seconds in a string
  EXPECT_EQ(t, 1752105600000);
}

}  // namespace
}  // namespace sakimori
