// File: ingest/formats/test_events.h
// Test support for the format readers: reads a whole input through EventReader::Open into
// self-contained copies of its events (ids as strings), so tests can compare field values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/event_reader.h"
#include "model/event.h"

namespace sakimori::testing {

struct OwnedProfile {
  TimeMs observed_at = kNoTime, created_at = kNoTime;
  int64_t followers = -1, following = -1, posts = -1, likes = -1, listed = -1;
  int verified = -1, default_profile = -1, default_image = -1;
  std::string handle, name, description, location, lang;
};

struct OwnedEvent {
  TimeMs time = 0;
  EventKind kind = EventKind::kPost;
  Platform platform = Platform::kUnknown;
  std::string actor, post, target, target_account, id, text, lang, client;
  std::vector<std::string> urls, hashtags, mentions, media;
  std::optional<OwnedProfile> profile;
};

struct ReadResult {
  Status status;  // of Open or of the first failing Next
  Format format = Format::kAuto;
  std::vector<OwnedEvent> events;
  IngestReport report;
};

// Reads `path` (format detected unless given) to the end.
inline void ReadEvents(const std::string& path, Format format, ReadResult* out) {
  Dictionary dict;
  ReaderOptions options;
  options.format = format;
  auto reader = EventReader::Open(path, options, &dict, &out->report);
  if (!reader.ok()) {
    out->status = reader.status();
    return;
  }
  out->format = (*reader)->format();
  EventBatch batch;
  auto name = [](const Interner& in, uint32_t id) {
    return id == Interner::kNone ? std::string() : std::string(in.Name(id));
  };
  auto list = [](const StringList& l) { return std::vector<std::string>(l.begin(), l.end()); };
  while (true) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok()) {
      out->status = more.status();
      return;
    }
    if (!*more) break;
    for (const Event& e : batch.events()) {
      OwnedEvent o;
      o.time = e.time;
      o.kind = e.kind;
      o.platform = e.platform;
      o.actor = name(dict.accounts, e.actor);
      o.post = name(dict.posts, e.post);
      o.target = name(dict.posts, e.target);
      o.target_account = name(dict.accounts, e.target_account);
      o.id = e.id;
      o.text = e.text;
      o.lang = e.lang;
      o.client = e.client;
      o.urls = list(e.urls);
      o.hashtags = list(e.hashtags);
      o.mentions = list(e.mentions);
      o.media = list(e.media);
      if (e.profile != nullptr) {
        const Profile& p = *e.profile;
        o.profile = OwnedProfile{p.observed_at,
                                 p.created_at,
                                 p.followers,
                                 p.following,
                                 p.posts,
                                 p.likes,
                                 p.listed,
                                 p.verified,
                                 p.default_profile,
                                 p.default_image,
                                 std::string(p.handle),
                                 std::string(p.name),
                                 std::string(p.description),
                                 std::string(p.location),
                                 std::string(p.lang)};
      }
      out->events.push_back(std::move(o));
    }
  }
}

inline std::string Fixture(std::string_view rel) {
  return std::string(SAKIMORI_SOURCE_DIR "/tests/fixtures/") + std::string(rel);
}

inline std::string SharedData(std::string_view rel) {
  return std::string(SAKIMORI_SOURCE_DIR "/../shared/data/") + std::string(rel);
}

}  // namespace sakimori::testing
