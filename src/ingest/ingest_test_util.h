// File: ingest/ingest_test_util.h
// Test-only helpers: read a whole input into plain events with owned strings (account and
// post ids resolved to their names), so tests can compare field values directly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ingest/byte_source.h"
#include "ingest/event_reader.h"

namespace sakimori::testing {

struct FlatEvent {
  TimeMs time = 0;
  EventKind kind = EventKind::kPost;
  Platform platform = Platform::kUnknown;
  std::string actor, id, post, target, target_author, text, lang, client;
  std::vector<std::string> urls, hashtags, mentions, media;
  bool has_profile = false;
  Profile profile;  // strings copied into the fields below
  std::string handle, name, description, location, profile_lang;
};

struct ReadResult {
  Status status;  // of Open, or of the first failing Next
  std::vector<FlatEvent> events;
  IngestReport report;
};

inline std::vector<std::string> Strings(const StringList& l) {
  return std::vector<std::string>(l.begin(), l.end());
}

// Reads everything `reader` yields.
inline void Drain(EventReader* reader, const Dictionary& dict, ReadResult* out) {
  EventBatch batch;
  while (true) {
    auto more = reader->Next(&batch);
    if (!more.ok()) {
      out->status = more.status();
      return;
    }
    if (!*more) return;
    for (const Event& e : batch.events()) {
      FlatEvent f;
      f.time = e.time;
      f.kind = e.kind;
      f.platform = e.platform;
      f.actor = std::string(dict.accounts.Name(e.actor));
      f.id = std::string(e.id);
      if (e.post != kNoPost) f.post = std::string(dict.posts.Name(e.post));
      if (e.target != kNoPost) f.target = std::string(dict.posts.Name(e.target));
      if (e.target_account != kNoAccount) {
        f.target_author = std::string(dict.accounts.Name(e.target_account));
      }
      f.text = std::string(e.text);
      f.lang = std::string(e.lang);
      f.client = std::string(e.client);
      f.urls = Strings(e.urls);
      f.hashtags = Strings(e.hashtags);
      f.mentions = Strings(e.mentions);
      f.media = Strings(e.media);
      if (e.profile != nullptr) {
        f.has_profile = true;
        f.profile = *e.profile;
        f.handle = std::string(e.profile->handle);
        f.name = std::string(e.profile->name);
        f.description = std::string(e.profile->description);
        f.location = std::string(e.profile->location);
        f.profile_lang = std::string(e.profile->lang);
        f.profile.handle = f.profile.name = f.profile.description = f.profile.location =
            f.profile.lang = {};
      }
      out->events.push_back(std::move(f));
    }
  }
}

inline ReadResult ReadFile(const std::string& path, const ReaderOptions& options) {
  ReadResult out;
  Dictionary dict;
  auto reader = EventReader::Open(path, options, &dict, &out.report);
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  Drain(reader->get(), dict, &out);
  return out;
}

// `bytes` must outlive the call only (the reader is drained before returning).
inline ReadResult ReadBytes(std::string_view bytes, const ReaderOptions& options,
                            const std::string& name = "input.csv") {
  ReadResult out;
  Dictionary dict;
  auto source = OpenMemory(name, bytes);
  if (!source.ok()) {
    out.status = source.status();
    return out;
  }
  auto reader = EventReader::OpenSource(std::move(*source), options, &dict, &out.report);
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  Drain(reader->get(), dict, &out);
  return out;
}

}  // namespace sakimori::testing
