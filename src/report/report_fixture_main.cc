// File: report/report_fixture_main.cc
// Test tool: `report_fixture DB` writes the report test fixture (test_fixture.h) into a new
// SQLite store at DB, for the command-line tests (STIX validation, headless browser).
#include <cstdio>

#include "common/strings.h"
#include "report/test_fixture.h"
#include "store/store.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: report_fixture DB\n");
    return 2;
  }
  sakimori::StoreOptions options;
  options.migrate = true;
  auto store = sakimori::Store::Open(argv[1], options);
  if (!store.ok()) {
    std::fprintf(stderr, "report_fixture: %s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  sakimori::Status s = sakimori::report::testing::WriteFixture(**store);
  if (!s.ok()) {
    std::fprintf(stderr, "report_fixture: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  return 0;
}
