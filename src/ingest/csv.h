// File: ingest/csv.h
// Splits one CSV record (RFC 4180: quoted fields, "" for a quote, newlines inside quotes) into
// fields. Unquoted fields are views into the record; quoted fields with escapes are unescaped
// into the row's own storage. Stray quotes inside an unquoted field are kept literally, as
// spreadsheet exports produce them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sakimori {

class CsvRow {
 public:
  // Splits `record` at `delimiter`. Returns false if a quoted field is malformed (a closing
  // quote followed by something other than a delimiter, or no closing quote).
  bool Parse(std::string_view record, char delimiter = ',');

  size_t size() const { return fields_.size(); }
  std::string_view operator[](size_t i) const { return fields_[i]; }
  const std::vector<std::string_view>& fields() const { return fields_; }

 private:
  // Parse for a record without quotes (most rows of most tables): fields are the spans
  // between delimiters, found sixteen bytes at a time. Same fields as the general loop.
  void SplitUnquoted(std::string_view record, char delimiter);

  std::vector<std::string_view> fields_;
  std::string storage_;
};

// Maps header names to column positions.
class CsvHeader {
 public:
  void Set(const CsvRow& row);
  // The column of `name`, or -1.
  int Find(std::string_view name) const;
  // Like Find, but tries each name in turn.
  int FindAny(std::initializer_list<std::string_view> names) const;
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace sakimori
