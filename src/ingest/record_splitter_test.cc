#include "ingest/record_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sakimori {
namespace {

std::vector<Record> SplitAll(const std::string& text, RecordSplitter::Mode mode,
                             size_t max_bytes, std::vector<std::string>* datas) {
  auto src = OpenMemory("mem", text);
  EXPECT_TRUE(src.ok());
  RecordSplitter splitter(std::move(*src), mode, max_bytes);
  std::vector<Record> out;
  Record r;
  while (true) {
    auto more = splitter.Next(&r);
    EXPECT_TRUE(more.ok());
    if (!*more) break;
    out.push_back(r);
    datas->emplace_back(r.data);
  }
  return out;
}

TEST(RecordSplitterTest, LinesWithPositions) {
  std::vector<std::string> d;
  auto recs = SplitAll("a\r\nbb\n\nccc", RecordSplitter::Mode::kLines, 100, &d);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(d, (std::vector<std::string>{"a", "bb", "", "ccc"}));
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[1].offset, 3u);
  EXPECT_EQ(recs[3].line, 4u);
  EXPECT_EQ(recs[3].offset, 7u);
}

TEST(RecordSplitterTest, CsvQuotedNewlinesKeepLineNumbers) {
  std::vector<std::string> d;
  auto recs = SplitAll("h1,h2\n1,\"multi\nline\"\n2,x\n", RecordSplitter::Mode::kCsv, 100, &d);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(d[1], "1,\"multi\nline\"");
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(recs[2].line, 4u);
}

TEST(RecordSplitterTest, TooLongLineIsSkippedAlone) {
  std::vector<std::string> d;
  std::string big(5000, 'x');
  auto recs = SplitAll("ok1\n" + big + "\nok2\n", RecordSplitter::Mode::kLines, 100, &d);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_TRUE(recs[1].too_long);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(d[2], "ok2");
  EXPECT_EQ(recs[2].line, 3u);
}

TEST(RecordSplitterTest, UnterminatedQuoteLosesOnlyItsLine) {
  std::vector<std::string> d;
  std::string text = "a,b\n1,\"never closed\n";
  for (int i = 0; i < 50; ++i) text += "2,fine\n";
  auto recs = SplitAll(text, RecordSplitter::Mode::kCsv, 64, &d);
  ASSERT_GE(recs.size(), 3u);
  EXPECT_TRUE(recs[1].too_long);
  EXPECT_EQ(recs[1].line, 2u);
  EXPECT_EQ(d.back(), "2,fine");
  EXPECT_EQ(recs.back().line, 52u);
}

TEST(RecordSplitterTest, TruncatedQuotedFieldAtEnd) {
  std::vector<std::string> d;
  auto recs = SplitAll("a,b\n1,\"open", RecordSplitter::Mode::kCsv, 100, &d);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_TRUE(recs[1].truncated);
}

TEST(RecordSplitterTest, StripsByteOrderMark) {
  std::vector<std::string> d;
  SplitAll("\xEF\xBB\xBFx,y\n", RecordSplitter::Mode::kCsv, 100, &d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], "x,y");
}

}  // namespace
}  // namespace sakimori
