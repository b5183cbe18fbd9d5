// File: engine/bytes.h
// Little-endian byte writer and bounds-checked reader for operator checkpoints.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/strings.h"

namespace sakimori::engine {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void I64(int64_t v) { Raw(&v, 8); }
  void F64(double v) { Raw(&v, 8); }
  void Str(std::string_view s) {
    U64(s.size());
    out_->append(s);
  }

 private:
  void Raw(const void* p, size_t n) {  // the targets are little-endian (x86-64, arm64)
    out_->append(static_cast<const char*>(p), n);
  }
  std::string* out_;
};

// Every getter returns false (and leaves the reader at the end) when the bytes run out.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(uint8_t* v) { return Raw(v, 1); }
  bool U32(uint32_t* v) { return Raw(v, 4); }
  bool U64(uint64_t* v) { return Raw(v, 8); }
  bool I64(int64_t* v) { return Raw(v, 8); }
  bool F64(double* v) { return Raw(v, 8); }
  bool Str(std::string* s) {
    uint64_t n = 0;
    if (!U64(&n) || n > in_.size() - pos_) return Fail();
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  bool Raw(void* p, size_t n) {
    if (in_.size() - pos_ < n) return Fail();
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool Fail() {
    pos_ = in_.size();
    return false;
  }
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace sakimori::engine
