// File: eval/results_file.h
// Reading and writing results.json files (the format itself is model/results.h).
#pragma once

#include <string>

#include "common/status.h"
#include "model/results.h"

namespace sakimori::eval {

// Reads and parses the results file at `path`. NotFound if it cannot be read; otherwise the
// errors of ParseResultsJson.
StatusOr<Results> ReadResultsFile(const std::string& path);

// Writes WriteResultsJson(results) to `path` ("-" is standard output). Internal error if the
// file cannot be written completely.
Status WriteResultsFile(const Results& results, const std::string& path);

}  // namespace sakimori::eval
