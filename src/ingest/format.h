// File: ingest/format.h
// The input formats sakimori reads (SPEC section 4), their names on the command line, and
// detection from the first bytes of an input.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"

namespace sakimori {

enum class Format {
  kAuto = 0,
  kCanonical,      // sakimori's canonical JSON Lines (docs/formats.md)
  kTwitterV2,      // X/Twitter API v2: response pages, tweets, user objects
  kTwitterV1,      // X/Twitter API v1.1: statuses, user objects, bot-repository wrappers
  kIoArchive,      // Twitter information-operations archive CSV
  kIra,            // fivethirtyeight IRA tweets CSV
  kCoortweet,      // CooRTweet/CooRnet table: object_id,account_id,content_id,timestamp_share
  kCoortweetMulti, // CooRTweet's multi-modal German election table (url/hashtag/domain/phash)
  kCrowdTangle,    // CrowdTangle share/post CSV export
  kJetstream,      // Bluesky Jetstream JSON
  kMastodon,       // Mastodon status / notification JSON
  kCsv,            // any CSV with a column mapping
};

// The command-line name of a format ("canonical", "twitter-v2", ...).
std::string_view FormatName(Format f);
// Parses a command-line name; InvalidArgument listing the valid names otherwise.
StatusOr<Format> ParseFormat(std::string_view name);
// All formats except kAuto, for help texts.
std::vector<Format> AllFormats();
// True for formats read as JSON (lines, arrays or concatenated documents).
bool IsJsonFormat(Format f);

// Detects the format from the first bytes of an input (after decompression). Returns
// InvalidArgument naming what was seen when no known format matches.
StatusOr<Format> DetectFormat(std::string_view head);

}  // namespace sakimori
