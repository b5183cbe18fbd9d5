// File: ingest/canonical_writer.h
// Writes canonical events as JSON Lines, the inverse of the canonical reader
// (ingest/formats/canonical.cc; keys in docs/formats.md). Used to export events and by the
// simulator, so it is built for speed: a hand-written ISO 8601 formatter and a JSON string
// escaper with a fast path for runs of plain bytes, no printf per field.
#pragma once

#include <string>
#include <string_view>

#include "common/time.h"
#include "model/event.h"

namespace sakimori {

// Appends one event as a single-line JSON object followed by '\n'. Keys are written only
// when they carry a value: platform (unless unknown), id (e.id, else the name of e.post),
// kind, time, actor, target, target_author, text, lang, client, urls, hashtags, mentions,
// media, domains, profile. Ids are looked up in `dict`; e.actor must be interned there.
// Reading the line back through EventReader yields the same fields (profile.observed_at
// becomes the event time, as the reader sets it).
void AppendCanonicalJson(const Event& e, const Dictionary& dict, std::string* out);

// Appends `t` as ISO 8601 UTC with suffix Z: 2025-07-10T03:00:05Z, or with .mmm when the
// milliseconds are not zero (same text as FormatIso8601, without allocating).
void AppendIso8601(TimeMs t, std::string* out);

// Appends `s` as a quoted JSON string (RFC 8259 escapes; UTF-8 passes through unchanged).
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace sakimori
