// File: ingest/prefetch_test.cc
// The prefetching reader (ReaderOptions::prefetch_batches) against the plain one on the same
// canonical input: the same events in the same batches with the same interned ids, the same
// report, errors passed on, and a clean stop when the caller stops early.
#include <gtest/gtest.h>
#include <sched.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/strings.h"
#include "ingest/event_reader.h"
#include "ingest/read_inputs.h"

namespace sakimori {
namespace {

// Canonical JSON Lines with `n` events over several batches; every 997th line is bad (an
// engagement without a target, then a line that is not JSON), unless `clean`.
std::string MakeInput(int n, bool clean) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    const std::string time = StrCat("\"time\":", 1752105600 + i);
    const std::string actor = StrCat("\"actor\":\"a", (i * 7919) % 3001, "\"");
    if (!clean && i % 997 == 500) {
      out += StrCat("{\"kind\":\"like\",", time, ",\"actor\":\"bad", i, "\"}\n");
      out += "{\"kind\":\n";
    }
    switch (i % 4) {
      case 0:
        out += StrCat("{\"platform\":\"x\",\"id\":\"p", i, "\",\"kind\":\"post\",", time, ",",
                      actor, ",\"text\":\"t", i % 13, "\",\"hashtags\":[\"h", i % 5, "\"]}\n");
        break;
      case 1:
        out += StrCat("{\"id\":\"r", i, "\",\"kind\":\"repost\",", time, ",", actor,
                      ",\"target\":\"p", (i / 8) * 4, "\",\"target_author\":\"a", i % 11, "\"}\n");
        break;
      case 2:
        out += StrCat("{\"kind\":\"like\",", time, ",", actor, ",\"target\":\"p", (i / 3) * 4,
                      "\",\"target_author\":\"new", i, "\"}\n");
        break;
      default:
        out += StrCat("{\"kind\":\"follow\",", time, ",", actor, ",\"target_author\":\"a", i % 17,
                      "\"}\n");
    }
  }
  return out;
}

struct ReadRun {
  Dictionary dict;
  IngestReport report;
  Status status;
  std::vector<size_t> batch_sizes;
  // One line per event with its fields and interned ids.
  std::vector<std::string> events;
};

void ReadAll(const std::string& text, int prefetch, bool strict, ReadRun* run,
             const std::string& name = "in.jsonl", ReaderOptions options = ReaderOptions()) {
  options.prefetch_batches = prefetch;
  options.strict = strict;
  auto src = OpenMemory(name, text);
  ASSERT_TRUE(src.ok());
  auto reader = EventReader::OpenSource(std::move(*src), options, &run->dict, &run->report);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EventBatch batch;
  while (true) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok()) {
      run->status = more.status();
      break;
    }
    if (!*more) break;
    run->batch_sizes.push_back(batch.size());
    for (const Event& e : batch.events()) {
      run->events.push_back(StrCat(
          e.time, " ", static_cast<int>(e.kind), " ", e.actor, " ", e.post, " ", e.target, " ",
          e.target_account, " ", e.id, " ", e.text, " ", e.hashtags.size(), " ", e.urls.size(), " ",
          e.domains.size(), " ", e.media.size(), " ", static_cast<int>(e.platform)));
    }
  }
}

// A reader open on `text` (a CooRTweet share table) with what it writes to.
struct OpenReader {
  Dictionary dict;
  IngestReport report;
  std::unique_ptr<EventReader> reader;
};
void Open(const std::string& text, const ReaderOptions& options, OpenReader* open) {
  auto src = OpenMemory("shares.csv", text);
  ASSERT_TRUE(src.ok());
  auto reader = EventReader::OpenSource(std::move(*src), options, &open->dict, &open->report);
  ASSERT_TRUE(reader.ok()) << reader.status();
  open->reader = std::move(*reader);
}

void ExpectSame(const ReadRun& a, const ReadRun& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.batch_sizes, b.batch_sizes);
  EXPECT_EQ(a.events, b.events);
  ASSERT_EQ(a.dict.accounts.size(), b.dict.accounts.size());
  for (uint32_t i = 0; i < a.dict.accounts.size(); ++i) {
    ASSERT_EQ(a.dict.accounts.Name(i), b.dict.accounts.Name(i));
  }
  ASSERT_EQ(a.dict.posts.size(), b.dict.posts.size());
  for (uint32_t i = 0; i < a.dict.posts.size(); ++i) {
    ASSERT_EQ(a.dict.posts.Name(i), b.dict.posts.Name(i));
  }
  EXPECT_EQ(a.report.records(), b.report.records());
  EXPECT_EQ(a.report.events(), b.report.events());
  EXPECT_EQ(a.report.rejected(), b.report.rejected());
  EXPECT_EQ(a.report.by_reason(), b.report.by_reason());
  ASSERT_EQ(a.report.kept().size(), b.report.kept().size());
  for (size_t i = 0; i < a.report.kept().size(); ++i) {
    EXPECT_EQ(IngestReport::Describe(a.report.kept()[i]),
              IngestReport::Describe(b.report.kept()[i]));
  }
}

TEST(PrefetchTest, SameEventsIdsAndReportAsThePlainReader) {
  const int n = 30000;
  const std::string text = MakeInput(n, /*clean=*/false);
  ReadRun plain;
  ReadAll(text, 0, false, &plain);
  ASSERT_TRUE(plain.status.ok()) << plain.status;
  ASSERT_EQ(plain.events.size(), static_cast<size_t>(n));
  EXPECT_GT(plain.batch_sizes.size(), 5u);
  const uint64_t bad = (n - 500 + 996) / 997;  // lines i = 500, 1497, ... below n
  EXPECT_EQ(plain.report.rejected(), 2 * bad);
  EXPECT_EQ(plain.report.by_reason().at("missing field"), bad);
  // A rejected record interns nothing.
  EXPECT_EQ(plain.dict.accounts.Find("bad500"), Interner::kNone);
  // First-seen order: the first post's actor is account 0, the first post is post 0.
  EXPECT_EQ(plain.dict.accounts.Name(0), "a0");
  EXPECT_EQ(plain.dict.posts.Name(0), "p0");
  EXPECT_EQ(plain.dict.posts.Name(1), "r1");
  for (int depth : {1, 2, 3}) {
    SCOPED_TRACE(depth);
    ReadRun prefetched;
    ReadAll(text, depth, false, &prefetched);
    ExpectSame(plain, prefetched);
  }
  // Account ids (actors and target authors) interned on the reading thread: the same ids.
  ReaderOptions options;
  options.accounts_on_reader_thread = true;
  ReadRun accounts_on_reader;
  ReadAll(text, 2, false, &accounts_on_reader, "in.jsonl", options);
  ExpectSame(plain, accounts_on_reader);
}

// CooRTweet share table (object_id,account_id,content_id,timestamp_share) with `n` rows; unless
// `clean`, every 1000th row lacks its account and every 1001st has a bad time.
std::string MakeCoortweetTable(int n, bool clean) {
  std::string out = "object_id,account_id,content_id,timestamp_share\n";
  for (int i = 0; i < n; ++i) {
    std::string account = StrCat("acc", (i * 7919) % 2003);
    std::string time = StrCat(1623881091 + i);
    if (!clean && i % 1000 == 999) account.clear();
    if (!clean && i % 1001 == 1000) time = "soon";
    out += StrCat("obj", i % 613, ",", account, ",c", i, ",", time, "\n");
  }
  return out;
}

// The multi-modal German election table; some rows lack url, post or account.
std::string MakeCoortweetMultiTable(int n) {
  std::string out = "account_id,post_id,url_id,hashtag_id,domain_id,phash_id,timestamp\n";
  for (int i = 0; i < n; ++i) {
    const std::string account = i % 997 == 3 ? "" : StrCat(i % 2 ? "fb_" : "tw_", (i * 31) % 4001);
    const std::string post = i % 89 == 5 ? "" : StrCat((i * 13) % 50021);
    const std::string url = i % 3 ? StrCat(i % 701) : "";
    out += StrCat(account, ",", post, ",", url, ",", i % 11 ? "" : "h1", ",", i % 97, ",",
                  i % 5 ? "" : "ph", ",", 1629589836 - i, "\n");
  }
  return out;
}

// CooRTweet tables defer their interning like canonical JSON Lines: with and without the
// prefetching thread the ids, events and rejections are the same, ids follow first
// appearance, and rejected rows intern nothing.
TEST(PrefetchTest, CoortweetTablesSameAsThePlainReader) {
  const int n = 20000;
  ReadRun plain;
  ReadAll(MakeCoortweetTable(n, /*clean=*/false), 0, false, &plain, "shares.csv");
  ASSERT_TRUE(plain.status.ok()) << plain.status;
  const size_t bad_account = n / 1000, bad_time = (n - 1000 + 1000) / 1001;
  EXPECT_EQ(plain.report.rejected(), bad_account + bad_time);
  EXPECT_EQ(plain.events.size(), n - bad_account - bad_time);
  EXPECT_EQ(plain.report.by_reason().at("missing field"), bad_account);
  EXPECT_EQ(plain.report.by_reason().at("invalid time"), bad_time);
  ASSERT_FALSE(plain.report.kept().empty());
  // Row i is on line i + 2; the first bad one is row 999 (no account).
  EXPECT_EQ(IngestReport::Describe(plain.report.kept()[0]),
            "shares.csv:1001: missing field: account_id");
  // Accounts in order of first appearance; posts are content then object of each row.
  EXPECT_EQ(plain.dict.accounts.Name(0), "acc0");
  EXPECT_EQ(plain.dict.accounts.Name(1), "acc1910");  // 7919 % 2003
  EXPECT_EQ(plain.dict.posts.Name(0), "c0");
  EXPECT_EQ(plain.dict.posts.Name(1), "obj0");
  EXPECT_EQ(plain.dict.posts.Name(2), "c1");
  EXPECT_EQ(plain.dict.posts.Find("c1000"), Interner::kNone);  // bad time: not interned
  EXPECT_EQ(plain.events[0], "1623881091000 1 0 0 1 4294967295 c0  0 0 0 0 0");
  for (int depth : {1, 2}) {
    for (bool accounts_on_reader : {false, true}) {
      SCOPED_TRACE(testing::Message() << depth << " " << accounts_on_reader);
      ReaderOptions options;
      options.accounts_on_reader_thread = accounts_on_reader;
      ReadRun prefetched;
      ReadAll(MakeCoortweetTable(n, false), depth, false, &prefetched, "shares.csv", options);
      ExpectSame(plain, prefetched);
    }
  }

  ReadRun multi;
  ReadAll(MakeCoortweetMultiTable(n), 0, false, &multi, "german.csv");
  ASSERT_TRUE(multi.status.ok()) << multi.status;
  EXPECT_EQ(multi.report.rejected(), (n - 3 + 996) / 997u);
  EXPECT_EQ(multi.dict.accounts.Name(0), "tw_0");
  EXPECT_EQ(multi.dict.accounts.Name(1), "fb_31");
  EXPECT_EQ(multi.dict.posts.Name(0), "0");
  EXPECT_EQ(multi.dict.posts.Name(1), "13");
  ReadRun multi_prefetched;
  ReadAll(MakeCoortweetMultiTable(n), 2, false, &multi_prefetched, "german.csv");
  ExpectSame(multi, multi_prefetched);
  ReaderOptions options;
  options.accounts_on_reader_thread = true;
  ReadRun multi_accounts_on_reader;
  ReadAll(MakeCoortweetMultiTable(n), 2, false, &multi_accounts_on_reader, "german.csv", options);
  ExpectSame(multi, multi_accounts_on_reader);
}

// With only URLs asked for and skip_rows_without_lists, a multi-object row without a URL
// gives no event and is counted as skipped, after the usual checks: a row without an
// account, or with a bad time, is still rejected whether or not it has a URL. Ids follow
// first appearance among the kept rows, with and without the prefetching thread.
TEST(PrefetchTest, MultiObjectRowsWithoutASelectedListAreSkipped) {
  const int n = 20000;
  ReaderOptions options;
  options.lists = EventLists::None();
  options.lists.urls = true;
  options.skip_rows_without_lists = true;
  std::string text = MakeCoortweetMultiTable(n);
  text += "fb_1,7,,,,,soon\n";   // no URL, bad time: rejected
  text += "fb_2,8,5,,,,1629589836\n";  // kept
  ReadRun all;
  ReadAll(MakeCoortweetMultiTable(n), 0, false, &all, "german.csv");
  ReadRun run;
  ReadAll(text, 0, false, &run, "german.csv", options);
  ASSERT_TRUE(run.status.ok()) << run.status;
  size_t with_url = 0, without_url = 0, rejected = 0;
  for (int i = 0; i < n; ++i) {
    if (i % 997 == 3) {
      ++rejected;  // no account
    } else if (i % 3 != 0) {
      ++with_url;
    } else {
      ++without_url;
    }
  }
  EXPECT_EQ(run.events.size(), with_url + 1);
  EXPECT_EQ(run.report.records(), n + 2u);
  EXPECT_EQ(run.report.events(), with_url + 1);
  EXPECT_EQ(run.report.rejected(), rejected + 1);
  EXPECT_EQ(run.report.by_reason().at("invalid time"), 1u);
  EXPECT_EQ(run.report.skipped().at("row without a selected object"), without_url);
  EXPECT_EQ(all.report.rejected(), rejected);
  // Row 0 has no URL: the first event and the first ids are row 1's.
  EXPECT_EQ(run.dict.accounts.Name(0), "fb_31");
  EXPECT_EQ(run.dict.posts.Name(0), "13");
  for (const std::string& e : run.events) EXPECT_NE(e.find(" 0 1 0 0 "), std::string::npos) << e;
  ReadRun prefetched;
  ReadAll(text, 2, false, &prefetched, "german.csv", options);
  ExpectSame(run, prefetched);
  EXPECT_EQ(run.report.skipped(), prefetched.report.skipped());
}

// After the first batch, the reader's estimate of the whole input's events is near the truth
// (rows of nearly equal length), with and without the prefetching thread.
TEST(PrefetchTest, EstimatesTheEventsOfTheWholeInput) {
  const int n = 40000;
  const std::string text = MakeCoortweetTable(n, /*clean=*/true);
  for (int depth : {0, 2}) {
    SCOPED_TRACE(depth);
    ReaderOptions options;
    options.prefetch_batches = depth;
    OpenReader open;
    ASSERT_NO_FATAL_FAILURE(Open(text, options, &open));
    EventReader& reader = *open.reader;
    EXPECT_EQ(reader.EstimateTotalEvents(0), 0u);
    EventBatch batch;
    ASSERT_TRUE(*reader.Next(&batch));
    EXPECT_EQ(reader.input_size(), text.size());
    const uint64_t estimate = reader.EstimateTotalEvents(batch.size());
    EXPECT_GT(estimate, n * 0.9);
    EXPECT_LT(estimate, n * 1.1);
  }
}

// prefetch_separate_cpus: the same events and ids; while the reader is open the caller runs
// on one processor (when it may use several), and its affinity is restored when the reader
// is destroyed.
TEST(PrefetchTest, SeparateCpusReadsTheSameAndRestoresTheCallersAffinity) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  const std::string text = MakeCoortweetTable(20000, /*clean=*/false);
  ReadRun plain;
  ReadAll(text, 0, false, &plain, "shares.csv");
  ReaderOptions options;
  options.prefetch_separate_cpus = true;
  options.accounts_on_reader_thread = true;
  ReadRun separate;
  ReadAll(text, 2, false, &separate, "shares.csv", options);
  ExpectSame(plain, separate);

  options.prefetch_batches = 2;
  OpenReader open;
  ASSERT_NO_FATAL_FAILURE(Open(text, options, &open));
  EventBatch batch;
  ASSERT_TRUE(*open.reader->Next(&batch));
  cpu_set_t during;
  ASSERT_EQ(sched_getaffinity(0, sizeof during, &during), 0);
  EXPECT_EQ(CPU_COUNT(&during), CPU_COUNT(&before) > 1 ? 1 : CPU_COUNT(&before));
  open.reader.reset();
  cpu_set_t after;
  ASSERT_EQ(sched_getaffinity(0, sizeof after, &after), 0);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

// CSV bytes are validated as UTF-8 a buffered span at a time, falling back to single records
// in a span that is not valid: every bad row, and only those, is rejected with its own line,
// also when two are adjacent, and across the reader's 1 MB read chunks (multi-byte
// characters on every row, so some straddle a chunk boundary).
TEST(PrefetchTest, InvalidUtf8RowsAreRejectedOneByOne) {
  const int n = 40000;
  std::string text = "object_id,account_id,content_id,timestamp_share\n";
  for (int i = 0; i < n; ++i) {
    std::string account = StrCat("acc\xc3\xa9", i % 977);  // "accé..."
    if (i == 5 || i == 6 || i == 31000) account = StrCat("acc\xff", i);
    if (i == 20000) account = "acc\xe3\x81";  // a truncated 3-byte sequence
    text += StrCat("obj\xe6\x97\xa5", i % 613, ",", account, ",c", i, ",", 1623881091 + i, "\n");
  }
  ASSERT_GT(text.size(), size_t{1} << 20);
  for (int depth : {0, 2}) {
    SCOPED_TRACE(depth);
    ReadRun run;
    ReadAll(text, depth, false, &run, "utf8.csv");
    ASSERT_TRUE(run.status.ok()) << run.status;
    EXPECT_EQ(run.events.size(), n - 4u);
    EXPECT_EQ(run.report.by_reason().at("invalid UTF-8"), 4u);
    ASSERT_EQ(run.report.kept().size(), 4u);
    // Row i is on line i + 2.
    EXPECT_EQ(IngestReport::Describe(run.report.kept()[0]), "utf8.csv:7: invalid UTF-8");
    EXPECT_EQ(IngestReport::Describe(run.report.kept()[1]), "utf8.csv:8: invalid UTF-8");
    EXPECT_EQ(IngestReport::Describe(run.report.kept()[2]), "utf8.csv:20002: invalid UTF-8");
    EXPECT_EQ(IngestReport::Describe(run.report.kept()[3]), "utf8.csv:31002: invalid UTF-8");
  }
}

TEST(PrefetchTest, StrictErrorArrivesAfterTheSameBatches) {
  const std::string text =
      MakeInput(20000, /*clean=*/true) + "{\"kind\":\"post\"}\n" + MakeInput(100, /*clean=*/true);
  ReadRun plain, prefetched;
  ReadAll(text, 0, true, &plain);
  ReadAll(text, 2, true, &prefetched);
  ASSERT_FALSE(plain.status.ok());
  EXPECT_NE(plain.status.message().find("in.jsonl:20001: missing field: time"), std::string::npos)
      << plain.status;
  ExpectSame(plain, prefetched);
  // The records of the failing batch before the bad line were interned (as without
  // prefetching), though their batch was not handed out.
  EXPECT_NE(prefetched.dict.posts.Find("p19996"), Interner::kNone);
}

TEST(PrefetchTest, StopsCleanlyWhenTheCallerStopsEarly) {
  const std::string text = MakeInput(50000, /*clean=*/true);
  Dictionary dict;
  IngestReport report;
  ReaderOptions options;
  options.prefetch_batches = 2;
  auto src = OpenMemory("in.jsonl", text);
  ASSERT_TRUE(src.ok());
  auto reader = EventReader::OpenSource(std::move(*src), options, &dict, &report);
  ASSERT_TRUE(reader.ok());
  EventBatch batch;
  auto more = (*reader)->Next(&batch);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(batch.size(), EventBatch::kDefaultCapacity);
  reader->reset();  // joins the thread, which is at most two batches ahead
  EXPECT_LE(report.events(), 3 * EventBatch::kDefaultCapacity);
}

TEST(PrefetchTest, ReadInputsPassesConsumerErrorsAndMatchesThePlainRead) {
  const std::string path = ::testing::TempDir() + "/prefetch_test_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                           ".jsonl";
  {
    std::ofstream f(path);
    f << MakeInput(12000, /*clean=*/false);
  }
  auto read = [&](int prefetch, int stop_after, Dictionary* dict, IngestReport* report,
                  uint64_t* events, uint64_t* id_sum) {
    ReaderOptions options;
    options.prefetch_batches = prefetch;
    int batches = 0;
    return ReadInputs({path, path}, options, dict, report, [&](const EventBatch& b) -> Status {
      if (++batches == stop_after) return absl::CancelledError("enough");
      *events += b.size();
      for (const Event& e : b.events()) *id_sum += e.actor + e.target;
      return absl::OkStatus();
    });
  };
  Dictionary d0, d2;
  IngestReport r0, r2;
  uint64_t n0 = 0, n2 = 0, s0 = 0, s2 = 0;
  ASSERT_TRUE(read(0, -1, &d0, &r0, &n0, &s0).ok());
  ASSERT_TRUE(read(2, -1, &d2, &r2, &n2, &s2).ok());
  EXPECT_EQ(n0, 24000u);
  EXPECT_EQ(n2, n0);
  EXPECT_EQ(s2, s0);
  EXPECT_EQ(r2.rejected(), r0.rejected());
  EXPECT_EQ(d2.accounts.size(), d0.accounts.size());
  Dictionary d3;
  IngestReport r3;
  uint64_t n3 = 0, s3 = 0;
  Status s = read(2, 2, &d3, &r3, &n3, &s3);
  EXPECT_TRUE(absl::IsCancelled(s)) << s;
  EXPECT_EQ(n3, EventBatch::kDefaultCapacity);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sakimori
