// File: detect/coord/coortweet_parity_test.cc
// Checks DetectGroups / GenerateCoordinatedNetwork against outputs of CooRTweet's own R
// functions on the russian_coord_tweets data set (three parameter sets; see
// data/real/coortweet/README.md): the same rows in the same order, numbers equal to 1e-9.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/strings.h"
#include "detect/coord/coortweet_exact.h"
#include "ingest/read_inputs.h"

namespace sakimori::coord {
namespace {

const std::string kDir = SAKIMORI_SOURCE_DIR "/../shared/data/real/coortweet";

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    size_t start = 0;
    while (true) {
      size_t comma = line.find(',', start);
      row.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsNumber(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// Compares tables cell by cell: numbers to 1e-9, anything else as text.
void ExpectSameTable(const std::vector<std::vector<std::string>>& want,
                     const std::vector<std::vector<std::string>>& got, const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what << ": row count";
  for (size_t r = 0; r < want.size(); ++r) {
    ASSERT_EQ(want[r].size(), got[r].size()) << what << " row " << r;
    for (size_t c = 0; c < want[r].size(); ++c) {
      double a, b;
      if (IsNumber(want[r][c], &a) && IsNumber(got[r][c], &b) && want[r][c].size() < 20) {
        ASSERT_NEAR(a, b, 1e-9) << what << " row " << r << " column " << want[0][c];
      } else {
        ASSERT_EQ(want[r][c], got[r][c]) << what << " row " << r << " column " << want[0][c];
      }
    }
  }
}

class CoortweetParityTest
    : public ::testing::TestWithParam<std::tuple<const char*, int, int, bool>> {};

TEST_P(CoortweetParityTest, MatchesReferenceOutputs) {
  const auto& [tag, window, min_participation, remove_loops] = GetParam();
  const std::string input = kDir + "/russian_coord_tweets.csv";
  if (!std::filesystem::exists(input)) {
    GTEST_SKIP() << "CooRTweet reference data not found at " << kDir;
  }
  Dictionary dict;
  IngestReport report;
  ReaderOptions options;
  options.format = Format::kCoortweet;
  ShareSet set({Action::kRepost}, ExtractOptions{}, &dict);
  ASSERT_TRUE(ReadInputs({input}, options, &dict, &report, [&](const EventBatch& b) {
                set.Add(b);
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(set.total_shares(), 35125u);

  CoortweetParams params;
  params.time_window_seconds = window;
  params.min_participation = min_participation;
  params.remove_loops = remove_loops;
  CoortweetResult result = DetectGroups(set.action(0), dict, params);
  std::string out = ::testing::TempDir() + "/coord_parity_" + tag;
  CoNetwork net;
  ASSERT_TRUE(WriteCoortweetOutputs(out, set.action(0), dict, result, 0.5, &net).ok());
  const std::string ref = kDir + "/reference_outputs/";
  ExpectSameTable(ReadCsv(ref + "detect_groups_" + tag + ".csv"), ReadCsv(out + "/pairs.csv"),
                  "pairs");
  ExpectSameTable(ReadCsv(ref + "network_edges_" + tag + ".csv"), ReadCsv(out + "/edges.csv"),
                  "edges");
  ExpectSameTable(ReadCsv(ref + "network_vertices_" + tag + ".csv"), ReadCsv(out + "/vertices.csv"),
                  "vertices");
}

INSTANTIATE_TEST_SUITE_P(ReferenceSets, CoortweetParityTest,
                         ::testing::Values(std::make_tuple("tw10_mp5_loopsremoved", 10, 5, true),
                                           std::make_tuple("tw10_mp5_loopskept", 10, 5, false),
                                           std::make_tuple("tw60_mp2_loopsremoved", 60, 2, true)));

}  // namespace
}  // namespace sakimori::coord
