// File: tests/ingest/bad_input_test.cc
// Bad input never crashes the readers and never silently disappears (SPEC section 3.7):
// every rejected record is counted with its line and reason, strict mode stops at the first,
// and damage costs only the records it touches. Covers time stamps that are not times (in
// the library and through `sakimori inspect`), truncated gzip and zstd, invalid UTF-8,
// over-long lines, unterminated quotes, CRLF, byte order marks, empty and header-only input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "ingest/ingest_test_util.h"
#include "ingest/run_command.h"

namespace sakimori {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::ReadBytes;
using testing::ReadFile;
using testing::ReadResult;
using testing::RunSakimori;

constexpr char kRussianData[] =
    SAKIMORI_SOURCE_DIR "/../shared/data/real/coortweet/russian_coord_tweets.csv";
constexpr char kHeader[] = "object_id,account_id,content_id,timestamp_share\n";

ReaderOptions Options(Format f = Format::kAuto, bool strict = false) {
  ReaderOptions o;
  o.format = f;
  o.strict = strict;
  return o;
}

// A CooRTweet table of `rows` data rows (invented ids, one second apart).
std::string MakeTable(int rows) {
  std::string s = kHeader;
  for (int i = 0; i < rows; ++i) {
    s += "obj" + std::to_string(i % 37) + ",acct" + std::to_string(i % 101) + ",c" +
         std::to_string(i) + "," + std::to_string(1623800000 + i) + "\n";
  }
  return s;
}

std::string WriteTemp(const std::string& name, std::string_view bytes) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
  return path;
}

// The first `lines` lines of the real CooRTweet data with line `bad_line` (1-based, the
// header is line 1) replaced by a record whose time stamp is not a time.
bool MakeRussianSample(int lines, int bad_line, std::string* out) {
  std::ifstream in(kRussianData);
  if (!in) return false;
  std::string line;
  for (int n = 1; n <= lines && std::getline(in, line); ++n) {
    if (n == bad_line) line = "85d2d12251a735ce05255061f7f231e2,deadbeef,cafe01,yesterday";
    *out += line + "\n";
  }
  return true;
}

TEST(BadInputTest, OneBadTimeIsOneRejectNamedByLine) {
  std::string table;
  if (!MakeRussianSample(1000, 500, &table)) GTEST_SKIP() << "no data at " << kRussianData;
  ReadResult r = ReadBytes(table, Options(), "russian_head.csv");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.events.size(), 998u);
  EXPECT_EQ(r.report.records(), 999u);
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 500u);
  EXPECT_EQ(r.report.kept()[0].source, "russian_head.csv");
  EXPECT_EQ(r.report.kept()[0].reason, "invalid time: 'yesterday'");
  EXPECT_EQ(r.report.by_reason().at("invalid time"), 1u);

  ReadResult strict = ReadBytes(table, Options(Format::kAuto, true), "russian_head.csv");
  EXPECT_TRUE(absl::IsInvalidArgument(strict.status));
  EXPECT_EQ(strict.status.message(), "russian_head.csv:500: invalid time: 'yesterday'");
  EXPECT_LT(strict.events.size(), 998u);
}

TEST(BadInputTest, OneBadTimeThroughTheCommandLine) {
  std::string table;
  if (!MakeRussianSample(1000, 500, &table)) GTEST_SKIP() << "no data at " << kRussianData;
  std::string path = WriteTemp("russian_head_bad.csv", table);
  auto r = RunSakimori("inspect --json '" + path + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"events\": 998"));
  EXPECT_THAT(r.out, HasSubstr("\"rejected\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"invalid time\": 1"));
  EXPECT_THAT(r.out, HasSubstr("\"line\": 500,"));
  EXPECT_THAT(r.out, HasSubstr("\"reason\": \"invalid time: 'yesterday'\""));

  auto strict = RunSakimori("inspect --json --strict '" + path + "'", /*merge_stderr=*/true);
  EXPECT_EQ(strict.exit_code, 2) << strict.out;
  EXPECT_THAT(strict.out, HasSubstr(path + ":500: invalid time: 'yesterday'"));
  EXPECT_THAT(strict.out, ::testing::Not(HasSubstr("\"events\"")));
}

// Each malformed --channel of analyze is refused, before any input is read, with a message
// naming it and what is wrong; the crowd cap is optional and 0 turns it off.
TEST(BadInputTest, AnalyzeChannelSpecsAreChecked) {
  const std::string input = WriteTemp("empty_events.jsonl", "");
  const std::string out = ::testing::TempDir() + "/channel_out";
  auto analyze = [&](const std::string& channel) {
    return RunSakimori("analyze --no-model --input '" + input + "' --out '" + out +
                           "' --channel '" + channel + "'",
                       /*merge_stderr=*/true);
  };
  const std::pair<const char*, const char*> bad[] = {
      {"engage", "expected ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]]"},
      {"engage@3600:3:32:1", "expected ACTIONS@SECONDS[:MIN_WEIGHT[:CROWD]]"},
      {"engage@0", "bad window in seconds"},
      {"engage@3600:0", "bad minimum weight"},
      {"engage@3600:-3", "bad minimum weight"},
      {"engage@3600:3:x", "bad crowd cap"},
      {"engage@3600:3:", "bad crowd cap"},
      {"nope@60", "unknown action 'nope'"},
  };
  for (const auto& [channel, message] : bad) {
    auto r = analyze(channel);
    EXPECT_NE(r.exit_code, 0) << channel;
    EXPECT_THAT(r.out, HasSubstr(message)) << channel;
  }
  for (const char* channel : {"engage@3600", "engage@3600:3", "engage@3600:3:32", "like@60:2:0"}) {
    auto r = analyze(channel);
    EXPECT_EQ(r.exit_code, 0) << channel << ": " << r.out;
  }
}

std::string Gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  out.resize(n);
  return out;
}

// How many complete data rows (newline-terminated, after the header) `prefix` holds.
int CompleteRows(std::string_view prefix) {
  return static_cast<int>(std::count(prefix.begin(), prefix.end(), '\n')) - 1;
}

// What a streaming gzip decoder recovers from a truncated stream.
std::string GunzipPrefix(std::string_view gz) {
  z_stream zs{};
  inflateInit2(&zs, 16 + MAX_WBITS);
  std::string out(64 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  inflate(&zs, Z_SYNC_FLUSH);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string UnzstdPrefix(std::string_view z) {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  std::string out(64 << 20, '\0');
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  ZSTD_inBuffer ib{z.data(), z.size(), 0};
  while (ib.pos < ib.size) {
    size_t rc = ZSTD_decompressStream(d, &ob, &ib);
    if (ZSTD_isError(rc)) break;
  }
  out.resize(ob.pos);
  ZSTD_freeDCtx(d);
  return out;
}

TEST(BadInputTest, CompressedInputsAreRead) {
  std::string table = MakeTable(20000);
  for (const std::string& bytes : {Gzip(table), Zstd(table)}) {
    ReadResult r = ReadBytes(bytes, Options());
    ASSERT_TRUE(r.status.ok()) << r.status;
    EXPECT_EQ(r.report.rejected(), 0u);
    ASSERT_EQ(r.events.size(), 20000u);
    EXPECT_EQ(r.events[12345].id, "c12345");
    EXPECT_EQ(r.events[12345].time, (1623800000LL + 12345) * 1000);
  }
  // Concatenated gzip members read as one stream (the second header is then a bad row).
  ReadResult two = ReadBytes(Gzip(table) + Gzip(table), Options());
  ASSERT_TRUE(two.status.ok()) << two.status;
  EXPECT_EQ(two.events.size(), 40000u);
  ASSERT_EQ(two.report.rejected(), 1u);
  EXPECT_EQ(two.report.kept()[0].line, 20002u);
  EXPECT_EQ(two.report.kept()[0].reason, "invalid time: 'timestamp_share'");
}

void ExpectTruncatedRead(const std::string& compressed, const std::string& recovered,
                         std::string_view what) {
  int rows = CompleteRows(recovered);
  ASSERT_GT(rows, 1000);
  ASSERT_LT(rows, 20000);
  ReadResult r = ReadBytes(compressed, Options(), "cut.csv.gz");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(static_cast<int>(r.events.size()), rows);  // everything before the damage
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.by_reason().begin()->first, "unreadable input");
  EXPECT_THAT(r.report.kept()[0].reason, HasSubstr(what));
  EXPECT_EQ(r.report.kept()[0].line, 0u);
  EXPECT_GT(r.report.kept()[0].offset, 0u);

  ReadResult strict = ReadBytes(compressed, Options(Format::kAuto, true), "cut.csv.gz");
  EXPECT_TRUE(absl::IsDataLoss(strict.status)) << strict.status;
  EXPECT_THAT(std::string(strict.status.message()), HasSubstr(what));
}

TEST(BadInputTest, TruncatedGzipReadsWhatIsThere) {
  std::string gz = Gzip(MakeTable(20000));
  gz.resize(gz.size() / 2);
  ExpectTruncatedRead(gz, GunzipPrefix(gz), "truncated gzip stream");
}

TEST(BadInputTest, TruncatedZstdReadsWhatIsThere) {
  std::string z = Zstd(MakeTable(20000));
  z.resize(z.size() / 2);
  ExpectTruncatedRead(z, UnzstdPrefix(z), "truncated zstd stream");
}

TEST(BadInputTest, InvalidUtf8InCsvRejectsThatRecordOnly) {
  std::string table = kHeader;
  table += "o1,a1,c1,1623881091\n";
  table += "o1,a\xff\xfe,c2,1623881092\n";
  table += "o1,a3,c3,1623881093\n";
  ReadResult r = ReadBytes(table, Options());
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.events.size(), 2u);
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 3u);
  EXPECT_EQ(r.report.kept()[0].reason, "invalid UTF-8");
}

TEST(BadInputTest, InvalidUtf8InJsonLinesRejectsThatLineOnly) {
  std::string lines =
      "{\"kind\":\"post\",\"id\":\"p1\",\"time\":1623881091,\"actor\":\"a1\"}\n"
      "{\"kind\":\"post\",\"id\":\"p2\",\"time\":1623881092,\"actor\":\"a\xc3\x28\"}\n"
      "{\"kind\":\"post\",\"id\":\"p3\",\"time\":1623881093,\"actor\":\"a3\",\"text\":\"\xe3\x81\x82\"}\n";
  ReadResult r = ReadBytes(lines, Options(), "x.jsonl");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[1].text, "\xe3\x81\x82");
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 2u);
  EXPECT_THAT(r.report.kept()[0].reason, StartsWith("invalid JSON: "));
  EXPECT_THAT(r.report.kept()[0].reason, HasSubstr("UTF-8"));
}

long MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

// Writes header, a good row, a line of `big` bytes, a good row, without holding it in memory.
std::string WriteHugeLine(const std::string& name, bool json, size_t big) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream f(path, std::ios::binary);
  if (json) {
    f << "{\"kind\":\"post\",\"id\":\"p1\",\"time\":1623881091,\"actor\":\"a1\"}\n";
    f << "{\"kind\":\"post\",\"id\":\"p2\",\"time\":1623881092,\"actor\":\"a2\",\"text\":\"";
  } else {
    f << kHeader << "o1,a1,c1,1623881091\n" << "o1,a2,c2,";
  }
  std::string chunk(1 << 20, 'x');
  for (size_t done = 0; done < big; done += chunk.size()) f << chunk;
  if (json) {
    f << "\"}\n{\"kind\":\"post\",\"id\":\"p3\",\"time\":1623881093,\"actor\":\"a3\"}\n";
  } else {
    f << "\no1,a3,c3,1623881093\n";
  }
  return path;
}

void ExpectHugeLineRejected(bool json) {
  std::string path = WriteHugeLine(json ? "huge.jsonl" : "huge.csv", json, size_t{50} << 20);
  long before = MaxRssKb();
  ReadResult r = ReadFile(path, Options());
  long grown_mb = (MaxRssKb() - before) / 1024;
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[1].id, json ? "p3" : "c3");
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, json ? 2u : 3u);
  EXPECT_THAT(r.report.kept()[0].reason, StartsWith("record too long: more than 16777216 bytes"));
  // The reader holds at most about two limits' worth of buffer, never the 50 MB line.
  EXPECT_LT(grown_mb, 40) << "peak memory grew by " << grown_mb << " MB";
  std::remove(path.c_str());
}

TEST(BadInputTest, FiftyMegabyteCsvLineIsRejectedAsTooLong) { ExpectHugeLineRejected(false); }
TEST(BadInputTest, FiftyMegabyteJsonLineIsRejectedAsTooLong) { ExpectHugeLineRejected(true); }

TEST(BadInputTest, UnterminatedQuoteLosesOnlyItsRecord) {
  // Without any later quote, the open quote would run to the end of the input.
  std::string plain = MakeTable(6);
  size_t line5 = plain.find("obj3,");
  plain.insert(line5 + 5, "\"");  // obj3,"acct3,c3,... never closed
  // With later quoted fields, it would pair with the next quote and swallow lines.
  std::string quoted = plain + "obj9,acct9,\"c,9\",1623800009\nobj10,acct10,c10,1623800010\n";
  int n = 0;
  for (const std::string& table : {plain, quoted}) {
    SCOPED_TRACE(n++);
    ReadResult r = ReadBytes(table, Options());
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.report.rejected(), 1u);
    EXPECT_EQ(r.report.kept()[0].line, 5u);
    EXPECT_EQ(r.report.kept()[0].reason, "malformed CSV: unterminated quote");
    ASSERT_EQ(r.events.size(), table == plain ? 5u : 7u);
    EXPECT_EQ(r.events[3].id, "c4");
    EXPECT_EQ(r.events[3].time, 1623800004000);
    if (table == quoted) {
      EXPECT_EQ(r.events[5].id, "c,9");
    }

    ReadResult strict = ReadBytes(table, Options(Format::kAuto, true), "q.csv");
    EXPECT_EQ(strict.status.message(), "q.csv:5: malformed CSV: unterminated quote");
  }
}

TEST(BadInputTest, QuotedNewlinesKeepLineNumbers) {
  std::string table = "id,kind,time,actor,text\n"
                      "p1,post,1623800000,a1,\"two\nlines\"\n"
                      "p2,post,not-a-time,a2,x\n";
  ReaderOptions o = Options(Format::kCsv);
  o.csv_mapping = {{"id", "id"}, {"kind", "kind"}, {"time", "time"}, {"actor", "actor"},
                   {"text", "text"}};
  ReadResult r = ReadBytes(table, o);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].text, "two\nlines");
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 4u);
}

TEST(BadInputTest, CrlfLineEndings) {
  std::string table = MakeTable(3);
  std::string crlf;
  for (char c : table) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ReadResult r = ReadBytes(crlf, Options());
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.rejected(), 0u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[2].id, "c2");
  EXPECT_EQ(r.events[2].time, 1623800002000);
  // And for JSON Lines.
  ReadResult j = ReadBytes("{\"kind\":\"post\",\"id\":\"p1\",\"time\":5,\"actor\":\"a\"}\r\n\r\n",
                           Options());
  EXPECT_EQ(j.events.size(), 1u);
  EXPECT_EQ(j.report.rejected(), 0u);
}

TEST(BadInputTest, ByteOrderMark) {
  ReadResult r = ReadBytes("\xEF\xBB\xBF" + MakeTable(2), Options());  // still detected
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.report.rejected(), 0u);
  ReadResult j = ReadBytes("\xEF\xBB\xBF{\"kind\":\"post\",\"id\":\"p1\",\"time\":5,\"actor\":\"a\"}\n",
                           Options());
  EXPECT_EQ(j.events.size(), 1u);
  EXPECT_EQ(j.report.rejected(), 0u);
}

TEST(BadInputTest, EmptyInputAndHeaderOnly) {
  for (Format f : {Format::kAuto, Format::kCoortweet, Format::kCanonical, Format::kIra}) {
    ReadResult r = ReadBytes("", Options(f));
    EXPECT_TRUE(r.status.ok()) << FormatName(f) << ": " << r.status;
    EXPECT_EQ(r.events.size(), 0u);
    EXPECT_EQ(r.report.records(), 0u);
    EXPECT_EQ(r.report.rejected(), 0u);
  }
  for (std::string header : {std::string(kHeader), std::string(kHeader, sizeof kHeader - 2)}) {
    ReadResult r = ReadBytes(header, Options());
    EXPECT_TRUE(r.status.ok()) << r.status;
    EXPECT_EQ(r.events.size(), 0u);
    EXPECT_EQ(r.report.records(), 0u);
    EXPECT_EQ(r.report.rejected(), 0u);
  }
  // A header lacking a required column fails the whole input, naming the column.
  ReadResult bad = ReadBytes("object_id,account_id\n", Options(Format::kCoortweet), "h.csv");
  EXPECT_EQ(bad.status.message(), "h.csv: missing column: content_id");
}

TEST(BadInputTest, WrongFieldCount) {
  std::string table = MakeTable(2) + "obj,acct,c9\n";
  ReadResult r = ReadBytes(table, Options());
  EXPECT_EQ(r.events.size(), 2u);
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 4u);
  EXPECT_EQ(r.report.kept()[0].reason, "wrong number of fields: 3 where the header has 4");
}

}  // namespace
}  // namespace sakimori

namespace sakimori {
namespace {

// Regression (found by fuzz_canonical): simdjson abandons a concatenated document it cannot
// parse, and stepping its document stream past it then dereferenced a null parser. Reading
// now resumes at the next line that opens an object.
TEST(BadInputTest, BrokenConcatenatedJsonDocumentResumesAtNextObject) {
  std::string docs =
      "{\"kind\":\"post\",\n"
      " \"id\":\"p1\",\"time\":1,\"actor\":\"a1\", \"text\":x}\n"
      "{\"kind\":\"post\",\n"
      " \"id\":\"p2\",\"time\":2,\"actor\":\"a2\"}\n";
  ReadResult r = ReadBytes(docs, Options(), "docs.json");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].id, "p2");
  ASSERT_EQ(r.report.rejected(), 1u);
  EXPECT_EQ(r.report.kept()[0].line, 1u);
  EXPECT_EQ(r.report.kept()[0].reason, "invalid field: text");

  std::string crash =
      "{\"platform\":\"x\",\"id\":\"p1\"-\"kin{\"klatford\":\"post\",\"time\":\"2021-08-15T12:00:"
      "05Z\",\"actor\":\"a1\",\"text\":\"hello #tag\",\"hasm\":htags\":\"x\",[\"tag\"";
  ReadResult c = ReadBytes(crash, Options(Format::kCanonical), "crash.json");
  EXPECT_TRUE(c.status.ok()) << c.status;
  EXPECT_EQ(c.events.size(), 0u);
  EXPECT_GE(c.report.rejected(), 1u);
}

}  // namespace
}  // namespace sakimori
