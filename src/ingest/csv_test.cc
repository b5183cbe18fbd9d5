#include "ingest/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sakimori {
namespace {

TEST(CsvRowTest, QuotesAndEscapes) {
  CsvRow row;
  ASSERT_TRUE(row.Parse(R"(a,"b,c","say ""hi""",,"")"));
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(row[0], "a");
  EXPECT_EQ(row[1], "b,c");
  EXPECT_EQ(row[2], "say \"hi\"");
  EXPECT_EQ(row[3], "");
  EXPECT_EQ(row[4], "");
}

// Records without quotes take a block-at-a-time path: delimiters at every position around the
// 16-byte block boundaries, empty fields, leading and trailing delimiters.
TEST(CsvRowTest, UnquotedRecordsSplitAtEveryDelimiter) {
  CsvRow row;
  for (int len = 0; len <= 50; ++len) {
    for (int step : {1, 2, 3, 7, 15, 16, 17}) {
      std::string record;
      std::vector<std::string> expected(1);
      for (int i = 0; i < len; ++i) {
        if (i % step == step - 1) {
          record += ',';
          expected.emplace_back();
        } else {
          record += static_cast<char>('a' + i % 26);
          expected.back() += record.back();
        }
      }
      ASSERT_TRUE(row.Parse(record)) << record;
      ASSERT_EQ(row.size(), expected.size()) << record;
      for (size_t f = 0; f < expected.size(); ++f) EXPECT_EQ(row[f], expected[f]) << record;
    }
  }
}

TEST(CsvRowTest, TrailingEmptyFieldAndTabs) {
  CsvRow row;
  ASSERT_TRUE(row.Parse("x,y,"));
  EXPECT_EQ(row.size(), 3u);
  ASSERT_TRUE(row.Parse("x\ty", '\t'));
  EXPECT_EQ(row[1], "y");
}

TEST(CsvRowTest, EmptyFieldsAndDelimiterInsideQuotes) {
  CsvRow row;
  ASSERT_TRUE(row.Parse(""));
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0], "");
  ASSERT_TRUE(row.Parse(",,"));
  EXPECT_EQ(row.size(), 3u);
  ASSERT_TRUE(row.Parse(";a;\"b;c\";;d", ';'));
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(row[0], "");
  EXPECT_EQ(row[1], "a");
  EXPECT_EQ(row[2], "b;c");
  EXPECT_EQ(row[3], "");
  EXPECT_EQ(row[4], "d");
}

TEST(CsvRowTest, MalformedQuotes) {
  CsvRow row;
  EXPECT_FALSE(row.Parse(R"(a,"b"c)"));
  EXPECT_FALSE(row.Parse(R"(a,"open)"));
  ASSERT_TRUE(row.Parse(R"(a,b"c)"));  // stray quote inside an unquoted field is literal
  EXPECT_EQ(row[1], "b\"c");
}

TEST(CsvHeaderTest, FindsColumns) {
  CsvRow row;
  ASSERT_TRUE(row.Parse(" id ,name\r"));
  CsvHeader h;
  h.Set(row);
  EXPECT_EQ(h.Find("id"), 0);
  EXPECT_EQ(h.Find("name"), 1);
  EXPECT_EQ(h.FindAny({"nope", "name"}), 1);
  EXPECT_EQ(h.Find("x"), -1);
}

}  // namespace
}  // namespace sakimori
