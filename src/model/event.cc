// File: model/event.cc
#include "model/event.h"

#include <array>
#include <utility>

namespace sakimori {

std::string_view EventKindName(EventKind kind) {
  static constexpr std::array<std::string_view, kNumEventKinds> kNames = {
      "post", "repost", "quote", "reply", "like", "follow", "unfollow", "delete", "profile"};
  return kNames[static_cast<size_t>(kind)];
}

bool ParseEventKind(std::string_view name, EventKind* kind) {
  static constexpr std::pair<std::string_view, EventKind> kTable[] = {
      {"post", EventKind::kPost},       {"repost", EventKind::kRepost},
      {"like", EventKind::kLike},       {"reply", EventKind::kReply},
      {"quote", EventKind::kQuote},     {"follow", EventKind::kFollow},
      {"unfollow", EventKind::kUnfollow}, {"delete", EventKind::kDelete},
      {"profile", EventKind::kProfileUpdate}, {"profile_update", EventKind::kProfileUpdate},
      {"retweet", EventKind::kRepost},  {"reblog", EventKind::kRepost},
      {"share", EventKind::kRepost},    {"favourite", EventKind::kLike},
      {"favorite", EventKind::kLike},   {"tweet", EventKind::kPost},
  };
  for (const auto& [n, k] : kTable) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

std::string_view PlatformName(Platform p) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "unknown", "x", "bluesky", "mastodon", "facebook", "instagram",
      "tiktok", "youtube", "telegram", "threads", "other"};
  return kNames[static_cast<size_t>(p)];
}

Platform ParsePlatform(std::string_view name) {
  static constexpr std::pair<std::string_view, Platform> kTable[] = {
      {"x", Platform::kX},           {"twitter", Platform::kX},
      {"bluesky", Platform::kBluesky}, {"bsky", Platform::kBluesky},
      {"mastodon", Platform::kMastodon}, {"facebook", Platform::kFacebook},
      {"fb", Platform::kFacebook},   {"instagram", Platform::kInstagram},
      {"tiktok", Platform::kTikTok}, {"youtube", Platform::kYouTube},
      {"telegram", Platform::kTelegram}, {"threads", Platform::kThreads},
      {"unknown", Platform::kUnknown},
  };
  if (name.empty()) return Platform::kUnknown;
  for (const auto& [n, p] : kTable) {
    if (n == name) return p;
  }
  return Platform::kOther;
}

}  // namespace sakimori
