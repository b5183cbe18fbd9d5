// File: common/bytes.h
// Little-endian checkpoint encoding shared by the streaming operators (foreign-signal
// trackers, the co-action store, the engine): a writer that appends fixed-width integers,
// doubles (their bits) and length-prefixed strings after a 4-byte magic and a 1-byte version,
// and a reader that refuses to read past the end (so truncated input is an error, never
// undefined behaviour). Large checkpoints travel in pieces through checkpoint_io.h.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/status.h"
#include "common/strings.h"
#include "common/time.h"

namespace sakimori {

class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}
  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Put(v, 2); }
  void U32(uint32_t v) { Put(v, 4); }
  void U64(uint64_t v) { Put(v, 8); }
  void I64(int64_t v) { Put(static_cast<uint64_t>(v), 8); }
  void F64(double v) { U64(std::bit_cast<uint64_t>(v)); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_->append(s);
  }

 private:
  // One append per value (byte-wise push_back was most of the time of a large save); the
  // compiler turns the loop into one store.
  void Put(uint64_t v, int bytes) {
    char buf[8];
    for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    out_->append(buf, static_cast<size_t>(bytes));
  }
  std::string* out_;
};

// Reads what ByteWriter wrote. Every getter returns false once the input is exhausted; the
// caller turns that into InvalidArgument via Truncated().
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(uint8_t* v) {
    uint64_t x;
    if (!Get(&x, 1)) return false;
    *v = static_cast<uint8_t>(x);
    return true;
  }
  bool U16(uint16_t* v) {
    uint64_t x;
    if (!Get(&x, 2)) return false;
    *v = static_cast<uint16_t>(x);
    return true;
  }
  bool U32(uint32_t* v) {
    uint64_t x;
    if (!Get(&x, 4)) return false;
    *v = static_cast<uint32_t>(x);
    return true;
  }
  bool U64(uint64_t* v) { return Get(v, 8); }
  bool I64(int64_t* v) {
    uint64_t x;
    if (!Get(&x, 8)) return false;
    *v = static_cast<int64_t>(x);
    return true;
  }
  bool F64(double* v) {
    uint64_t x;
    if (!Get(&x, 8)) return false;
    *v = std::bit_cast<double>(x);
    return true;
  }
  // An event time: false, as for a truncated input, unless InTimeRange (so that arithmetic on
  // read times cannot overflow).
  bool Time(TimeMs* v) { return I64(v) && InTimeRange(*v); }
  // Time(), or INT64_MIN (kNoTime).
  bool TimeOrNone(TimeMs* v) { return I64(v) && InTimeRangeOrNone(*v); }
  bool Str(std::string* s) {
    uint32_t n;
    if (!U32(&n) || n > in_.size() - pos_) return false;
    s->assign(in_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  // True if at least `n` more bytes remain (to check a count before allocating for it).
  bool Has(uint64_t n) const { return n <= in_.size() - pos_; }
  bool AtEnd() const { return pos_ == in_.size(); }

  // Checks the leading 4-byte magic and 1-byte version.
  Status Header(std::string_view magic, uint8_t version, std::string_view what) {
    if (in_.size() < 5 || in_.substr(0, 4) != magic) {
      return absl::InvalidArgumentError(StrCat(what, ": not a checkpoint (bad magic)"));
    }
    if (static_cast<uint8_t>(in_[4]) != version) {
      return absl::InvalidArgumentError(
          StrCat(what, ": unsupported checkpoint version ", static_cast<int>(in_[4])));
    }
    pos_ = 5;
    return absl::OkStatus();
  }
  static Status Truncated(std::string_view what) {
    return absl::InvalidArgumentError(StrCat(what, ": checkpoint truncated or corrupt"));
  }
  Status Finish(std::string_view what) const {
    if (!AtEnd()) return absl::InvalidArgumentError(StrCat(what, ": trailing bytes in checkpoint"));
    return absl::OkStatus();
  }

 private:
  bool Get(uint64_t* v, int bytes) {
    if (in_.size() - pos_ < static_cast<size_t>(bytes)) return false;
    uint64_t x = 0;
    for (int i = 0; i < bytes; ++i) {
      x |= static_cast<uint64_t>(static_cast<uint8_t>(in_[pos_ + i])) << (8 * i);
    }
    pos_ += bytes;
    *v = x;
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
};

// One value by its type: integers by their width (signed ones as their two's complement),
// float and double as their bits, bool as a byte, strings length-prefixed. With a visitor that
// lists a record's fields once, `VisitFields(record, writer)` and `VisitFields(record, reader)`
// write and read the same layout.
struct FieldWriter {
  ByteWriter w;
  template <typename T>
  void operator()(const T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
      w.Str(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      w.U8(v ? 1 : 0);
    } else if constexpr (std::is_same_v<T, float>) {
      w.U32(std::bit_cast<uint32_t>(v));
    } else if constexpr (std::is_same_v<T, double>) {
      w.F64(v);
    } else {
      static_assert(std::is_integral_v<T>);
      const auto u = static_cast<std::make_unsigned_t<T>>(v);
      if constexpr (sizeof(T) == 1) w.U8(u);
      if constexpr (sizeof(T) == 2) w.U16(u);
      if constexpr (sizeof(T) == 4) w.U32(u);
      if constexpr (sizeof(T) == 8) w.U64(u);
    }
  }
};

// Reads what FieldWriter wrote; `ok` turns false at the first value past the end (or a bool
// byte other than 0 and 1) and stays false.
struct FieldReader {
  ByteReader& r;
  bool ok = true;
  template <typename T>
  void operator()(T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
      ok = r.Str(&v) && ok;
    } else if constexpr (std::is_same_v<T, bool>) {
      uint8_t x = 0;
      ok = r.U8(&x) && x <= 1 && ok;
      v = x == 1;
    } else if constexpr (std::is_same_v<T, float>) {
      uint32_t x = 0;
      ok = r.U32(&x) && ok;
      v = std::bit_cast<float>(x);
    } else if constexpr (std::is_same_v<T, double>) {
      ok = r.F64(&v) && ok;
    } else {
      static_assert(std::is_integral_v<T>);
      uint64_t x = 0;
      if constexpr (sizeof(T) == 1) {
        uint8_t y = 0;
        ok = r.U8(&y) && ok;
        x = y;
      }
      if constexpr (sizeof(T) == 2) {
        uint16_t y = 0;
        ok = r.U16(&y) && ok;
        x = y;
      }
      if constexpr (sizeof(T) == 4) {
        uint32_t y = 0;
        ok = r.U32(&y) && ok;
        x = y;
      }
      if constexpr (sizeof(T) == 8) ok = r.U64(&x) && ok;
      v = static_cast<T>(static_cast<std::make_unsigned_t<T>>(x));
    }
  }
};

inline void WriteHeader(std::string* out, std::string_view magic, uint8_t version) {
  out->append(magic);
  out->push_back(static_cast<char>(version));
}

}  // namespace sakimori
