// File: ingest/formats/jetstream.h
// Bluesky Jetstream JSON (docs/formats-json.md): one event per line, "kind" commit (records
// of app.bsky.feed.post, .like, .repost, app.bsky.graph.follow, app.bsky.actor.profile
// created, updated or deleted), identity or account. Event time is Jetstream's time_us.
#pragma once

#include <memory>

#include "ingest/record_parser.h"

namespace sakimori {

std::unique_ptr<JsonRecordParser> MakeJetstreamParser();

// The authority (the DID) of an at:// URI ("at://did:plc:x/app.bsky.feed.post/abc" ->
// "did:plc:x"), and its collection ("app.bsky.feed.post"); empty views if `uri` is not an
// at:// URI.
std::string_view AtUriAuthority(std::string_view uri);
std::string_view AtUriCollection(std::string_view uri);

}  // namespace sakimori
