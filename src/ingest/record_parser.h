// File: ingest/record_parser.h
// The two kinds of per-format parsers the reader drives. A parser turns one record into zero
// or more canonical events appended to the context's batch. On a bad record it returns an
// InvalidArgument status whose message is the reason ("missing field: actor"; the category
// before ": " is what reports count by); the driver then removes any events the parser
// appended for that record and records the rejection with its position.
#pragma once

#include <simdjson.h>

#include <memory>

#include "common/status.h"
#include "ingest/csv.h"
#include "ingest/event_reader.h"
#include "ingest/pending_ids.h"
#include "model/event.h"

namespace sakimori {

struct ParseContext {
  EventBatch* batch;
  Dictionary* dict;
  const ReaderOptions* options;
  Platform default_platform = Platform::kUnknown;
  // Where parsers count records they skip on purpose (IngestReport::Skip); may be null.
  IngestReport* report = nullptr;
  // Where parsers may defer interning to the end of the batch (faster for large inputs; see
  // PendingIds); may be null, and then parsers intern at once.
  PendingIds* pending = nullptr;

  void Skip(std::string_view reason) {
    if (report != nullptr) report->Skip(reason);
  }
};

// A JSON format: called once per JSON object (a line, an array element, or a document).
// The object's strings are valid only during the call: copy what you keep into the batch.
class JsonRecordParser {
 public:
  virtual ~JsonRecordParser() = default;
  virtual Status Parse(simdjson::ondemand::object object, ParseContext& ctx) = 0;
};

// A CSV format: SetHeader is called once with the header row (an error there fails the whole
// input, e.g. a required column is missing), then Parse once per data row.
class CsvRecordParser {
 public:
  virtual ~CsvRecordParser() = default;
  virtual Status SetHeader(const CsvHeader& header) = 0;
  virtual Status Parse(const CsvRow& row, ParseContext& ctx) = 0;
  virtual char delimiter() const { return ','; }
};

// Factories, one per format (implemented in ingest/formats/).
std::unique_ptr<JsonRecordParser> MakeJsonParser(Format format);
StatusOr<std::unique_ptr<CsvRecordParser>> MakeCsvParser(Format format,
                                                         const ReaderOptions& options);

}  // namespace sakimori
