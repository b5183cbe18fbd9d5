// File: ingest/formats/registry.cc
// Maps each format to its parser. A new format: add a file in this folder and a line here.
#include "common/strings.h"
#include "ingest/formats/canonical.h"
#include "ingest/formats/coortweet.h"
#include "ingest/formats/crowdtangle.h"
#include "ingest/formats/csv_mapped.h"
#include "ingest/formats/io_archive.h"
#include "ingest/formats/ira.h"
#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeJsonParser(Format format) {
  switch (format) {
    case Format::kCanonical:
      return MakeCanonicalParser();
    default:
      return nullptr;
  }
}

StatusOr<std::unique_ptr<CsvRecordParser>> MakeCsvParser(Format format,
                                                         const ReaderOptions& options) {
  switch (format) {
    case Format::kCoortweet:
      return MakeCoortweetParser();
    case Format::kCoortweetMulti:
      return MakeCoortweetMultiParser();
    case Format::kIoArchive:
      return MakeIoArchiveParser();
    case Format::kIra:
      return MakeIraParser();
    case Format::kCrowdTangle:
      return MakeCrowdTangleParser();
    case Format::kCsv:
      return MakeCsvMappedParser(options);
    default:
      return absl::UnimplementedError(
          StrCat("no reader for format ", FormatName(format)));
  }
}

}  // namespace sakimori
