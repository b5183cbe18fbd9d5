// File: engine/ring_stream_testing.h
// For tests: a stream with a known answer. Ring members r0..r9, made a week before, repost
// each of 12 posts of author "critic" within seconds of each other, one post every two hours;
// 300 background accounts, years old, like and repost random posts of 40 ordinary authors.
#pragma once

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "common/strings.h"
#include "model/event.h"

namespace sakimori::engine::testing_streams {

inline constexpr TimeMs kT0 = 1751814000000;  // 2025-07-06T15:00:00Z
inline constexpr TimeMs kMinute = 60 * 1000;

// One event of a constructed stream, by external ids; empty strings are absent fields.
struct RawEvent {
  TimeMs t;
  EventKind kind;
  std::string actor, post, target, author;
  std::string text = {}, url = {}, hashtag = {};  // optional (initialisers may omit them)
};

// Appends `raw` to `batch` in the given order (platform X), interning ids in `dict`.
inline void AppendRawEvents(Dictionary* dict, EventBatch* batch,
                            const std::vector<RawEvent>& raw) {
  for (const RawEvent& r : raw) {
    Event& e = batch->Add();
    e.time = r.t;
    e.kind = r.kind;
    e.platform = Platform::kX;
    e.actor = dict->accounts.Intern(r.actor);
    if (!r.post.empty()) e.post = dict->posts.Intern(r.post);
    if (!r.target.empty()) e.target = dict->posts.Intern(r.target);
    if (!r.author.empty()) e.target_account = dict->accounts.Intern(r.author);
    if (!r.text.empty()) e.text = batch->Copy(r.text);
    if (!r.url.empty()) e.urls = batch->CopyList({r.url});
    if (!r.hashtag.empty()) e.hashtags = batch->CopyList({r.hashtag});
  }
}

// Appends a profile snapshot of `actor`, observed at kT0, created at `created`.
inline void AddProfile(Dictionary* dict, EventBatch* batch, const std::string& actor,
                       TimeMs created) {
  Event& e = batch->Add();
  e.time = kT0;
  e.kind = EventKind::kProfileUpdate;
  e.platform = Platform::kX;
  e.actor = dict->accounts.Intern(actor);
  Profile* p = batch->NewProfile();
  p->observed_at = kT0;
  p->created_at = created;
  e.profile = p;
}

// Appends the stream to `batch`, in time order (profiles first), interning ids in `dict`.
inline void RingStream(Dictionary* dict, EventBatch* batch, int ring_size = 10) {
  std::mt19937_64 rng(7);
  std::vector<RawEvent> raw;
  for (int p = 0; p < 40 * 6; ++p) {
    const std::string author = StrCat("u", p % 40);
    const TimeMs t = kT0 + static_cast<TimeMs>(rng() % (24 * 60)) * kMinute;
    raw.push_back({t, EventKind::kPost, author, StrCat("o", p), "", ""});
    for (int k = 0; k < 6; ++k) {
      raw.push_back({t + static_cast<TimeMs>(rng() % (6 * 60)) * kMinute,
                     k % 2 ? EventKind::kLike : EventKind::kRepost, StrCat("b", rng() % 300),
                     "", StrCat("o", p), author});
    }
  }
  for (int p = 0; p < 12; ++p) {
    const TimeMs t = kT0 + p * 120 * kMinute;
    raw.push_back({t, EventKind::kPost, "critic", StrCat("c", p), "", ""});
    for (int m = 0; m < ring_size; ++m) {
      raw.push_back({t + 5000 + static_cast<TimeMs>(rng() % 20000), EventKind::kRepost,
                     StrCat("r", m), "", StrCat("c", p), "critic"});
    }
  }
  std::stable_sort(raw.begin(), raw.end(), [](const RawEvent& x, const RawEvent& y) { return x.t < y.t; });
  // Profiles: the ring's accounts were made a week before, everyone else years before.
  auto profile = [&](const std::string& actor, TimeMs created) {
    AddProfile(dict, batch, actor, created);
  };
  for (int m = 0; m < ring_size; ++m) profile(StrCat("r", m), kT0 - 7 * 24 * 60 * kMinute);
  for (int b = 0; b < 300; ++b) profile(StrCat("b", b), kT0 - 3 * 365 * 24 * 60 * kMinute);
  AppendRawEvents(dict, batch, raw);
}


}  // namespace sakimori::engine::testing_streams
