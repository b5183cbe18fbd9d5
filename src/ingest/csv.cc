// File: ingest/csv.cc
#include "ingest/csv.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace sakimori {

bool CsvRow::Parse(std::string_view record, char delimiter) {
  if (record.find('"') == std::string_view::npos) {
    SplitUnquoted(record, delimiter);
    return true;
  }
  fields_.clear();
  storage_.clear();
  storage_.reserve(record.size());  // unescaped text is never longer: views stay valid
  size_t i = 0;
  const size_t n = record.size();
  while (true) {
    if (i < n && record[i] == '"') {
      ++i;
      size_t start = storage_.size();
      bool closed = false;
      while (i < n) {
        char c = record[i];
        if (c == '"') {
          if (i + 1 < n && record[i + 1] == '"') {
            storage_.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        storage_.push_back(c);
        ++i;
      }
      if (!closed) return false;
      if (i < n && record[i] != delimiter) return false;
      fields_.emplace_back(storage_.data() + start, storage_.size() - start);
    } else {
      size_t start = i;
      while (i < n && record[i] != delimiter) ++i;
      fields_.push_back(record.substr(start, i - start));
    }
    if (i >= n) break;
    ++i;  // the delimiter
    if (i == n) {
      fields_.emplace_back();  // trailing empty field
      break;
    }
  }
  return true;
}

void CsvRow::SplitUnquoted(std::string_view record, char delimiter) {
  fields_.clear();
  const char* p = record.data();
  const size_t n = record.size();
  size_t start = 0;
  size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time: a mask of the delimiters in each block, taken bit by bit.
  const __m128i delim = _mm_set1_epi8(delimiter);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim)));
    while (mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      fields_.emplace_back(p + start, at - start);
      start = at + 1;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    if (p[i] == delimiter) {
      fields_.emplace_back(p + start, i - start);
      start = i + 1;
    }
  }
  fields_.emplace_back(p + start, n - start);  // the last field, empty after a final delimiter
}

void CsvHeader::Set(const CsvRow& row) {
  names_.clear();
  for (std::string_view f : row.fields()) {
    std::string name(f);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    names_.push_back(std::move(name));
  }
}

int CsvHeader::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int CsvHeader::FindAny(std::initializer_list<std::string_view> names) const {
  for (std::string_view n : names) {
    int i = Find(n);
    if (i >= 0) return i;
  }
  return -1;
}

}  // namespace sakimori
