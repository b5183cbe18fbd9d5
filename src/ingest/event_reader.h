// File: ingest/event_reader.h
// Reads one input (file, "-" for stdin, gzip/zstd transparently) in any supported format
// into batches of canonical events. Bad records are rejected with their position and reason
// into the IngestReport and reading goes on; in strict mode the first bad record ends the
// read with an InvalidArgument error naming file, line and reason.
//
// Usage:
//   Dictionary dict; IngestReport report; EventBatch batch;
//   ASSIGN_OR_RETURN(auto reader, EventReader::Open(path, options, &dict, &report));
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
//     if (!more) break;
//     for (const Event& e : batch.events()) ...
//   }
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ingest/byte_source.h"
#include "ingest/format.h"
#include "ingest/ingest_report.h"
#include "model/event.h"

namespace sakimori {

class ByteSource;

struct ReaderOptions {
  Format format = Format::kAuto;
  bool strict = false;
  // Records (lines) longer than this are rejected as too long.
  size_t max_record_bytes = 16 << 20;
  // Whole JSON documents (arrays, pretty-printed objects) larger than this are refused.
  size_t max_document_bytes = size_t{2} << 30;
  // For Format::kCsv: canonical field name -> CSV column name (see docs/formats.md), and
  // the field delimiter.
  std::vector<std::pair<std::string, std::string>> csv_mapping;
  char csv_delimiter = ',';
  // Platform to assume where the format does not say (e.g. "x" for CooRTweet tables).
  std::string default_platform;
  // Reads and parses up to `prefetch_batches` batches ahead on a background thread while
  // the caller processes the previous one (0: no thread). The events, their ids and the
  // report are the same as without it; ids are still assigned on the caller's thread, so the
  // Dictionary is only touched there. While such a reader is open its thread writes the
  // IngestReport (and calls its sink): read the report once Next has returned false or an
  // error, or the reader is destroyed. Used for canonical JSON Lines and CooRTweet tables
  // (kCoortweet, kCoortweetMulti) and ignored for other formats (their parsers intern as
  // they read).
  int prefetch_batches = 0;
  // With prefetch_batches, account ids are interned on the reading thread as it parses each
  // batch, and only post ids on the caller's: this spreads the work over both threads. The
  // ids are the same. The caller must then not touch the Dictionary's `accounts` until Next
  // has returned false or an error, or the reader is destroyed (ids in the events it gets are
  // fine to use). Used by `coord`.
  bool accounts_on_reader_thread = false;
  // With prefetch_batches, keeps the reading thread and the caller on different processors
  // while the reader is open (when the process may use more than one). Left to itself, the
  // scheduler wakes a thread on the processor of the thread that woke it, and the two then
  // take turns on one processor for much of each batch: on a 2-core machine `coord` on
  // CooRTweet's Russian table used 1.0 processors on average, and 1.2-1.6 pinned (18-19 ms
  // instead of 21-22). For short runs that have the machine to themselves.
  bool prefetch_separate_cpus = false;
  // The string lists the caller reads; parsers may leave the others empty. Honoured by the
  // CooRTweet multi-object tables (kCoortweetMulti), whose rows otherwise copy four lists a
  // row; other formats fill every list.
  EventLists lists;
  // With `lists` naming only lists (no event kind of its own is wanted), rows of the
  // CooRTweet multi-object tables that hold none of those lists give no event: they are
  // checked as usual (a bad row is still rejected), then counted as skipped ("row without a
  // selected object"). The German election table has URLs on 50,785 of its 218,971 rows.
  bool skip_rows_without_lists = false;
};

class EventReader {
 public:
  virtual ~EventReader() = default;

  // Opens `path` and detects its format unless options.format names one. Errors: the file
  // cannot be opened, the format cannot be detected, a CSV header lacks required columns.
  static StatusOr<std::unique_ptr<EventReader>> Open(const std::string& path,
                                                     const ReaderOptions& options,
                                                     Dictionary* dict, IngestReport* report);

  // Like Open, over an already opened source (e.g. OpenMemory: HTTP bodies, tests, fuzzing).
  static StatusOr<std::unique_ptr<EventReader>> OpenSource(std::unique_ptr<ByteSource> source,
                                                           const ReaderOptions& options,
                                                           Dictionary* dict, IngestReport* report);

  // Clears `batch` and fills it with the next events (at most about its capacity). Returns
  // false when the input is exhausted (the batch is then empty). Errors: strict mode and a
  // bad record; an unreadable or corrupt input in strict mode.
  virtual StatusOr<bool> Next(EventBatch* batch) = 0;

  virtual Format format() const = 0;

  // The whole input's size in bytes when known in advance, else 0.
  virtual uint64_t input_size() const { return 0; }
  // Input bytes consumed up to the end of the last batch Next returned.
  virtual uint64_t bytes_consumed() const { return 0; }
  // About how many events the whole input holds, from the `events` returned so far scaled by
  // input size / bytes consumed (at most 64 times); 0 when that cannot be told (unknown input
  // size, too little read yet).
  uint64_t EstimateTotalEvents(uint64_t events) const;
};

}  // namespace sakimori
