// File: sim/sim_event.h
// The simulator's compact internal event. Generation keeps millions of these in day-sized
// buffers, so strings are not stored: the text, hashtags and URLs of an event are a pure
// function of (text kind, text seed, aux) and are composed only when the event is written
// (sim/text.h). Post ids are internal indices until written; the writer assigns the public
// ids in output (time) order, so ids reveal nothing about which generator made a post.
#pragma once

#include <cstdint>

#include "common/time.h"
#include "model/event.h"

namespace sakimori::sim {

inline constexpr uint32_t kNone32 = UINT32_MAX;

// What a text is about; selects the templates in sim/text.cc.
enum class TextKind : uint8_t {
  kNone = 0,
  kCasual,           // everyday posts; aux = community (topic)
  kPolitical,        // aux = stance: 0 supportive, 1 critical, 2 neutral
  kEnglish,          // English everyday posts
  kReply,            // short reaction to the target
  kQuote,            // comment on the quoted post
  kNews,             // scheduled headline; aux = news account number
  kBreaking,         // breaking news at a shock; aux = shock number
  kWeather,          // weather bot; aux = city
  kQuake,            // earthquake alert; aux = quake number
  kShock,            // people reacting to a shock; aux = shock number
  kIdol,             // idol's own post; aux = fan community
  kFan,              // fan post; aux = fan community
  kAnnounce,         // activist announcing a campaign; aux = campaign number
  kActivist,         // campaign post; aux = campaign number
  kOpCopy,           // copy-paste narrative; aux = operation index
  kOpFlood,          // hashtag-flood post; aux = operation index
  kOpCross,          // cross-posted narrative with translation artefacts; aux = operation
  kOpCyborg,         // hand-written operation post; aux = operation index
};

// Client (source application) names, indexed by SimEvent::client.
enum Client : uint8_t {
  kIphone = 0,
  kAndroid,
  kWebApp,
  kIpad,
  kTweetDeck,
  kSocialDog,
  kBuffer,
  kIfttt,
  kWeatherApp,
  kQuakeApp,
  kNumClients,
};
inline constexpr const char* kClientNames[kNumClients] = {
    "Twitter for iPhone", "Twitter for Android", "Twitter Web App", "Twitter for iPad",
    "TweetDeck Web App",  "SocialDog",           "Buffer",          "IFTTT",
    "tenki-notify",       "jishin-alert"};

struct SimEvent {
  TimeMs time = 0;
  uint64_t seq = 0;               // generation order: the tie-break of the output sort
  uint32_t actor = kNone32;       // internal account index
  uint32_t target_account = kNone32;
  uint32_t post = kNone32;        // internal index of the post this event creates
  uint32_t target = kNone32;      // internal index of the post engaged with or deleted
  uint32_t text_seed = 0;
  uint32_t aux = 0;
  EventKind kind = EventKind::kPost;
  TextKind text = TextKind::kNone;
  uint8_t client = kIphone;
  uint8_t flags = 0;              // kEnglishFlag, ...

  static constexpr uint8_t kEnglishFlag = 1;
};

inline bool operator<(const SimEvent& a, const SimEvent& b) {
  return a.time != b.time ? a.time < b.time : a.seq < b.seq;
}

}  // namespace sakimori::sim
