// File: ingest/record_splitter.cc
#include "ingest/record_splitter.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/strings.h"

namespace sakimori {
namespace {
#ifdef SAKIMORI_FUZZ_SMALL_BUFFERS
constexpr size_t kChunk = 4096;  // fuzz builds: small inputs reach the refill and growth paths
#else
constexpr size_t kChunk = 1 << 20;
#endif
constexpr size_t kNpos = SIZE_MAX;
}  // namespace

RecordSplitter::RecordSplitter(std::unique_ptr<ByteSource> source, Mode mode,
                               size_t max_record_bytes)
    : source_(std::move(source)), mode_(mode), max_record_bytes_(max_record_bytes) {
  buf_.Grow(kChunk + kPadding, 0);
}

void RecordSplitter::Compact() {
  if (begin_ == 0) return;
  std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
  base_offset_ += begin_;
  end_ -= begin_;
  scan_ -= begin_;
  begin_ = 0;
}

StatusOr<size_t> RecordSplitter::Fill() {
  if (eof_) return 0;
  Compact();
  if (buf_.size() - end_ < kChunk / 2 + kPadding) {
    buf_.Grow(std::max(buf_.size() * 2, end_ + kChunk + kPadding), end_);
  }
  size_t room = buf_.size() - end_ - kPadding;
  ASSIGN_OR_RETURN(size_t got, source_->Read(buf_.data() + end_, room));
  if (got == 0) {
    eof_ = true;
  }
  end_ += got;
  std::memset(buf_.data() + end_, 0, kPadding);
  if (!started_ && end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) {
    begin_ = scan_ = 3;  // UTF-8 byte order mark
  }
  if (end_ >= 3 || eof_) started_ = true;
  return got;
}

StatusOr<std::string_view> RecordSplitter::Peek(size_t n) {
  while (end_ - begin_ < n && !eof_) {
    ASSIGN_OR_RETURN(size_t got, Fill());
    if (got == 0) break;
  }
  return std::string_view(buf_.data() + begin_, std::min(n, end_ - begin_));
}

size_t RecordSplitter::FindRecordEnd() {
  if (scan_ < begin_) {
    scan_ = begin_;
    in_quotes_ = false;
  }
  const char* p = buf_.data();
  if (mode_ == Mode::kLines) {
    const void* nl = std::memchr(p + scan_, '\n', end_ - scan_);
    if (nl == nullptr) {
      scan_ = end_;
      return kNpos;
    }
    return static_cast<const char*>(nl) - p;
  }
  size_t from = scan_;
#ifdef __SSE2__
  if (!in_quotes_) {
    // Outside quotes the record ends at the first newline, unless a quote comes first: find
    // the first of either 16 bytes at a time (reading into the zeroed padding past end_,
    // never past the buffer), and leave quotes to the scan below.
    const __m128i newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
    for (; from < end_; from += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + from));
      const unsigned mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, quote))));
      if (mask == 0) continue;
      const size_t i = from + __builtin_ctz(mask);
      if (i >= end_) break;
      if (p[i] == '\n') {
        scan_ = i;
        return i;
      }
      from = i;
      break;
    }
    if (from >= end_) {
      scan_ = end_;
      return kNpos;
    }
  }
#endif
  for (size_t i = from; i < end_; ++i) {
    char c = p[i];
    if (c == '"') {
      in_quotes_ = !in_quotes_;  // "" inside quotes toggles twice: stays inside
    } else if (c == '\n' && !in_quotes_) {
      scan_ = i;
      return i;
    }
  }
  scan_ = end_;
  return kNpos;
}

StatusOr<bool> RecordSplitter::Next(Record* record) {
  *record = Record();
  while (true) {
    size_t nl = FindRecordEnd();
    if (nl != kNpos && nl - begin_ <= max_record_bytes_) {
      size_t start = begin_;
      size_t stop = nl;
      if (stop > start && buf_[stop - 1] == '\r') --stop;
      record->data = std::string_view(buf_.data() + start, stop - start);
      record->line = line_;
      record->offset = base_offset_ + start;
      if (mode_ == Mode::kCsv) {
        line_ += std::count(buf_.data() + start, buf_.data() + nl, '\n');
      }
      line_ += 1;
      begin_ = nl + 1;
      scan_ = begin_;
      in_quotes_ = false;
      return true;
    }
    if (nl == kNpos && end_ - begin_ <= max_record_bytes_ && !eof_) {
      ASSIGN_OR_RETURN(size_t got, Fill());
      (void)got;
      continue;
    }
    if (nl == kNpos && eof_) {
      if (begin_ >= end_) return false;
      if (end_ - begin_ <= max_record_bytes_) {
        // The last record has no terminator.
        record->data = std::string_view(buf_.data() + begin_, end_ - begin_);
        if (!record->data.empty() && record->data.back() == '\r') record->data.remove_suffix(1);
        record->line = line_;
        record->offset = base_offset_ + begin_;
        record->truncated = mode_ == Mode::kCsv && in_quotes_;
        begin_ = scan_ = end_;
        return true;
      }
    }
    // Too long. Skip the first physical line of the record and report it.
    record->too_long = true;
    record->line = line_;
    record->offset = base_offset_ + begin_;
    while (true) {
      const void* q = std::memchr(buf_.data() + begin_, '\n', end_ - begin_);
      if (q != nullptr) {
        begin_ = static_cast<const char*>(q) - buf_.data() + 1;
        break;
      }
      begin_ = end_;
      if (eof_) break;
      ASSIGN_OR_RETURN(size_t got, Fill());
      (void)got;
    }
    scan_ = begin_;
    in_quotes_ = false;
    line_ += 1;
    return true;
  }
}

bool RecordSplitter::ResumeAfterFirstLine(const Record& record) {
  size_t nl = record.data.find('\n');
  if (nl == std::string_view::npos || record.too_long) return false;
  size_t start = static_cast<size_t>(record.offset - base_offset_);
  begin_ = scan_ = start + nl + 1;
  in_quotes_ = false;
  line_ = record.line + 1;
  return true;
}

StatusOr<std::string_view> RecordSplitter::ReadAll(size_t limit) {
  while (!eof_) {
    if (end_ - begin_ > limit) break;
    ASSIGN_OR_RETURN(size_t got, Fill());
    (void)got;
  }
  if (end_ - begin_ > limit) {
    return absl::ResourceExhaustedError(StrCat(
        name(), ": document larger than ", limit, " bytes; split it or convert it to JSON Lines"));
  }
  std::string_view all(buf_.data() + begin_, end_ - begin_);
  begin_ = scan_ = end_;
  return all;
}

}  // namespace sakimori
