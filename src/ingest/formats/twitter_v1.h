// File: ingest/formats/twitter_v1.h
// X/Twitter API v1.1 JSON (docs/formats-json.md): status objects (tweets, retweets with
// `retweeted_status`, quotes with `quoted_status`, replies), bare user objects, and the
// Botometer bot-repository wrapper {"created_at": <probe time>, "user": {...}}.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeTwitterV1Parser();

}  // namespace sakimori
