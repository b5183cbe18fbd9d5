// File: sim/scenario_test.cc
#include "sim/scenario.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/builtin_scenarios.h"

namespace sakimori::sim {
namespace {

constexpr const char* kMinimal = R"(
name = "t"
start = "2025-07-06T15:00:00Z"
days = 2
[organic]
accounts = 1000
[[operations]]
tactics = ["repost_ring", "foreign_timezone"]
members = 20
utc_offset_hours = 3
)";

TEST(ScenarioTest, ParsesKeysAndDefaults) {
  auto s = ParseScenario(kMinimal, "t");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->days, 2);
  EXPECT_EQ(s->organic.accounts, 1000);
  EXPECT_EQ(s->organic.communities, 24);  // default
  ASSERT_EQ(s->operations.size(), 1u);
  const OperationConfig& op = s->operations[0];
  EXPECT_EQ(op.id, "op1");
  EXPECT_EQ(op.utc_offset_hours, 3.0);
  EXPECT_EQ(op.techniques, std::vector<std::string>{"T0049.003"});
  EXPECT_EQ(op.name, "repost_ring + foreign_timezone operation");
}

TEST(ScenarioTest, RejectsMistakes) {
  std::string base = kMinimal;
  EXPECT_FALSE(ParseScenario(base + "\n[organic2]\nx = 1\n", "t").ok());  // unknown table
  std::string bad_tactic = base;
  bad_tactic.replace(bad_tactic.find("repost_ring"), 11, "repost_rung");
  auto s = ParseScenario(bad_tactic, "t");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.status().message()).find("repost_rung"), std::string::npos);
  std::string bad_type = base;
  bad_type.replace(bad_type.find("days = 2"), 8, "days = \"2\"");
  EXPECT_FALSE(ParseScenario(bad_type, "t").ok());
  EXPECT_FALSE(ParseScenario("start = \"2025-07-06T15:00:00Z\"\ndays = [", "t").ok());
  EXPECT_FALSE(ParseScenario("days = 1", "t").ok());  // no start
}

TEST(ScenarioTest, ShippedScenariosParseAndMatchTheBuiltins) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SAKIMORI_SOURCE_DIR) / "scenarios";
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string stem = entry.path().stem().string();
    names.insert(stem);
    auto s = ParseScenario(ss.str(), stem);
    EXPECT_TRUE(s.ok()) << stem << ": " << s.status();
    bool found = false;
    for (const BuiltinScenario& b : BuiltinScenarios()) {
      if (b.name == stem) {
        found = true;
        EXPECT_EQ(b.toml, ss.str()) << stem << " differs from the compiled-in copy";
      }
    }
    EXPECT_TRUE(found) << stem;
  }
  for (const char* want : {"quiet-day", "upper-house-2025", "evasive", "scale-10m"}) {
    EXPECT_TRUE(names.count(want)) << want;
    auto s = FindScenario(want);
    EXPECT_TRUE(s.ok()) << want << ": " << s.status();
  }
  EXPECT_TRUE(absl::IsNotFound(FindScenario("no-such-scenario").status()));
}

TEST(ScenarioTest, TechniqueIdsExistInDisarm) {
  std::ifstream in(SAKIMORI_SOURCE_DIR
                   "/../shared/data/standards/disarm/csv-from-master/techniques.csv");
  if (!in) GTEST_SKIP() << "DISARM data not found next to the repository";
  std::set<std::string> ids;
  std::string line;
  while (std::getline(in, line)) ids.insert(line.substr(0, line.find(',')));
  for (std::string_view tactic : KnownTactics()) {
    for (const std::string& id : TechniquesForTactic(tactic)) {
      EXPECT_TRUE(ids.count(id)) << tactic << " -> " << id;
    }
  }
}

}  // namespace
}  // namespace sakimori::sim
