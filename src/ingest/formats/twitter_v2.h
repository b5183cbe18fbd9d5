// File: ingest/formats/twitter_v2.h
// X/Twitter API v2 JSON (docs/formats-json.md): response pages {"data": [...], "includes":
// {"users": [...], "tweets": [...]}}, single tweet objects (one per line), and bare user
// objects (one per line or in an array, as in the TwiBot-20/22 files).
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeTwitterV2Parser();

}  // namespace sakimori
