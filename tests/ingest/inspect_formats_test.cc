// File: tests/ingest/inspect_formats_test.cc
// `sakimori inspect --json` on the fixture of each CSV format (tests/fixtures/<format>/):
// counts by kind, accounts, time range, rejections, and the command-line options that
// select a format and a column mapping.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/run_command.h"

namespace sakimori {
namespace {

using ::testing::HasSubstr;
using testing::RunSakimori;

std::string Fixture(const std::string& rel) {
  return std::string("'") + SAKIMORI_SOURCE_DIR + "/tests/fixtures/" + rel + "'";
}

TEST(InspectFormatsTest, IoArchive) {
  auto r = RunSakimori("inspect --json " + Fixture("io_archive/sample.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"events\": 5,"));
  EXPECT_THAT(r.out, HasSubstr("\"accounts\": 4,"));
  EXPECT_THAT(r.out, HasSubstr("\"profiles\": 5,"));
  EXPECT_THAT(r.out, HasSubstr("\"post\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"repost\": 2,"));
  EXPECT_THAT(r.out, HasSubstr("\"quote\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"reply\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"first_time\": \"2017-01-01T12:34:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"last_time\": \"2017-01-02T09:00:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"rejected\": 0,"));
}

TEST(InspectFormatsTest, Ira) {
  auto r = RunSakimori("inspect --json --format ira " + Fixture("ira/sample.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"events\": 5,"));
  // Four authors; the retweeted "River_Talk" is the same account as the author RIVER_TALK.
  EXPECT_THAT(r.out, HasSubstr("\"accounts\": 4,"));
  EXPECT_THAT(r.out, HasSubstr("\"accounts_referenced\": 4,"));
  EXPECT_THAT(r.out, HasSubstr("\"post\": 2,"));
  EXPECT_THAT(r.out, HasSubstr("\"repost\": 2,"));
  EXPECT_THAT(r.out, HasSubstr("\"quote\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"first_time\": \"2017-10-01T19:58:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"last_time\": \"2018-01-03T10:00:00Z\""));
}

TEST(InspectFormatsTest, CrowdTangleExportAndLinkShares) {
  auto r = RunSakimori("inspect --json " + Fixture("crowdtangle/export.csv") + " " +
                       Fixture("crowdtangle/links.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"events\": 5,"));
  EXPECT_THAT(r.out, HasSubstr("\"accounts\": 4,"));
  EXPECT_THAT(r.out, HasSubstr("\"first_time\": \"2020-03-01T08:00:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"last_time\": \"2021-12-24T22:30:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"rejected\": 0,"));
}

TEST(InspectFormatsTest, MappedCsvWithTomlFile) {
  auto r = RunSakimori("inspect --json --format csv --map '" SAKIMORI_SOURCE_DIR
                       "/examples/mapping.toml' " + Fixture("csv_mapped/actions.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\"events\": 4,"));
  EXPECT_THAT(r.out, HasSubstr("\"post\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"repost\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"like\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"follow\": 1,"));
  EXPECT_THAT(r.out, HasSubstr("\"first_time\": \"2021-09-01T10:00:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"last_time\": \"2021-09-01T10:01:20Z\""));
}

TEST(InspectFormatsTest, MappedCsvWithPairsAndMissingColumn) {
  std::string file = Fixture("csv_mapped/actions.csv");
  auto r = RunSakimori("inspect --json --format csv --delimiter ';' --map actor=who "
                       "--map time=when --map kind=what --map target=on " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Without time_format the epoch seconds are still recognised; the follow row has no
  // target_author column mapped and is rejected.
  EXPECT_THAT(r.out, HasSubstr("\"events\": 3,"));
  EXPECT_THAT(r.out, HasSubstr("\"missing field\": 1"));
  EXPECT_THAT(r.out, HasSubstr("\"line\": 5,"));

  auto bad = RunSakimori("inspect --format csv --delimiter ';' --map actor=author --map time=when " +
                             file,
                         /*merge_stderr=*/true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.out, HasSubstr("missing column: 'author' (mapped to field actor)"));
}

}  // namespace
}  // namespace sakimori
