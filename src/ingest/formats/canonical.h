// File: ingest/formats/canonical.h
// sakimori's canonical JSON Lines (docs/formats.md): one event per line, keys platform, id,
// kind, time, actor, target, target_author, text, lang, client, urls, hashtags, mentions,
// media, profile.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeCanonicalParser();

// Fills `profile` from a canonical profile object. Reason messages on failure.
Status ParseCanonicalProfile(simdjson::ondemand::object object, EventBatch* batch,
                             Profile* profile);

}  // namespace sakimori
