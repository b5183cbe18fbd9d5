// File: detect/coord/action.cc
#include "detect/coord/action.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <array>

#include "common/strings.h"
#include "detect/coord/url_normalize.h"

namespace sakimori::coord {
namespace {

constexpr std::array<std::string_view, kNumActions> kActionNames = {
    "repost", "like", "reply",      "quote",           "url", "domain", "hashtag",
    "media",  "text", "coactivity", "hashtag_sequence", "engage"};

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string_view ActionName(Action a) { return kActionNames[static_cast<size_t>(a)]; }

bool KeysOnListsOnly(const std::vector<Action>& actions) {
  return !actions.empty() && std::all_of(actions.begin(), actions.end(), [](Action a) {
    return a == Action::kUrl || a == Action::kDomain || a == Action::kHashtag ||
           a == Action::kHashtagSequence || a == Action::kMedia;
  });
}

EventLists ListsRead(const std::vector<Action>& actions) {
  EventLists lists = EventLists::None();
  for (Action a : actions) {
    switch (a) {
      case Action::kUrl:
        lists.urls = true;
        break;
      case Action::kDomain:
        lists.domains = lists.urls = true;  // domains, else the URLs' hosts
        break;
      case Action::kHashtag:
      case Action::kHashtagSequence:
        lists.hashtags = true;
        break;
      case Action::kMedia:
        lists.media = true;
        break;
      case Action::kText:
        return EventLists();
      case Action::kRepost:
      case Action::kLike:
      case Action::kReply:
      case Action::kQuote:
      case Action::kCoactivity:
      case Action::kEngage:
        break;  // ids and times only
    }
  }
  return lists;
}

StatusOr<std::vector<Action>> ParseActionList(std::string_view list) {
  std::vector<Action> out;
  while (true) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      bool found = false;
      for (int i = 0; i < kNumActions; ++i) {
        if (kActionNames[i] == name) {
          Action a = static_cast<Action>(i);
          if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
          found = true;
        }
      }
      if (!found) {
        return absl::InvalidArgumentError(
            StrCat("unknown action '", name, "' (known: ", StrJoin(kActionNames, ","), ")"));
      }
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (out.empty()) return absl::InvalidArgumentError("no action given");
  return out;
}

std::string FoldHashtag(std::string_view tag) {
  if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
  if (IsAscii(tag)) {
    std::string out(tag);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(tag.data(), static_cast<int32_t>(tag.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

void ExactTextKeys::Keys(const Event& event, std::vector<std::string>* keys) const {
  if (event.kind != EventKind::kPost && event.kind != EventKind::kQuote &&
      event.kind != EventKind::kReply) {
    return;
  }
  std::string out;
  out.reserve(event.text.size());
  bool space = false;
  for (char c : event.text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  if (out.size() >= min_chars_) keys->push_back(std::move(out));
}

ActionKeyer::ActionKeyer(Action action, const ExtractOptions& options, const Dictionary* dict)
    : action_(action), options_(options), dict_(dict) {
  if (options_.bin_seconds <= 0) options_.bin_seconds = 60;
}

bool ActionKeyer::KeysTargetPost() const {
  switch (action_) {
    case Action::kRepost:
    case Action::kLike:
    case Action::kReply:
    case Action::kQuote:
    case Action::kEngage:
      return true;
    default:
      return false;
  }
}

PostId ActionKeyer::TargetPost(const Event& e) const {
  if (e.target == kNoPost) return kNoPost;
  switch (action_) {
    case Action::kRepost:
      return e.kind == EventKind::kRepost ? e.target : kNoPost;
    case Action::kLike:
      return e.kind == EventKind::kLike ? e.target : kNoPost;
    case Action::kReply:
      return e.kind == EventKind::kReply ? e.target : kNoPost;
    case Action::kQuote:
      return e.kind == EventKind::kQuote ? e.target : kNoPost;
    case Action::kEngage:
      return IsEngagement(e.kind) ? e.target : kNoPost;
    default:
      return kNoPost;
  }
}

void ActionKeyer::Keys(const Event& e, std::vector<std::string>* keys) {
  keys->clear();
  if (KeysTargetPost()) {
    if (const PostId p = TargetPost(e); p != kNoPost) keys->emplace_back(dict_->posts.Name(p));
    return;  // at most one key
  }
  switch (action_) {
    case Action::kUrl:
      for (std::string_view u : e.urls) keys->push_back(NormalizeUrl(u));
      break;
    case Action::kDomain:
      if (!e.domains.empty()) {
        for (std::string_view d : e.domains) keys->push_back(FoldHashtag(d));
      } else {
        for (std::string_view u : e.urls) {
          std::string host = UrlHost(u);
          if (!host.empty()) keys->push_back(std::move(host));
        }
      }
      break;
    case Action::kHashtag:
      for (std::string_view h : e.hashtags) {
        std::string f = FoldHashtag(h);
        if (!f.empty()) keys->push_back(std::move(f));
      }
      break;
    case Action::kMedia:
      for (std::string_view m : e.media) keys->emplace_back(m);
      break;
    case Action::kText:
      (options_.text != nullptr ? options_.text : &default_text_)->Keys(e, keys);
      break;
    case Action::kCoactivity:
      keys->push_back(StrCat(FloorDiv(e.time, options_.bin_seconds * 1000)));
      break;
    case Action::kHashtagSequence:
      if (e.hashtags.size() >= 2) {
        std::string seq;
        for (std::string_view h : e.hashtags) {
          if (!seq.empty()) seq += ' ';
          seq += FoldHashtag(h);
        }
        keys->push_back(std::move(seq));
      }
      break;
    default:  // the actions keyed by target post, above
      break;
  }
  // One object once per event (a post listing a URL twice shares it once).
  if (keys->size() > 1) {
    std::sort(keys->begin(), keys->end());
    keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  }
}

}  // namespace sakimori::coord
