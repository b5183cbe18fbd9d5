// File: ingest/formats/truncation_test.cc
// Robustness of the platform JSON readers: every proper prefix of every fixture record is
// malformed JSON and must be rejected as a whole (no events kept, no crash), whatever field
// the cut falls in.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "ingest/formats/test_events.h"

namespace sakimori {
namespace {

using testing::Fixture;
using testing::ReadEvents;
using testing::ReadResult;

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

void ExpectPrefixesRejected(const std::string& fixture, Format format, size_t step) {
  std::vector<std::string> lines = Lines(Fixture(fixture));
  ASSERT_FALSE(lines.empty());
  // The first line is whole, so that the reader stays in JSON Lines mode. Files are named
  // after the test: ctest runs the tests of this binary in parallel processes.
  const std::string prefix = ::testing::TempDir() + "/" +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string path = prefix + "_truncated.jsonl";
  std::ofstream out(path, std::ios::trunc);
  out << lines[0] << "\n";
  size_t prefixes = 0;
  for (const std::string& line : lines) {
    for (size_t n = 1; n < line.size(); n += step) {
      out << std::string_view(line).substr(0, n) << "\n";
      ++prefixes;
    }
  }
  out.close();
  ReadResult r;
  ReadEvents(path, format, &r);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.report.records(), prefixes + 1);
  EXPECT_EQ(r.report.rejected(), prefixes);
  // Only the first, whole line's events.
  ReadResult first;
  std::string first_path = prefix + "_first.jsonl";
  std::ofstream(first_path, std::ios::trunc) << lines[0] << "\n";
  ReadEvents(first_path, format, &first);
  EXPECT_EQ(r.events.size(), first.events.size());
  EXPECT_GT(prefixes, 100u);
  std::remove(path.c_str());
  std::remove(first_path.c_str());
}

TEST(TruncationTest, TwitterV1) {
  ExpectPrefixesRejected("twitter_v1/statuses.jsonl", Format::kTwitterV1, 3);
}
TEST(TruncationTest, TwitterV2) {
  ExpectPrefixesRejected("twitter_v2/tweets.jsonl", Format::kTwitterV2, 1);
}
TEST(TruncationTest, Jetstream) {
  ExpectPrefixesRejected("jetstream/events.jsonl", Format::kJetstream, 1);
}
TEST(TruncationTest, Mastodon) {
  ExpectPrefixesRejected("mastodon/statuses.jsonl", Format::kMastodon, 2);
}

}  // namespace
}  // namespace sakimori
