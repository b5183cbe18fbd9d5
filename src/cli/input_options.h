// File: cli/input_options.h
// The input options every command that reads events shares (--input, --format, --strict,
// --rejects, ...), and their translation to ReaderOptions.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "ingest/event_reader.h"
#include "ingest/ingest_report.h"

namespace sakimori::cli {

struct InputOptions {
  std::vector<std::string> files;
  std::string format = "auto";
  bool strict = false;
  std::string rejects_path;
  std::string platform;
  std::vector<std::string> csv_map;  // field=column pairs for --format csv
  std::string delimiter = ",";
  size_t max_record_bytes = 16 << 20;
};

// Adds the input options to `cmd`. With `positional`, files are positional arguments
// (inspect FILE...); otherwise they are given with --input.
void AddInputOptions(CLI::App* cmd, InputOptions* options, bool positional);

// Builds ReaderOptions; InvalidArgument for an unknown format or a bad mapping.
StatusOr<ReaderOptions> MakeReaderOptions(const InputOptions& options);

// Opens the --rejects file (if any) and connects it to `report` as a sink writing one TSV line
// per rejection: source, line, offset, reason. The returned handle closes it.
StatusOr<std::shared_ptr<FILE>> ConnectRejectsFile(const InputOptions& options,
                                                   IngestReport* report);

// Prints "N records rejected" with the counts by reason and the first few positions to
// standard error, if any were rejected.
void PrintRejectSummary(const IngestReport& report);
// Prints "COMMAND: N records skipped (reason)" to standard error for each reason records
// were read but held nothing the command uses.
void PrintSkipSummary(std::string_view command, const IngestReport& report);

}  // namespace sakimori::cli
