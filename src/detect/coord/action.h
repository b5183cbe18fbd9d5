// File: detect/coord/action.h
// The actions two accounts can perform "together" (SPEC 5.2) and how an event is turned into
// shares of objects: a repost of a post shares that post, a post with a URL shares the URL,
// and so on. Every action maps an event to zero or more object keys (strings); detectors
// only ever compare object keys, so new actions (for example a near-duplicate text cluster
// id from detect/text) plug in through ObjectKeyProvider without touching the detectors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/event.h"

namespace sakimori::coord {

enum class Action : uint8_t {
  kRepost = 0,       // repost of the same post (the event's target)
  kLike,             // like of the same post
  kReply,            // reply to the same post
  kQuote,            // quote of the same post
  kUrl,              // the same normalised URL (see NormalizeUrl)
  kDomain,           // the same link domain (Event::domains, else the URL host)
  kHashtag,          // the same case-folded hashtag
  kMedia,            // the same media hash
  kText,             // the same text key (a text-cluster id from an ObjectKeyProvider)
  kCoactivity,       // any activity in the same time bin of `bin_seconds`
  kHashtagSequence,  // the identical ordered list of two or more case-folded hashtags
  kEngage,           // any engagement with the same post: repost, like, quote or reply
};
inline constexpr int kNumActions = 12;

// Lower-case names as used on the command line and in column names ("repost", "url",
// "hashtag_sequence", ...).
std::string_view ActionName(Action a);
// Parses a comma-separated list of action names; InvalidArgument names an unknown one.
// Duplicates are removed; the order given is kept.
StatusOr<std::vector<Action>> ParseActionList(std::string_view list);
// The event string lists that ActionKeyer reads for `actions` (every list for kText, whose
// key provider may read anything), so readers can skip the others (ReaderOptions::lists).
EventLists ListsRead(const std::vector<Action>& actions);
// Whether every action keys on an event string list (URL, domain, hashtag, hashtag
// sequence, media hash): an event without those lists then shares nothing, and readers may
// skip it (ReaderOptions::skip_rows_without_lists).
bool KeysOnListsOnly(const std::vector<Action>& actions);

// Supplies object keys for an action that the event alone cannot define, typically kText:
// a text-clustering stage maps each post to the id of its near-duplicate cluster. Must be
// deterministic. Implementations are owned by the caller and must outlive the extractor.
class ObjectKeyProvider {
 public:
  virtual ~ObjectKeyProvider() = default;
  // Appends the event's object keys (any strings or stringified integers) to `keys`.
  virtual void Keys(const Event& event, std::vector<std::string>* keys) const = 0;
};

// The default text key until near-duplicate clustering is wired in: the post's text with
// runs of white space collapsed and ASCII letters lower-cased, for posts (post, quote,
// reply) whose normalised text has at least `min_chars` bytes. Exact duplicates only.
class ExactTextKeys : public ObjectKeyProvider {
 public:
  explicit ExactTextKeys(size_t min_chars = 20) : min_chars_(min_chars) {}
  void Keys(const Event& event, std::vector<std::string>* keys) const override;

 private:
  size_t min_chars_;
};

struct ExtractOptions {
  int64_t bin_seconds = 60;                 // kCoactivity bin width
  const ObjectKeyProvider* text = nullptr;  // kText keys; ExactTextKeys when null
};

// Turns events into object keys for one action. Stateless apart from scratch buffers; one
// per thread.
class ActionKeyer {
 public:
  ActionKeyer(Action action, const ExtractOptions& options, const Dictionary* dict);

  // Replaces `keys` with the event's object keys for the action (empty if the event does not
  // perform it). The same object always yields the same key.
  void Keys(const Event& event, std::vector<std::string>* keys);
  // Whether the action's object is the event's target post (repost, like, reply, quote,
  // engage): its key is then that post's name, and TargetPost gives the post without it.
  bool KeysTargetPost() const;
  // The post the event shares for such an action, or kNoPost when it performs none.
  PostId TargetPost(const Event& event) const;
  Action action() const { return action_; }

 private:
  Action action_;
  ExtractOptions options_;
  const Dictionary* dict_;
  ExactTextKeys default_text_;
};

// Lower-cases and strips a leading '#' from a hashtag; non-ASCII text is Unicode case-folded
// (ICU full case folding).
std::string FoldHashtag(std::string_view tag);

}  // namespace sakimori::coord
