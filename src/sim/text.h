// File: sim/text.h
// Composes the text of simulated posts: Japanese (and some English) everyday posts, political
// posts of three stances, news headlines, weather and earthquake bot posts, fan and activist
// posts, and the operations' narratives (copy-paste with small perturbations, hashtag floods,
// cross-posted text with translation artefacts). All word lists are invented for the
// simulator. A text is a pure function of the event (kind, seed, aux, time), so it is composed
// only at write time. Not thread-safe (reuses its buffers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/sim_event.h"

namespace sakimori::sim {

// What text of an operation needs besides the event.
struct OperationText {
  std::string hashtag;  // without '#'
  std::string url;
  uint32_t narrative = 0;  // which narrative template the operation pushes
};

struct ComposedText {
  std::string text;
  std::vector<std::string_view> hashtags;  // without '#'; point into static or owned storage
  std::vector<std::string> urls;
  std::string_view lang = "ja";
  void Clear() {
    text.clear();
    hashtags.clear();
    urls.clear();
    lang = "ja";
  }
};

class TextComposer {
 public:
  // `ops` is indexed by SimEvent::aux for operation texts; `campaign_tags` by campaign number.
  TextComposer(uint64_t seed, std::vector<OperationText> ops,
               std::vector<std::string> campaign_tags);

  // Composes the text of `e` (a post, reply or quote). `reply_to` is the id of the account
  // replied to (written as a leading mention), empty otherwise; `local_time` is the event
  // time in the country's zone (used by weather and quake bots).
  void Compose(const SimEvent& e, std::string_view reply_to, TimeMs local_time,
               ComposedText* out);

  // The hashtag of fan community `i` and of news/shock topics (without '#').
  static std::string_view FanTag(uint32_t i);
  static std::string_view ElectionTag();

 private:
  void Casual(uint32_t topic, class Rng& rng, ComposedText* out);
  void Political(uint32_t stance, Rng& rng, ComposedText* out);
  void OpNarrative(const OperationText& op, bool cross, Rng& rng, ComposedText* out);

  uint64_t seed_;
  std::vector<OperationText> ops_;
  std::vector<std::string> campaign_tags_;
};

}  // namespace sakimori::sim
