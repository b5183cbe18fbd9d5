// File: sim/output.cc
#include "sim/output.h"

#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/strings.h"

namespace sakimori::sim {
namespace {

class FileSink : public OutputSink {
 public:
  FileSink(std::FILE* f, std::string path) : f_(f), path_(std::move(path)) {}
  ~FileSink() override {
    if (f_ != nullptr) std::fclose(f_);
  }
  Status Write(std::string_view bytes) override {
    if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) return Error();
    return absl::OkStatus();
  }
  Status Close() override {
    if (f_ == nullptr) return absl::OkStatus();
    int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) return Error();
    return absl::OkStatus();
  }

 protected:
  Status Error() const {
    return absl::InternalError(StrCat("cannot write ", path_, ": ", std::strerror(errno)));
  }
  std::FILE* f_;
  std::string path_;
};

class ZstdSink : public FileSink {
 public:
  ZstdSink(std::FILE* f, std::string path, int level)
      : FileSink(f, std::move(path)), cctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize()) {
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
  }
  ~ZstdSink() override { ZSTD_freeCCtx(cctx_); }

  Status Write(std::string_view bytes) override {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (in.pos < in.size) {
      RETURN_IF_ERROR(Step(&in, ZSTD_e_continue));
    }
    return absl::OkStatus();
  }
  Status Close() override {
    if (f_ == nullptr) return absl::OkStatus();
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (true) {
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      size_t remaining = ZSTD_compressStream2(cctx_, &out, &in, ZSTD_e_end);
      if (ZSTD_isError(remaining)) {
        return absl::InternalError(StrCat("zstd: ", ZSTD_getErrorName(remaining)));
      }
      RETURN_IF_ERROR(FileSink::Write(std::string_view(out_.data(), out.pos)));
      if (remaining == 0) break;
    }
    return FileSink::Close();
  }

 private:
  Status Step(ZSTD_inBuffer* in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    size_t rc = ZSTD_compressStream2(cctx_, &out, in, mode);
    if (ZSTD_isError(rc)) return absl::InternalError(StrCat("zstd: ", ZSTD_getErrorName(rc)));
    return FileSink::Write(std::string_view(out_.data(), out.pos));
  }

  ZSTD_CCtx* cctx_;
  std::vector<char> out_;
};

class StringSink : public OutputSink {
 public:
  explicit StringSink(std::string* out) : out_(out) {}
  Status Write(std::string_view bytes) override {
    out_->append(bytes);
    return absl::OkStatus();
  }
  Status Close() override { return absl::OkStatus(); }

 private:
  std::string* out_;
};

class NullSink : public OutputSink {
 public:
  explicit NullSink(uint64_t* bytes) : bytes_(bytes) {}
  Status Write(std::string_view bytes) override {
    *bytes_ += bytes.size();
    return absl::OkStatus();
  }
  Status Close() override { return absl::OkStatus(); }

 private:
  uint64_t* bytes_;
};

}  // namespace

StatusOr<std::unique_ptr<OutputSink>> OpenFileSink(const std::string& path, int zstd_level) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return absl::PermissionDeniedError(StrCat("cannot create ", path, ": ", std::strerror(errno)));
  }
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  if (zstd_level > 0) return std::unique_ptr<OutputSink>(new ZstdSink(f, path, zstd_level));
  return std::unique_ptr<OutputSink>(new FileSink(f, path));
}

std::unique_ptr<OutputSink> MakeStringSink(std::string* out) {
  return std::make_unique<StringSink>(out);
}

std::unique_ptr<OutputSink> MakeNullSink(uint64_t* bytes) {
  return std::make_unique<NullSink>(bytes);
}

}  // namespace sakimori::sim
