// File: ingest/record_splitter.h
// Cuts a byte stream into records: lines (JSON Lines) or CSV records, whose quoted fields may
// span lines. Memory is bounded: a record longer than `max_record_bytes` is reported as too
// long and skipped (a line: up to its newline; a CSV record: its first physical line, so an
// unterminated quote cannot swallow the rest of the file). Each record is followed in memory
// by at least kPadding readable bytes, as simdjson requires.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/byte_source.h"

namespace sakimori {

struct Record {
  std::string_view data;   // without the line terminator ("\n" or "\r\n")
  uint64_t line = 0;       // 1-based number of the record's first line
  uint64_t offset = 0;     // byte offset of the record in the (decompressed) input
  bool too_long = false;   // data is empty; the record exceeded max_record_bytes
  bool truncated = false;  // the input ended inside a quoted CSV field
};

class RecordSplitter {
 public:
  enum class Mode { kLines, kCsv };
  static constexpr size_t kPadding = 64;

  RecordSplitter(std::unique_ptr<ByteSource> source, Mode mode, size_t max_record_bytes);

  // Returns the first bytes of the input (up to n) without consuming them.
  StatusOr<std::string_view> Peek(size_t n);

  // The next record; false at the end of input. Errors come from the source (I/O, corrupt
  // compressed data); records already returned stay valid until the next call.
  StatusOr<bool> Next(Record* record);

  // Resumes splitting at the second physical line of `record`, which must be the record the
  // last call to Next returned (its bytes are still buffered). Used when a CSV record that
  // spans lines is malformed: an unterminated quote must cost only its own line, not every
  // line up to the next quote character. Returns false (and changes nothing) when the record
  // is a single line.
  bool ResumeAfterFirstLine(const Record& record);

  // The buffered input from the start of `record` (the one the last call to Next returned) to
  // the end of what has been read so far: that record and possibly more after it. Valid until
  // the next call to Next.
  std::string_view BufferedFrom(const Record& record) const {
    const size_t start = static_cast<size_t>(record.offset - base_offset_);
    return std::string_view(buf_.data() + start, end_ - start);
  }

  // Reads everything that is left into one padded buffer (for whole-document JSON), up to
  // `limit` bytes; ResourceExhausted beyond that.
  StatusOr<std::string_view> ReadAll(size_t limit);

  void set_mode(Mode mode) { mode_ = mode; }
  const std::string& name() const { return source_->name(); }
  uint64_t bytes_consumed() const { return base_offset_ + begin_; }
  // The whole input's size when known in advance (ByteSource::size), else 0.
  uint64_t input_size() const { return source_->size(); }

 private:
  // Appends more input at end_; returns bytes read (0 at end of input).
  StatusOr<size_t> Fill();
  // Finds the end of the record starting at begin_ within [begin_, end_); npos if incomplete.
  size_t FindRecordEnd();
  void Compact();

  std::unique_ptr<ByteSource> source_;
  Mode mode_;
  size_t max_record_bytes_;
  // Input bytes; not zero-filled when allocated or grown (reads write them first, and the
  // kPadding bytes after end_ are zeroed after each read).
  struct Buffer {
    std::unique_ptr<char[]> bytes;
    size_t capacity = 0;
    char* data() const { return bytes.get(); }
    size_t size() const { return capacity; }
    char operator[](size_t i) const { return bytes[i]; }
    // Grows to `n` bytes, keeping the first `keep`.
    void Grow(size_t n, size_t keep) {
      auto grown = std::make_unique_for_overwrite<char[]>(n);
      if (keep > 0) std::memcpy(grown.get(), bytes.get(), keep);
      bytes = std::move(grown);
      capacity = n;
    }
  };
  Buffer buf_;
  size_t begin_ = 0;  // start of the unconsumed region
  size_t end_ = 0;    // end of valid bytes
  size_t scan_ = 0;   // how far FindRecordEnd has looked (relative to buf_)
  bool in_quotes_ = false;
  bool eof_ = false;
  bool started_ = false;
  uint64_t base_offset_ = 0;  // input offset of buf_[0]
  uint64_t line_ = 1;         // line number at begin_
};

}  // namespace sakimori
