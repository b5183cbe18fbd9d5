// File: ingest/formats/csv_fields.h
// Cell-level helpers shared by the CSV readers: optional columns, counts, booleans, time
// stamps, list-valued cells, and the text-derived post ids used when a source names a
// reposted post only by its text. Reason messages follow record_parser.h ("invalid time: ...").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "ingest/csv.h"

namespace sakimori::csv_fields {

// The cell of column `col`, or "" when the column is absent (col < 0).
inline std::string_view Cell(const CsvRow& row, int col) {
  return col < 0 ? std::string_view() : row[static_cast<size_t>(col)];
}

// `s` without leading and trailing spaces, tabs, CR and LF.
std::string_view Trim(std::string_view s);

// Parses a time stamp (any form ParseAnyTime accepts). InvalidArgument "invalid time: 'x'".
Status ParseTime(std::string_view s, TimeMs* out);

// Parses a non-negative or negative integer count; a decimal part ("12.0", as spreadsheets
// write counts) is dropped. Leaves *out unchanged and returns OK for an empty cell;
// InvalidArgument "invalid number: NAME='x'" for anything else.
Status ParseCount(std::string_view s, std::string_view name, int64_t* out);

// Parses true/false, 1/0, yes/no, t/f (any case). False when `s` is none of those.
bool ParseBool(std::string_view s, bool* out);

// Splits a list-valued cell into items: "[a, b]", "['a', 'b']", "[\"a\", \"b\"]", "a b" (with
// separator ' '), "" and "[]" (no items). Surrounding brackets are dropped, items are split at
// `separator`, trimmed, and stripped of one pair of matching quotes; empty items are skipped.
// Items are views into `cell`.
void SplitList(std::string_view cell, char separator, std::vector<std::string_view>* out);

// If `text` starts with "RT @user:" (a classic retweet), sets *author to "user" and *rest to
// the text after the colon and following spaces, and returns true.
bool SplitRetweetPrefix(std::string_view text, std::string_view* author, std::string_view* rest);

// The stable id of a post known only by its text: "text:" followed by the 16 lower-case hex
// digits of Hash64 (xxh3, seed 0) of the text with surrounding white space trimmed. Every
// repost of the same text gets the same target id, whatever file it comes from.
std::string TextPostId(std::string_view text);

// Appends the "#tag" and "@user" tokens of `text` (without the sigil) to *hashtags and
// *mentions. A token is a run of letters, digits (ASCII or any non-ASCII byte) and '_'.
void ExtractTags(std::string_view text, std::vector<std::string_view>* hashtags,
                 std::vector<std::string_view>* mentions);

}  // namespace sakimori::csv_fields
