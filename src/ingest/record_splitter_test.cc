#include "ingest/record_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/strings.h"

namespace sakimori {
namespace {

std::vector<Record> SplitAll(const std::string& text, RecordSplitter::Mode mode, size_t max_bytes,
                             std::vector<std::string>* datas) {
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

// The quote-free fast path and the quote-aware scan agree across buffer refills (the input is
// larger than one read): each record comes out whole with the line it starts on.
TEST(RecordSplitterTest, CsvMixedQuotedAndPlainRecordsAcrossRefills) {
  std::string text = "id,body\n";
  std::vector<std::string> want = {"id,body"};
  std::vector<uint64_t> want_lines = {1};
  uint64_t line = 2;
  for (int i = 0; text.size() < (3u << 20); ++i) {
    std::string rec;
    uint64_t lines = 1;
    switch (i % 5) {
      case 0:
        rec = StrCat("p", i, ",\"two\nlines, \"\"quoted\"\"\"");
        lines = 2;
        break;
      case 1:
        rec = StrCat("p", i, ",\"no newline, but a comma\"");
        break;
      default:
        rec = StrCat("p", i, ",plain text ", std::string(i % 37, 'x'));
    }
    text += rec + (i % 7 == 0 ? "\r\n" : "\n");
    want.push_back(rec);
    want_lines.push_back(line);
    line += lines;
  }
  text += "last,\"x\ny\"";  // no terminator
  want.push_back("last,\"x\ny\"");
  want_lines.push_back(line);
  std::vector<std::string> d;
  auto recs = SplitAll(text, RecordSplitter::Mode::kCsv, 1 << 20, &d);
  ASSERT_EQ(d.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(d[i], want[i]) << i;
    ASSERT_EQ(recs[i].line, want_lines[i]) << i;
    ASSERT_FALSE(recs[i].truncated || recs[i].too_long) << i;
  }
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
