// File: ingest/formats/csv_mapped.h
// Any CSV, read through a column mapping (docs/formats-csv.md): ReaderOptions::csv_mapping
// holds (canonical field, column) pairs from --map FIELD=COLUMN, or ("@file", path) naming a
// TOML file with a [columns] table (field = "column") and optional top-level keys
// delimiter (one character or "tab"), kind (a constant kind when no column gives it),
// platform, time_format ("auto" | "epoch_s" | "epoch_ms") and list_separator (one character).
//
// Fields: id, kind, time, actor, target, target_author, text, lang, client, urls, hashtags,
// mentions, media, platform. time and actor are required; without a kind column or constant
// every row is a post. Repost, quote, reply, like and delete rows need a target; follow and
// unfollow rows a target_author.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

// Errors (InvalidArgument): an unknown field name, an unreadable or invalid TOML file, a bad
// delimiter, kind, time_format or list_separator.
StatusOr<std::unique_ptr<CsvRecordParser>> MakeCsvMappedParser(const ReaderOptions& options);

}  // namespace sakimori
