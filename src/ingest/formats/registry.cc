// File: ingest/formats/registry.cc
// Maps each format to its parser. A new format: add a file in this folder and a line here.
#include "common/strings.h"
#include "ingest/formats/canonical.h"
#include "ingest/formats/coortweet.h"
#include "ingest/formats/jetstream.h"
#include "ingest/formats/mastodon.h"
#include "ingest/formats/twitter_v1.h"
#include "ingest/formats/twitter_v2.h"
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
    case Format::kTwitterV1:
      return MakeTwitterV1Parser();
    case Format::kTwitterV2:
      return MakeTwitterV2Parser();
    case Format::kJetstream:
      return MakeJetstreamParser();
    case Format::kMastodon:
      return MakeMastodonParser();
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
