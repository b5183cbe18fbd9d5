// File: cli/input_options.cc
#include "cli/input_options.h"

#include <cstring>

#include "common/strings.h"
#include "ingest/format.h"

namespace sakimori::cli {

void AddInputOptions(CLI::App* cmd, InputOptions* o, bool positional) {
  std::string formats;
  for (Format f : AllFormats()) StrAppend(&formats, formats.empty() ? "" : ", ", FormatName(f));
  if (positional) {
    cmd->add_option("files", o->files, "Input files ('-' for standard input); gzip and zstd are read transparently")
        ->required();
  } else {
    cmd->add_option("-i,--input", o->files, "Input files ('-' for standard input); gzip and zstd are read transparently")
        ->required();
  }
  cmd->add_option("-f,--format", o->format,
                  StrCat("Input format, detected from the content when 'auto': ", formats))
      ->capture_default_str();
  cmd->add_flag("--strict", o->strict,
                "Stop at the first bad record with an error naming its file, line and reason");
  cmd->add_option("--rejects", o->rejects_path,
                  "Write every rejected record (source, line, offset, reason) to this TSV file");
  cmd->add_option("--platform", o->platform,
                  "Platform to assume where the input does not say (x, bluesky, mastodon, facebook, ...)");
  cmd->add_option("--map", o->csv_map,
                  "For --format csv: FIELD=COLUMN pairs naming the CSV column of each canonical field "
                  "(see docs/formats.md), or one TOML file with a [columns] table");
  cmd->add_option("--delimiter", o->delimiter, "For --format csv: the field delimiter")
      ->capture_default_str();
  cmd->add_option("--max-record-bytes", o->max_record_bytes,
                  "Records longer than this are rejected as too long")
      ->capture_default_str();
}

StatusOr<ReaderOptions> MakeReaderOptions(const InputOptions& o) {
  ReaderOptions r;
  ASSIGN_OR_RETURN(r.format, ParseFormat(o.format));
  r.strict = o.strict;
  r.default_platform = o.platform;
  r.max_record_bytes = o.max_record_bytes;
  if (o.delimiter == "\\t" || o.delimiter == "tab") {
    r.csv_delimiter = '\t';
  } else if (o.delimiter.size() == 1) {
    r.csv_delimiter = o.delimiter[0];
  } else {
    return absl::InvalidArgumentError("--delimiter takes one character (or 'tab')");
  }
  for (const std::string& m : o.csv_map) {
    size_t eq = m.find('=');
    if (eq == std::string::npos) {
      r.csv_mapping.emplace_back("@file", m);  // a TOML mapping file
    } else {
      r.csv_mapping.emplace_back(m.substr(0, eq), m.substr(eq + 1));
    }
  }
  return r;
}

StatusOr<std::shared_ptr<FILE>> ConnectRejectsFile(const InputOptions& o, IngestReport* report) {
  if (o.rejects_path.empty()) return std::shared_ptr<FILE>();
  FILE* f = std::fopen(o.rejects_path.c_str(), "w");
  if (f == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("cannot write ", o.rejects_path, ": ", std::strerror(errno)));
  }
  std::shared_ptr<FILE> handle(f, [](FILE* fp) { std::fclose(fp); });
  std::fputs("source\tline\toffset\treason\n", f);
  report->set_sink([f](const Rejection& r) {
    std::string reason = r.reason;
    for (char& c : reason) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    std::fprintf(f, "%s\t%llu\t%llu\t%s\n", r.source.c_str(), (unsigned long long)r.line,
                 (unsigned long long)r.offset, reason.c_str());
  });
  return handle;
}

void PrintRejectSummary(const IngestReport& report) {
  if (report.rejected() == 0) return;
  std::fprintf(stderr, "%llu records rejected:\n", (unsigned long long)report.rejected());
  for (const auto& [reason, n] : report.by_reason()) {
    std::fprintf(stderr, "  %8llu  %s\n", (unsigned long long)n, reason.c_str());
  }
  size_t shown = 0;
  for (const Rejection& r : report.kept()) {
    if (++shown > 5) {
      std::fprintf(stderr, "  ... (use --rejects FILE for every one)\n");
      break;
    }
    std::fprintf(stderr, "  %s\n", IngestReport::Describe(r).c_str());
  }
}

void PrintSkipSummary(std::string_view command, const IngestReport& report) {
  for (const auto& [reason, n] : report.skipped()) {
    std::fprintf(stderr, "%.*s: %llu records skipped (%s)\n", static_cast<int>(command.size()),
                 command.data(), (unsigned long long)n, reason.c_str());
  }
}

}  // namespace sakimori::cli
