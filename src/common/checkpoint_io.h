// File: common/checkpoint_io.h
// Where a large checkpoint goes and where it comes from, piece by piece, so that neither
// saving nor restoring needs the whole of it in memory at once: a CheckpointWriter takes the
// pieces in order, a CheckpointReader hands out the next n bytes. Both keep the XXH3-64 hash
// of the bytes that passed through them, for a checksum trailer. In-memory and file forms.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/hash.h"
#include "common/status.h"

namespace sakimori {

class CheckpointWriter {
 public:
  virtual ~CheckpointWriter() = default;
  // Appends `bytes`. Errors: the destination's (the file cannot be written).
  Status Write(std::string_view bytes);
  // The hash of everything written so far.
  uint64_t Digest() const { return hash_.Digest(); }

 protected:
  virtual Status DoWrite(std::string_view bytes) = 0;

 private:
  StreamHash hash_;
};

class CheckpointReader {
 public:
  virtual ~CheckpointReader() = default;
  // Replaces *out with the next `n` bytes. Errors: InvalidArgument ("truncated") when fewer
  // remain, found before anything is allocated; Unavailable when the file cannot be read.
  Status Read(uint64_t n, std::string* out);
  // Bytes not read yet.
  virtual uint64_t remaining() const = 0;
  // The hash of everything read so far.
  uint64_t Digest() const { return hash_.Digest(); }

 protected:
  // Reads exactly n <= remaining() bytes into out (sized n by the caller).
  virtual Status DoRead(uint64_t n, char* out) = 0;

 private:
  StreamHash hash_;
};

// Appends to a string.
class StringCheckpointWriter : public CheckpointWriter {
 public:
  explicit StringCheckpointWriter(std::string* out) : out_(out) {}

 protected:
  Status DoWrite(std::string_view bytes) override;

 private:
  std::string* out_;
};

// Reads a string (which must outlive the reader).
class StringCheckpointReader : public CheckpointReader {
 public:
  explicit StringCheckpointReader(std::string_view in) : in_(in) {}
  uint64_t remaining() const override { return in_.size() - pos_; }

 protected:
  Status DoRead(uint64_t n, char* out) override;

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// Writes a file. Open() creates or truncates it; Close() flushes it to disk (fdatasync) and
// reports any error of the writes (a checkpoint is complete only when Close() succeeds).
class FileCheckpointWriter : public CheckpointWriter {
 public:
  static StatusOr<std::unique_ptr<FileCheckpointWriter>> Open(const std::string& path);
  ~FileCheckpointWriter() override;
  Status Close();

 protected:
  Status DoWrite(std::string_view bytes) override;

 private:
  FileCheckpointWriter(std::string path, std::FILE* f) : path_(std::move(path)), f_(f) {}
  std::string path_;
  std::FILE* f_;
};

// Reads a file.
class FileCheckpointReader : public CheckpointReader {
 public:
  static StatusOr<std::unique_ptr<FileCheckpointReader>> Open(const std::string& path);
  ~FileCheckpointReader() override;
  uint64_t remaining() const override { return size_ - pos_; }

 protected:
  Status DoRead(uint64_t n, char* out) override;

 private:
  FileCheckpointReader(std::string path, std::FILE* f, uint64_t size)
      : path_(std::move(path)), f_(f), size_(size) {}
  std::string path_;
  std::FILE* f_;
  uint64_t size_;
  uint64_t pos_ = 0;
};

}  // namespace sakimori
