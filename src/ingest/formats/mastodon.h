// File: ingest/formats/mastodon.h
// Mastodon REST/streaming JSON (docs/formats-json.md): status objects (one per line or in
// arrays; reblogs carry the reblogged status in `reblog`), notifications (favourite, reblog,
// mention, status, follow, ...) and bare account objects.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeMastodonParser();

}  // namespace sakimori
