// File: model/event.h
// The canonical event: what every reader produces and every detector consumes (SPEC
// section 4; the JSON Lines form is documented in docs/formats.md). Accounts and posts are
// interned to dense integer ids (see Dictionary); strings point into the batch's arena and
// are valid until the batch is cleared.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/arena.h"
#include "common/time.h"
#include "model/interner.h"

namespace sakimori {

using AccountId = uint32_t;
using PostId = uint32_t;
inline constexpr AccountId kNoAccount = Interner::kNone;
inline constexpr PostId kNoPost = Interner::kNone;
inline constexpr TimeMs kNoTime = INT64_MIN;

enum class EventKind : uint8_t {
  kPost = 0,       // an original post
  kRepost,         // a repost (retweet, reblog) of target
  kQuote,          // a post quoting target
  kReply,          // a post replying to target
  kLike,           // a like (favourite) of target
  kFollow,         // actor starts following target_account
  kUnfollow,       // actor stops following target_account
  kDelete,         // actor deletes their post target
  kProfileUpdate,  // a snapshot of actor's profile (Event::profile)
};
inline constexpr int kNumEventKinds = 9;

// Lower-case names as used in the canonical JSON ("post", "repost", ..., "profile").
std::string_view EventKindName(EventKind kind);
// Parses a kind name; also accepts common synonyms (retweet, reblog, favourite, ...).
bool ParseEventKind(std::string_view name, EventKind* kind);
// True for kinds that create a post of their own (post, repost, quote, reply).
inline bool CreatesPost(EventKind k) { return k <= EventKind::kReply; }
// True for kinds that engage with a target post (repost, quote, reply, like).
inline bool IsEngagement(EventKind k) {
  return k == EventKind::kRepost || k == EventKind::kQuote || k == EventKind::kReply ||
         k == EventKind::kLike;
}

enum class Platform : uint8_t {
  kUnknown = 0,
  kX,
  kBluesky,
  kMastodon,
  kFacebook,
  kInstagram,
  kTikTok,
  kYouTube,
  kTelegram,
  kThreads,
  kOther,
};
std::string_view PlatformName(Platform p);
// Parses "x"/"twitter", "bluesky", "mastodon", ...; anything else non-empty is kOther.
Platform ParsePlatform(std::string_view name);

// A read-only list of strings (URLs, hashtags, ...) stored in a batch arena.
struct StringList {
  const std::string_view* items = nullptr;
  uint32_t count = 0;
  const std::string_view* begin() const { return items; }
  const std::string_view* end() const { return items + count; }
  uint32_t size() const { return count; }
  bool empty() const { return count == 0; }
  std::string_view operator[](uint32_t i) const { return items[i]; }
};

// Which of an event's optional string lists a consumer reads. A reader told that some are not
// wanted may leave them empty (and skip copying them); everything else about the events, what
// is rejected and what is counted stay the same.
struct EventLists {
  bool urls = true;
  bool hashtags = true;
  bool mentions = true;
  bool media = true;
  bool domains = true;

  static EventLists None() { return {false, false, false, false, false}; }
};

// An account's profile as seen at `observed_at`. Counts are -1 and flags -1 when unknown.
struct Profile {
  TimeMs observed_at = kNoTime;
  TimeMs created_at = kNoTime;
  int64_t followers = -1;
  int64_t following = -1;
  int64_t posts = -1;
  int64_t likes = -1;
  int64_t listed = -1;
  int8_t verified = -1;
  int8_t default_profile = -1;
  int8_t default_image = -1;
  std::string_view handle;
  std::string_view name;
  std::string_view description;
  std::string_view location;
  std::string_view lang;
};

struct Event {
  TimeMs time = 0;
  EventKind kind = EventKind::kPost;
  Platform platform = Platform::kUnknown;
  AccountId actor = kNoAccount;
  // The post this event creates (post, repost, quote, reply), interned from `id`; a repost's
  // id names the share (CooRTweet's content_id) and lives in the same id space as targets.
  PostId post = kNoPost;
  // The post engaged with (repost, quote, reply, like) or deleted.
  PostId target = kNoPost;
  // The target post's author, or the followed account for follow/unfollow.
  AccountId target_account = kNoAccount;
  std::string_view id;  // the event's own id in its source, may be empty for likes/follows
  std::string_view text;
  std::string_view lang;
  std::string_view client;
  StringList urls;
  StringList hashtags;
  StringList mentions;
  StringList media;  // media hashes (perceptual or content hashes)
  // Link domains, where the source states them apart from the URLs (e.g. anonymised domain
  // ids); otherwise empty, and detectors derive domains from `urls`.
  StringList domains;
  const Profile* profile = nullptr;  // the actor's profile snapshot, if the record had one
};

// A batch of events with the arena their strings live in. Readers fill a batch, consumers
// process it, then the batch is cleared and refilled.
class EventBatch {
 public:
  EventBatch() : arena_(1 << 20) { events_.reserve(kDefaultCapacity); }
  static constexpr size_t kDefaultCapacity = 4096;

  Event& Add() { return events_.emplace_back(); }
  void PopBack() { events_.pop_back(); }
  Profile* NewProfile() { return new (arena_.AllocateArray<Profile>(1)) Profile(); }
  std::string_view Copy(std::string_view s) { return arena_.Copy(s); }
  // A list of one item, copied into the arena.
  StringList CopyOne(std::string_view item) {
    auto* p = arena_.AllocateArray<std::string_view>(1);
    *p = arena_.Copy(item);
    return {p, 1};
  }
  // Copies `items` into the arena.
  StringList CopyList(const std::vector<std::string_view>& items) {
    if (items.empty()) return {};
    auto* p = arena_.AllocateArray<std::string_view>(items.size());
    for (size_t i = 0; i < items.size(); ++i) p[i] = arena_.Copy(items[i]);
    return {p, static_cast<uint32_t>(items.size())};
  }

  void Clear() {
    events_.clear();
    arena_.Reset();
  }
  // Exchanges the events and arenas of two batches (e.g. to hand a batch filled on another
  // thread to its consumer without copying); string views stay valid.
  void Swap(EventBatch& other) {
    arena_.Swap(other.arena_);
    events_.swap(other.events_);
  }
  size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  bool Full() const { return events_.size() >= kDefaultCapacity; }
  const Event& operator[](size_t i) const { return events_[i]; }
  Event& operator[](size_t i) { return events_[i]; }
  const std::vector<Event>& events() const { return events_; }
  std::vector<Event>& events() { return events_; }

 private:
  Arena arena_;
  std::vector<Event> events_;
};

// The interning tables shared by readers and detectors of one run.
struct Dictionary {
  Interner accounts;
  Interner posts;
};

}  // namespace sakimori
