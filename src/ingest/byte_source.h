// File: ingest/byte_source.h
// Where input bytes come from: a file, standard input, or a gzip/zstd stream over either,
// detected from the first bytes (magic numbers), so callers never care about compression.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sakimori {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; returns the number read, 0 only at the end of input.
  // Errors: an I/O error, or a corrupt or truncated compressed stream (DataLossError).
  virtual StatusOr<size_t> Read(char* buf, size_t n) = 0;
  // A name for messages: the path, or "<stdin>".
  virtual const std::string& name() const = 0;
  // How many bytes the whole input holds when that is known before reading it (a regular
  // uncompressed file, bytes in memory), else 0.
  virtual uint64_t size() const { return 0; }
};

// Opens `path` ("-" is standard input) and transparently decompresses gzip and zstd.
// Errors: NotFound / PermissionDenied / Internal from the file system.
StatusOr<std::unique_ptr<ByteSource>> OpenInput(const std::string& path);

// A source over bytes in memory (tests, HTTP bodies), decompressed like a file.
StatusOr<std::unique_ptr<ByteSource>> OpenMemory(std::string name, std::string_view bytes);

}  // namespace sakimori
