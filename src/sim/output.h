// File: sim/output.h
// Where the simulator's JSON Lines go: a file (optionally zstd-compressed, streaming) or a
// string (tests, benchmarks). Writes are buffered in large blocks.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori::sim {

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Appends bytes. Errors: the underlying write failed (disk full, ...).
  virtual Status Write(std::string_view bytes) = 0;
  // Flushes everything; the sink takes no more writes. Errors as Write.
  virtual Status Close() = 0;
};

// Opens `path` for writing (truncating it). With `zstd_level` > 0 the bytes are compressed as
// one zstd frame with libzstd's streaming API. Errors: the file cannot be created.
StatusOr<std::unique_ptr<OutputSink>> OpenFileSink(const std::string& path, int zstd_level);

// Appends to a string owned by the caller (which must outlive the sink).
std::unique_ptr<OutputSink> MakeStringSink(std::string* out);

// Counts bytes and discards them (benchmarks of generation alone).
std::unique_ptr<OutputSink> MakeNullSink(uint64_t* bytes);

}  // namespace sakimori::sim
