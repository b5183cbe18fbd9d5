// File: ingest/byte_source.cc
#include "ingest/byte_source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

#include "common/strings.h"

namespace sakimori {
namespace {

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned) : fd_(fd), name_(std::move(name)), owned_(owned) {
    struct stat st;
    if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<uint64_t>(st.st_size);
  }
  ~FdSource() override {
    if (owned_) close(fd_);
  }
  StatusOr<size_t> Read(char* buf, size_t n) override {
    while (true) {
      ssize_t r = read(fd_, buf, n);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno == EINTR) continue;
      return absl::InternalError(StrCat(name_, ": read failed: ", std::strerror(errno)));
    }
  }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return size_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  uint64_t size_ = 0;
};

class MemorySource : public ByteSource {
 public:
  MemorySource(std::string name, std::string_view bytes) : name_(std::move(name)), bytes_(bytes) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, bytes_.size() - pos_);
    std::memcpy(buf, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return bytes_.size(); }

 private:
  std::string name_;
  std::string_view bytes_;
  size_t pos_ = 0;
};

// A source that first replays bytes already read (for magic-number sniffing).
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return inner_->Read(buf, n);
  }
  const std::string& name() const override { return inner_->name(); }
  // The prefix was read from the inner source's start, so the whole input is the inner one.
  uint64_t size() const override { return inner_->size(); }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

#ifdef SAKIMORI_FUZZ_SMALL_BUFFERS
constexpr size_t kInChunk = 512;  // fuzz builds: small inputs take several reads
#else
constexpr size_t kInChunk = 1 << 18;
#endif

// Decompressors call this on an error: bytes already produced in the same call are returned
// first (so a truncated file yields everything before the damage), and the error is kept in
// *deferred for the next call.
StatusOr<size_t> DeferError(size_t produced, Status error, Status* deferred) {
  if (produced == 0) return error;
  *deferred = std::move(error);
  return produced;
}

class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)), in_(kInChunk) {
    std::memset(&zs_, 0, sizeof zs_);
    ok_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipSource() override { inflateEnd(&zs_); }
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (!ok_) return absl::InternalError("zlib initialisation failed");
    if (!deferred_.ok()) return deferred_;
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, UINT32_MAX));
    while (zs_.avail_out > 0) {
      if (zs_.avail_in == 0 && !eof_) {
        ASSIGN_OR_RETURN(size_t got, inner_->Read(in_.data(), in_.size()));
        if (got == 0) {
          eof_ = true;
        } else {
          zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
          zs_.avail_in = static_cast<uInt>(got);
        }
      }
      if (zs_.avail_in == 0 && eof_) {
        if (in_member_) {
          return Defer(n - zs_.avail_out,
                       absl::DataLossError(StrCat(name(), ": truncated gzip stream")));
        }
        break;
      }
      int rc = inflate(&zs_, Z_NO_FLUSH);
      in_member_ = true;
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&zs_);  // a following member, if any (concatenated gzip files)
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Defer(n - zs_.avail_out,
                     absl::DataLossError(StrCat(name(), ": corrupt gzip stream")));
      }
    }
    return n - zs_.avail_out;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  StatusOr<size_t> Defer(size_t produced, Status error) {
    return DeferError(produced, std::move(error), &deferred_);
  }

  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_;
  Status deferred_;  // an error found after some bytes of the last call were produced
  z_stream zs_;
  bool ok_ = false;
  bool eof_ = false;
  bool in_member_ = false;
};

class ZstdSource : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_(kInChunk), ds_(ZSTD_createDStream()) {
    ZSTD_initDStream(ds_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(ds_); }
  StatusOr<size_t> Read(char* buf, size_t n) override {
    if (!deferred_.ok()) return deferred_;
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < out.size) {
      if (in_buf_.pos == in_buf_.size && !eof_) {
        ASSIGN_OR_RETURN(size_t got, inner_->Read(in_.data(), in_.size()));
        if (got == 0) {
          eof_ = true;
        } else {
          in_buf_ = {in_.data(), got, 0};
        }
      }
      if (in_buf_.pos == in_buf_.size && eof_) {
        if (pending_ != 0) {
          return Defer(out.pos, absl::DataLossError(StrCat(name(), ": truncated zstd stream")));
        }
        break;
      }
      size_t rc = ZSTD_decompressStream(ds_, &out, &in_buf_);
      if (ZSTD_isError(rc)) {
        return Defer(out.pos, absl::DataLossError(StrCat(
                                  name(), ": corrupt zstd stream: ", ZSTD_getErrorName(rc))));
      }
      pending_ = rc;
      if (out.pos > 0 && in_buf_.pos == in_buf_.size && !eof_) break;  // return what we have
    }
    return out.pos;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  StatusOr<size_t> Defer(size_t produced, Status error) {
    return DeferError(produced, std::move(error), &deferred_);
  }

  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  Status deferred_;  // an error found after some bytes of the last call were produced
  ZSTD_DStream* ds_;
  size_t pending_ = 0;
  bool eof_ = false;
};

StatusOr<std::unique_ptr<ByteSource>> WrapDecompression(std::unique_ptr<ByteSource> src) {
  std::string magic(4, '\0');
  size_t have = 0;
  while (have < magic.size()) {
    ASSIGN_OR_RETURN(size_t got, src->Read(magic.data() + have, magic.size() - have));
    if (got == 0) break;
    have += got;
  }
  magic.resize(have);
  auto base = std::make_unique<PrefixedSource>(magic, std::move(src));
  if (have >= 2 && uint8_t(magic[0]) == 0x1f && uint8_t(magic[1]) == 0x8b) {
    return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(std::move(base)));
  }
  if (have == 4 && uint8_t(magic[0]) == 0x28 && uint8_t(magic[1]) == 0xb5 &&
      uint8_t(magic[2]) == 0x2f && uint8_t(magic[3]) == 0xfd) {
    return std::unique_ptr<ByteSource>(std::make_unique<ZstdSource>(std::move(base)));
  }
  return std::unique_ptr<ByteSource>(std::move(base));
}

}  // namespace

StatusOr<std::unique_ptr<ByteSource>> OpenInput(const std::string& path) {
  if (path == "-") {
    return WrapDecompression(std::make_unique<FdSource>(STDIN_FILENO, "<stdin>", false));
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string msg = StrCat(path, ": ", std::strerror(err));
    if (err == ENOENT) return absl::NotFoundError(msg);
    if (err == EACCES) return absl::PermissionDeniedError(msg);
    return absl::InternalError(msg);
  }
  return WrapDecompression(std::make_unique<FdSource>(fd, path, true));
}

StatusOr<std::unique_ptr<ByteSource>> OpenMemory(std::string name, std::string_view bytes) {
  return WrapDecompression(std::make_unique<MemorySource>(std::move(name), bytes));
}

}  // namespace sakimori
