// File: common/checkpoint_io.cc
#include "common/checkpoint_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/strings.h"

namespace sakimori {

Status CheckpointWriter::Write(std::string_view bytes) {
  hash_.Update(bytes);
  return DoWrite(bytes);
}

Status CheckpointReader::Read(uint64_t n, std::string* out) {
  if (n > remaining()) {
    return absl::InvalidArgumentError(
        StrCat("checkpoint truncated: ", n, " bytes wanted, ", remaining(), " left"));
  }
  out->resize(n);
  RETURN_IF_ERROR(DoRead(n, out->data()));
  hash_.Update(*out);
  return absl::OkStatus();
}

Status StringCheckpointWriter::DoWrite(std::string_view bytes) {
  out_->append(bytes);
  return absl::OkStatus();
}

Status StringCheckpointReader::DoRead(uint64_t n, char* out) {
  std::memcpy(out, in_.data() + pos_, n);
  pos_ += n;
  return absl::OkStatus();
}

namespace {
Status FileError(std::string_view what, const std::string& path) {
  return absl::UnavailableError(StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}
}  // namespace

StatusOr<std::unique_ptr<FileCheckpointWriter>> FileCheckpointWriter::Open(
    const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return FileError("write", path);
  return std::unique_ptr<FileCheckpointWriter>(new FileCheckpointWriter(path, f));
}

FileCheckpointWriter::~FileCheckpointWriter() {
  if (f_ != nullptr) std::fclose(f_);
}

Status FileCheckpointWriter::DoWrite(std::string_view bytes) {
  if (f_ == nullptr) return absl::FailedPreconditionError(StrCat(path_, " is closed"));
  if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
    return FileError("write", path_);
  }
  return absl::OkStatus();
}

Status FileCheckpointWriter::Close() {
  if (f_ == nullptr) return absl::OkStatus();
  // On disk before Close returns: a state is renamed into place, or a queue acknowledged,
  // only after it.
  const bool ok = std::fflush(f_) == 0 && std::ferror(f_) == 0 && ::fdatasync(::fileno(f_)) == 0;
  const bool closed = std::fclose(f_) == 0;
  f_ = nullptr;
  if (!ok || !closed) return FileError("write", path_);
  return absl::OkStatus();
}

StatusOr<std::unique_ptr<FileCheckpointReader>> FileCheckpointReader::Open(
    const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return FileError("read", path);
  if (std::fseek(f, 0, SEEK_END) != 0) {
    std::fclose(f);
    return FileError("read", path);
  }
  const long size = std::ftell(f);
  if (size < 0 || std::fseek(f, 0, SEEK_SET) != 0) {
    std::fclose(f);
    return FileError("read", path);
  }
  return std::unique_ptr<FileCheckpointReader>(
      new FileCheckpointReader(path, f, static_cast<uint64_t>(size)));
}

FileCheckpointReader::~FileCheckpointReader() { std::fclose(f_); }

Status FileCheckpointReader::DoRead(uint64_t n, char* out) {
  if (std::fread(out, 1, n, f_) != n) return FileError("read", path_);
  pos_ += n;
  return absl::OkStatus();
}

}  // namespace sakimori
