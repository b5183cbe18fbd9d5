// File: eval/results_file.cc
#include "eval/results_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace sakimori::eval {

StatusOr<Results> ReadResultsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(StrCat("cannot read ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  auto results = ParseResultsJson(ss.str());
  if (!results.ok()) {
    return absl::InvalidArgumentError(StrCat(path, ": ", Message(results.status())));
  }
  return results;
}

Status WriteResultsFile(const Results& results, const std::string& path) {
  std::string json = WriteResultsJson(results);
  if (path == "-") {
    if (std::fwrite(json.data(), 1, json.size(), stdout) != json.size()) {
      return absl::InternalError("cannot write results to standard output");
    }
    return absl::OkStatus();
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::InternalError(StrCat("cannot create ", path));
  out.write(json.data(), static_cast<std::streamsize>(json.size()));
  out.close();
  if (!out) return absl::InternalError(StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace sakimori::eval
